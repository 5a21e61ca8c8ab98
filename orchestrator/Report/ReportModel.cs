using Simul.Workloads.Accounting;

namespace Simul.Orchestrator.Report;

// report.json, schema version 4. Serialized with snake_case names (see ReportJson); the README
// documents every field. Times are milliseconds unless a name says otherwise.

/// <summary>One invocation of the orchestrator: the machine, and a result per scenario.</summary>
public sealed record RunReport(
    int SchemaVersion,
    DateTimeOffset StartedAt,
    Machine Machine,
    string? TraceUrl,
    IReadOnlyList<ScenarioResult> Scenarios,
    LoadGenerator? LoadGenerator = null,
    ThresholdResults? Thresholds = null)
{
    public const int CurrentSchemaVersion = 4;

    /// <summary>True when every call of every scenario was answered OK with the right value:
    /// measured calls, and those of warm-ups, drains and preliminary runs too, in every repetition.</summary>
    public bool AllOk => EveryRun().All(row => row.Model.Accounting.AllFailed == 0);

    /// <summary>Every run of every row, in order: what the exports write, so every repetition of a
    /// repeated row is in them.</summary>
    public IEnumerable<RowRun> EveryRun() =>
        Scenarios.SelectMany(s => s.Runs.SelectMany(r => r.Models.SelectMany(m => m.AllRuns.Select((run, i) => new RowRun(s, r, run, i + 1, m.AllRuns.Count)))));
}

/// <summary>One run of a row: its scenario, level and model figures, and which repetition it
/// was (counted from 1) of how many (1 for a row run once).</summary>
public sealed record RowRun(ScenarioResult Scenario, LevelRun Run, ModelResult Model, int Repetition, int Repetitions)
{
    /// <summary>The row's name in files other tools read (an hlog tag may hold no comma or
    /// space): "scenario/model", "scenario@level/model", and "/run2" after it for a repetition.</summary>
    public string Tag
    {
        get
        {
            var level = Run.Level is { } value ? $"@{value.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "";
            var repetition = Repetitions > 1 ? $"/run{Repetition}" : "";
            return $"{Scenario.Name}{level}/{Model.Model}{repetition}".Replace(',', '_').Replace(' ', '_');
        }
    }
}

public sealed record Machine(int Cores, long MemoryBytes, string Os, string Runtime);

/// <summary>
/// The run's thresholds (--threshold, and each scenario's own) against its rows: a check per
/// threshold and row it applies to (a row without the figure, such as a makespan outside a batch,
/// is not checked), and the thresholds that checked no row at all (a model not in the run, a
/// figure no row has, no prediction to compare with): a limit that checks nothing must not let a
/// CI job pass quietly, so it counts as breached.
/// </summary>
public sealed record ThresholdResults(IReadOnlyList<ThresholdOutcome> Checks, IReadOnlyList<string> CheckedNothing)
{
    public bool Breached => CheckedNothing.Count > 0 || Checks.Any(c => !c.Held);
}

/// <summary>One threshold against one row: the figure measured, the limit (the bound, or the
/// bound times the row's prediction), and whether the row kept it.</summary>
public sealed record ThresholdOutcome(string Threshold, Thresholds.ThresholdFigure Figure, string Scenario, double? Level, string Model, double Measured, double Limit, bool Held);

/// <summary>The orchestrator's own CPU time over the run: evidence that the load generator was
/// not the bottleneck (a share well under one core on a loaded machine).</summary>
public sealed record LoadGenerator(double CpuSeconds, double WallSeconds);

/// <summary>A scenario: one run, or one run per level of a sweep (concurrency or rate).</summary>
public sealed record ScenarioResult(
    string Name,
    string Description,
    string Load,
    Scenario.Swept? SweepOf,
    IReadOnlyList<LevelRun> Runs,
    Story? Story)
{
    /// <summary>The upstream fault stages, marked on every run's time axis.</summary>
    public IReadOnlyList<Scenario.FaultStage> Faults { get; init; } = [];

    /// <summary>An open load's stages where its rate is not its own (ramps, spikes), marked too.</summary>
    public IReadOnlyList<Load.RateStage> RateStages { get; init; } = [];
}

