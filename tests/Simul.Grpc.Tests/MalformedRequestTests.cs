using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Google.Protobuf;
using Grpc.Testing;
using Simul.Grpc.Client;
using Simul.Grpc.Tests.Peers;

namespace Simul.Grpc.Tests;

/// <summary>Bad input gets the right status, and the server goes on serving afterwards.</summary>
public sealed class MalformedRequestTests(InteropServerFixture fixture) : IClassFixture<InteropServerFixture>, IAsyncLifetime
{
    private const string EmptyCallPath = "/grpc.testing.TestService/EmptyCall";
    private const string Internal = "13";

    private Uri Server => fixture.Server.Address;

    public Task InitializeAsync() => Task.CompletedTask;

    // After every bad request, an ordinary call still works.
    public async Task DisposeAsync()
    {
        using var channel = new GrpcChannel(Server);
        Assert.Equal(new Empty(), await channel.UnaryAsync(InteropMethods.EmptyCall, new Empty()));
    }

    [Fact]
    public async Task A_bad_flag_byte_is_internal()
    {
        var response = await RawHttp2.PostAsync(Server, EmptyCallPath, RawHttp2.Frame(2, 0, []));
        AssertGrpcError(response, Internal, "compressed flag");
    }

    [Fact]
    public async Task A_truncated_frame_is_internal()
    {
        var response = await RawHttp2.PostAsync(Server, EmptyCallPath, RawHttp2.Frame(0, 10, [1, 2, 3]));
        AssertGrpcError(response, Internal, "Incomplete");
    }

    [Fact]
    public async Task A_truncated_prefix_is_internal()
    {
        var response = await RawHttp2.PostAsync(Server, EmptyCallPath, [0, 0, 0]);
        AssertGrpcError(response, Internal, "Incomplete");
    }

    [Fact]
    public async Task An_empty_body_is_internal()
    {
        var response = await RawHttp2.PostAsync(Server, EmptyCallPath, []);
        AssertGrpcError(response, Internal, "No request message");
    }

    [Fact]
    public async Task Two_messages_on_a_unary_call_are_internal()
    {
        var response = await RawHttp2.PostAsync(Server, EmptyCallPath, [.. RawHttp2.Frame([]), .. RawHttp2.Frame([])]);
        AssertGrpcError(response, Internal, "exactly one");
    }

    [Fact]
    public async Task Bytes_that_are_not_protobuf_are_internal()
    {
        var response = await RawHttp2.PostAsync(Server, EmptyCallPath, RawHttp2.Frame([0xFF, 0xFF, 0xFF]));
        AssertGrpcError(response, Internal, "deserialize");
    }

    [Fact]
    public async Task A_length_over_the_limit_is_refused_before_the_body_arrives()
    {
        var response = await RawHttp2.PostAsync(Server, EmptyCallPath, RawHttp2.Frame(0, 4 * 1024 * 1024 + 1, []));
        AssertGrpcError(response, "8", "maximum");
    }

    [Fact]
    public async Task A_wrong_content_type_is_415()
    {
        var response = await RawHttp2.PostAsync(Server, EmptyCallPath, RawHttp2.Frame([]), "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.Status);
    }

    [Fact]
    public async Task A_get_is_405()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Server, EmptyCallPath))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await RawHttp2.SendAsync(request)).Status);
    }

    [Fact]
    public async Task An_unknown_encoding_is_unimplemented_and_names_the_supported_ones()
    {
        var response = await RawHttp2.PostAsync(Server, EmptyCallPath, RawHttp2.Frame([]), headers: ("grpc-encoding", "snappy"));
        AssertGrpcError(response, "12", "snappy");
        Assert.Equal("identity,gzip", response.Headers["grpc-accept-encoding"]);
    }

    [Fact]
    public async Task A_compressed_frame_under_identity_encoding_is_internal()
    {
        var response = await RawHttp2.PostAsync(Server, EmptyCallPath, RawHttp2.Frame(1, 0, []));
        AssertGrpcError(response, Internal, "identity");
    }

    [Fact]
    public async Task A_gzip_message_is_accepted()
    {
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionMode.Compress, leaveOpen: true))
        {
            gzip.Write(new SimpleRequest { ResponseSize = 3 }.ToByteArray());
        }

        var body = compressed.ToArray();
        var response = await RawHttp2.PostAsync(Server, "/grpc.testing.TestService/UnaryCall",
            RawHttp2.Frame(1, (uint)body.Length, body), headers: ("grpc-encoding", "gzip"));

        Assert.Equal("0", response.GrpcStatus);
        Assert.Equal(3, SimpleResponse.Parser.ParseFrom(response.Body.AsSpan(5)).Payload.Body.Length);
    }

    [Theory]
    [InlineData("1.5S")]
    [InlineData("10")]
    [InlineData("123456789m")]
    public async Task A_malformed_timeout_is_an_error_status(string timeout)
    {
        var response = await RawHttp2.PostAsync(Server, EmptyCallPath, RawHttp2.Frame([]), headers: ("grpc-timeout", timeout));
        AssertGrpcError(response, Internal, "grpc-timeout");
    }

    [Fact]
    public async Task Http1_on_the_h2c_port_gets_no_grpc_answer()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, fixture.Server.Port);
        var stream = tcp.GetStream();
        var request = $"POST {EmptyCallPath} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/grpc\r\nContent-Length: 5\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request).Concat(new byte[5]).ToArray());

        var answer = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await stream.CopyToAsync(answer, timeout.Token);
        Assert.DoesNotContain("grpc-status: 0", Encoding.ASCII.GetString(answer.ToArray()), StringComparison.Ordinal);
    }

    private static void AssertGrpcError(RawResponse response, string status, string messagePart)
    {
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(status, response.GrpcStatus);
        Assert.Contains(messagePart, Simul.Grpc.Protocol.StatusMessageEncoding.Decode(response.GrpcMessage ?? ""), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(response.Body);
    }
}
