using System.Diagnostics;
using Simul.Workloads;
using Simul.Workloads.Accounting;

namespace Simul.WorkerHost;

/// <summary>
/// The queue in front of what a model has only so many of (pool threads, child slots, the event
/// loop). A request joins it, or is refused with RESOURCE_EXHAUSTED when
/// <see cref="WorkerSettings.MaxQueue"/> wait already (admission counts the refusal); it leaves
/// when it starts, which ends its queue phase, or when it gives up (cancelled while waiting).
/// One gate for every model, so every model queues and refuses alike.
/// </summary>
public sealed class QueueGate(int maxQueue, string whatIsBusy)
{
    private readonly CountingLimit _waiting = new(maxQueue);

    /// <summary>Requests waiting now.</summary>
    public int Length => _waiting.Count;

    /// <summary>A place in the queue, or RESOURCE_EXHAUSTED saying <paramref name="whatIsBusy"/>
    /// (e.g. "all threads are busy") when the queue is full.</summary>
    public Place Join() => _waiting.TryEnter()
        ? new Place(_waiting)
        : throw new WorkloadException(WorkloadError.ResourceExhausted, $"{whatIsBusy} and {maxQueue} requests are queued already");

    /// <summary>One request's place: <see cref="Start"/> leaves the queue and records the time
    /// spent in it; disposing leaves it without (it never started). Leaving happens once.</summary>
    public sealed class Place(CountingLimit waiting) : IDisposable
    {
        private readonly long _joined = Stopwatch.GetTimestamp();
        private int _left;

        public void Start(RequestTiming timing)
        {
            if (Leave())
            {
                timing.EndQueue(_joined);
            }
        }

        public void Dispose() => Leave();

        private bool Leave()
        {
            if (Interlocked.Exchange(ref _left, 1) != 0)
            {
                return false;
            }

            waiting.Exit();
            return true;
        }
    }
}
