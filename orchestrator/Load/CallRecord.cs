using Simul.Contracts.V1;

namespace Simul.Orchestrator.Load;

/// <summary>How one call ended: "OK", a gRPC status name (DEADLINE_EXCEEDED, ...), or
/// WRONG_ANSWER when the reply's value is not the one expected.</summary>
public sealed record CallOutcome(string Status, WorkReply? Reply, string? TraceId)
{
    public const string Ok = "OK";

    public bool IsOk => Status == Ok;
}

/// <summary>One call on the load's clock: when it was meant to be sent, when it was, when it ended.
/// Latency counts from the intended time, so a sender held up by a slow server cannot hide it.</summary>
public sealed record CallRecord(long IntendedUs, long SentUs, long EndUs, CallOutcome Outcome, bool Measured)
{
    public double LatencyMs => (EndUs - IntendedUs) / 1000.0;
}

/// <summary>What a load produced: every call, the measured window, and sends that were late.</summary>
public sealed record LoadResult(IReadOnlyList<CallRecord> Calls, double MeasuredSeconds, long LateSends);

/// <summary>Sends one planned request and says how it ended; never throws for a failed call.</summary>
public delegate Task<CallOutcome> SendCall(Scenario.PlannedRequest request, CancellationToken cancellationToken);
