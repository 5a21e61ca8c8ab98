using System.Globalization;
using Simul.Orchestrator.Scenario;
using Simul.Orchestrator.Thresholds;

namespace Simul.Orchestrator.Report;

/// <summary>The thresholds' checks as rows, the same in every format: breaches first, then the
/// thresholds that checked nothing (as problems), then the checks that held.</summary>
public sealed record ThresholdTable(IReadOnlyList<ThresholdTable.Row> Rows, IReadOnlyList<string> Problems)
{
    public static IReadOnlyList<string> Columns { get; } = ["threshold", "scenario", "model", "measured", "limit", ""];

    public sealed record Row(IReadOnlyList<string> Cells, bool Held);

    public static ThresholdTable? From(RunReport report)
    {
        if (report.Thresholds is not { } results)
        {
            return null;
        }

        var sweeps = report.Scenarios.ToDictionary(s => s.Name, s => s.SweepOf);
        var rows = results.Checks.OrderBy(c => c.Held).Select(c => new Row(
            [
                c.Threshold,
                c.Level is { } level ? $"{c.Scenario} at {sweeps.GetValueOrDefault(c.Scenario).Word()} {level.ToString(CultureInfo.InvariantCulture)}" : c.Scenario,
                c.Model,
                c.Figure.Format(c.Measured),
                c.Figure.Format(c.Limit),
                c.Held ? "held" : "BREACHED",
            ],
            c.Held)).ToList();
        var problems = results.CheckedNothing.Select(t => $"threshold '{t}' checked nothing: no row of this run has that model with that figure (or a prediction of it)").ToList();
        return new ThresholdTable(rows, problems);
    }
}
