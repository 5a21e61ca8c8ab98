using Simul.Orchestrator.Report;
using Simul.Orchestrator.Stats;

namespace Simul.Orchestrator.Compare;

/// <summary>One figure of one row, before and after (a repeated row's median); Change is
/// (after - before) / before; with repeats on both sides, whether the two ranges overlap.</summary>
public sealed record FigureChange(HeadlineFigure Figure, double? Before, double? After, FigureSpread? BeforeSpread = null, FigureSpread? AfterSpread = null)
{
    public double? Change => Before is { } b and not 0 && After is { } a ? (a - b) / b : null;

    /// <summary>True when both sides were repeated and their ranges overlap: the difference is
    /// within the run-to-run noise; null when a side was run once, and the noise is unknown.</summary>
    public bool? WithinNoise => (BeforeSpread, AfterSpread) is ({ } before, { } after) ? before.Overlaps(after) : null;

    public static FigureChange Of(HeadlineFigure figure, ModelResult before, ModelResult after)
    {
        var (beforeSpread, afterSpread) = (SpreadOf(before), SpreadOf(after));
        return new(figure, beforeSpread?.Median ?? figure.Of(before), afterSpread?.Median ?? figure.Of(after), beforeSpread, afterSpread);

        FigureSpread? SpreadOf(ModelResult row) => row.Repeats?.Spreads.FirstOrDefault(s => s.Figure == figure.Name);
    }
}

/// <summary>One scenario, level and model that both reports have, figure by figure.</summary>
public sealed record RowComparison(string Scenario, double? Level, string Model, IReadOnlyList<FigureChange> Figures);

/// <summary>
/// Two reports side by side (two commits, two settings, two runtimes, two machines): for every
/// scenario, level and model both have, the headline figures before and after; the rows only one
/// of them has, named. A row run once measures no noise, so its difference includes run-to-run
/// noise; rows repeated on both sides (--repeat) are compared by their medians, and a difference
/// whose two ranges overlap is within the noise.
/// </summary>
public sealed record ReportComparison(string Before, string After, IReadOnlyList<RowComparison> Rows, IReadOnlyList<string> OnlyBefore, IReadOnlyList<string> OnlyAfter)
{
    /// <summary>Whether some compared row was run once on a side: its noise is unknown.</summary>
    public bool SomeRunOnce => Rows.Any(r => r.Figures.Any(f => f.Before is not null && f.After is not null && f.WithinNoise is null));

    public static ReportComparison Of(RunReport before, string beforeName, RunReport after, string afterName)
    {
        var beforeRows = RowsOf(before);
        var afterRows = RowsOf(after);
        var rows = beforeRows.Where(b => afterRows.ContainsKey(b.Key)).Select(b =>
        {
            var a = afterRows[b.Key];
            return new RowComparison(b.Key.Scenario, b.Key.Level, b.Key.Model, [.. HeadlineFigures.All.Select(f => FigureChange.Of(f, b.Value, a))]);
        }).ToList();
        return new ReportComparison(beforeName, afterName, rows,
            [.. beforeRows.Keys.Where(k => !afterRows.ContainsKey(k)).Select(Name)],
            [.. afterRows.Keys.Where(k => !beforeRows.ContainsKey(k)).Select(Name)]);
    }

    private static Dictionary<(string Scenario, double? Level, string Model), ModelResult> RowsOf(RunReport report) =>
        report.Scenarios.SelectMany(s => s.Runs.SelectMany(r => r.Models.Select(m => (Key: (s.Name, r.Level, m.Model), Model: m))))
            .ToDictionary(x => x.Key, x => x.Model);

    private static string Name((string Scenario, double? Level, string Model) row) =>
        row.Level is { } level ? $"{row.Scenario} at {ReportFormat.Level(level)}: {row.Model}" : $"{row.Scenario}: {row.Model}";
}
