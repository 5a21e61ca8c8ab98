using System.Globalization;
using static Simul.Orchestrator.Report.ReportFormat;

namespace Simul.Orchestrator.Report;

/// <summary>One row of the talks' comparison table: a question, a cell per column.</summary>
public sealed record TalkRow(string Question, IReadOnlyList<string> Cells);

/// <summary>
/// The comparison table of the talks Simul grew out of (processes, threads, async: keep working
/// while one task waits; use every core; how many at once; blocking library calls allowed), with
/// a column per family and, when the run has several, per runtime ("threads (cpython)"); each
/// cell filled from this run's measurements where it has them, and saying so where not. A
/// model's family and runtime come from its capabilities; a model of a family the table does not
/// know is left out, and <see cref="Problems"/> says which and why.
/// </summary>
public sealed record TalkTable(IReadOnlyList<string> Columns, IReadOnlyList<TalkRow> Rows, IReadOnlyList<string> Problems)
{
    public const string NotMeasured = "not measured in this run";

    /// <summary>Two CPU-bound requests at once take 1x one alone on two cores of their own and 2x
    /// where one thread computes at a time: the verdict is on which side of halfway a run falls
    /// (what a model adds per request, such as a process start, keeps it off 1x).</summary>
    private const double EveryCoreBelow = 1.5;

    /// <summary>The cell of the row whose question starts with <paramref name="question"/>, in <paramref name="column"/>.</summary>
    public string Cell(string question, string column) =>
        Rows.Single(r => r.Question.StartsWith(question, StringComparison.Ordinal)).Cells[Columns.ToList().IndexOf(column)];

    public static TalkTable From(RunReport report)
    {
        var cells = report.Scenarios
            .SelectMany(s => s.Runs.SelectMany(r => r.Models.Select(m => new Entry(s, r, m))))
            .ToList();
        var problems = cells.Where(c => !c.Capabilities.FamilyKnown).Select(c => c.Model.Label).Distinct()
            .Select(label => $"{label} is left out of the talks' table: its family is {cells.First(c => c.Model.Label == label).Capabilities.Family}")
            .ToList();
        var known = cells.Where(c => c.Capabilities.FamilyKnown).ToList();
        var runtimes = known.Select(c => c.Capabilities.Runtime).Distinct().ToList();
        var columns = ModelCapabilities.KnownFamilies
            .SelectMany(family => runtimes.Count <= 1 ? [(family, runtimes.FirstOrDefault())] : runtimes.Select(runtime => (family, (string?)runtime)))
            .Select(c => (c.family, c.Item2, Cells: known.Where(k => k.Capabilities.Family == c.family && (c.Item2 is null || k.Capabilities.Runtime == c.Item2)).ToList()))
            .Where(c => runtimes.Count <= 1 || c.Cells.Count > 0)
            .ToList();

        TalkRow Row(string question, Func<string, List<Entry>, string> cell) =>
            new(question, [.. columns.Select(c => cell(c.family, c.Cells))]);

        return new TalkTable(
            [.. columns.Select(c => runtimes.Count <= 1 ? c.family : $"{c.family} ({c.Item2})")],
            [
                Row("keeps working while one task waits", (_, of) => Overlap(of.Where(c => !c.Capabilities.WaitsBlockLoop))),
                Row("uses every core", (_, of) => Cores(of, report.Machine.Cores)),
                Row("how many tasks at once", (_, of) => HowMany(of)),
                Row("blocking library calls allowed", (family, of) => family == ModelCapabilities.Async ? BlockingOnTheLoop(of) : BlockingAllowed(of)),
            ],
            problems);
    }

    /// <summary>The best batch of waiting requests against the same requests one after another.</summary>
    private static string Overlap(IEnumerable<Entry> of) => BestOverlap(of) switch
    {
        null => NotMeasured,
        var (name, label, ratio) when ratio >= 1.3 => $"yes: {label} ran {name} {X(ratio)} faster than one after another",
        var (name, label, ratio) => $"no: {label} ran {name} only {X(ratio)} faster than one after another",
    };

    private static (string Scenario, string Label, double Ratio)? BestOverlap(IEnumerable<Entry> of) =>
        of.Where(c => c.Model.Batch is { MakespanMs: > 0 } && c.Model.WaitShare >= 0.5)
            .Select(c => ((string, string, double)?)(c.Scenario.Name, c.Model.Label, c.Model.Batch!.OneAfterAnotherMs / c.Model.Batch.MakespanMs))
            .OrderByDescending(b => b!.Value.Item3).FirstOrDefault();

