namespace Simul.Orchestrator.Report;

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
