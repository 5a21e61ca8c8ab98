using System.Diagnostics;
using Grpc.Core;
using Simul.Contracts.V1;
using Simul.Orchestrator.Load;
using Simul.Orchestrator.Running;
using Simul.Orchestrator.Targets;

namespace Simul.Orchestrator.Running;

/// <summary>What the worker looked like during one run: peaks of threads, children, memory (the
/// worker's RSS and its children's PSS) and requests in flight, sampled with Describe; its memory
/// before; the CPU it used (children's included); what it said of itself before the run (its
/// settings, for display, and its capabilities); how many replicas answered; and how many
/// requests expired in its queue (their caller went before they started).</summary>
public sealed record ResourceSample(
    int PeakThreads,
    int PeakChildren,
    long PeakMemoryBytes,
    long BaselineMemoryBytes,
    int PeakInFlight,
    long Spawned,
    double CpuSeconds = 0,
    IReadOnlyDictionary<string, string>? Settings = null,
    double SlotSeconds = 0,
    double SampledSeconds = 0,
    IReadOnlyList<UsageSample>? Timeline = null,
    Capabilities? Capabilities = null,
    int Replicas = 1,
    long ExpiredInQueue = 0)
{
    public static ResourceSample None { get; } = new(0, 0, 0, 0, 0, 0);
}

/// <summary>What had been used so far, at a moment on the load's clock: CPU seconds, the worker's
/// (its replicas' and reaped children's together) and this orchestrator's own; the process
/// model's child-slot seconds and children spawned; the requests running then (in flight and
/// not queued: computing, or in their waits); and the worker's state then (the replicas summed):
/// requests in flight and queued, threads, child processes and memory.</summary>
public sealed record UsageSample(long AtUs, double WorkerSeconds, double GeneratorSeconds, double SlotSeconds, long Spawned, int Running = 0)
{
    public WorkerState State { get; init; } = WorkerState.Idle;
}

/// <summary>The worker at one Describe: requests in flight and queued, threads, child processes,
/// and memory (RSS and the children's PSS), its replicas summed.</summary>
public sealed record WorkerState(int InFlight, int Queued, int Threads, int Children, long MemoryBytes)
{
    public static WorkerState Idle { get; } = new(0, 0, 0, 0, 0);
}

