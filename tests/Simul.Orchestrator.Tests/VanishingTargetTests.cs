using System.Diagnostics;
using Simul.Orchestrator.Load;
using Simul.Orchestrator.Local;
using Simul.Orchestrator.Scenario;
using Simul.Orchestrator.Stats;

namespace Simul.Orchestrator.Tests;

/// <summary>A worker killed in the middle of a run: the load goes on, and every request sent
/// still ends in exactly one bucket, ok or the status it failed with.</summary>
public class VanishingTargetTests
{
    [Fact]
    public async Task Every_request_is_accounted_for_when_the_worker_dies_mid_run()
    {
        await using var services = await LocalServices.StartAsync([LocalModel.Named("async")], Path.Combine(Path.GetTempPath(), "simul-tests", nameof(VanishingTargetTests)), CancellationToken.None);
        var target = services.Targets[0];
        using var connection = target.Connect();
        var scenario = ScenarioLoader.Parse("""
            { "name": "v", "requests": [ { "prime": { "below": 3, "wait_ms": 50 }, "expect": 2 } ],
              "load": { "kind": "closed", "concurrency": 8, "duration_s": 2 }, "timeout_ms": 5000 }
            """, "v");
        var sender = new CallSender(connection, target.Model, scenario.Timeout, default);
        var worker = services.ProcessOf(target);

        var run = ClosedLoad.RunAsync(scenario.Requests, scenario.Load, sender.SendAsync, SystemClock.Instance, CancellationToken.None);
        await Task.Delay(700);
        Process.GetProcessById(worker.Pid).Kill();
        var result = await run;

        var summary = ModelSummary.Summarize(target.Model, target.ToString(), result, new ResourceSample(0, 0, 0, 0, 0, 0), null);
        Assert.Equal(result.Calls.Count, summary.Accounting.Sent);
        Assert.Equal(summary.Accounting.Sent, summary.Accounting.Ok + summary.Accounting.Failed);
        Assert.True(summary.Accounting.Ok > 0, "requests before the kill were answered");
        Assert.True(summary.Accounting.ByStatus.GetValueOrDefault("UNAVAILABLE") > 0, string.Join(", ", summary.Accounting.ByStatus));
    }
}
