using Google.Protobuf;

namespace Simul.Grpc.Client;

/// <summary>Something that makes unary calls to one logical server: a channel to one address,
/// or a set of them behind one name (<see cref="BalancedChannel"/>).</summary>
public interface IUnaryCaller : IDisposable
{
    Uri Address { get; }

    Task<TResponse> UnaryAsync<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>;
}
