namespace Simul.Orchestrator.Report;

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

/// <summary>The retry policy and what it did over every work call of the row (warm-up and
/// baselines included): calls made, attempts retried, and so attempts per call, the amplification
/// the worker saw.</summary>
public sealed record RetryCounts(string Policy, long Calls, long Retried)
{
    public double AttemptsPerCall => Calls > 0 ? (Calls + Retried) / (double)Calls : 0;
}
