using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using Simul.Contracts.V1;
using Simul.WorkerHost;
using Simul.Workloads;
using Simul.Workloads.Accounting;
using Simul.Workloads.Waiting;

namespace Simul.WorkerThreadPool;

/// <summary>
/// The thread-pool model. A fixed set of OS threads each takes one request from a queue and
/// runs it start to end with blocking calls (a timed wait, synchronous <c>HttpClient.Send</c>):
/// while the request waits, its thread waits with it. A thread is started when a request finds
/// none idle, up to <see cref="ThreadPoolSettings.PoolThreads"/>, and then kept. With every
/// thread busy, new requests queue; past <see cref="WorkerSettings.MaxQueue"/> they are refused
/// (RESOURCE_EXHAUSTED); one whose caller goes while it waits never runs. In <see cref="ThreadPoolMode.Shared"/> mode the threads are the .NET
/// ThreadPool's instead.
/// </summary>
public sealed class ThreadPoolModel : IConcurrencyModel, IDisposable
{
    private readonly Workload _workload;
    private readonly QueueGate _gate;
    private readonly BlockingCollection<Job> _queue = [];
    private readonly ThreadPoolMode _mode;
    private readonly int _poolThreads;
    private int _threads;
    private int _idle;

    public ThreadPoolModel(IOptions<ThreadPoolSettings> options, IOptions<WorkerSettings> shared, HttpClient upstreamHttp)
    {
        var settings = options.Value;
        _workload = new Workload(new BlockingWaits(upstreamHttp), shared.Value.Upstream);
        _gate = new QueueGate(shared.Value.MaxQueue, "all threads are busy");
        _mode = settings.ThreadPoolMode;
        _poolThreads = settings.PoolThreads;
        var isShared = _mode == ThreadPoolMode.Shared;
        Name = isShared ? "threadpool-shared" : "threadpool";
        Settings = new Dictionary<string, string>
        {
            ["pool_threads"] = isShared ? "dotnet default" : settings.PoolThreads.ToString(CultureInfo.InvariantCulture),
            ["thread_pool_mode"] = _mode.ToString().ToLowerInvariant(),
        };
        Capabilities = new Capabilities
        {
            Family = Family.Threads,
            // The shared .NET pool has no fixed size: it adds threads as it sees fit.
            Limit = new ConcurrencyLimit { Kind = ConcurrencyLimit.Types.Kind.Threads, Count = isShared ? 0 : settings.PoolThreads },
            Compute = new ComputeLimit { Kind = ComputeLimit.Types.Kind.Cores },
            Detail = isShared ? ".NET pool" : "",
        };
    }

    public string Name { get; }

    public QueueGate Queue => _gate;

    public IReadOnlyDictionary<string, string> Settings { get; }

    public Capabilities Capabilities { get; }

    public Task<long> RunAsync(WorkItem item, RequestTiming timing, CancellationToken cancellationToken)
    {
        var job = new Job(this, item, timing, cancellationToken);
        job.Place = _gate.Join(cancellationToken, job.Expired);
        if (_mode == ThreadPoolMode.Shared)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static job => job.RunInCallersContext(), job, preferLocal: false);
        }
        else
        {
            _queue.Add(job, CancellationToken.None);
            StartThreadIfNeeded();
        }

        return job.Completion.Task;
    }

    public void Dispose() => _queue.CompleteAdding();

    private void StartThreadIfNeeded()
    {
        int started;
        do
        {
            // Every waiting request needs an idle thread of its own; one idle thread is not enough for two.
            started = Volatile.Read(ref _threads);
            if (_gate.Length <= Volatile.Read(ref _idle) || started >= _poolThreads)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _threads, started + 1, started) != started);

        new Thread(ServeQueue) { IsBackground = true, Name = $"pool thread {started}" }.Start();
    }

    private void ServeQueue()
    {
        while (true)
        {
            Interlocked.Increment(ref _idle);
            var taken = _queue.TryTake(out var job, Timeout.Infinite);
            Interlocked.Decrement(ref _idle);
            if (!taken)
            {
                return; // the worker is stopping
            }

            job!.RunInCallersContext();
        }
    }

    private void Run(Job job)
    {
        if (!job.Place.TryStart(job.Timing))
        {
            return; // expired in the queue: its call has ended already
        }

        job.Timing.ThreadId = Environment.CurrentManagedThreadId;
        try
        {
            job.Completion.SetResult(_workload.Run(job.Item, job.Timing, job.CancellationToken));
        }
        catch (Exception e)
        {
            job.Completion.SetException(e);
        }
    }

    private sealed class Job(ThreadPoolModel owner, WorkItem item, RequestTiming timing, CancellationToken cancellationToken)
    {
        public ThreadPoolModel Owner { get; } = owner;

        public WorkItem Item { get; } = item;

        public RequestTiming Timing { get; } = timing;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public QueueGate.Place Place { get; set; } = null!;

        public TaskCompletionSource<long> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Ends the call of a job that expired in the queue, without waiting for a thread to reach it.</summary>
        public void Expired() => Completion.TrySetCanceled(CancellationToken);

        private ExecutionContext Context { get; } = ExecutionContext.Capture()!;

        /// <summary>Runs the job with the caller's context, so the request's trace continues on
        /// whichever thread (dedicated or the .NET pool's) runs it.</summary>
        public void RunInCallersContext() => ExecutionContext.Run(Context, static state => ((Job)state!).Owner.Run((Job)state!), this);
    }
}
