using Simul.Orchestrator.Report;

namespace Simul.Orchestrator.Compare;

/// <summary>One figure of one row, before and after; Change is (after - before) / before.</summary>
public sealed record FigureChange(ComparedFigure Figure, double? Before, double? After)
{
    public double? Change => Before is { } b and not 0 && After is { } a ? (a - b) / b : null;
}

/// <summary>One scenario, level and model that both reports have, figure by figure.</summary>
public sealed record RowComparison(string Scenario, double? Level, string Model, IReadOnlyList<FigureChange> Figures);

/// <summary>
/// Two reports side by side (two commits, two settings, two runtimes, two machines): for every
/// scenario, level and model both have, the headline figures before and after; the rows only one
/// of them has, named. Each report is one run of each row, so a difference includes run-to-run
/// noise that one run cannot measure.
/// </summary>
public sealed record ReportComparison(string Before, string After, IReadOnlyList<RowComparison> Rows, IReadOnlyList<string> OnlyBefore, IReadOnlyList<string> OnlyAfter)
{
    public static ReportComparison Of(RunReport before, string beforeName, RunReport after, string afterName)
    {
        var beforeRows = RowsOf(before);
        var afterRows = RowsOf(after);
        var rows = beforeRows.Where(b => afterRows.ContainsKey(b.Key)).Select(b =>
        {
            var a = afterRows[b.Key];
            return new RowComparison(b.Key.Scenario, b.Key.Level, b.Key.Model, [.. ComparedFigures.All.Select(f => new FigureChange(f, f.Of(b.Value), f.Of(a)))]);
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
