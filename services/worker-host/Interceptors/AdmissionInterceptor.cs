using Grpc.Core;
using Grpc.Core.Interceptors;
using Simul.Workloads;

namespace Simul.WorkerHost.Interceptors;

/// <summary>
/// Admits a work request only while fewer than <see cref="WorkerSettings.MaxInFlight"/> are in
/// flight, else RESOURCE_EXHAUSTED; counts every refusal (its own, and a model's full queue)
/// and keeps the in-flight counters. Describe is never refused: it is how overload is seen.
/// </summary>
public sealed class AdmissionInterceptor(WorkerStats stats, WorkerMetrics metrics) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (WorkloadNames.Of(request) is not { } workload)
        {
            return await continuation(request, context);
        }

        if (!stats.TryEnter())
        {
            stats.CountRejected();
            throw new RpcException(new Status(StatusCode.ResourceExhausted, $"{stats.MaxInFlight} requests are in flight already"));
        }

        var completed = false;
        using var inFlight = metrics.Enter(workload);
        try
        {
            var response = await continuation(request, context);
            completed = true;
            return response;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
        {
            stats.CountRejected();
            throw;
        }
        finally
        {
            stats.Exit(completed);
        }
    }
}
