using System.Net;
using System.Net.Sockets;
using Simul.Orchestrator.Local;

namespace Simul.Workers.Tests;

public sealed class WorkerWithHealthPort : RunningWorkers
{
    public int HealthPort { get; } = FreePort();

    protected override IReadOnlyList<LocalModel> Models =>
        [LocalModel.Named("async").With("HealthUrl", $"http://127.0.0.1:{HealthPort}")];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Probes speak HTTP/1.1, the gRPC port only HTTP/2: a worker can serve both.</summary>
public class HealthEndpointTests(WorkerWithHealthPort worker) : IClassFixture<WorkerWithHealthPort>
{
    [Fact]
    public async Task The_health_port_answers_http1_and_the_grpc_port_still_serves()
    {
        using var http = new HttpClient();
        Assert.Equal("ok", await http.GetStringAsync(new Uri($"http://127.0.0.1:{worker.HealthPort}/healthz")));
        Assert.Equal(2, (await worker["async"].PrimeAsync(Calls.Prime(3, 0), Calls.Generous)).Value);
    }
}
