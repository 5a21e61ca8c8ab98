using Simul.Orchestrator.Report;

namespace Simul.Orchestrator.Thresholds;

/// <summary>Holds every row of a run to the thresholds that apply to it.</summary>
public static class ThresholdCheck
{
    /// <summary>Each scenario's rows against its thresholds (the command line's and its own);
    /// null when no scenario has any. A threshold naming a model the run does not have does not
    /// apply: a scenario file's may be meant for other runs (the command line refuses its own
    /// before the run starts).</summary>
    public static ThresholdResults? Evaluate(IReadOnlyList<(ScenarioResult Result, IReadOnlyList<Threshold> Thresholds)> scenarios)
    {
        var models = scenarios.SelectMany(s => s.Result.Runs).SelectMany(r => r.Models).Select(m => m.Model).ToHashSet();
        var thresholds = scenarios.SelectMany(s => s.Thresholds).Where(t => t.Model == "*" || models.Contains(t.Model)).Select(t => t.Expression).Distinct().ToList();
        if (thresholds.Count == 0)
        {
            return null;
        }

        var checks = new List<ThresholdOutcome>();
        foreach (var (result, scenarioThresholds) in scenarios)
        {
            foreach (var run in result.Runs)
            {
                foreach (var model in run.Models)
                {
                    foreach (var threshold in scenarioThresholds.Where(t => t.AppliesTo(model.Model)))
                    {
                        if (threshold.Figure.Of(model) is { } measured && threshold.LimitFor(threshold.Figure.Predicted(model)) is { } limit)
                        {
                            checks.Add(new ThresholdOutcome(threshold.Expression, threshold.Figure, result.Name, run.Level, model.Model, measured, limit, threshold.Holds(measured, limit)));
                        }
                    }
                }
            }
        }

        return new ThresholdResults(checks, [.. thresholds.Where(t => checks.All(c => c.Threshold != t))]);
    }
}
