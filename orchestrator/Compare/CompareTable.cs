using System.Globalization;
using Simul.Orchestrator.Report;
using Simul.Orchestrator.Stats;

namespace Simul.Orchestrator.Compare;

/// <summary>The comparison as rows of text, the same on the console, in compare.md and in
/// compare.html: a row per scenario, level and model, a cell per figure ("391/s → 402/s, +3%").</summary>
public sealed record CompareTable(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows, IReadOnlyList<string> Notes)
{
    /// <summary>Said above a comparison of rows run once: one run a side measures no noise.</summary>
    public const string OneRunEach = "Some rows were run once on a side: their difference includes the run-to-run noise, which one run cannot measure " +
                                     "(on a 2-core machine, 10% and more between two runs of the same code); run both with --repeat to know it.";

    /// <summary>Said above a comparison of rows repeated on both sides.</summary>
    public const string Repeated = "Rows repeated on both sides (--repeat) are compared by their medians; \"within noise\" marks a difference whose two ranges (min to max) overlap.";

    public static CompareTable From(ReportComparison comparison)
    {
        var rows = comparison.Rows.Select(r => (IReadOnlyList<string>)
        [
            r.Level is { } level ? $"{r.Scenario} at {ReportFormat.Level(level)}" : r.Scenario,
            r.Model,
            .. r.Figures.Select(Cell),
        ]).ToList();
        var notes = new List<string> { $"before: {comparison.Before}; after: {comparison.After}", comparison.SomeRunOnce ? OneRunEach : Repeated };
        notes.AddRange(comparison.OnlyBefore.Select(row => $"only before: {row}"));
        notes.AddRange(comparison.OnlyAfter.Select(row => $"only after: {row}"));
        return new CompareTable(["scenario", "model", .. HeadlineFigures.All.Select(f => f.Name)], rows, notes);
    }

    private static string Signed(double percent) => percent == 0 ? "0" : percent.ToString("+0;-0", CultureInfo.InvariantCulture);

    private static string Cell(FigureChange change) => (change.Before, change.After) switch
    {
        (null, null) => "",
        ({ } before, null) => $"{change.Figure.Format(before)} → none",
        (null, { } after) => $"none → {change.Figure.Format(after)}",
        ({ } before, { } after) => $"{change.Figure.Format(before)} → {change.Figure.Format(after)}" +
                                   (change.Change is { } c ? $", {Signed(Math.Round(c * 100))}%" : "") +
                                   (change.WithinNoise == true ? ", within noise" : ""),
    };
}
