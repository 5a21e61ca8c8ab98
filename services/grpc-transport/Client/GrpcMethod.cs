using Google.Protobuf;

namespace Simul.Grpc.Client;

/// <summary>A unary method a client can call: where it lives and how to read its reply.</summary>
public sealed record GrpcMethod<TRequest, TResponse>(string Service, string Name, MessageParser<TResponse> ResponseParser)
    where TRequest : IMessage<TRequest>
    where TResponse : IMessage<TResponse>
{
    public string Path { get; } = $"/{Service}/{Name}";
}

/// <summary>Per-call settings: a deadline (sent as grpc-timeout and enforced here too) and a
/// cancellation token (cancelling resets the HTTP/2 stream, which the server sees).</summary>
public readonly record struct CallOptions(TimeSpan? Timeout = null, CancellationToken CancellationToken = default);
