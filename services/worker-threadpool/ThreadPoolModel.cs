using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using Simul.Contracts.V1;
using Simul.Grpc.Protocol;
using Simul.WorkerHost;
using Simul.Workloads;
using Simul.Workloads.Accounting;
using Simul.Workloads.Waiting;

namespace Simul.WorkerThreadPool;

/// <summary>
/// The thread-pool model. A fixed set of OS threads each takes one request from a queue and
/// runs it start to end with blocking calls (a timed wait, synchronous <c>HttpClient.Send</c>):
/// while the request waits, its thread waits with it. With every thread busy, new requests
/// queue; past <see cref="WorkerSettings.MaxQueue"/> they are refused (RESOURCE_EXHAUSTED).
/// In <see cref="ThreadPoolMode.Shared"/> mode the threads are the .NET ThreadPool's instead.
/// </summary>
public sealed class ThreadPoolModel : IConcurrencyModel, IDisposable
{
    private readonly Workload _workload;
    private readonly int _maxQueue;
    private readonly BlockingCollection<Job> _queue = [];
    private readonly Thread[] _threads;
    private readonly ThreadPoolMode _mode;
    private int _waiting;

    public ThreadPoolModel(IOptions<ThreadPoolSettings> options, IOptions<WorkerSettings> shared, HttpClient upstreamHttp)
    {
        var settings = options.Value;
        _workload = new Workload(new BlockingWaits(upstreamHttp), shared.Value.Upstream);
        _maxQueue = shared.Value.MaxQueue;
        _mode = settings.ThreadPoolMode;
        _threads = _mode == ThreadPoolMode.Shared ? [] : [.. Enumerable.Range(0, settings.PoolThreads).Select(StartThread)];
        Name = _mode == ThreadPoolMode.Shared ? "threadpool-shared" : "threadpool";
        Settings = new Dictionary<string, string>
        {
            ["pool_threads"] = _mode == ThreadPoolMode.Shared ? "dotnet default" : settings.PoolThreads.ToString(CultureInfo.InvariantCulture),
            ["thread_pool_mode"] = _mode.ToString().ToLowerInvariant(),
        };
    }

    public string Name { get; }

    public int QueueLength => Volatile.Read(ref _waiting);

    public IReadOnlyDictionary<string, string> Settings { get; }

    public Task<long> RunAsync(WorkItem item, RequestTiming timing, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _waiting) > _maxQueue)
        {
            Interlocked.Decrement(ref _waiting);
            throw new RpcException(StatusCode.ResourceExhausted, $"all threads are busy and {_maxQueue} requests are queued already");
        }

        var job = new Job(this, item, timing, cancellationToken);
        if (_mode == ThreadPoolMode.Shared)
        {
            // QueueUserWorkItem carries the caller's context (and trace) along by itself.
            ThreadPool.QueueUserWorkItem(static job => job.Owner.Run(job), job, preferLocal: false);
        }
        else
        {
            _queue.Add(job, CancellationToken.None);
        }

        return job.Completion.Task;
    }

    public void Dispose() => _queue.CompleteAdding();

    private Thread StartThread(int index)
    {
        var thread = new Thread(() =>
        {
            foreach (var job in _queue.GetConsumingEnumerable())
            {
                // Run with the caller's context, so the request's trace continues on this thread.
                ExecutionContext.Run(job.Context, static state => ((Job)state!).Owner.Run((Job)state!), job);
            }
        })
        {
            IsBackground = true,
            Name = $"pool thread {index}",
        };
        thread.Start();
        return thread;
    }

    private void Run(Job job)
    {
        Interlocked.Decrement(ref _waiting);
        job.Timing.EndQueue(job.Queued);
        job.Timing.ThreadId = Environment.CurrentManagedThreadId;
        try
        {
            job.CancellationToken.ThrowIfCancellationRequested();

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

        public long Queued { get; } = Stopwatch.GetTimestamp();

        public ExecutionContext Context { get; } = ExecutionContext.Capture()!;

        public TaskCompletionSource<long> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
