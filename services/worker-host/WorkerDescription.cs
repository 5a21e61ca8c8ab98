using System.Globalization;
using Microsoft.Extensions.Options;
using Simul.Contracts.V1;
using Simul.Workloads.Cpu;

namespace Simul.WorkerHost;

/// <summary>What Describe answers: the model, its live counters and peaks, and every setting.</summary>
public sealed class WorkerDescription(IConcurrencyModel model, WorkerStats stats, IOptions<WorkerSettings> settings)
{
    private static readonly string Instance = $"{Environment.MachineName}:{Environment.ProcessId}";

    public WorkerInfo Now()
    {
        var (threads, rss, children) = stats.Sample();
        var (peakThreads, peakRss, peakChildren) = stats.Peaks();
        var info = new WorkerInfo
        {
            Model = model.Name,
            Pid = Environment.ProcessId,
            Instance = Instance,
            Threads = threads,
            ChildProcesses = children,
            InFlight = stats.InFlight,
            Completed = stats.Completed,
            RssBytes = rss,
            QueueLength = model.Queue.Length,
            ExpiredInQueue = model.Queue.Expired,
            Started = model.Queue.Started,
            Rejected = stats.Rejected,
            PeakThreads = peakThreads,
            PeakChildProcesses = peakChildren,
            PeakRssBytes = peakRss,
            Spawned = model.Spawned,
            CpuSeconds = ProcessStats.CpuSeconds(),
            SlotSeconds = model.SlotSeconds,
            JitSeconds = System.Runtime.JitInfo.GetCompilationTime().TotalSeconds,
            Capabilities = Capabilities,
        };
        (info.ChildrenRssBytes, info.ChildrenPssBytes) = model.ChildrenMemory;
        info.Settings.Add(AllSettings());
        return info;
    }

    /// <summary>The model's capabilities with what every .NET worker shares: the runtime, the
    /// work clock and the limits of admission and the queue.</summary>
    public Capabilities Capabilities { get; } = Complete(model.Capabilities, settings.Value);

    private static Capabilities Complete(Capabilities ofModel, WorkerSettings shared)
    {
        var capabilities = ofModel.Clone();
        capabilities.Runtime = new Runtime { Name = "dotnet", Version = Environment.Version.ToString() };
        capabilities.WorkClock = ThreadCpuClock.IsThreadCpuTime ? WorkClock.ThreadCpu : WorkClock.Wall;
        capabilities.MaxQueue = shared.MaxQueue;
        capabilities.MaxInFlight = shared.MaxInFlight;
        return capabilities;
    }

    /// <summary>The model's settings and the shared ones, as Describe and the start log show them.</summary>
    public Dictionary<string, string> AllSettings() => new(model.Settings)
    {
        ["upstream"] = settings.Value.Upstream.ToString(),
        ["max_queue"] = settings.Value.MaxQueue.ToString(CultureInfo.InvariantCulture),
        ["max_in_flight"] = settings.Value.MaxInFlight.ToString(CultureInfo.InvariantCulture),
        ["work_clock"] = ThreadCpuClock.IsThreadCpuTime ? "thread cpu time" : "wall time (no per-thread cpu clock here)",
    };
}
