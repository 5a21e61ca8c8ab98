using Simul.Orchestrator.Local;
using Simul.Orchestrator.Scenario;
using Simul.Tests.Shared;

namespace Simul.Workers.Tests;

/// <summary>
/// The figures agree with queueing, end to end: a closed load of 16 callers on a pool of 4
/// blocking threads, each request holding its thread 200 ms, serves 4 / 0.2 s = 20/s, bound by
/// the threads (not by the 16 / 0.2 s = 80/s the callers would allow); on async the same load
/// is bound by its callers. A fresh worker serves each level of a sweep.
/// </summary>
public class PredictionTests
{
    [Fact]
    public async Task A_closed_load_is_bound_by_threads_on_the_pool_and_by_callers_on_async_as_queueing_predicts()
    {
        var scenario = ScenarioLoader.Parse("""
            { "name": "bound", "requests": [ { "prime": { "below": 3, "wait_ms": 200 }, "expect": 2 } ],
              "load": { "kind": "closed", "concurrency": 16, "duration_s": 5, "warmup_s": 1, "ideal_latency_ms": 200 },
              "sweep": { "concurrency": [8, 16] } }
            """, "bound");
        var (_, report) = await LocalComparison.RunAsync(nameof(PredictionTests), [scenario],
            [LocalModel.Named("threadpool").With("PoolThreads", "4"), LocalModel.Named("async")]);
        var at16 = report.Scenarios[0].Runs.Single(r => r.Level == 16).Models.ToDictionary(m => m.Model);

        var pool = at16["threadpool"];
        Assert.Equal("threads", pool.Prediction!.Limit);
        Assert.InRange(pool.Prediction.Predicted, 18, 20.5);
        Assert.InRange(pool.ThroughputPerSecond, 0.9 * pool.Prediction.Predicted, 1.1 * pool.Prediction.Predicted);
        Assert.False(pool.Prediction.Flagged, pool.Prediction.Explanation);
        Assert.False(pool.LittlesLawDisagrees, $"{pool.CompletionsPerSecond} vs {pool.LittlesLawPerSecond}");

        var async = at16["async"];
        Assert.Equal("callers", async.Prediction!.Limit);
        Assert.InRange(async.ThroughputPerSecond, 0.9 * async.Prediction.Predicted, 1.1 * async.Prediction.Predicted);

        // Each level ran on a worker of its own (a new process, on a new port).
        var targets = report.Scenarios[0].Runs.Select(r => r.Models.Single(m => m.Model == "threadpool").Target).ToList();
        Assert.Equal(targets.Count, targets.Distinct().Count());
    }
}
