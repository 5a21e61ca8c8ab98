using Google.Protobuf;
using Grpc.Testing;
using Simul.Grpc.Client;
using Simul.Grpc.Protocol;
using Simul.Grpc.Tests.Peers;
using Simul.Testing;
using static Simul.Grpc.Tests.Peers.InteropMethods;

namespace Simul.Grpc.Tests;

/// <summary>Simul's client against an independent implementation's server (grpc-js).</summary>
public sealed class OurClientInteropTests(GrpcJsServerFixture fixture) : IClassFixture<GrpcJsServerFixture>
{
    private GrpcChannel Channel => fixture.Channel;

    [Fact]
    public async Task Empty_unary()
    {
        Assert.Equal(new Empty(), await Channel.UnaryAsync(EmptyCall, new Empty()));
    }

    [Fact]
    public async Task Large_unary()
    {
        var reply = await Channel.UnaryAsync(UnaryCall, new SimpleRequest
        {
            ResponseSize = 314159,
            Payload = new Payload { Body = ByteString.CopyFrom(new byte[271828]) },
        });

        Assert.Equal(314159, reply.Payload.Body.Length);
    }

    [Theory]
    [InlineData("test status message")]
    [InlineData(SpecialMessage)]
    public async Task Status_code_and_message_round_trip(string message)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Channel.UnaryAsync(UnaryCall,
            new SimpleRequest { ResponseStatus = new EchoStatus { Code = 2, Message = message } }));

        Assert.Equal(StatusCode.Unknown, error.StatusCode);
        Assert.Equal(message, error.Detail);
    }

    [Fact]
    public async Task Unimplemented_method_and_service()
    {
        Assert.Equal(StatusCode.Unimplemented,
            (await Assert.ThrowsAsync<RpcException>(() => Channel.UnaryAsync(UnimplementedCall, new Empty()))).StatusCode);
        Assert.Equal(StatusCode.Unimplemented,
            (await Assert.ThrowsAsync<RpcException>(() => Channel.UnaryAsync(UnimplementedService, new Empty()))).StatusCode);
    }

    [Fact]
    public async Task A_deadline_expires_on_a_sleeping_server_and_the_server_sees_it()
    {
        var before = (await Channel.UnaryAsync(Stats, new StatsRequest())).Cancelled;

        var error = await Assert.ThrowsAsync<RpcException>(() => Channel.UnaryAsync(Sleep, new SleepRequest { Ms = 10_000 },
            new CallOptions(Timeout: TimeSpan.FromMilliseconds(200))));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        await AssertServerSawCancellationAsync(Channel, before);
    }

    [Fact]
    public async Task Cancelling_a_call_reaches_the_server_handler()
    {
        var before = (await Channel.UnaryAsync(Stats, new StatsRequest())).Cancelled;
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var error = await Assert.ThrowsAsync<RpcException>(() => Channel.UnaryAsync(Sleep, new SleepRequest { Ms = 10_000 },
            new CallOptions(CancellationToken: cancel.Token)));

        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        await AssertServerSawCancellationAsync(Channel, before);
    }

    [Fact]
    public async Task A_reply_over_the_size_limit_is_refused()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Channel.UnaryAsync(UnaryCall,
            new SimpleRequest { ResponseSize = 4 * 1024 * 1024 + 1 }));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }
}
