using Google.Protobuf;
using Grpc.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Simul.Grpc.Client;
using Simul.Grpc.Protocol;
using Simul.Grpc.Server;
using Simul.Grpc.Tests.Peers;
using static Simul.Grpc.Tests.Peers.InteropMethods;

namespace Simul.Grpc.Tests;

public class ServerBehaviourTests
{
    [Fact]
    public async Task A_handler_that_ignores_its_token_still_ends_at_the_deadline_and_its_token_fires()
    {
        var tokenFired = new TaskCompletionSource();
        var app = TestApps.Create();
        app.MapGrpcService("grpc.testing.TestService").MapUnary("EmptyCall", Empty.Parser, (_, context) =>
        {
            context.CancellationToken.Register(() => tokenFired.TrySetResult());
            return new TaskCompletionSource<Empty>().Task; // never completes
        });
        await using var server = await LoopbackServer.StartAsync(app);
        using var channel = new GrpcChannel(server.Address);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryAsync(EmptyCall, new Empty(), new CallOptions(Timeout: TimeSpan.FromMilliseconds(300))));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        await tokenFired.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_server_side_deadline_is_reported_even_when_the_client_waits_longer()
    {
        // A client that sends grpc-timeout but does not enforce it sees the server's DEADLINE_EXCEEDED.
        await using var server = await LoopbackServer.StartAsync(Simul.InteropServer.InteropApp.Build(0));
        var response = await RawHttp2.PostAsync(server.Address, "/simul.testing.Sleeper/Sleep",
            RawHttp2.Frame(new Simul.Testing.SleepRequest { Ms = 10_000 }.ToByteArray()), headers: ("grpc-timeout", "200m"));

        Assert.Equal("4", response.GrpcStatus);
    }

    [Fact]
    public async Task A_handler_exception_is_unknown_and_does_not_leak_its_details()
    {
        var app = TestApps.Create();
        app.MapGrpcService("grpc.testing.TestService").MapUnary<Empty, Empty>("EmptyCall", Empty.Parser,
            (_, _) => throw new InvalidOperationException("secret connection string"));
        await using var server = await LoopbackServer.StartAsync(app);
        using var channel = new GrpcChannel(server.Address);

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(EmptyCall, new Empty()));

        Assert.Equal(StatusCode.Unknown, error.StatusCode);
        Assert.DoesNotContain("secret", error.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_http1_request_on_an_endpoint_that_allows_it_gets_426()
    {
        var app = TestApps.Create(HttpProtocols.Http1);
        app.MapGrpcService("grpc.testing.TestService").MapUnary("EmptyCall", Empty.Parser, (_, _) => Task.FromResult(new Empty()));
        await using var server = await LoopbackServer.StartAsync(app);
        using var http = new HttpClient();

        using var response = await http.PostAsync(new Uri(server.Address, "/grpc.testing.TestService/EmptyCall"),
            new ByteArrayContent(new byte[5]) { Headers = { { "Content-Type", "application/grpc" } } });

        Assert.Equal(System.Net.HttpStatusCode.UpgradeRequired, response.StatusCode);
        Assert.Equal("13", response.Headers.GetValues("grpc-status").Single());
    }

    [Fact]
    public async Task More_calls_than_one_connection_allows_run_at_the_same_time()
    {
        // Kestrel allows 100 streams per HTTP/2 connection. 250 calls that each wait until all 250
        // are inside the handler can only finish if the client opened more connections.
        const int calls = 250;
        var inside = 0;
        var allInside = new TaskCompletionSource();
        var app = TestApps.Create();
        app.MapGrpcService("grpc.testing.TestService").MapUnary("EmptyCall", Empty.Parser, async (_, context) =>
        {
            if (Interlocked.Increment(ref inside) == calls)
            {
                allInside.SetResult();
            }

            await allInside.Task.WaitAsync(context.CancellationToken);
            return new Empty();
        });
        await using var server = await LoopbackServer.StartAsync(app);
        using var channel = new GrpcChannel(server.Address);

        var replies = await Task.WhenAll(Enumerable.Range(0, calls).Select(_ =>
            channel.UnaryAsync(EmptyCall, new Empty(), new CallOptions(Timeout: TimeSpan.FromSeconds(30)))));

        Assert.Equal(calls, replies.Length);
    }
}
