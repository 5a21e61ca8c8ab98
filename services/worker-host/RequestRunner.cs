using System.Diagnostics;
using Grpc.Core;
using Simul.Contracts.V1;
using Simul.Workloads;
using Simul.Workloads.Accounting;

namespace Simul.WorkerHost;

/// <summary>
/// One admitted request: validate it (a <see cref="WorkloadException"/> the error-mapping
/// interceptor turns into INVALID_ARGUMENT), hand it to the model with its timing, and answer
/// with the value and where the time went. The timing is left on the call for the metrics
/// interceptor, which records it however the call ends.
/// </summary>
public sealed class RequestRunner(IConcurrencyModel model)
{
    private static readonly object TimingKey = new();

    public async Task<WorkReply> RunAsync(WorkItem item, ServerCallContext context)
    {
        WorkloadLimits.Validate(item);
        var timing = new RequestTiming(item.WantsTimeline());
        context.UserState[TimingKey] = timing;
        var value = await model.RunAsync(item, timing, context.CancellationToken);
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

    /// <summary>The timing of the request this call ran, if it got that far.</summary>
    public static RequestTiming? TimingOf(ServerCallContext context) =>
        context.UserState.TryGetValue(TimingKey, out var timing) ? (RequestTiming)timing : null;

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
