namespace Simul.WorkerAsync;

/// <summary>Settings of the async model (configuration section <c>Simul</c>).</summary>
public sealed class AsyncSettings
{
    /// <summary>Run every request on one single thread, as Python's asyncio does.</summary>
    public bool EventLoop { get; set; }

    /// <summary>Let other requests run every this many CPU steps (prime divisions, burn steps);
    /// 0 never yields, so one CPU-heavy request holds the loop until it is done.</summary>
    public long YieldEvery { get; set; }
}
