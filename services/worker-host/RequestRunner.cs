using System.Diagnostics;
using Grpc.Core;
using Simul.Contracts.V1;
using Simul.Workloads;
using Simul.Workloads.Accounting;

namespace Simul.WorkerHost;

/// <summary>
/// One work request, start to end: admitted only while fewer than
/// <see cref="WorkerSettings.MaxInFlight"/> are in flight (else RESOURCE_EXHAUSTED; every refusal
/// counted, the model's full queue too), validated, handed to the model with its timing, and
/// answered with the value and where the time went; a <see cref="WorkloadException"/> (bad input,
/// a full queue, upstream down, a child that failed) becomes the call's status with its message,
/// which names the field or the cause (any other exception is left to Grpc.AspNetCore: UNKNOWN,
/// logged and not in the reply); its duration, status and phases are recorded however it ends.
/// One method rather than a gRPC interceptor each: every layer of interceptors keeps its own state
/// for as long as a request waits, and with 10,000 requests that only wait the three held about
/// 10 KiB of the worker's memory a request (docs/results/memory-2026-12-03-bare-server).
/// </summary>
public sealed class RequestRunner(IConcurrencyModel model, WorkerStats stats, WorkerMetrics metrics)
{
    public async Task<WorkReply> RunAsync(WorkItem item, string workload, ServerCallContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var status = StatusCode.Unknown;
        RequestTiming? timing = null;
        WorkReply? reply = null;
        try
        {
            if (!stats.TryEnter())
            {
                stats.CountRejected();
                throw new RpcException(new Status(StatusCode.ResourceExhausted, $"{stats.MaxInFlight} requests are in flight already"));
            }

            using (metrics.Enter(workload))
            {
                try
                {
                    WorkloadLimits.Validate(item);
                    timing = new RequestTiming(item.WantsTimeline());
                    reply = Reply(await model.RunAsync(item, timing, context.CancellationToken), timing);
                    status = StatusCode.OK;
                    return reply;
                }
                catch (WorkloadException e)
                {
                    if (e.Error == WorkloadError.ResourceExhausted)
                    {
                        stats.CountRejected(); // the model's queue is full
                    }

                    throw new RpcException(new Status((StatusCode)(int)e.Error, e.Message));
                }
                finally
                {
                    stats.Exit(completed: reply is not null);
                }
            }
        }
        catch (RpcException e)
        {
            status = e.StatusCode;
            throw;
        }
        catch (OperationCanceledException)
        {
            status = context.Deadline <= DateTime.UtcNow ? StatusCode.DeadlineExceeded : StatusCode.Cancelled;
            throw;
        }
        finally
        {
            // A refused request has no timing: its time here, no phase.
            metrics.Record(workload, reply?.Timing ?? timing?.Finish(), Stopwatch.GetElapsedTime(started), status);
        }
    }

    private WorkReply Reply(long value, RequestTiming timing)
    {
        var reply = new WorkReply
        {
            Value = value,
            Model = model.Name,
            Pid = timing.ProcessId,
            Timing = timing.Finish(),
            ThreadId = timing.ThreadId,
        };
        TagRequestSpan(reply, timing.Phases);
        return reply;
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
        span.SetTag("simul.ready_us", reply.Timing.ReadyUs);
        span.SetTag("simul.lock_us", reply.Timing.LockUs);
        span.SetTag("simul.total_us", reply.Timing.TotalUs);
        span.SetTag("simul.phases", phases);
        span.SetTag("simul.phases_detailed", Math.Min(phases, RequestTiming.DetailedPhaseLimit));
        span.SetTag("process.pid", reply.Pid);
        span.SetTag("thread.id", reply.ThreadId);
    }
}