/// <summary>Every model at one level of load (Level is null outside a sweep).</summary>
public sealed record LevelRun(double? Level, IReadOnlyList<ModelResult> Models);

/// <summary>One model at one level of a scenario: every figure of its row, and what qualifies them.</summary>
public sealed record ModelResult
{
    public required string Model { get; init; }

    /// <summary>The model's name with what defines it (ModelLabel): "process (aot, 16 slots)".</summary>
    public required string Label { get; init; }

    public required string Target { get; init; }

    /// <summary>Every setting the worker reported, for display; the figures read <see cref="Capabilities"/>.</summary>
    public required IReadOnlyDictionary<string, string> Settings { get; init; }

    public ModelCapabilities? Capabilities { get; init; }

    public int Replicas { get; init; } = 1;

    public required Accounting Accounting { get; init; }

    public required WarmUp WarmUp { get; init; }

    public required double MeasuredSeconds { get; init; }

    public required double ThroughputPerSecond { get; init; }

    public required double CompletionsPerSecond { get; init; }

    public double? LittlesLawPerSecond { get; init; }

    public long? Backlog { get; init; }

    public double? IdealThroughputPerSecond { get; init; }

    public Prediction? Prediction { get; init; }

    public PodsNeeded? PodsNeeded { get; init; }

    public required Latency Latency { get; init; }

    public FailureLatency? FailureLatency { get; init; }

    public required Phases MeanPhases { get; init; }

    public required double WorkShare { get; init; }

    public required double WaitShare { get; init; }

    public required TimingAnomalies Anomalies { get; init; }

    public required Resources Resources { get; init; }

    public required IReadOnlyList<CallSummary> Slowest { get; init; }

    public StoryResult? Story { get; init; }

    public string? LimitReason { get; init; }

    public SpawnStats? Spawn { get; init; }

    public BatchResult? Batch { get; init; }

    /// <summary>The run over time (open and closed loads): calls answered and failed, latency,
    /// and the worker's state, bin by bin.</summary>
    public Stats.RunTimeline? Timeline { get; init; }

    /// <summary>What each of the scenario's fault stages did to the model.</summary>
    public IReadOnlyList<Stats.Incident> Incidents { get; init; } = [];

    /// <summary>The load generator's retries (--retries): attempts per call, every call of the run.</summary>
    public RetryCounts? Retries { get; init; }

    /// <summary>The row's repeated runs (--repeat), every one kept, and each headline figure's
    /// spread over them; null for a row run once.</summary>
    public Stats.Repeats? Repeats { get; init; }

    /// <summary>Every run of the row: its repetitions, or the row itself.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<ModelResult> AllRuns => Repeats?.Runs ?? [this];

    /// <summary>The OK calls' latencies as an HdrHistogram (Stats.LatencyHistograms), written to
    /// latency.hlog beside the report; report.json keeps its percentiles instead.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public HdrHistogram.HistogramBase? LatencyHistogram { get; init; }

    /// <summary>Every call of the row's load, warm-up to after the window, kept only when the run
    /// asks for requests.csv (--requests-csv); not in report.json.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<Load.CallRecord>? Calls { get; init; }

    /// <summary>Measured throughput and Little's law (callers / mean latency) more than 10% apart.</summary>
    public bool LittlesLawDisagrees => LittlesLawPerSecond is > 0 and var law && Math.Abs(CompletionsPerSecond - law) > 0.10 * law;
}

/// <summary>
/// What the model is, as its worker states it in Describe (simul.v1.Capabilities): the one thing
/// the predictions, labels, the talks' table and pods-needed read; settings are for display.
/// Family is processes, threads or async ("unknown ..." for a family this orchestrator does not
/// know); Holds is what a request holds for its whole service time (threads, child slots, the
/// event loop, or none), HoldsCount how many there are (0: no fixed number); ComputeLimit is what
/// lets fewer requests compute at once than there are cores (cores, the event loop, the
/// interpreter lock, worker threads) and ComputeCount how many compute at once under it.
/// </summary>
public sealed record ModelCapabilities(
    string Runtime,
    string RuntimeVersion,
    string Family,
    string Holds,
    int HoldsCount,
    string ComputeLimit,
    int ComputeCount,
    bool WaitsBlockLoop,
    string WorkClock,
    int MaxQueue,
    int MaxInFlight,
    string Detail,
    long YieldEvery)
{
    public const string Processes = "processes";
    public const string Threads = "threads";
    public const string Async = "async";
    public const string Cores = "cores";

    /// <summary>The families the talks' table has columns for.</summary>
    public static IReadOnlyList<string> KnownFamilies { get; } = [Processes, Threads, Async];

    public bool FamilyKnown => KnownFamilies.Contains(Family);
}

