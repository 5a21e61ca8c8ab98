namespace Simul.Grpc.Protocol;

/// <summary>
/// A call that ended with a non-OK gRPC status. Handlers throw it to answer with a status and
/// a message; the client throws it for every failed call, so callers see one typed failure.
/// </summary>
public sealed class RpcException(StatusCode statusCode, string detail) : Exception($"Status({statusCode}, \"{detail}\")")
{
    public StatusCode StatusCode { get; } = statusCode;

    /// <summary>The status message, as sent in <c>grpc-message</c> (before percent-encoding).</summary>
    public string Detail { get; } = detail;

    /// <summary>Response headers to send with the status (e.g. <c>grpc-accept-encoding</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];
}
