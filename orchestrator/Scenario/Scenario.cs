using Simul.Contracts.V1;

namespace Simul.Orchestrator.Scenario;

/// <summary>A request to send and the answer it must give, if one is known.</summary>
public sealed record PlannedRequest(WorkItem Item, long? Expect);

/// <summary>What a sweep varies from level to level (report.json: "concurrency", "rate", "replicas").</summary>
public enum Swept
{
    Concurrency,
    Rate,
    Replicas,
}

public static class SweptWords
{
    /// <summary>The quantity in a sentence or a column: "concurrency", "rate", "replicas"; "level" outside a sweep.</summary>
    public static string Word(this Swept? swept) => swept?.ToString().ToLowerInvariant() ?? "level";
}

/// <summary>Upstream misbehaving as <paramref name="Upstream"/> says from <paramref name="AtS"/>
/// seconds into the measured window, for <paramref name="ForS"/> seconds (report.json: the
/// stages marked on every run's time axis).</summary>
public sealed record FaultStage(double AtS, double ForS, Contracts.Faults.FaultProfile Upstream)
{
    public double EndS => AtS + ForS;

    /// <summary>"upstream delay x40", "upstream 20% 503", ...: the stage in a few words.</summary>
    public string Describe()
    {
        var f = Upstream;
        var parts = new List<string>();
        if (f.DelayMs is { } fixedMs)
        {
            parts.Add($"delay {fixedMs} ms");
        }
        else if (f.DelayFactor != 1)
        {
            parts.Add($"delay x{f.DelayFactor.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }

        parts.AddRange(new[] { (f.ErrorRate, $"{f.ErrorStatus}"), (f.HangRate, "hang"), (f.ResetRate, "reset") }
            .Where(p => p.Item1 > 0).Select(p => $"{Math.Round(p.Item1 * 100).ToString(System.Globalization.CultureInfo.InvariantCulture)}% {p.Item2}"));
        return "upstream " + (parts.Count == 0 ? "well" : string.Join(", ", parts));
    }
}

/// <summary>A validated scenario, ready to run: its requests, load, and the levels of a sweep.</summary>
public sealed record Scenario(
    string Name,
    string Description,
    IReadOnlyList<PlannedRequest> Requests,
    LoadSpec Load,
    SweepSpec? Sweep,
    ChessSpec? Chess,
    TimeSpan Timeout)
{
    /// <summary>The limits this scenario's rows must keep, from its file (the command line adds its own).</summary>
    public IReadOnlyList<Thresholds.Threshold> Thresholds { get; init; } = [];

    /// <summary>The upstream fault stages over the measured window, in time order, none overlapping.</summary>
    public IReadOnlyList<FaultStage> Faults { get; init; } = [];

    /// <summary>The sweep's levels (concurrencies or rates), or a single null level.</summary>
    public IReadOnlyList<double?> Levels => Sweep switch
    {
        { Concurrency.Count: > 0 } s => [.. s.Concurrency.Select(c => (double?)c)],
        { Rate.Count: > 0 } s => [.. s.Rate.Select(r => (double?)r)],
        { Replicas.Count: > 0 } s => [.. s.Replicas.Select(r => (double?)r)],
        _ => [null],
    };

    public Swept? SweepOf => Sweep switch
    {
        { Concurrency.Count: > 0 } => Swept.Concurrency,
        { Rate.Count: > 0 } => Swept.Rate,
        { Replicas.Count: > 0 } => Swept.Replicas,
        _ => null,
    };

    /// <summary>Replicas of each model at a level of a replicas sweep; null elsewhere (as started).</summary>
    public int? ReplicasAt(double? level) => SweepOf == Swept.Replicas && level is { } value ? (int)value : null;

    /// <summary>The load at one level of the sweep.</summary>
    public LoadSpec LoadAt(double? level)
    {
        if (level is not { } value)
        {
            return Load;
        }

        return new LoadSpec
        {
            Kind = Load.Kind,
            Copies = Load.Copies,
            Concurrency = SweepOf == Swept.Concurrency ? (int)value : Load.Concurrency,
            Rate = SweepOf == Swept.Rate ? value : Load.Rate,
            Count = Load.Count,
            DurationS = Load.DurationS,
            WarmupS = Load.WarmupS,
            IdealLatencyMs = Load.IdealLatencyMs,
            HoldS = Load.HoldS,
            Stages = Load.Stages,
        };
    }

    /// <summary>The load in words; for a sweep, with every level of the swept quantity.</summary>
    public string Describe()
    {
        var levels = string.Join("/", Levels.Select(l => l?.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var replicas = SweepOf == Swept.Replicas ? $" on {levels} replicas" : "";
        var callers = SweepOf == Swept.Concurrency ? levels : Load.Concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var rate = SweepOf == Swept.Rate ? levels : Load.Rate.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
        return Load.Kind switch
        {
            LoadKind.Batch => $"batch: {Requests.Count * Load.Copies} requests at once",
            LoadKind.Closed => $"closed: {callers} callers, " + (Load.Count is { } n ? $"{n} requests" : $"{Load.DurationS:0.#} s") + Warmup(Load) + replicas,
            LoadKind.Hold => $"hold: {Requests.Count * Load.Copies} requests at once, cut after {Load.HoldS:0.#} s",
            _ => $"open: {rate} requests/s" + Staged(Load) + $" for {Load.DurationS:0.#} s" + Warmup(Load) + replicas,
        };
    }

    /// <summary>", then 100/s over 2 s, 25/s over 1 s": an open load's stages in words.</summary>
    private static string Staged(LoadSpec load) => string.Concat(load.Stages.Select(stage =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $", then {stage.Rate:0.#}/s over {stage.ForS:0.#} s")));

    private static string Warmup(LoadSpec load) => load.WarmupS > 0 ? $" after {load.WarmupS:0.#} s warm-up" : "";
}
