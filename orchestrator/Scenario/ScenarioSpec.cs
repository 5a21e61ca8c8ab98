namespace Simul.Orchestrator.Scenario;

// The shape of a scenario file (orchestrator/scenarios/*.json), snake_case in JSON.
// The README documents every field; ScenarioLoader validates them and names the one at fault.

public sealed class ScenarioSpec
{
    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    /// <summary>The requests to send, taken in turn (a mix); or leave empty and use <see cref="Chess"/>.</summary>
    public List<RequestSpec> Requests { get; set; } = [];

    public LoadSpec Load { get; set; } = new();

    /// <summary>The same load at several concurrencies or rates.</summary>
    public SweepSpec? Sweep { get; set; }

    /// <summary>The chess simul: expands into one Steps request per board, sent together.</summary>
    public ChessSpec? Chess { get; set; }

    /// <summary>Deadline of every call.</summary>
    public int TimeoutMs { get; set; } = 60_000;

    /// <summary>Limits the run must keep (see <see cref="Thresholds.Threshold"/>), beside the command line's --threshold.</summary>
    public List<string> Thresholds { get; set; } = [];

    /// <summary>Stages of upstream faults over the measured window (open loads).</summary>
    public List<FaultStageSpec> Faults { get; set; } = [];
}

/// <summary>From <see cref="AtS"/> seconds into the measured window, for <see cref="ForS"/>
/// seconds, upstream misbehaves as <see cref="Upstream"/> says; then it is well again.</summary>
public sealed class FaultStageSpec
{
    public double AtS { get; set; }

    public double ForS { get; set; }

    public Contracts.Faults.FaultProfile Upstream { get; set; } = Contracts.Faults.FaultProfile.None;
}

/// <summary>Exactly one workload, and optionally the answer it must give.</summary>
public sealed class RequestSpec
{
    public PrimeSpec? Prime { get; set; }

    public FetchSpec? Fetch { get; set; }

    public StepsSpec? Steps { get; set; }

    /// <summary>The value the reply must carry; a different one counts as WRONG_ANSWER.</summary>
    public long? Expect { get; set; }
}

public sealed class PrimeSpec
{
    public long Below { get; set; }

    public int WaitMs { get; set; }
}

public sealed class FetchSpec
{
    public int Count { get; set; } = 1;

    public int DelayMs { get; set; }

    public int SizeBytes { get; set; }

    public bool Concurrent { get; set; }
}

public sealed class StepsSpec
{
    public int Steps { get; set; } = 1;

    public long WorkUs { get; set; }

    public long WaitUs { get; set; }
}

public enum LoadKind
{
    /// <summary>Every request sent at once, <see cref="LoadSpec.Copies"/> times each; the makespan counts.</summary>
    Batch,

    /// <summary>N callers, each sending its next request when the last one returns.</summary>
    Closed,

    /// <summary>Requests sent at a fixed rate whatever the replies; latency from the intended send time.</summary>
    Open,

    /// <summary>Every request, <see cref="LoadSpec.Copies"/> times each, sent at once and cut
    /// (cancelled) after <see cref="LoadSpec.HoldS"/>: requests that wait longer than that show how
    /// many the model runs at once; the rest wait in its queue.</summary>
    Hold,
}

public sealed class LoadSpec
{
    public LoadKind Kind { get; set; } = LoadKind.Batch;

    public int Copies { get; set; } = 1;

    public int Concurrency { get; set; } = 1;

    public double Rate { get; set; }

    /// <summary>For closed loads: stop after this many requests (else after <see cref="DurationS"/>).</summary>
    public int? Count { get; set; }

    public double DurationS { get; set; } = 5;

    /// <summary>Requests sent in the first seconds are not measured.</summary>
    public double WarmupS { get; set; }

    /// <summary>What one request takes unloaded; with it the report shows the ideal throughput.</summary>
    public double? IdealLatencyMs { get; set; }

    /// <summary>For hold loads: how long the requests are held before they are cut.</summary>
    public double HoldS { get; set; } = 2;

    /// <summary>For open loads: the rate over time, from <see cref="Rate"/> (see <see cref="Load.RateSchedule"/>).</summary>
    public List<RateStageSpec> Stages { get; set; } = [];
}

/// <summary>A stage of an open load: over <see cref="ForS"/> seconds the rate goes linearly to <see cref="Rate"/>.</summary>
public sealed class RateStageSpec
{
    public double ForS { get; set; }

    public double Rate { get; set; }
}

public sealed class SweepSpec
{
    public List<int> Concurrency { get; set; } = [];

    public List<double> Rate { get; set; } = [];

    /// <summary>The same load on 1, 2, ... replicas of each (local) model, calls spread over them.</summary>
    public List<int> Replicas { get; set; } = [];

    /// <summary>A model's curve ends at the first level with more failures than this share.</summary>
    public double MaxErrorRate { get; set; } = 0.01;

    /// <summary>... or where its worker's resident memory passes this budget.</summary>
    public long MaxRssMb { get; set; } = 16_384;

    /// <summary>... or, when the ideal throughput is known, where it serves less than this share of it.</summary>
    public double MinIdealShare { get; set; }

    /// <summary>The same rules over replica counts instead of this sweep's levels.</summary>
    public SweepSpec WithReplicas(List<int> replicas) => new()
    {
        Replicas = replicas,
        MaxErrorRate = MaxErrorRate,
        MaxRssMb = MaxRssMb,
        MinIdealShare = MinIdealShare,
    };
}

public sealed class ChessSpec
{
    public int Boards { get; set; } = 24;

    public int Moves { get; set; } = 30;

    /// <summary>The champion's thinking time per move, in story seconds (CPU work).</summary>
    public double MoveSeconds { get; set; } = 5;

    /// <summary>An opponent's thinking time per move, in story seconds (waiting).</summary>
    public double ReplySeconds { get; set; } = 55;

    /// <summary>Run seconds per story second: 0.0002 plays a 5 s move in 1 ms.</summary>
    public double TimeScale { get; set; } = 0.0002;
}