/// <summary>
/// A batch: its makespan (first send to last reply, every request at once), the same requests
/// one after another on the same model, each sent when the last returned (its sum of latencies;
/// with copies, one pass times the copies), and every request of the batch on its timeline.
/// </summary>
public sealed record BatchResult(double MakespanMs, double OneAfterAnotherMs, IReadOnlyList<RequestRecord> Requests);

/// <summary>
/// One request of a batch: its answer, when it was sent (from the batch's start), its latency and
/// phases, where it ran, and its first phases in time (from the worker's timing, placed from the
/// send: locally the transport before the worker sees a call is a fraction of a millisecond).
/// </summary>
public sealed record RequestRecord(
    int Index,
    string Status,
    long? Value,
    double StartMs,
    double LatencyMs,
    Phases Phases,
    int Pid,
    int ThreadId,
    IReadOnlyList<SegmentRecord> Segments);

public sealed record SegmentRecord(string Phase, double StartMs, double DurationMs);

/// <summary>Process start until the child began work, over the measured requests (process model).</summary>
public sealed record SpawnStats(double P50, double P99, double Max);

/// <summary>Calls of one part of a run: Sent = Ok + sum(ByStatus).</summary>
public sealed record CallCounts(long Sent, long Ok, IReadOnlyDictionary<string, long> ByStatus)
{
    public static CallCounts None { get; } = new(0, 0, new Dictionary<string, long>());

    public long Failed => ByStatus.Values.Sum();
}

/// <summary>
/// Every call sent lands in exactly one bucket. The measured calls (Sent = Ok + sum(ByStatus))
/// make the figures; the warm-up's, those still in flight when the window closed, and those of
/// preliminary runs (the chess simul's one board alone, the one-after-another baseline and the
/// warm-up before it) are counted on their own, and a failure among them fails the run as much as
/// a measured one. Cut: a hold load's calls it cancelled at its hold time, by design.
/// </summary>
public sealed record Accounting(
    long Sent,
    long Ok,
    IReadOnlyDictionary<string, long> ByStatus,
    long LateSends,
    CallCounts WarmUp,
    CallCounts AfterWindow,
    CallCounts Preliminary,
    long Cut = 0)
{
    public long Failed => ByStatus.Values.Sum();

    public long AllFailed => Failed + WarmUp.Failed + AfterWindow.Failed + Preliminary.Failed;
}

/// <summary>How long the warm-up lasted, and whether it ended because the rate had settled.</summary>
public sealed record WarmUp(double Seconds, bool Settled);

/// <summary>
/// What queueing predicts from the model's own settings and the requests' measured work and wait:
/// the quantity (throughput per second, or a batch's makespan in ms), its predicted and measured
/// value, which limit binds, in words, and whether the measurement is far from it (under 80% or
/// over 110% of a throughput; over 150% or under 90% of a makespan, whose bounds are looser).
/// </summary>
public sealed record Prediction(PredictedQuantity Quantity, double Predicted, double Measured, string Limit, string Explanation, bool Flagged);

/// <summary>What a prediction is of (report.json: "throughput_per_second", "makespan_ms").</summary>
public enum PredictedQuantity
{
    ThroughputPerSecond,
    MakespanMs,
}

/// <summary>
/// What the autoscaler would have to do, on paper: the throughput the callers (or the arrival
/// rate) ask, what one pod serves (the bound of this run that belongs to a pod: its threads or
/// child slots, its event loop, its cores), and the pods that takes at 80% utilisation.
/// </summary>
public sealed record PodsNeeded(double DemandPerSecond, double PodCapacityPerSecond, string Limit, int Pods, string Explanation);

/// <summary>Latency percentiles of the OK calls, exact from every measured sample, and the
/// distribution as (percentile, milliseconds) points for charts.</summary>
public sealed record Latency(double P50, double P90, double P99, double P999, double Max, double Mean, IReadOnlyList<PercentilePoint> Distribution);

