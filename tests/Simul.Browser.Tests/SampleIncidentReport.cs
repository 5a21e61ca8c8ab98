using Simul.Contracts.Faults;
using Simul.Orchestrator.Report;
using Simul.Orchestrator.Scenario;
using Simul.Orchestrator.Stats;

namespace Simul.Browser.Tests;

/// <summary>An open load through an upstream slowdown, over time, on two models: a pool that
/// queues and sheds, and async that holds everything in flight.</summary>
internal static class SampleIncidentReport
{
    public static readonly FaultStage Slowdown = new(5, 10, new FaultProfile(DelayFactor: 40));

    public static RunReport Build()
    {
        var batch = SampleBatchReport.Build();
        var models = batch.Scenarios[0].Runs[0].Models;
        var scenario = new ScenarioResult("upstream-slowdown", "a slow dependency", "open: 25 requests/s for 25 s", null,
            [new LevelRun(null, [Over(models[0] with { Model = "threadpool", Label = "threadpool" }, pool: true), Over(models[1] with { Model = "async", Label = "async" }, pool: false)])], null)
        {
            Faults = [Slowdown],
        };
        return batch with { Scenarios = [scenario] };
    }

    private static ModelResult Over(ModelResult model, bool pool)
    {
        var bins = Enumerable.Range(0, 25).Select(second =>
        {
            var inFault = second >= Slowdown.AtS && second < Slowdown.EndS;
            var failed = pool && inFault && second > 8 ? new Dictionary<string, int> { ["DEADLINE_EXCEEDED"] = 9 } : [];
            return new TimelineBin(second, inFault && pool ? 16 : 25, failed, 55, inFault ? (pool ? 4_800 : 2_010) : 60, inFault ? 5_000 : 80,
                inFault ? (pool ? 120 : 50) : 2, inFault && pool ? 88 : 0, pool ? 40 : 9, 0, 60L << 20);
        }).ToList();
        return model with { Batch = null, Timeline = new RunTimeline(1, bins) };
    }
}
