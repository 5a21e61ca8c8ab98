using Simul.Orchestrator.Load;
using Simul.Orchestrator.Report;
using Simul.Orchestrator.Running;
using Simul.Workloads.Accounting;

namespace Simul.Orchestrator.Stats;

/// <summary>One model's run as the summary needs it: its calls, the worker's resources, the load
/// asked for, and what queueing prediction needs to know of the machine.</summary>
public sealed record ModelRun(
    string Model,
    string Target,
    LoadResult Load,
    ResourceSample Resources,
    Scenario.LoadSpec Spec,
    double? IdealThroughput = null,
    CallCounts? Preliminary = null,
    Capacity? Capacity = null);

/// <summary>Turns one model's calls and resource samples into its row of the report.</summary>
public static class ModelSummary
{
    private const int SlowestKept = 5;
    private static readonly double[] DistributionPoints = [0, 10, 25, 50, 75, 90, 95, 99, 99.9, 100];

    public static ModelResult Summarize(ModelRun run)
    {
        var load = run.Load;
        var measured = load.Calls.Where(c => c.Measured).ToList();
        var ok = measured.Where(c => c.Outcome.IsOk).ToList();
        var failed = measured.Where(c => !c.Outcome.IsOk).ToList();
        var accounting = new Accounting(measured.Count, ok.Count, ByStatus(failed), load.LateSends,
            Counts(load.Calls.Where(c => c.Window == CallWindow.WarmUp)), Counts(load.Calls.Where(c => c.Window == CallWindow.AfterWindow)),
            run.Preliminary ?? CallCounts.None, load.Calls.LongCount(c => c.Window == CallWindow.Cut));

        // Throughput: the replies that came back within the window, per second of it (with a
        // count, the window opens at the first measured send: warm-up calls still in flight then
        // are not the window's).
        var inWindow = load.Calls.Where(c => c.EndUs >= load.WindowStartUs && c.EndUs <= load.WindowEndUs && (run.Spec.Count is null || c.Measured)).ToList();
        var seconds = load.MeasuredSeconds;
        var throughput = seconds > 0 ? inWindow.Count(c => c.Outcome.IsOk) / seconds : 0;
        var completions = seconds > 0 ? inWindow.Count / seconds : 0;
        double? littlesLaw = load.Callers > 0 && run.Spec.Count is null && measured.Count > 0
            ? load.Callers / (measured.Average(c => c.LatencyMs) / 1000)
            : null;
        long? backlog = run.Spec.Kind == Scenario.LoadKind.Open
            ? load.Calls.LongCount(c => c.SentUs <= load.WindowEndUs && c.EndUs > load.WindowEndUs)
            : null;

        var (phases, negativeOther) = MeanPhases(ok);
        var accounted = PhaseNames.All.Sum(phases.Of);
        var resources = run.Resources;
        var capabilities = CapabilitiesOf.Describe(resources.Capabilities);
        var isProcess = capabilities.Family == ModelCapabilities.Processes;
        var result = new ModelResult
        {
            Model = run.Model,
            Label = ModelLabel.Of(run.Model, capabilities, resources.Replicas),
            Target = run.Target,
            Settings = resources.Settings ?? new Dictionary<string, string>(),
            Capabilities = capabilities,
            Replicas = resources.Replicas,
            Accounting = accounting,
            WarmUp = new WarmUp(load.WarmUpSeconds, load.WarmUpSettled),
            MeasuredSeconds = seconds,
            ThroughputPerSecond = throughput,
            CompletionsPerSecond = completions,
            LittlesLawPerSecond = littlesLaw,
            Backlog = backlog,
            IdealThroughputPerSecond = run.IdealThroughput,
            Latency = LatencyOf(ok),
            FailureLatency = failed.Count == 0 ? null : FailureLatencyOf(failed),
            MeanPhases = phases,
            WorkShare = accounted > 0 ? phases.Work / accounted : 0,
            WaitShare = accounted > 0 ? phases.Wait / accounted : 0,
            Anomalies = new TimingAnomalies(isProcess ? ok.LongCount(c => TimingOf(c).SpawnUs <= 0) : 0, negativeOther),
            Resources = new Resources(resources.PeakThreads, resources.PeakChildren, resources.PeakMemoryBytes, resources.BaselineMemoryBytes,
                resources.PeakInFlight, resources.Spawned,
                resources.PeakInFlight > 0 ? Math.Max(0, resources.PeakMemoryBytes - resources.BaselineMemoryBytes) / (double)resources.PeakInFlight : null,
                MemorySlopePerInFlight: null,
                resources.CpuSeconds,
                resources.SampledSeconds > 0 ? resources.CpuSeconds / resources.SampledSeconds : 0,
                RunningAtOnce(resources, load),
                resources.ExpiredInQueue),
            Slowest = [.. measured.OrderByDescending(c => c.LatencyMs).Take(SlowestKept).Select(Slow)],
            Spawn = SpawnOf(ok),
        };
        var (prediction, pods) = QueueingPrediction.For(result, run, ok);
        return result with { Prediction = prediction, PodsNeeded = pods };
    }

