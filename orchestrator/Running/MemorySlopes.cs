using Simul.Orchestrator.Report;

namespace Simul.Orchestrator.Running;

/// <summary>
/// Memory per request as the slope between a sweep's levels: (peak at this level - peak at the
/// level below) / (in flight here - in flight there), per model. Unlike peak over baseline, it
/// holds even when one worker serves every level and keeps what the level below grew (pool
/// threads never exit), so it is also right for workers running elsewhere.
/// </summary>
public static class MemorySlopes
{
    public static IReadOnlyList<LevelRun> Add(IReadOnlyList<LevelRun> runs)
    {
        var below = new Dictionary<string, Resources>();
        var withSlopes = new List<LevelRun>(runs.Count);
        foreach (var run in runs)
        {
            var models = new List<ModelResult>(run.Models.Count);
            foreach (var model in run.Models)
            {
                var resources = model.Resources;
                if (below.TryGetValue(model.Model, out var previous) && resources.PeakInFlight > previous.PeakInFlight)
                {
                    resources = resources with
                    {
                        MemorySlopePerInFlight = (resources.PeakMemoryBytes - previous.PeakMemoryBytes) / (double)(resources.PeakInFlight - previous.PeakInFlight),
                    };
                }

                below[model.Model] = model.Resources;
                models.Add(model with { Resources = resources });
            }

            withSlopes.Add(run with { Models = models });
        }

        return withSlopes;
    }
}
