using System.Globalization;
using Simul.Orchestrator.Load;
using Simul.Orchestrator.Report;
using Simul.Orchestrator.Running;
using Simul.Orchestrator.Scenario;

namespace Simul.Orchestrator.Stats;

/// <summary>What the machine offers a worker: its cores (null when unknown, for a worker
/// elsewhere), and whether the load generator shares them (then its CPU counts too).</summary>
public sealed record Capacity(int? Cores, bool SharedWithLoadGenerator);

/// <summary>
/// What queueing predicts for one model's run, from its own capabilities and the requests' measured
/// service times, and which limit binds. A request holds its thread or child slot for its
/// service time S = spawn + work + wait (a child slot: from the child's start to its exit, as the
/// worker measured it); it costs the cores its CPU (the worker's, its children's
/// and, on a shared machine, the load generator's, measured over the run, per call); on the
/// event loop its work holds the one thread. So for a closed load of N callers
/// throughput &lt;= min(N / S, slots / S, cores / CPU, 1 / what holds the loop: work, and the waits
/// too where they block it); for an open load the
/// arrival rate takes the callers' place; a batch's makespan &gt;= max(the longest S,
/// sum of S / slots, sum of CPU / cores, sum of work on the loop). A measurement far from the
/// prediction is flagged: either the model or Simul is not doing what it says.
/// </summary>
public static class QueueingPrediction
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The target utilisation of a pod when sizing a deployment (k8s/overlays/keda uses the same).</summary>
    public const double TargetUtilisation = 0.8;

    public static (Prediction? Prediction, PodsNeeded? Pods) For(ModelResult result, ModelRun run, IReadOnlyList<CallRecord> ok)
    {
        if (ok.Count == 0)
        {
            return (null, null);
        }

        var capabilities = result.Capabilities ?? CapabilitiesOf.Describe(null);
        var timings = ok.Select(c => c.Outcome.Reply?.Timing ?? new Contracts.V1.Timing()).ToList();
        var service = timings.Select(t => (t.SpawnUs + t.WorkUs + t.WaitUs) / 1e6).ToList();
        // What holds the event loop (or the interpreter lock): a request's work, and its waits too when they block it.
        var work = timings.Select(t => (t.WorkUs + (capabilities.WaitsBlockLoop ? t.WaitUs : 0)) / 1e6).ToList();
        var cpuPerCall = CpuPerCall(run);
        // Replicas multiply what each has: its threads, child slots, event loop.
        var replicas = result.Replicas;
        var slots = capabilities is { Holds: "threads" or "child slots", HoldsCount: > 0 } ? (capabilities.Holds, capabilities.HoldsCount * replicas) : ((string, int)?)null;
        var lanes = capabilities is { ComputeCount: > 0 } && capabilities.ComputeLimit != ModelCapabilities.Cores
            ? (capabilities.ComputeLimit, capabilities.ComputeCount * replicas) : ((string, int)?)null;
        // A child slot is held until the child has exited, past its reply: the worker measures it.
        var slotHold = SlotHold(run);
        return run.Spec.Kind == LoadKind.Batch
            ? (Makespan(result, service, work, cpuPerCall, slots, slotHold, lanes, run.Capacity?.Cores), null)
            : Throughput(result, run.Spec, service.Average(), work.Average(), cpuPerCall, slots, slotHold, lanes, replicas, run.Capacity?.Cores);
    }

    private static (Prediction, PodsNeeded?) Throughput(ModelResult result, LoadSpec spec, double service, double work, double? cpu, (string Name, int Count)? slots, double? slotHold, (string Name, int Count)? lanes, int replicas, int? cores)
    {
        var bounds = new List<(string Limit, double Value, string Why)>();
        if (spec.Kind == LoadKind.Closed && service > 0)
        {
            bounds.Add(("callers", spec.Concurrency / service, $"{Count(spec.Concurrency)} callers / {Seconds(service)}"));
        }
        else if (spec.Kind == LoadKind.Open)
        {
            // With stages, what the window was offered on average: the curve over time shows the rest.
            var offered = Load.RateSchedule.Of(spec).MeanRate(spec.WarmupS, spec.DurationS);
            bounds.Add(("the arrival rate", offered, $"{Rate(offered)} offered"));
        }

        if (slots is { } s && (slotHold ?? service) is > 0 and var hold)
        {
            bounds.Add((s.Name, s.Count / hold, $"{Count(s.Count)} {s.Name} / {Seconds(hold)}{(slotHold is null ? "" : " held each")}"));
        }

        if (lanes is { } l && work > 0)
        {
            bounds.Add((l.Name, l.Count / work, $"{Lanes(l)} / {Seconds(work)} held per request"));
        }

        if (cores is { } c && cpu is > 0)
        {
            bounds.Add(("cores", c / cpu.Value, $"{c} cores / {Seconds(cpu.Value)} of CPU per request"));
        }

        if (bounds.Count == 0)
        {
            bounds.Add(("callers", double.PositiveInfinity, "no bound known"));
        }

        var (limit, predicted, why) = bounds.MinBy(b => b.Value);
        var measured = result.ThroughputPerSecond;
        var share = measured / predicted;
        var prediction = new Prediction(PredictedQuantity.ThroughputPerSecond, predicted, measured, limit,
            $"{result.Label}: {why} = {Rate(predicted)}, bound by {limit}; measured {Rate(measured)} ({Percent(share)})",
            share is < 0.8 or > 1.1);
        return (prediction, Pods(result, bounds, replicas));
    }

    /// <summary>
    /// The pods a deployment would need for this demand: what the callers (or the arrival rate)
    /// ask, over what one pod serves, from the bounds of this run that belong to the pod (its
    /// threads or child slots, its event loop, its cores: the cores this run's worker had), at
    /// <see cref="TargetUtilisation"/>. A run on several replicas is divided back to one.
    /// </summary>
    private static PodsNeeded? Pods(ModelResult result, List<(string Limit, double Value, string Why)> bounds, int replicas)
    {
        var demand = bounds.FirstOrDefault(b => b.Limit is "callers" or "the arrival rate");
        var pod = bounds.Where(b => b.Limit is not ("callers" or "the arrival rate")).Select(b => b with
        {
            // Slots and loops add up over replicas; the cores here were one machine's, shared by them.
            Value = b.Limit == "cores" ? b.Value : b.Value / replicas,
        }).DefaultIfEmpty().MinBy(b => b.Value);
        if (demand.Limit is null || pod.Limit is null || pod.Value <= 0 || double.IsInfinity(pod.Value))
        {
            return null;
        }

        var pods = (int)Math.Max(1, Math.Ceiling(demand.Value / (TargetUtilisation * pod.Value)));
        return new PodsNeeded(demand.Value, pod.Value, pod.Limit, pods,
            $"{result.Model}: {demand.Why} = {Rate(demand.Value)} asked; one pod serves {Rate(pod.Value)} (bound by {pod.Limit}); " +
            $"at {Percent(TargetUtilisation)} of that: {Count(pods)} pod{(pods == 1 ? "" : "s")}");
    }

    private static Prediction Makespan(ModelResult result, List<double> service, List<double> work, double? cpu, (string Name, int Count)? slots, double? slotHold, (string Name, int Count)? lanes, int? cores)
    {
        var bounds = new List<(string Limit, double Value, string Why)> { ("the longest request", service.Max(), "the longest request") };
        if (slots is { } s)
        {
            var held = slotHold is { } h ? h * service.Count : service.Sum();
            bounds.Add((s.Name, held / s.Count, $"{Seconds(held)} of {(slotHold is null ? "service" : "slots held")} / {Count(s.Count)} {s.Name}"));
        }

        if (lanes is { } l)
        {
            bounds.Add((l.Name, work.Sum() / l.Count, $"{Seconds(work.Sum())} holding {Lanes(l)}"));
        }

        if (cores is { } c && cpu is > 0)
        {
            bounds.Add(("cores", cpu.Value * service.Count / c, $"{Seconds(cpu.Value * service.Count)} of CPU / {c} cores"));
        }

        var (limit, predicted, why) = bounds.MaxBy(b => b.Value);
        var measured = result.MeasuredSeconds;
        var ratio = measured / predicted;
        return new Prediction(PredictedQuantity.MakespanMs, predicted * 1000, measured * 1000, limit,
            $"{result.Label}: {why} = {Seconds(predicted)}, bound by {limit}; measured {Seconds(measured)} ({Percent(ratio)})",
            ratio is > 1.5 or < 0.9);
    }

    /// <summary>What lets only so many requests compute at once, in words: "one event loop",
    /// "2 event loops" (replicas), "the interpreter lock (one thread at a time)", "4 worker threads".</summary>
    private static string Lanes((string Name, int Count) lanes) => lanes.Name switch
    {
        "the interpreter lock" => lanes.Count == 1 ? "the interpreter lock (one thread at a time)" : $"{Count(lanes.Count)} interpreter locks",
        "the event loop" => lanes.Count == 1 ? "one event loop" : $"{Count(lanes.Count)} event loops",
        var name => $"{Count(lanes.Count)} {name}",
    };

    /// <summary>CPU per reply in steady state: what the worker (and, on a shared machine, the load
    /// generator) used between the samples nearest the window's ends, over the replies in it; the
    /// warm-up's JIT and the drain do not count. Without a timeline, the whole run's over all calls.</summary>
    private static double? CpuPerCall(ModelRun run)
    {
        var shared = run.Capacity?.SharedWithLoadGenerator == true;
        if (WindowEnds(run) is { } ends)
        {
            var (from, to) = ends;
            var replies = run.Load.Calls.Count(c => c.EndUs >= from.AtUs && c.EndUs <= to.AtUs);
            var cpu = (to.WorkerSeconds - from.WorkerSeconds) + (shared ? to.GeneratorSeconds - from.GeneratorSeconds : 0);
            if (replies > 0 && cpu > 0)
            {
                return cpu / replies;
            }
        }

        return run.Resources.CpuSeconds > 0 && run.Load.Calls.Count > 0 ? run.Resources.CpuSeconds / run.Load.Calls.Count : null;
    }

    /// <summary>How long a child slot is held per child in steady state, between the same samples
    /// (the warm-up's first children start cold and hold theirs longer); the whole run's where the
    /// window saw too few spawns to say.</summary>
    private static double? SlotHold(ModelRun run)
    {
        const int enoughSpawns = 10;
        if (WindowEnds(run) is ({ } from, { } to) && to.Spawned - from.Spawned >= enoughSpawns && to.SlotSeconds > from.SlotSeconds)
        {
            return (to.SlotSeconds - from.SlotSeconds) / (to.Spawned - from.Spawned);
        }

        return run.Resources is { SlotSeconds: > 0, Spawned: > 0 } held ? held.SlotSeconds / held.Spawned : null;
    }

    /// <summary>The timeline's samples nearest the window's start and end, if it has two.</summary>
    private static (UsageSample From, UsageSample To)? WindowEnds(ModelRun run) =>
        run.Resources.Timeline is { Count: >= 2 } timeline
            ? (timeline.MinBy(c => Math.Abs(c.AtUs - run.Load.WindowStartUs))!, timeline.MinBy(c => Math.Abs(c.AtUs - run.Load.WindowEndUs))!)
            : null;

    private static string Percent(double share) => (share * 100).ToString("0", Invariant) + "%";

    private static string Count(int n) => n.ToString("#,0", Invariant);

    private static string Rate(double perSecond) => perSecond.ToString(perSecond >= 100 ? "#,0" : "0.#", Invariant) + "/s";

    private static string Seconds(double seconds) => seconds >= 1
        ? seconds.ToString("0.0#", Invariant) + " s"
        : (seconds * 1000).ToString(seconds >= 0.01 ? "0" : "0.##", Invariant) + " ms";
}
