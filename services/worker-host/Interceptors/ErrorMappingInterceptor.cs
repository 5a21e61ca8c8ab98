using Grpc.Core;
using Grpc.Core.Interceptors;
using Simul.Workloads;

namespace Simul.WorkerHost.Interceptors;

/// <summary>
/// Turns a <see cref="WorkloadException"/> (bad input, a full queue, upstream down, a child that
/// failed) into the call's status with its message, which names the field or the cause. Any
/// other exception is left to Grpc.AspNetCore: UNKNOWN, with the exception in the server's log
/// and not in the reply.
/// </summary>
public sealed class ErrorMappingInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (WorkloadException e)
        {
            throw new RpcException(new Status((StatusCode)(int)e.Error, e.Message));
        }
    }
}
