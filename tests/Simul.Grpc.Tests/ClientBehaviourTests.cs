using System.Net;
using Grpc.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Simul.Grpc.Client;
using Simul.Grpc.Protocol;
using Simul.Grpc.Tests.Peers;
using static Simul.Grpc.Tests.Peers.InteropMethods;

namespace Simul.Grpc.Tests;

/// <summary>How the client reads responses that a broken or non-gRPC peer might send.</summary>
public class ClientBehaviourTests
{
    [Fact]
    public async Task A_reply_without_grpc_status_is_never_ok()
    {
        var error = await CallRawServerAsync(async context =>
        {
            context.Response.ContentType = "application/grpc";
            await context.Response.Body.WriteAsync(RawHttp2.Frame([]));
        });

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Contains("grpc-status", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trailers_only_ok_without_a_message_is_an_error()
    {
        var error = await CallRawServerAsync(context =>
        {
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = "0";
            return Task.CompletedTask;
        });

        Assert.Equal(StatusCode.Internal, error.StatusCode);
    }

    [Theory]
    [InlineData(400, StatusCode.Internal)]
    [InlineData(401, StatusCode.Unauthenticated)]
    [InlineData(403, StatusCode.PermissionDenied)]
    [InlineData(404, StatusCode.Unimplemented)]
    [InlineData(429, StatusCode.Unavailable)]
    [InlineData(502, StatusCode.Unavailable)]
    [InlineData(503, StatusCode.Unavailable)]
    [InlineData(504, StatusCode.Unavailable)]
    [InlineData(500, StatusCode.Unknown)]
    public async Task Http_errors_map_per_the_spec_table(int httpStatus, StatusCode expected)
    {
        var error = await CallRawServerAsync(context =>
        {
            context.Response.StatusCode = httpStatus;
            return Task.CompletedTask;
        });

        Assert.Equal(expected, error.StatusCode);
    }

    [Fact]
    public async Task A_reply_that_is_not_grpc_content_is_an_error()
    {
        var error = await CallRawServerAsync(context => context.Response.WriteAsync("<html>hello</html>"));

        Assert.Equal(StatusCode.Unknown, error.StatusCode);
    }

    [Fact]
    public async Task The_timeout_travels_as_grpc_timeout()
    {
        string? seen = null;
        await CallRawServerAsync(context =>
        {
            seen = context.Request.Headers["grpc-timeout"];
            context.Response.StatusCode = 503;
            return Task.CompletedTask;
        }, new CallOptions(Timeout: TimeSpan.FromSeconds(5)));

        Assert.True(GrpcTimeout.TryParse(seen, out var timeout), seen);
        Assert.InRange(timeout, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5.01));
    }

    [Fact]
    public async Task A_refused_connection_is_unavailable()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var channel = new GrpcChannel(new Uri($"http://127.0.0.1:{port}"));

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(EmptyCall, new Empty()));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    [Fact]
    public async Task An_expired_timeout_fails_without_sending()
    {
        using var channel = new GrpcChannel(new Uri("http://127.0.0.1:9"));

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryAsync(EmptyCall, new Empty(), new CallOptions(Timeout: TimeSpan.Zero)));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    [Fact]
    public async Task Metadata_set_on_the_channel_is_sent_with_every_call()
    {
        string? appId = null;
        await CallRawServerAsync(context =>
        {
            appId = context.Request.Headers["dapr-app-id"];
            context.Response.StatusCode = 503;
            return Task.CompletedTask;
        }, metadata: [new("dapr-app-id", "worker-async")]);

        Assert.Equal("worker-async", appId);
    }

    private static async Task<RpcException> CallRawServerAsync(RequestDelegate respond, CallOptions options = default,
        IReadOnlyList<KeyValuePair<string, string>>? metadata = null)
    {
        var app = TestApps.Create();
        app.MapPost("/grpc.testing.TestService/EmptyCall", respond);
        await using var server = await LoopbackServer.StartAsync(app);
        using var channel = new GrpcChannel(server.Address, new GrpcChannelOptions { Metadata = metadata ?? [] });
        return await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(EmptyCall, new Empty(), options));
    }
}
