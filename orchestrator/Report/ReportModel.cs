namespace Simul.Orchestrator.Report;

// report.json, schema version 1. Serialized with snake_case names (see ReportJson); the README
// documents every field. Times are milliseconds unless a name says otherwise.

/// <summary>One invocation of the orchestrator: the machine, and a result per scenario.</summary>
public sealed record RunReport(
    int SchemaVersion,
    DateTimeOffset StartedAt,
    Machine Machine,
    string? JaegerUrl,
    IReadOnlyList<ScenarioResult> Scenarios,
    LoadGenerator? LoadGenerator = null)
{
    public const int CurrentSchemaVersion = 1;

    /// <summary>True when every request of every scenario was answered OK with the right value.</summary>
    public bool AllOk => Scenarios.All(s => s.Runs.All(r => r.Models.All(m => m.Accounting.Failed == 0)));
}

public sealed record Machine(int Cores, long MemoryBytes, string Os, string Runtime);

/// <summary>The orchestrator's own CPU time over the run: evidence that the load generator was
/// not the bottleneck (a share well under one core on a loaded machine).</summary>
public sealed record LoadGenerator(double CpuSeconds, double WallSeconds);

/// <summary>A scenario: one run, or one run per level of a sweep (concurrency or rate).</summary>
public sealed record ScenarioResult(
    string Name,
    string Description,
    string Load,
    string? SweepOf,
    IReadOnlyList<LevelRun> Runs,
    Story? Story);

/// <summary>Every model at one level of load (Level is null outside a sweep).</summary>
public sealed record LevelRun(double? Level, IReadOnlyList<ModelResult> Models);

public sealed record ModelResult(
    string Model,
    string Target,
    Accounting Accounting,
    double MeasuredSeconds,
    double ThroughputPerSecond,
    double? IdealThroughputPerSecond,
    Latency Latency,
    Phases MeanPhases,
    double WorkShare,
    double WaitShare,
    Resources Resources,
    IReadOnlyList<CallSummary> Slowest,
    StoryResult? Story,
    string? LimitReason,
    SpawnStats? Spawn = null);

/// <summary>Process start until the child began work, over the measured requests (process model).</summary>
public sealed record SpawnStats(double P50, double P99, double Max);

/// <summary>Every request sent lands in exactly one bucket: Sent = Ok + sum(ByStatus).</summary>
public sealed record Accounting(
    long Sent,
    long Ok,
    IReadOnlyDictionary<string, long> ByStatus,
    long WarmUpExcluded,
    long LateSends)
{
    public long Failed => ByStatus.Values.Sum();
}

/// <summary>Latency percentiles, exact from every measured sample, and the distribution as
/// (percentile, milliseconds) points for charts.</summary>
public sealed record Latency(double P50, double P90, double P99, double P999, double Max, double Mean, IReadOnlyList<PercentilePoint> Distribution);

public sealed record PercentilePoint(double Percentile, double Milliseconds);

/// <summary>Mean time per request in each phase; Other is what the phases do not explain
/// (ready to run but not running, transport, the client).</summary>
public sealed record Phases(double Queue, double Spawn, double Work, double Wait, double Other);

/// <summary>The worker's peaks during the run, from Describe.</summary>
public sealed record Resources(int PeakThreads, int PeakChildProcesses, long PeakRssBytes, long Spawned, double? RssBytesPerInFlight);

public sealed record CallSummary(double LatencyMs, string Status, Phases Phases, string? TraceId, int Pid);

/// <summary>The chess simul told in story time: one board after another, and as a simul.</summary>
public sealed record Story(int Boards, int Moves, double MoveSeconds, double ReplySeconds, double RunSecondsPerStorySecond);

public sealed record StoryResult(double OneBoardRunSeconds, double SequentialStoryHours, double SimulRunSeconds, double SimulStoryHours, double Ratio);
