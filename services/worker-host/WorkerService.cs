using System.Diagnostics;
using Microsoft.Extensions.Options;
using Simul.Contracts.V1;
using Simul.Grpc.Protocol;
using Simul.Grpc.Server;
using Simul.Workloads;
using Simul.Workloads.Accounting;

namespace Simul.WorkerHost;

/// <summary>
/// simul.v1.Worker for any model: validate (INVALID_ARGUMENT), admit (RESOURCE_EXHAUSTED past
/// MaxInFlight), hand the request to the model, and answer with its value and timing.
/// </summary>
public sealed class WorkerService(IConcurrencyModel model, WorkerStats stats, IOptions<WorkerSettings> settings, WorkerMetrics metrics)
{
    public Task<WorkReply> Prime(PrimeRequest request, ServerCallContext context) =>
        RunAsync(new WorkItem { Prime = request }, context);

    public Task<WorkReply> Fetch(FetchRequest request, ServerCallContext context) =>
        RunAsync(new WorkItem { Fetch = request }, context);

    public Task<WorkReply> Steps(StepsRequest request, ServerCallContext context) =>
        RunAsync(new WorkItem { Steps = request }, context);

    public Task<WorkerInfo> Describe(DescribeRequest request, ServerCallContext context)
    {
        var (threads, rss, children) = stats.Sample();
        var (peakThreads, peakRss, peakChildren) = stats.Peaks();
        var info = new WorkerInfo
        {
            Model = model.Name,
            Pid = Environment.ProcessId,
            Threads = threads,
            ChildProcesses = children,
            InFlight = stats.InFlight,
            Completed = stats.Completed,
            RssBytes = rss,
            QueueLength = model.QueueLength,
            Rejected = stats.Rejected,
            PeakThreads = peakThreads,
            PeakChildProcesses = peakChildren,
            PeakRssBytes = peakRss,
            Spawned = model.Spawned,
            ChildrenRssBytes = model.ChildrenRssBytes,
        };
        info.Settings.Add(AllSettings(model, settings.Value));
        return Task.FromResult(info);
    }

    /// <summary>The model's settings and the shared ones, as Describe and the start log show them.</summary>
    public static Dictionary<string, string> AllSettings(IConcurrencyModel model, WorkerSettings shared)
    {
        var all = new Dictionary<string, string>(model.Settings)
        {
            ["upstream"] = shared.Upstream.ToString(),
            ["max_queue"] = shared.MaxQueue.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["max_in_flight"] = shared.MaxInFlight.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["work_clock"] = Simul.Workloads.Cpu.ThreadCpuClock.IsThreadCpuTime ? "thread cpu time" : "wall time (no per-thread cpu clock here)",
        };
        return all;
    }

    private async Task<WorkReply> RunAsync(WorkItem item, ServerCallContext context)
    {
        var workload = item.WorkloadCase.ToString().ToLowerInvariant();
        try
        {
            WorkloadLimits.Validate(item);
        }
        catch (WorkloadException e)
        {
            throw new RpcException(StatusCode.InvalidArgument, e.Message);
        }

        if (!stats.TryEnter(settings.Value.MaxInFlight))
        {
            stats.CountRejected();
            throw new RpcException(StatusCode.ResourceExhausted, $"{settings.Value.MaxInFlight} requests are in flight already");
        }

        var timing = new RequestTiming();
        var completed = false;
        using var inFlight = metrics.Enter(workload);
        try
        {
            var value = await model.RunAsync(item, timing, context.CancellationToken);
            var reply = new WorkReply
            {
                Value = value,
                Model = model.Name,
                Pid = timing.ProcessId,
                Timing = timing.Finish(),
                ThreadId = timing.ThreadId,
            };
            completed = true;
            TagRequestSpan(reply, timing.Phases);
            metrics.Record(workload, reply.Timing, StatusCode.OK);
            return reply;
        }
        catch (WorkloadException e)
        {
            throw Recorded(new RpcException((StatusCode)(int)e.Error, e.Message), workload, timing);
        }
        catch (RpcException e)
        {
            if (e.StatusCode == StatusCode.ResourceExhausted)
            {
                stats.CountRejected();
            }

            throw Recorded(e, workload, timing);
        }
        finally
        {
            stats.Exit(completed);
        }
    }

    private RpcException Recorded(RpcException e, string workload, RequestTiming timing)
    {
        metrics.Record(workload, timing.Finish(), e.StatusCode);
        return e;
    }

    // The totals go on the request's server span, so a trace search can filter on them.
    private static void TagRequestSpan(WorkReply reply, int phases)
    {
        if (Activity.Current is not { } span)
        {
            return;
        }

        span.SetTag("simul.model", reply.Model);
        span.SetTag("simul.queue_us", reply.Timing.QueueUs);
        span.SetTag("simul.spawn_us", reply.Timing.SpawnUs);
        span.SetTag("simul.work_us", reply.Timing.WorkUs);
        span.SetTag("simul.wait_us", reply.Timing.WaitUs);
        span.SetTag("simul.total_us", reply.Timing.TotalUs);
        span.SetTag("simul.phases", phases);
        span.SetTag("simul.phases_detailed", Math.Min(phases, RequestTiming.DetailedPhaseLimit));
        span.SetTag("process.pid", reply.Pid);
        span.SetTag("thread.id", reply.ThreadId);
    }
}
