using Grpc.Testing;
using Simul.Grpc.Client;
using Simul.Testing;

namespace Simul.Grpc.Tests.Peers;

/// <summary>The interop methods, as our client calls them.</summary>
public static class InteropMethods
{
    public static readonly GrpcMethod<Empty, Empty> EmptyCall = new("grpc.testing.TestService", "EmptyCall", Empty.Parser);
    public static readonly GrpcMethod<SimpleRequest, SimpleResponse> UnaryCall = new("grpc.testing.TestService", "UnaryCall", SimpleResponse.Parser);
    public static readonly GrpcMethod<Empty, Empty> UnimplementedCall = new("grpc.testing.TestService", "UnimplementedCall", Empty.Parser);
    public static readonly GrpcMethod<Empty, Empty> UnimplementedService = new("grpc.testing.UnimplementedService", "UnimplementedCall", Empty.Parser);
    public static readonly GrpcMethod<SleepRequest, SleepReply> Sleep = new("simul.testing.Sleeper", "Sleep", SleepReply.Parser);
    public static readonly GrpcMethod<StatsRequest, SleepStats> Stats = new("simul.testing.Sleeper", "Stats", SleepStats.Parser);

    public const string SpecialMessage = "\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n";

    /// <summary>Waits until the server has counted more cancelled sleeps than <paramref name="before"/>.</summary>
    public static async Task AssertServerSawCancellationAsync(GrpcChannel channel, long before)
    {
        for (var i = 0; i < 50; i++)
        {
            if ((await channel.UnaryAsync(Stats, new StatsRequest())).Cancelled > before)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("The server handler never saw the cancellation.");
    }
}
