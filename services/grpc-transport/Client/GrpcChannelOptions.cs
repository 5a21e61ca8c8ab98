namespace Simul.Grpc.Client;

public sealed class GrpcChannelOptions
{
    /// <summary>Largest reply message accepted, in bytes; larger ones fail with RESOURCE_EXHAUSTED.</summary>
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Metadata sent with every call, e.g. <c>dapr-app-id</c> when calling through a Dapr sidecar.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Metadata { get; set; } = [];

    /// <summary>The HTTP handler to send with; by default one that opens more HTTP/2
    /// connections when a server's stream limit (Kestrel: 100) is reached.</summary>
    public HttpMessageHandler? Handler { get; set; }
}
