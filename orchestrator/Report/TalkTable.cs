using System.Globalization;
using static Simul.Orchestrator.Report.ReportFormat;

namespace Simul.Orchestrator.Report;

/// <summary>One row of the talks' comparison table, a cell per family of models.</summary>
public sealed record TalkRow(string Question, string Processes, string Threads, string Async);

/// <summary>
/// The comparison table of the talks Simul grew out of (processes, threads, async: keep working
/// while one task waits; use every core; how many at once; blocking library calls allowed), each
/// cell filled from this run's measurements where the run has them, and saying so where not.
/// A family is recognized by its settings: child processes, a pool of threads, or awaits.
/// </summary>
public static class TalkTable
{
    public const string NotMeasured = "not measured in this run";

    public static IReadOnlyList<TalkRow> From(RunReport report)
    {
        var cells = report.Scenarios
            .SelectMany(s => s.Runs.SelectMany(r => r.Models.Select(m => (Scenario: s, Run: r, Model: m))))
            .Where(c => Family(c.Model) is not null)
            .ToList();
        TalkRow Row(string question, Func<string, List<(ScenarioResult Scenario, LevelRun Run, ModelResult Model)>, string> cell) =>
            new(question, cell("processes", [.. cells.Where(c => Family(c.Model) == "processes")]),
                cell("threads", [.. cells.Where(c => Family(c.Model) == "threads")]),
                cell("async", [.. cells.Where(c => Family(c.Model) == "async")]));

        return
        [
            Row("keeps working while one task waits", (_, of) => Overlap(of.Where(c => !BlocksLoop(c.Model)))),
            Row("uses every core", (_, of) => Cores(of, report.Machine.Cores)),
            Row("how many tasks at once", (_, of) => HowMany(of)),
            Row("blocking library calls allowed", (family, of) => family == "async" ? BlockingOnTheLoop(of) : BlockingAllowed(of)),
        ];
    }

    /// <summary>The best batch of waiting requests against the same requests one after another.</summary>
    private static string Overlap(IEnumerable<(ScenarioResult Scenario, LevelRun Run, ModelResult Model)> of) => BestOverlap(of) switch
    {
        null => NotMeasured,
        var (name, label, ratio) when ratio >= 1.3 => $"yes: {label} ran {name} {X(ratio)} faster than one after another",
        var (name, label, ratio) => $"no: {label} ran {name} only {X(ratio)} faster than one after another",
    };

    private static (string Scenario, string Label, double Ratio)? BestOverlap(IEnumerable<(ScenarioResult Scenario, LevelRun Run, ModelResult Model)> of) =>
        of.Where(c => c.Model.Batch is { MakespanMs: > 0 } && c.Model.WaitShare >= 0.5)
            .Select(c => ((string, string, double)?)(c.Scenario.Name, c.Model.Label, c.Model.Batch!.OneAfterAnotherMs / c.Model.Batch.MakespanMs))
            .OrderByDescending(b => b!.Value.Item3).FirstOrDefault();

    /// <summary>The most cores a family kept busy on work that computes.</summary>
    private static string Cores(IEnumerable<(ScenarioResult Scenario, LevelRun Run, ModelResult Model)> of, int cores)
    {
        var computing = of.Where(c => c.Model.WorkShare >= 0.8 && c.Model.Resources.CpuCoresBusy > 0).ToList();
        if (computing.Count == 0)
        {
            return NotMeasured;
        }

        return string.Join("; ", computing.GroupBy(c => c.Model.Label).Select(g => g.MaxBy(c => c.Model.Resources.CpuCoresBusy))
            .Select(c => $"{c.Model.Label}: {c.Model.Resources.CpuCoresBusy.ToString("0.0", CultureInfo.InvariantCulture)} of {cores} cores busy, {Number(c.Model.ThroughputPerSecond)}/s ({c.Scenario.Name})"));
    }

    /// <summary>The highest level of a sweep each model of the family sustained, and where it stopped.</summary>
    private static string HowMany(IEnumerable<(ScenarioResult Scenario, LevelRun Run, ModelResult Model)> of)
    {
        var swept = of.Where(c => c.Scenario.SweepOf == "concurrency" && c.Run.Level is not null).ToList();
        if (swept.Count == 0)
        {
            return NotMeasured;
        }

        return string.Join("; ", swept.GroupBy(c => (c.Scenario.Name, c.Model.Label)).Select(g =>
        {
            // OrderBy, not MaxBy: MaxBy of no tuples throws (a curve that stopped at its first level).
            var held = g.Where(c => c.Model.LimitReason is null && c.Model.Accounting.Ok > 0).OrderBy(c => c.Run.Level).LastOrDefault();
            var stopped = g.FirstOrDefault(c => c.Model.LimitReason is not null);
            var text = held.Model is null ? $"{g.Key.Label}: none of the levels" : $"{g.Key.Label}: {Level(held.Run.Level!.Value)} in flight";
            return text + (stopped.Model is null ? "" : $", not {Level(stopped.Run.Level!.Value)}") + $" ({g.Key.Name})";
        }));
    }

    /// <summary>Processes and threads wait by blocking, and still overlap their waits.</summary>
    private static string BlockingAllowed(IEnumerable<(ScenarioResult Scenario, LevelRun Run, ModelResult Model)> of) => BestOverlap(of) switch
    {
        null => NotMeasured,
        var (name, label, ratio) => $"yes: its waits block, and {label} still ran {name} {X(ratio)} faster than one after another",
    };

    /// <summary>The event loop with blocking waits against the event loop that awaits, on the same batch.</summary>
    private static string BlockingOnTheLoop(IEnumerable<(ScenarioResult Scenario, LevelRun Run, ModelResult Model)> of)
    {
        var pairs = of.Where(c => c.Model.Batch is { MakespanMs: > 0 }).GroupBy(c => c.Scenario.Name)
            .Select(g => (Scenario: g.Key,
                Blocking: g.FirstOrDefault(c => BlocksLoop(c.Model)).Model,
                Awaiting: g.FirstOrDefault(c => c.Model.Settings.GetValueOrDefault("event_loop") == "true" && !BlocksLoop(c.Model)).Model))
            .Where(p => p.Blocking is not null && p.Awaiting is not null)
            .Select(p => (p.Scenario, Slower: p.Blocking!.Batch!.MakespanMs / p.Awaiting!.Batch!.MakespanMs, p.Blocking, p.Awaiting))
            .OrderByDescending(p => p.Slower).ToList();
        if (pairs.Count == 0)
        {
            return NotMeasured;
        }

        var (scenario, slower, blocking, awaiting) = pairs[0];
        return $"no: blocking waits on the event loop ran {scenario} {X(slower)} slower than awaits ({Number(blocking.Batch!.MakespanMs)} vs {Number(awaiting.Batch!.MakespanMs)} ms)";
    }

    private static string? Family(ModelResult model) =>
        model.Settings.ContainsKey("child_build") ? "processes"
        : model.Settings.ContainsKey("pool_threads") ? "threads"
        : model.Settings.ContainsKey("event_loop") ? "async"
        : null;

    private static bool BlocksLoop(ModelResult model) => model.Settings.GetValueOrDefault("blocking_waits") == "true";

    private static string X(double ratio) => ratio.ToString("0.0", CultureInfo.InvariantCulture) + "x";
}
