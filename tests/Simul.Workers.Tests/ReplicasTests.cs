using Simul.Orchestrator.Local;
using Simul.Orchestrator.Scenario;
using Simul.Tests.Shared;

namespace Simul.Workers.Tests;

/// <summary>
/// Replicas on one machine: one event loop is one core, so computing requests spread over two
/// replicas of it (round_robin, as over a headless Service's pods) are no longer bound by one
/// loop but by the machine's two cores, and the report says which run had how many replicas.
/// Each request is 10 million trial divisions (below 10,000,000: 9,999,991 is the first prime),
/// about 45 ms of one core in the Debug build the tests run. How much faster two loops are is not
/// a constant: the two cores also carry gRPC on both ends and the load generator, and a request's
/// CPU time grows when both cores compute (44 ms alone, 54-65 ms beside another loop, seen here).
/// So the test holds the model to its own prediction: one replica bound by its loop, two by
/// their two loops or the cores (from the CPU they measured), each within 15%, and two faster
/// than one. The warm-up
/// goes on until the fresh workers have stopped compiling, which would take a core from the loops.
/// </summary>
public class ReplicasTests
{
    [Fact]
    public async Task Two_event_loops_serve_computing_requests_faster_than_one()
    {
        var scenario = ScenarioLoader.Parse("""
            { "name": "loops", "requests": [ { "prime": { "below": 10000000, "wait_ms": 0 }, "expect": 9999991 } ],
              "load": { "kind": "closed", "concurrency": 6, "duration_s": 6, "warmup_s": 1 },
              "sweep": { "replicas": [1, 2] } }
            """, "loops");
        var (exitCode, report) = await LocalComparison.RunAsync(nameof(ReplicasTests), [scenario], [LocalModel.Named("async-loop").With("YieldEvery", "0")]);

        Assert.Equal(0, exitCode);
        Assert.Equal(Orchestrator.Scenario.Swept.Replicas, report.Scenarios[0].SweepOf);
        var one = report.Scenarios[0].Runs.Single(r => r.Level == 1).Models.Single();
        var two = report.Scenarios[0].Runs.Single(r => r.Level == 2).Models.Single();
        Assert.False(one.Settings.ContainsKey("replicas"));
        Assert.Equal("2", two.Settings["replicas"]);
        Assert.EndsWith(" x2", two.Label, StringComparison.Ordinal);
        Assert.Contains("2 replicas", two.Target, StringComparison.Ordinal);
        Assert.Equal("the event loop", one.Prediction!.Limit);
        foreach (var run in new[] { one, two })
        {
            Assert.InRange(run.Prediction!.Measured / run.Prediction.Predicted, 0.85, 1.15);
        }

        Assert.True(two.ThroughputPerSecond >= 1.1 * one.ThroughputPerSecond, $"one loop {one.Prediction.Explanation}; two: {two.Prediction!.Explanation}");
    }
}
