using System.Globalization;
using Simul.Orchestrator.Load;
using Simul.Orchestrator.Report;
using Simul.Orchestrator.Scenario;

namespace Simul.Orchestrator.Stats;

/// <summary>What the machine offers a worker: its cores (null when unknown, for a worker
/// elsewhere), and the CPU the load generator spent per call when it shares those cores.</summary>
public sealed record Capacity(int? Cores, double LoadGeneratorCpuSecondsPerCall);

/// <summary>
/// What queueing predicts for one model's run, from its own settings and the requests' measured
/// service times, and which limit binds. A request holds its thread or child slot for its
/// service time S = spawn + work + wait (a child slot: from the child's start to its exit, as the
/// worker measured it); it costs the cores its CPU (the worker's, its children's
/// and, on a shared machine, the load generator's, measured over the run, per call); on the
/// event loop its work holds the one thread. So for a closed load of N callers
/// throughput &lt;= min(N / S, slots / S, cores / CPU, 1 / work on the loop); for an open load the
/// arrival rate takes the callers' place; a batch's makespan &gt;= max(the longest S,
/// sum of S / slots, sum of CPU / cores, sum of work on the loop). A measurement far from the
/// prediction is flagged: either the model or Simul is not doing what it says.
/// </summary>
public static class QueueingPrediction
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static Prediction? For(ModelResult result, ModelRun run, IReadOnlyList<CallRecord> ok)
    {
        if (ok.Count == 0)
        {
            return null;
        }

        var timings = ok.Select(c => c.Outcome.Reply?.Timing ?? new Contracts.V1.Timing()).ToList();
        var service = timings.Select(t => (t.SpawnUs + t.WorkUs + t.WaitUs) / 1e6).ToList();
        var work = timings.Select(t => t.WorkUs / 1e6).ToList();
        var cpuPerCall = CpuPerCall(run);
        var slots = Slots(result.Settings);
        var loop = result.Settings.GetValueOrDefault("event_loop") == "true";
        // A child slot is held until the child has exited, past its reply: the worker measures it.
        var slotHold = run.Resources is { SlotSeconds: > 0, Spawned: > 0 } r ? r.SlotSeconds / r.Spawned : (double?)null;
        return run.Spec.Kind == LoadKind.Batch
            ? Makespan(result, service, work, cpuPerCall, slots, slotHold, loop, run.Capacity?.Cores)
            : Throughput(result, run.Spec, service.Average(), work.Average(), cpuPerCall, slots, slotHold, loop, run.Capacity?.Cores);
    }

    private static Prediction Throughput(ModelResult result, LoadSpec spec, double service, double work, double? cpu, (string Name, int Count)? slots, double? slotHold, bool loop, int? cores)
    {
        var bounds = new List<(string Limit, double Value, string Why)>();
        if (spec.Kind == LoadKind.Closed && service > 0)
        {
            bounds.Add(("callers", spec.Concurrency / service, $"{Count(spec.Concurrency)} callers / {Seconds(service)}"));
        }
        else if (spec.Kind == LoadKind.Open)
        {
            bounds.Add(("the arrival rate", spec.Rate, $"{Rate(spec.Rate)} offered"));
        }

        if (slots is { } s && (slotHold ?? service) is > 0 and var hold)
        {
            bounds.Add((s.Name, s.Count / hold, $"{Count(s.Count)} {s.Name} / {Seconds(hold)}{(slotHold is null ? "" : " held each")}"));
        }

        if (loop && work > 0)
        {
            bounds.Add(("the event loop", 1 / work, $"one thread / {Seconds(work)} of work"));
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
        return new Prediction("throughput_per_second", predicted, measured, limit,
            $"{result.Label}: {why} = {Rate(predicted)}, bound by {limit}; measured {Rate(measured)} ({Percent(share)})",
            share is < 0.8 or > 1.1);
    }

    private static Prediction Makespan(ModelResult result, List<double> service, List<double> work, double? cpu, (string Name, int Count)? slots, double? slotHold, bool loop, int? cores)
    {
        var bounds = new List<(string Limit, double Value, string Why)> { ("the longest request", service.Max(), "the longest request") };
        if (slots is { } s)
        {
            var held = slotHold is { } h ? h * service.Count : service.Sum();
            bounds.Add((s.Name, held / s.Count, $"{Seconds(held)} of {(slotHold is null ? "service" : "slots held")} / {Count(s.Count)} {s.Name}"));
        }

        if (loop)
        {
            bounds.Add(("the event loop", work.Sum(), $"{Seconds(work.Sum())} of work on one thread"));
        }

        if (cores is { } c && cpu is > 0)
        {
            bounds.Add(("cores", cpu.Value * service.Count / c, $"{Seconds(cpu.Value * service.Count)} of CPU / {c} cores"));
        }

        var (limit, predicted, why) = bounds.MaxBy(b => b.Value);
        var measured = result.MeasuredSeconds;
        var ratio = measured / predicted;
        return new Prediction("makespan_ms", predicted * 1000, measured * 1000, limit,
            $"{result.Label}: {why} = {Seconds(predicted)}, bound by {limit}; measured {Seconds(measured)} ({Percent(ratio)})",
            ratio is > 1.5 or < 0.9);
    }

    /// <summary>The threads or child slots a request holds while it is served, where the model has a fixed number.</summary>
    private static (string Name, int Count)? Slots(IReadOnlyDictionary<string, string> settings) =>
        int.TryParse(settings.GetValueOrDefault("pool_threads"), Invariant, out var threads) ? ("threads", threads)
        : int.TryParse(settings.GetValueOrDefault("max_children"), Invariant, out var children) ? ("child slots", children)
        : null;

    private static double? CpuPerCall(ModelRun run) =>
        run.Resources.CpuSeconds > 0 && run.Load.Calls.Count > 0
            ? (run.Resources.CpuSeconds / run.Load.Calls.Count) + (run.Capacity?.LoadGeneratorCpuSecondsPerCall ?? 0)
            : null;

    private static string Percent(double share) => (share * 100).ToString("0", Invariant) + "%";

    private static string Count(int n) => n.ToString("#,0", Invariant);

    private static string Rate(double perSecond) => perSecond.ToString(perSecond >= 100 ? "#,0" : "0.#", Invariant) + "/s";

    private static string Seconds(double seconds) => seconds >= 1
        ? seconds.ToString("0.0#", Invariant) + " s"
        : (seconds * 1000).ToString(seconds >= 0.01 ? "0" : "0.##", Invariant) + " ms";
}
