using System.Diagnostics;
using Simul.Orchestrator.Load;
using Simul.Orchestrator.Local;
using Simul.Orchestrator.Running;
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

        var summary = ModelSummary.Summarize(new ModelRun(target.Model, target.ToString(), result, ResourceSample.None, scenario.Load));
        Assert.Equal(result.Calls.Count, summary.Accounting.Sent + summary.Accounting.WarmUp.Sent + summary.Accounting.AfterWindow.Sent);
        Assert.Equal(summary.Accounting.Sent, summary.Accounting.Ok + summary.Accounting.Failed);
        var all = new[] { (summary.Accounting.Ok, summary.Accounting.ByStatus), (summary.Accounting.WarmUp.Ok, summary.Accounting.WarmUp.ByStatus), (summary.Accounting.AfterWindow.Ok, summary.Accounting.AfterWindow.ByStatus) };
        Assert.True(all.Sum(a => a.Item1) > 0, "requests before the kill were answered");
        Assert.True(all.Sum(a => a.Item2.GetValueOrDefault("UNAVAILABLE")) > 0, string.Join(", ", all.SelectMany(a => a.Item2)));
        Assert.True(summary.Accounting.AllFailed > 0);
    }
}
