namespace Simul.Orchestrator.Report;

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
