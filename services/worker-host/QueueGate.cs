using System.Diagnostics;
using Simul.Workloads;
using Simul.Workloads.Accounting;

namespace Simul.WorkerHost;

/// <summary>
/// The queue in front of what a model has only so many of (pool threads, child slots, the event
/// loop). A request joins it, or is refused with RESOURCE_EXHAUSTED when
/// <see cref="WorkerSettings.MaxQueue"/> wait already (admission counts the refusal); it leaves
/// when it starts, which ends its queue phase, or the moment its caller stops waiting (the
/// deadline passed, or the call was cancelled): then it is counted as expired and never starts,
/// and its place is free at once, so a burst of requests dead in the queue neither fills it nor
/// holds a thread, a child or the loop. One gate for every model, so every model queues alike.
/// </summary>
public sealed class QueueGate(int maxQueue, string whatIsBusy)
{
    private readonly CountingLimit _waiting = new(maxQueue);
    private long _expired;
    private long _started;

    /// <summary>Requests waiting now.</summary>
    public int Length => _waiting.Count;

    /// <summary>Requests that left the queue without starting, their caller gone.</summary>
    public long Expired => Interlocked.Read(ref _expired);

    /// <summary>Requests that left the queue to start (Describe's <c>started</c>): with
    /// <see cref="Length"/> it tells a request on its way to the queue from one that runs.</summary>
    public long Started => Interlocked.Read(ref _started);

    /// <summary>Counts a request that starts as it arrives, with nothing to wait for (a model
    /// whose requests hold no thread, slot or loop).</summary>
    public void StartAtOnce() => Interlocked.Increment(ref _started);

    /// <summary>A place in the queue, or RESOURCE_EXHAUSTED saying <paramref name="whatIsBusy"/>
    /// (e.g. "all threads are busy") when the queue is full. When <paramref name="callerGone"/>
    /// fires first, the place is left and <paramref name="expired"/> runs (so the model can end
    /// the call without waiting for a thread or the loop to reach it).</summary>
    public Place Join(CancellationToken callerGone, Action? expired = null)
    {
        if (!_waiting.TryEnter())
        {
            throw new WorkloadException(WorkloadError.ResourceExhausted, $"{whatIsBusy} and {maxQueue} requests are queued already");
        }

        var place = new Place(this, expired);
        place.LeaveWhen(callerGone);
        return place;
    }

    /// <summary>One request's place, left once: by <see cref="TryStart"/>, or by its caller going
    /// (counted as expired). Disposing it leaves it as an expiry when it never started.</summary>
    public sealed class Place : IDisposable
    {
        private readonly QueueGate _gate;
        private readonly Action? _expired;
        private readonly long _joined = Stopwatch.GetTimestamp();
        private CancellationTokenRegistration _callerGone;
        private int _left;

        internal Place(QueueGate gate, Action? expired)
        {
            _gate = gate;
            _expired = expired;
        }

        /// <summary>Leaves the queue to start, recording the time spent in it; false when the
        /// request expired in the queue already, and must not start.</summary>
        public bool TryStart(RequestTiming timing)
        {
            if (!Leave())
            {
                return false;
            }

            _callerGone.Dispose();
            Interlocked.Increment(ref _gate._started);
            timing.EndQueue(_joined);
            return true;
        }

        public void Dispose() => Expire();

        internal void LeaveWhen(CancellationToken callerGone) =>
            _callerGone = callerGone.UnsafeRegister(static place => ((Place)place!).Expire(), this);

        private void Expire()
        {
            if (!Leave())
            {
                return;
            }

            Interlocked.Increment(ref _gate._expired);
            _expired?.Invoke();
        }

        private bool Leave()
        {
            if (Interlocked.Exchange(ref _left, 1) != 0)
            {
                return false;
            }

            _gate._waiting.Exit();
            return true;
        }
    }
}
