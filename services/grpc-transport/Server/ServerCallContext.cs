using Microsoft.AspNetCore.Http;

namespace Simul.Grpc.Server;

/// <summary>What a handler may know about its call: the method, the deadline, the request
/// metadata, and a token that fires at the deadline or when the client goes away.</summary>
public sealed class ServerCallContext
{
    private readonly IHeaderDictionary _requestHeaders;

    internal ServerCallContext(string method, IHeaderDictionary requestHeaders, DateTime? deadline, CancellationToken cancellationToken)
    {
        Method = method;
        _requestHeaders = requestHeaders;
        Deadline = deadline;
        CancellationToken = cancellationToken;
    }

    /// <summary>The full method path, e.g. <c>/simul.v1.Worker/Prime</c>.</summary>
    public string Method { get; }

    /// <summary>When the call must be over (UTC), if the client set a deadline.</summary>
    public DateTime? Deadline { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>A request metadata value, or null. Valid only while the handler runs.</summary>
    public string? GetRequestHeader(string name) =>
        _requestHeaders.TryGetValue(name, out var value) ? value.ToString() : null;
}
