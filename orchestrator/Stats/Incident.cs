using Simul.Orchestrator.Load;
using Simul.Orchestrator.Scenario;

namespace Simul.Orchestrator.Stats;

/// <summary>
/// What one fault stage did to a model, from the calls it answered: the p99 before the fault (its
/// baseline: the measured calls that ended before the stage began), the worst p99 of a bin from
/// the stage's start until the model recovered, every call that failed in that time by status
/// (what was shed, and how: queue full, deadline, upstream unavailable), and how long after the
/// stage ended the model recovered: the start of the first bin from which, to the end of the
/// window, every bin has answers, none fails, and its p99 is at most <see cref="RecoveredP99Factor"/> times
/// the baseline, or the baseline and <see cref="RecoveredSlackMs"/>, whichever is more (a 50 ms
/// call's p99 moves by tens of milliseconds on a busy machine with no incident at all), or null:
/// not recovered within the window.
/// </summary>
public sealed record Incident(
    string Stage,
    double AtS,
    double EndS,
    double? BaselineP99Ms,
    double? WorstP99Ms,
    long Ok,
    IReadOnlyDictionary<string, long> Shed,
    double? RecoveredAfterS)
{
    public const double RecoveredP99Factor = 2;

    public const double RecoveredSlackMs = 100;

    public long ShedCount => Shed.Values.Sum();

    public static Incident Of(FaultStage stage, LoadResult load, RunTimeline timeline)
    {
        var windowS = (load.WindowEndUs - load.WindowStartUs) / 1e6;
        var before = load.Calls.Where(c => c.Measured && c.Outcome.IsOk && SecondsIn(load, c.EndUs) < stage.AtS).Select(c => c.LatencyMs).Order().ToList();
        var baseline = before.Count > 0 ? Percentiles.Of(before, 99) : (double?)null;
        var inWindow = timeline.Bins.Where(b => b.FromS >= 0 && b.FromS + timeline.BinSeconds <= windowS + 1e-9).ToList();
        double? recoveredAt = null;
        if (baseline is { } p99)
        {
            var well = Math.Max(RecoveredP99Factor * p99, p99 + RecoveredSlackMs);
            // Walking back from the window's end: the earliest bin after the stage from which every bin is well.
            foreach (var bin in inWindow.Where(b => b.FromS >= stage.EndS).Reverse())
            {
                if (bin.FailedCount > 0 || bin.Ok == 0 || bin.P99Ms > well)
                {
                    break;
                }

                recoveredAt = bin.FromS;
            }
        }

        var until = recoveredAt ?? windowS;
        var during = load.Calls.Where(c => SecondsIn(load, c.EndUs) is var s && s >= stage.AtS && s < until).ToList();
        var worst = timeline.Bins.Where(b => b.FromS + timeline.BinSeconds > stage.AtS && b.FromS < until && b.P99Ms is not null).Select(b => b.P99Ms!.Value).DefaultIfEmpty().Max();
        return new Incident(
            stage.Describe(),
            stage.AtS,
            stage.EndS,
            baseline,
            worst > 0 ? worst : null,
            during.LongCount(c => c.Outcome.IsOk),
            during.Where(c => !c.Outcome.IsOk).GroupBy(c => c.Outcome.Status).ToDictionary(g => g.Key, g => g.LongCount()),
            recoveredAt is { } at ? Math.Max(0, at - stage.EndS) : null);
    }

    private static double SecondsIn(LoadResult load, long us) => (us - load.WindowStartUs) / 1e6;
}
