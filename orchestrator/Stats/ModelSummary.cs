using Simul.Orchestrator.Load;
using Simul.Orchestrator.Report;

namespace Simul.Orchestrator.Stats;

/// <summary>Turns one model's calls and resource samples into its row of the report.</summary>
public static class ModelSummary
{
    private const int SlowestKept = 5;
    private static readonly double[] DistributionPoints = [0, 10, 25, 50, 75, 90, 95, 99, 99.9, 100];

    public static ModelResult Summarize(string model, string target, LoadResult load, ResourceSample resources, double? idealThroughput)
    {
        var measured = load.Calls.Where(c => c.Measured).ToList();
        var ok = measured.Where(c => c.Outcome.IsOk).ToList();
        var byStatus = measured.Where(c => !c.Outcome.IsOk)
            .GroupBy(c => c.Outcome.Status)
            .ToDictionary(g => g.Key, g => (long)g.Count());
        var accounting = new Accounting(measured.Count, ok.Count, byStatus, load.Calls.Count - measured.Count, load.LateSends);

        var latencies = measured.Select(c => c.LatencyMs).Order().ToList();
        var latency = new Latency(
            Percentiles.Of(latencies, 50), Percentiles.Of(latencies, 90), Percentiles.Of(latencies, 99), Percentiles.Of(latencies, 99.9),
            latencies.Count == 0 ? 0 : latencies[^1], latencies.Count == 0 ? 0 : latencies.Average(),
            [.. DistributionPoints.Select(p => new PercentilePoint(p, Percentiles.Of(latencies, p)))]);

        var phases = MeanPhases(ok);
        var accounted = phases.Queue + phases.Spawn + phases.Work + phases.Wait + phases.Other;
        var inFlight = Math.Max(resources.PeakInFlight, 1);
        return new ModelResult(
            model,
            target,
            accounting,
            load.MeasuredSeconds,
            load.MeasuredSeconds > 0 ? ok.Count / load.MeasuredSeconds : 0,
            idealThroughput,
            latency,
            phases,
            accounted > 0 ? phases.Work / accounted : 0,
            accounted > 0 ? phases.Wait / accounted : 0,
            new Resources(resources.PeakThreads, resources.PeakChildren, resources.PeakRssBytes, resources.Spawned,
                resources.PeakInFlight > 0 ? Math.Max(0, resources.PeakRssBytes - resources.BaselineRssBytes) / (double)inFlight : null),
            [.. measured.OrderByDescending(c => c.LatencyMs).Take(SlowestKept).Select(Slow)],
            Story: null,
            LimitReason: null,
            Spawn: SpawnOf(ok));
    }

    /// <summary>Mean phases of successful calls, from the worker's own timing; "other" is the
    /// rest of the latency the client saw (network, transport, ready but not running).</summary>
    private static Phases MeanPhases(List<CallRecord> ok)
    {
        if (ok.Count == 0)
        {
            return new Phases(0, 0, 0, 0, 0);
        }

        double Mean(Func<Contracts.V1.Timing, long> pick) => ok.Average(c => pick(c.Outcome.Reply!.Timing)) / 1000.0;
        var queue = Mean(t => t.QueueUs);
        var spawn = Mean(t => t.SpawnUs);
        var work = Mean(t => t.WorkUs);
        var wait = Mean(t => t.WaitUs);
        var other = Math.Max(0, ok.Average(c => c.LatencyMs) - queue - spawn - work - wait);
        return new Phases(queue, spawn, work, wait, other);
    }

    private static SpawnStats? SpawnOf(List<CallRecord> ok)
    {
        var spawns = ok.Select(c => c.Outcome.Reply!.Timing.SpawnUs / 1000.0).Where(s => s > 0).Order().ToList();
        return spawns.Count == 0 ? null : new SpawnStats(Percentiles.Of(spawns, 50), Percentiles.Of(spawns, 99), spawns[^1]);
    }

    private static CallSummary Slow(CallRecord call)
    {
        var timing = call.Outcome.Reply?.Timing;
        var phases = timing is null
            ? new Phases(0, 0, 0, 0, call.LatencyMs)
            : new Phases(timing.QueueUs / 1000.0, timing.SpawnUs / 1000.0, timing.WorkUs / 1000.0, timing.WaitUs / 1000.0,
                Math.Max(0, call.LatencyMs - ((timing.QueueUs + timing.SpawnUs + timing.WorkUs + timing.WaitUs) / 1000.0)));
        return new CallSummary(call.LatencyMs, call.Outcome.Status, phases, call.Outcome.TraceId, call.Outcome.Reply?.Pid ?? 0);
    }
}