/// <summary>
/// Polls Describe while a load runs, every replica of the target, and sums them: a model on two
/// replicas uses both one's threads and the other's. Replicas are told apart by the instance each
/// reply names, so a balanced target (dns:///, Dapr), where each Describe may reach another pod,
/// is summed over the pods it reached; a pod first seen mid-run counts from then. A replica that
/// stops answering keeps its last values.
/// </summary>
public sealed class ResourceSampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private readonly IReadOnlyList<WorkerConnection> _connections;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, WorkerInfo> _first = [];
    private readonly Dictionary<string, WorkerInfo> _latest = [];
    private readonly Stopwatch _sampling = Stopwatch.StartNew();
    private readonly List<UsageSample> _timeline = [];
    private readonly Task _polling;
    private int _peakThreads;
    private int _peakChildren;
    private long _peakMemory;
    private int _peakInFlight;
    private double _jitSeconds;

    private ResourceSampler(IReadOnlyList<WorkerConnection> connections, WorkerInfo?[] before)
    {
        _connections = connections;
        Remember(before);
        _polling = PollAsync();
    }

    public static Task<ResourceSampler> StartAsync(WorkerConnection worker) => StartAsync([worker]);

    public static async Task<ResourceSampler> StartAsync(IReadOnlyList<WorkerConnection> connections) =>
        new(connections, await Task.WhenAll(connections.Select(c => TryDescribeAsync(c, CancellationToken.None))));

    /// <summary>Stops polling and returns the peaks (one last Describe included).</summary>
    public async Task<ResourceSample> StopAsync()
    {
        await _stop.CancelAsync();
        await _polling;
        await ObserveAllAsync(CancellationToken.None);
        return new ResourceSample(_peakThreads, _peakChildren, _peakMemory, _first.Values.Sum(Memory), _peakInFlight,
            (long)Delta(i => i.Spawned), Delta(i => i.CpuSeconds), Settings(), Delta(i => i.SlotSeconds), _sampling.Elapsed.TotalSeconds, [.. _timeline],
            _first.Values.FirstOrDefault()?.Capabilities, Math.Max(1, _first.Count), (long)Delta(i => i.ExpiredInQueue));
    }

    /// <summary>Seconds the replicas have spent compiling since sampling began, as of the last
    /// sample: the warm-up waits for this to stop growing.</summary>
    public double JitSeconds => Volatile.Read(ref _jitSeconds);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _polling;
        _stop.Dispose();
    }

    /// <summary>The settings the first replica reported, and how many replicas answered when more did.</summary>
    private IReadOnlyDictionary<string, string>? Settings()
    {
        var first = _first.Values.FirstOrDefault();
        if (first is null || _first.Count == 1)
        {
            return first?.Settings;
        }

        return new Dictionary<string, string>(first.Settings) { ["replicas"] = _first.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) };
    }

    /// <summary>How much a counter grew over the run, summed over the replicas.</summary>
    private double Delta(Func<WorkerInfo, double> of) =>
        _latest.Sum(pair => Math.Max(0, of(pair.Value) - of(_first[pair.Key])));

    private async Task PollAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            await ObserveAllAsync(_stop.Token);
            try
            {
                await Task.Delay(Interval, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Describes every connection at once, and keeps the peaks of the replicas' sums.</summary>
    private async Task ObserveAllAsync(CancellationToken cancellationToken)
    {
        var infos = await Task.WhenAll(_connections.Select(c => TryDescribeAsync(c, cancellationToken)));
        Remember(infos);
        if (_latest.Count == 0)
        {
            return;
        }

        // A point of the timeline only when every replica answered this round: a replica's last
        // value stamped with this moment would date its counters later than they grew, and the
        // CPU per reply between two such points would count CPU of before the window.
        if (infos.All(i => i is not null))
        {
            using var self = Process.GetCurrentProcess();
            var now = _latest.Values;
            _timeline.Add(new UsageSample(SystemClock.Instance.NowUs, Delta(i => i.CpuSeconds), self.TotalProcessorTime.TotalSeconds,
                Delta(i => i.SlotSeconds), (long)Delta(i => i.Spawned), now.Sum(i => i.InFlight - i.QueueLength))
            {
                State = new WorkerState(now.Sum(i => i.InFlight), now.Sum(i => i.QueueLength), now.Sum(i => i.Threads), now.Sum(i => i.ChildProcesses), now.Sum(Memory)),
            });
        }

        var known = _latest.Values;
        _peakThreads = Math.Max(_peakThreads, known.Sum(i => i.Threads));
        _peakChildren = Math.Max(_peakChildren, known.Sum(i => i.ChildProcesses));
        _peakMemory = Math.Max(_peakMemory, known.Sum(Memory));
        _peakInFlight = Math.Max(_peakInFlight, known.Sum(i => i.InFlight));
        Volatile.Write(ref _jitSeconds, Delta(i => i.JitSeconds));
    }

    private void Remember(WorkerInfo?[] infos)
    {
        for (var i = 0; i < infos.Length; i++)
        {
            if (infos[i] is not { } info)
            {
                continue;
            }

            // A reply that names no instance (a worker built before the field) is told apart by connection and pid.
            var key = info.Instance.Length > 0 ? info.Instance : $"{i}:{info.Pid}";
            _first.TryAdd(key, info);
            _latest[key] = info;
        }
    }

    /// <summary>The process model's memory is the worker's and its children's together; the
    /// children's as PSS, so pages they share (the same program) are counted once, not per child.</summary>
    private static long Memory(WorkerInfo info) => info.RssBytes + info.ChildrenPssBytes;

    private static async Task<WorkerInfo?> TryDescribeAsync(WorkerConnection client, CancellationToken cancellationToken)
    {
        // Not a request: no trace (the workers leave Describe out of theirs too).
        Activity.Current = null;
        try
        {
            return await client.DescribeAsync(new CallOptions(deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: cancellationToken));
        }
        catch (Exception)
        {
            // Sampling must never end the run: a replica that does not answer (down, restarting,
            // past the deadline, or the sampling stopped) keeps its last values.
            return null;
        }
    }
}
