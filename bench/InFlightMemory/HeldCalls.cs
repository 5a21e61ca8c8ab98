using Grpc.Core;
using Grpc.Net.Client;
using Simul.Contracts.V1;

namespace Simul.Bench;

/// <summary>
/// A closed loop of requests that only wait, as the scale row's (scenarios/scale-waiting.json):
/// <c>callers</c> callers, each sending Prime(below=3) with a wait and sending again as soon as
/// it is answered, so that about that many requests are in flight throughout.
/// </summary>
public static class HeldCalls
{
    private static readonly PrimeRequest Ready = new() { Below = 3 };

    /// <summary>Calls until one is answered: the server has started (at most 30 s).</summary>
    public static async Task WaitUntilServingAsync(Uri address)
    {
        using var channel = GrpcChannel.ForAddress(address);
        var client = new Worker.WorkerClient(channel);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await client.PrimeAsync(Ready, deadline: DateTime.UtcNow.AddSeconds(2));
                return;
            }
            catch (RpcException) when (attempt < 150)
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>Runs the loop for <paramref name="duration"/>; returns the calls answered.</summary>
    public static async Task<long> RunAsync(Uri address, int callers, TimeSpan wait, TimeSpan duration)
    {
        // Several HTTP/2 connections, as the orchestrator opens: a server allows 100 streams on one.
        using var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
        });
        var client = new Worker.WorkerClient(channel);
        var request = new PrimeRequest { Below = 3, WaitMs = (int)wait.TotalMilliseconds };
        var until = DateTime.UtcNow + duration;
        long answered = 0;
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async _ =>
        {
            while (DateTime.UtcNow < until)
            {
                await client.PrimeAsync(request, deadline: DateTime.UtcNow + wait + TimeSpan.FromSeconds(30));
                Interlocked.Increment(ref answered);
            }
        }));
        return answered;
    }
}
