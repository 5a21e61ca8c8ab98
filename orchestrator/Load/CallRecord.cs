using Simul.Contracts.V1;

namespace Simul.Orchestrator.Load;

/// <summary>How one call ended: "OK", a gRPC status name (DEADLINE_EXCEEDED, ...), or
/// WRONG_ANSWER when the reply's value is not the one expected.</summary>
public sealed record CallOutcome(string Status, WorkReply? Reply, string? TraceId)
{
    public const string Ok = "OK";

    public bool IsOk => Status == Ok;
}

/// <summary>Where a call falls against the measured window. Every call is accounted for in one
/// of them; only the measured ones make the figures.</summary>
public enum CallWindow
{
    /// <summary>Before the window: the warm-up (JIT, connections, the first round of a closed load).</summary>
    WarmUp,

    /// <summary>In the window (closed load: ended in it; open load: sent in it; batch: every call).</summary>
    Measured,

    /// <summary>Closed load: still in flight when the window closed; waited for, then set aside.</summary>
    AfterWindow,

    /// <summary>Hold load: cancelled by the load at its hold time, by design (not a failure).</summary>
    Cut,
}

/// <summary>One call on the load's clock: when it was meant to be sent, when it was, when it ended.
/// Latency counts from the intended time, so a sender held up by a slow server cannot hide it.</summary>
public sealed record CallRecord(long IntendedUs, long SentUs, long EndUs, CallOutcome Outcome, CallWindow Window)
{
    public double LatencyMs => (EndUs - IntendedUs) / 1000.0;

    public bool Measured => Window == CallWindow.Measured;
}

/// <summary>
/// What a load produced: every call, and the measured window on the load's clock.
/// <see cref="Callers"/> is the closed load's concurrency (0 otherwise: the basis of the
/// Little's-law check); <see cref="WarmUpSettled"/> says whether the warm-up ended because the
/// rate had settled (false: it hit its limit while the rate still moved).
/// </summary>
public sealed record LoadResult(
    IReadOnlyList<CallRecord> Calls,
    long WindowStartUs,
    long WindowEndUs,
    long LateSends,
    int Callers = 0,
    double WarmUpSeconds = 0,
    bool WarmUpSettled = true)
{
    public double MeasuredSeconds => (WindowEndUs - WindowStartUs) / 1e6;
}

/// <summary>Sends one planned request and says how it ended; never throws for a failed call.</summary>
public delegate Task<CallOutcome> SendCall(Scenario.PlannedRequest request, CancellationToken cancellationToken);