    /// <summary>Requests running at once in steady state: the median of the samples in the second
    /// half of the window (arrivals and the drain skew the first half and the end).</summary>
    private static int RunningAtOnce(ResourceSample resources, LoadResult load)
    {
        var from = load.WindowStartUs + ((load.WindowEndUs - load.WindowStartUs) / 2);
        var running = (resources.Timeline ?? []).Where(s => s.AtUs >= from && s.AtUs <= load.WindowEndUs).Select(s => s.Running).Order().ToList();
        return running.Count == 0 ? 0 : running[running.Count / 2];
    }

    private static CallCounts Counts(IEnumerable<CallRecord> calls)
    {
        var list = calls.ToList();
        return new CallCounts(list.Count, list.Count(c => c.Outcome.IsOk), ByStatus(list.Where(c => !c.Outcome.IsOk)));
    }

    private static Dictionary<string, long> ByStatus(IEnumerable<CallRecord> failed) =>
        failed.GroupBy(c => c.Outcome.Status).ToDictionary(g => g.Key, g => (long)g.Count());

    private static Latency LatencyOf(List<CallRecord> ok)
    {
        var latencies = ok.Select(c => c.LatencyMs).Order().ToList();
        return new Latency(
            Percentiles.Of(latencies, 50), Percentiles.Of(latencies, 90), Percentiles.Of(latencies, 99), Percentiles.Of(latencies, 99.9),
            latencies.Count == 0 ? 0 : latencies[^1], latencies.Count == 0 ? 0 : latencies.Average(),
            [.. DistributionPoints.Select(p => new PercentilePoint(p, Percentiles.Of(latencies, p)))]);
    }

    private static FailureLatency FailureLatencyOf(List<CallRecord> failed)
    {
        var latencies = failed.Select(c => c.LatencyMs).Order().ToList();
        return new FailureLatency(latencies.Count, Percentiles.Of(latencies, 50), latencies[^1]);
    }

    /// <summary>Mean phases of successful calls, from the worker's own timing; "other" is the
    /// rest of each call's latency (network, transport, ready but not running), and a call whose
    /// phases add up to more than its latency is counted, its other taken as 0.</summary>
    private static (Phases Phases, long NegativeOther) MeanPhases(List<CallRecord> ok)
    {
        if (ok.Count == 0)
        {
            return (new Phases(0, 0, 0, 0, 0), 0);
        }

        double Mean(Func<Contracts.V1.Timing, long> pick) => ok.Average(c => pick(TimingOf(c))) / 1000.0;
        var others = ok.Select(c => c.LatencyMs - (PhaseSumUs(TimingOf(c)) / 1000.0)).ToList();
        return (new Phases(Mean(t => t.QueueUs), Mean(t => t.SpawnUs), Mean(t => t.WorkUs), Mean(t => t.WaitUs), others.Average(o => Math.Max(0, o)),
                Mean(t => t.ReadyUs), Mean(t => t.LockUs)),
            others.LongCount(o => o < 0));
    }

    /// <summary>A reply's timing; a server that is not a Simul worker (a stand-in) may send none.</summary>
    private static Contracts.V1.Timing TimingOf(CallRecord call) => call.Outcome.Reply?.Timing ?? new Contracts.V1.Timing();

    private static long PhaseSumUs(Contracts.V1.Timing t) => t.QueueUs + t.SpawnUs + t.WorkUs + t.WaitUs + t.ReadyUs + t.LockUs;

    private static SpawnStats? SpawnOf(List<CallRecord> ok)
    {
        var spawns = ok.Select(c => TimingOf(c).SpawnUs / 1000.0).Where(s => s > 0).Order().ToList();
        return spawns.Count == 0 ? null : new SpawnStats(Percentiles.Of(spawns, 50), Percentiles.Of(spawns, 99), spawns[^1]);
    }

    private static CallSummary Slow(CallRecord call) =>
        new(call.LatencyMs, call.Outcome.Status, PhasesOf(call), call.Outcome.TraceId, call.Outcome.Reply?.Pid ?? 0);

    /// <summary>One call's phases from the worker's timing, "other" the rest of its latency (never
    /// below 0); a call without timing (a failure) is all other.</summary>
    internal static Phases PhasesOf(CallRecord call) => call.Outcome.Reply?.Timing is not { } timing
        ? new Phases(0, 0, 0, 0, call.LatencyMs)
        : new Phases(timing.QueueUs / 1000.0, timing.SpawnUs / 1000.0, timing.WorkUs / 1000.0, timing.WaitUs / 1000.0,
            Math.Max(0, call.LatencyMs - (PhaseSumUs(timing) / 1000.0)), timing.ReadyUs / 1000.0, timing.LockUs / 1000.0);
}
