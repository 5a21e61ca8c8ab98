namespace Simul.WorkerAsync;

/// <summary>Settings of the async model (configuration section <c>Simul</c>).</summary>
public sealed class AsyncSettings
{
    /// <summary>Run every request on one single thread, as Python's asyncio does.</summary>
    public bool EventLoop { get; set; }

    /// <summary>Let other requests run every this many CPU steps (prime divisions, burn steps);
    /// 0 never yields, so one CPU-heavy request holds the loop until it is done.</summary>
    public long YieldEvery { get; set; }

    /// <summary>With the event loop: wait the way blocking code does (a timed wait, synchronous
    /// HTTP) instead of awaiting: the pitfall of <c>time.sleep</c> inside <c>async def</c>. The
    /// loop thread is held through every wait, so requests run one after another.</summary>
    public bool BlockingWaits { get; set; }
}