/// <summary>The failed calls' own latency (fast refusals would otherwise pull the percentiles down).</summary>
public sealed record FailureLatency(long Count, double P50, double Max);

public sealed record PercentilePoint(double Percentile, double Milliseconds);

/// <summary>Mean time per request in each phase (<see cref="Phase"/>); Ready is time the worker saw
/// its thread wait for a core, Lock for the interpreter lock; Other is what the phases do not
/// explain (ready but not running where the worker cannot tell, transport, the client).</summary>
public sealed record Phases(double Queue, double Spawn, double Work, double Wait, double Other, double Ready = 0, double Lock = 0)
{
    public double Of(Phase phase) => phase switch
    {
        Phase.Queue => Queue,
        Phase.Spawn => Spawn,
        Phase.Work => Work,
        Phase.Wait => Wait,
        Phase.Ready => Ready,
        Phase.Lock => Lock,
        _ => Other,
    };
}

/// <summary>Measurements that cannot be right, counted rather than dropped or clamped quietly:
/// spawn times at or below zero (clocks of parent and child disagree) and calls whose phases add
/// up to more than their latency (their "other" would be negative; shown as 0).</summary>
public sealed record TimingAnomalies(long NonPositiveSpawns, long NegativeOther);

/// <summary>
/// The worker's peaks during the run, from Describe: memory is the worker's RSS plus its children's
/// PSS. MemoryPerInFlight is (peak - before) / peak in flight; in a sweep MemorySlopePerInFlight is
/// the growth from the level below per added request in flight. CpuSeconds: what the worker (and
/// its children) used during the run; CpuCoresBusy: that over the run's wall time, in cores;
/// RunningAtOnce: how many requests the worker ran at once (in flight and not queued: computing or
/// in their waits) through the second half of the measured window, the median of its samples.
/// ExpiredInQueue: requests that left the worker's queue without starting, their deadline passed
/// or their call cancelled (they took no thread, child or loop time).
/// </summary>
public sealed record Resources(
    int PeakThreads,
    int PeakChildProcesses,
    long PeakMemoryBytes,
    long BaselineMemoryBytes,
    int PeakInFlight,
    long Spawned,
    double? MemoryPerInFlight,
    double? MemorySlopePerInFlight,
    double CpuSeconds,
    double CpuCoresBusy = 0,
    int RunningAtOnce = 0,
    long ExpiredInQueue = 0);

/// <summary>The retry policy and what it did over every work call of the row (warm-up and
/// baselines included): calls made, attempts retried, and so attempts per call, the amplification
/// the worker saw.</summary>
public sealed record RetryCounts(string Policy, long Calls, long Retried)
{
    public double AttemptsPerCall => Calls > 0 ? (Calls + Retried) / (double)Calls : 0;
}

public sealed record CallSummary(double LatencyMs, string Status, Phases Phases, string? TraceId, int Pid);

/// <summary>The chess simul told in story time: one board after another, and as a simul.</summary>
public sealed record Story(int Boards, int Moves, double MoveSeconds, double ReplySeconds, double RunSecondsPerStorySecond);

/// <summary>The story as run: OneBoardAskedSeconds is what one board's moves and waits ask at the
/// time scale; one board took longer by its waits' slack (a timer wakes late), its call's
/// transport and the model's start-up, which the story's "one after another" inherits.</summary>
public sealed record StoryResult(double OneBoardRunSeconds, double SequentialStoryHours, double SimulRunSeconds, double SimulStoryHours, double Ratio, double OneBoardAskedSeconds = 0)
{
    /// <summary>How much longer one board took than its moves and waits ask (0.07: 7% longer).</summary>
    public double OneBoardOverrun => OneBoardAskedSeconds > 0 ? (OneBoardRunSeconds / OneBoardAskedSeconds) - 1 : 0;

    /// <summary>Each of one board's waits asked this long (the reply at the time scale)...</summary>
    public double AskedWaitMs { get; init; }

    /// <summary>... and woke (or, awaited, resumed) this much later on average, as its worker
    /// measured them: a runtime's timer slack and its loop's latency to resume.</summary>
    public double WaitSlackMs { get; init; }
}