    /// <summary>
    /// CPU-bound requests sent together against one alone (a batch of requests that never wait: its
    /// one-after-another baseline over the requests is one alone): on cores of their own they
    /// take about as long as one; where one thread computes at a time (a loop, an interpreter
    /// lock) as long as all of them. Without such a batch, the most cores a computing load kept busy.
    /// </summary>
    private static string Cores(List<Entry> of, int cores)
    {
        var pairs = of.Where(c => c.Model.Batch is { MakespanMs: > 0, Requests.Count: >= 2 } batch && batch.Requests.All(r => r.Phases.Wait == 0)).ToList();
        if (pairs.Count > 0)
        {
            return string.Join("; ", pairs.GroupBy(c => c.Model.Label).Select(g => g.First()).Select(c =>
            {
                var batch = c.Model.Batch!;
                var oneAlone = batch.OneAfterAnotherMs / batch.Requests.Count;
                var ratio = batch.MakespanMs / oneAlone;
                var verdict = ratio < EveryCoreBelow ? "yes"
                    : c.Capabilities.ComputeLimit == ModelCapabilities.Cores ? "no"
                    : $"no ({Why(c.Capabilities)})";
                return $"{verdict}: {c.Model.Label}: {batch.Requests.Count} CPU-bound requests at once took {X(ratio)} one alone ({Number(batch.MakespanMs)} vs {Number(oneAlone)} ms)";
            }));
        }

        var computing = of.Where(c => c.Model.WorkShare >= 0.8 && c.Model.Resources.CpuCoresBusy > 0).ToList();
        if (computing.Count == 0)
        {
            return NotMeasured;
        }

        return string.Join("; ", computing.GroupBy(c => c.Model.Label).Select(g => g.MaxBy(c => c.Model.Resources.CpuCoresBusy)!)
            .Select(c => $"{c.Model.Label}: {c.Model.Resources.CpuCoresBusy.ToString("0.0", CultureInfo.InvariantCulture)} of {cores} cores busy, {Number(c.Model.ThroughputPerSecond)}/s ({c.Scenario.Name})"));
    }

    private static string Why(ModelCapabilities capabilities) => capabilities.ComputeLimit switch
    {
        "the interpreter lock" => "the GIL",
        "the event loop" => "one loop",
        var other => other,
    };

    /// <summary>How many requests each model ran at once when given many that wait (a hold
    /// probe: the most it had in flight and not queued), else the highest level of a sweep it sustained.</summary>
    private static string HowMany(List<Entry> of)
    {
        var held = of.Where(c => c.Scenario.Load.StartsWith("hold", StringComparison.Ordinal) && c.Model.Resources.RunningAtOnce > 0).ToList();
        if (held.Count > 0)
        {
            return string.Join("; ", held.GroupBy(c => c.Model.Label).Select(g => g.First()).Select(c =>
                $"{c.Model.Label}: {Count(c.Model.Resources.RunningAtOnce)} at once of {Count(c.Model.Accounting.Sent + c.Model.Accounting.Cut)} given" +
                (c.Model.Resources.RunningAtOnce < c.Model.Accounting.Sent + c.Model.Accounting.Cut ? $" ({BoundBy(c.Capabilities)}; the rest queued)" : "")));
        }

        var swept = of.Where(c => c.Scenario.SweepOf == Scenario.Swept.Concurrency && c.Run.Level is not null).ToList();
        if (swept.Count == 0)
        {
            return NotMeasured;
        }

        return string.Join("; ", swept.GroupBy(c => (c.Scenario.Name, c.Model.Label)).Select(g =>
        {
            // OrderBy, not MaxBy: MaxBy of no elements throws (a curve that stopped at its first level).
            var sustained = g.Where(c => c.Model.LimitReason is null && c.Model.Accounting.Ok > 0).OrderBy(c => c.Run.Level).LastOrDefault();
            var stopped = g.FirstOrDefault(c => c.Model.LimitReason is not null);
            var text = sustained is null ? $"{g.Key.Label}: none of the levels" : $"{g.Key.Label}: {Level(sustained.Run.Level!.Value)} in flight";
            return text + (stopped is null ? "" : $", not {Level(stopped.Run.Level!.Value)}") + $" ({g.Key.Name})";
        }));
    }

    private static string BoundBy(ModelCapabilities capabilities) => capabilities switch
    {
        { Holds: "threads" or "child slots", HoldsCount: > 0 } => $"its {Count(capabilities.HoldsCount)} {capabilities.Holds}",
        { Holds: "the event loop" } => "its one loop, held through every wait",
        _ => $"up to {Count(capabilities.MaxInFlight)} are admitted",
    };

    /// <summary>Processes and threads wait by blocking, and still overlap their waits.</summary>
    private static string BlockingAllowed(IEnumerable<Entry> of) => BestOverlap(of) switch
    {
        null => NotMeasured,
        var (name, label, ratio) => $"yes: its waits block, and {label} still ran {name} {X(ratio)} faster than one after another",
    };

    /// <summary>The event loop with blocking waits against the event loop that awaits, on the same batch and runtime.</summary>
    private static string BlockingOnTheLoop(IEnumerable<Entry> of)
    {
        var pairs = of.Where(c => c.Model.Batch is { MakespanMs: > 0 }).GroupBy(c => (c.Scenario.Name, c.Capabilities.Runtime))
            .Select(g => (Scenario: g.Key.Name,
                Blocking: g.FirstOrDefault(c => c.Capabilities.WaitsBlockLoop)?.Model,
                Awaiting: g.FirstOrDefault(c => c.Capabilities.ComputeLimit == "the event loop" && !c.Capabilities.WaitsBlockLoop)?.Model))
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

    private static string X(double ratio) => ratio.ToString("0.0", CultureInfo.InvariantCulture) + "x";

    private sealed record Entry(ScenarioResult Scenario, LevelRun Run, ModelResult Model)
    {
        public ModelCapabilities Capabilities { get; } = Model.Capabilities ?? Stats.CapabilitiesOf.Describe(null);
    }
}
