using System.Diagnostics;
using Simul.Contracts.V1;
using Simul.Orchestrator.Local;
using Simul.Orchestrator.Scenario;
using Simul.OtlpReceiver;

namespace Simul.Telemetry.Tests;

/// <summary>The services export to a port where nothing listens (connection refused).</summary>
public sealed class RefusingCollector : TracedServices
{
    protected override IReadOnlyList<LocalModel> Models { get; } = [LocalModel.Named("process"), LocalModel.Named("async")];

    protected override string Endpoint(TraceReceiver receiver) => $"http://127.0.0.1:{FreePorts.Next()}";
}

/// <summary>The services export to a collector that accepts and never answers.</summary>
public sealed class HangingCollector : TracedServices
{
    protected override IReadOnlyList<LocalModel> Models { get; } = [LocalModel.Named("process"), LocalModel.Named("async")];

    protected override string Endpoint(TraceReceiver receiver)
    {
        receiver.Hang = true;
        return receiver.Address.ToString();
    }
}

/// <summary>A collector in trouble costs dropped spans, never failed or slower requests.</summary>
public abstract class CollectorTroubleTests(TracedServices services)
{
    // One candidate and a 50 ms wait: about 50 ms of work whatever the collector does.
    private static readonly PlannedRequest Request = new(new WorkItem { Prime = new PrimeRequest { Below = 3, WaitMs = 50 } }, 2);

    [Theory]
    [InlineData("process")]
    [InlineData("async")]
    public async Task Requests_succeed_at_their_normal_latency(string model)
    {
        var latencies = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await services.SendAsync(model, Request);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        // A request that waited for the exporter would take its timeout (seconds), not ~50 ms.
        var median = latencies.Order().ElementAt(latencies.Count / 2);
        Assert.True(median < 500, $"median {median:F0} ms: {string.Join(", ", latencies.Select(l => l.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))}");
    }
}

public class WithARefusingCollector(RefusingCollector services) : CollectorTroubleTests(services), IClassFixture<RefusingCollector>;

public class WithAHangingCollector(HangingCollector services) : CollectorTroubleTests(services), IClassFixture<HangingCollector>;
