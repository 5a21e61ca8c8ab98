using Grpc.Core;
using Grpc.Core.Interceptors;
using Simul.Contracts.V1;
using Simul.Workloads;

namespace Simul.WorkerHost.Interceptors;

/// <summary>Records every work request's duration, status and phases (<see cref="WorkerMetrics"/>),
/// however it ends: from the reply's timing when it succeeds, from what the request had measured
/// so far when it fails, and as its time in this handler, no phase, when it was refused before it
/// started (admission is inside this interceptor, so a refusal is counted like any other status).</summary>
public sealed class MetricsInterceptor(WorkerMetrics metrics) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (WorkloadNames.Of(request) is not { } workload)
        {
            return await continuation(request, context);
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var status = StatusCode.Unknown;
        Timing? timing = null;
        try
        {
            var response = await continuation(request, context);
            status = StatusCode.OK;
            timing = (response as WorkReply)?.Timing;
            return response;
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
            metrics.Record(workload, timing ?? RequestRunner.TimingOf(context)?.Finish(), System.Diagnostics.Stopwatch.GetElapsedTime(started), status);
        }
    }
}
