using System.Globalization;
using Microsoft.Extensions.Options;
using Simul.Contracts.V1;
using Simul.WorkerHost;
using Simul.Workloads;
using Simul.Workloads.Accounting;
using Simul.Workloads.Waiting;

namespace Simul.WorkerAsync;

/// <summary>
/// The async model. A request runs on whatever thread delivered it and awaits every wait
/// (<c>Task.Delay</c>, <c>HttpClient.SendAsync</c>): while it waits it holds no thread, so a
/// few threads serve any number of waiting requests. There is no queue: a request starts at once.
///
/// With <see cref="AsyncSettings.EventLoop"/> every request instead runs on one thread, the
/// event loop; requests queue for the loop (past <see cref="WorkerSettings.MaxQueue"/> waiting to
/// start they are refused, and one whose caller goes never starts), and CPU work holds it until it yields
/// (<see cref="AsyncSettings.YieldEvery"/>). With <see cref="AsyncSettings.BlockingWaits"/> as
/// well, the waits block the loop thread (the pitfall: a blocking call inside async code).
/// </summary>
public sealed class AsyncModel : IConcurrencyModel, IDisposable
{
    private readonly Workload _workload;
    private readonly EventLoop? _loop;
    private readonly QueueGate _gate;

    public AsyncModel(IOptions<AsyncSettings> options, IOptions<WorkerSettings> shared, HttpClient upstreamHttp)
    {
        var settings = options.Value;
        if (settings.BlockingWaits && !settings.EventLoop)
        {
            throw new InvalidOperationException("Simul:BlockingWaits is the event loop's pitfall: it needs Simul:EventLoop=true (blocking on the thread pool is the threadpool model)");
        }

        IWaitingStyle waits = settings.BlockingWaits ? new BlockingWaits(upstreamHttp) : new AwaitedWaits(upstreamHttp, settings.YieldEvery);
        _workload = new Workload(waits, shared.Value.Upstream);
        _loop = settings.EventLoop ? new EventLoop() : null;
        _gate = new QueueGate(shared.Value.MaxQueue, "the event loop is busy");
        Name = (settings.EventLoop, settings.BlockingWaits) switch
        {
            (true, true) => "async-loop-blocking",
            (true, false) => "async-loop",
            _ => "async",
        };
        Settings = new Dictionary<string, string>
        {
            ["event_loop"] = settings.EventLoop ? "true" : "false",
            ["yield_every"] = settings.YieldEvery.ToString(CultureInfo.InvariantCulture),
            ["blocking_waits"] = settings.BlockingWaits ? "true" : "false",
        };
        Capabilities = CapabilitiesOf(settings);
    }

    public string Name { get; }

    /// <summary>Requests not yet started on the event loop (continuations of started ones, queued
    /// for the loop too, are not requests waiting).</summary>
    public QueueGate Queue => _gate;

    public string? NotReadyReason => _loop is { IsRunning: false } ? "the event loop thread has stopped" : null;

    public IReadOnlyDictionary<string, string> Settings { get; }

    public Capabilities Capabilities { get; }

    public Task<long> RunAsync(WorkItem item, RequestTiming timing, CancellationToken cancellationToken)
    {
        if (_loop is null)
        {
            _gate.StartAtOnce();
            timing.ThreadId = Environment.CurrentManagedThreadId;
            return _workload.RunAsync(item, timing, cancellationToken).AsTask();
        }

        var completion = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var place = _gate.Join(cancellationToken, () => completion.TrySetCanceled(cancellationToken));
        _loop.Run(completion, () =>
        {
            if (!place.TryStart(timing))
            {
                return null; // expired in the queue: its call has ended already
            }

            timing.ThreadId = Environment.CurrentManagedThreadId;
            return _workload.RunAsync(item, timing, cancellationToken).AsTask();
        });
        return completion.Task;
    }

    public void Dispose() => _loop?.Dispose();

    /// <summary>Awaits on a few threads hold nothing while they wait and compute on every core;
    /// the event loop computes on one thread, and with blocking waits it is held through them too.</summary>
    private static Capabilities CapabilitiesOf(AsyncSettings settings) => new()
    {
        Family = Family.Async,
        Limit = new ConcurrencyLimit
        {
            Kind = settings.BlockingWaits ? ConcurrencyLimit.Types.Kind.EventLoop : ConcurrencyLimit.Types.Kind.None,
            Count = settings.BlockingWaits ? 1 : 0,
        },
        Compute = settings.EventLoop
            ? new ComputeLimit { Kind = ComputeLimit.Types.Kind.EventLoop, Count = 1 }
            : new ComputeLimit { Kind = ComputeLimit.Types.Kind.Cores },
        WaitsBlockLoop = settings.BlockingWaits,
        // Blocking waits come with blocking code's CPU work, which runs to its end (BlockingWaits).
        YieldEvery = settings.EventLoop && !settings.BlockingWaits ? settings.YieldEvery : 0,
        Detail = !settings.EventLoop || settings.BlockingWaits ? "" : settings.YieldEvery > 0 ? "yield " + settings.YieldEvery.ToString(CultureInfo.InvariantCulture) : "never yields",
    };
}
