using Simul.Orchestrator.Local;
using Simul.Orchestrator.Report;
using Simul.Orchestrator.Scenario;
using Simul.Orchestrator.Stats;
using Simul.Tests.Shared;
using Xunit.Abstractions;

namespace Simul.Workers.Tests;

/// <summary>
/// The incident, shortened: 20 fetches a second of a 50 ms upstream that takes 1 s (x20) from
/// 2 s to 6 s of the window. Physics bounds what each model can do during it: a pool of 4
/// threads answers at most 4 / 1 s = 4 a second and queues the rest; async answers all 20 a
/// second and holds about 20 in flight, more than the pool has threads; each recovers once the
/// fault ends, async within the slow requests' second, the pool once its queue has drained.
/// </summary>
public class IncidentTests(ITestOutputHelper output)
{
    private const int PoolThreads = 4;
    private const double SlowSeconds = 1, AtS = 2, EndS = 6, Rate = 20;

    [Fact]
    public async Task A_slow_upstream_fills_the_pool_async_holds_the_requests_and_both_recover()
    {
        var scenario = ScenarioLoader.Parse("""
            { "name": "tiny-slowdown", "requests": [ { "fetch": { "count": 1, "delay_ms": 50, "size_bytes": 10 }, "expect": 10 } ],
              "load": { "kind": "open", "rate": 20, "duration_s": 11, "warmup_s": 1 }, "timeout_ms": 10000,
              "faults": [ { "at_s": 2, "for_s": 4, "upstream": { "delay_factor": 20 } } ] }
            """, "tiny-slowdown");
        var models = new[] { LocalModel.Named("threadpool").With("PoolThreads", PoolThreads.ToString(System.Globalization.CultureInfo.InvariantCulture)), LocalModel.Named("async") };

        var (exitCode, report) = await LocalComparison.RunAsync(nameof(IncidentTests), [scenario], models);

        Assert.Equal(0, exitCode);
        var run = report.Scenarios[0].Runs[0];
        var pool = run.Models.Single(m => m.Model == "threadpool");
        var async = run.Models.Single(m => m.Model == "async");
        output.WriteLine(string.Join("\n", run.Models.SelectMany(m => ModelNotes.For(m).Select(n => $"{m.Model}: {n.Text}"))));

        // After the fault's first second every pool thread is on a 1 s call: at most 4 answers a second (25% for the bins' edges).
        var poolDuring = Bins(pool, AtS + SlowSeconds, EndS);
        var poolRate = poolDuring.Sum(b => b.Ok) / (poolDuring.Count * pool.Timeline!.BinSeconds);
        Assert.True(poolRate <= 1.25 * PoolThreads / SlowSeconds, $"the pool answered {poolRate:F1}/s during the fault, above its {PoolThreads} threads / {SlowSeconds} s");
        Assert.True(poolDuring.Max(b => b.Queued) >= PoolThreads, "the pool's queue did not grow during the fault");

        // Async answers what arrives, a second late, and holds the second's worth in flight.
        var asyncDuring = Bins(async, AtS + SlowSeconds, EndS);
        var asyncRate = asyncDuring.Sum(b => b.Ok) / (asyncDuring.Count * async.Timeline!.BinSeconds);
        Assert.True(asyncRate >= 0.8 * Rate, $"async answered {asyncRate:F1}/s during the fault, not the {Rate}/s arriving");
        Assert.True(asyncDuring.Max(b => b.InFlight) > 2 * PoolThreads, $"async held at most {asyncDuring.Max(b => b.InFlight)} in flight during the fault");

        var poolIncident = Assert.Single(pool.Incidents);
        var asyncIncident = Assert.Single(async.Incidents);
        Assert.True(asyncIncident.RecoveredAfterS is { } a && a <= SlowSeconds + 1, $"async recovered {asyncIncident.RecoveredAfterS} s after the fault");
        Assert.True(poolIncident.RecoveredAfterS is not null, "the pool did not recover within the window");
        Assert.True(poolIncident.WorstP99Ms > asyncIncident.WorstP99Ms, $"the pool's worst p99 {poolIncident.WorstP99Ms} ms is not above async's {asyncIncident.WorstP99Ms} ms: its queue added nothing");
    }

    private static List<TimelineBin> Bins(ModelResult model, double from, double to) =>
        [.. model.Timeline!.Bins.Where(b => b.FromS >= from && b.FromS + model.Timeline.BinSeconds <= to)];
}
