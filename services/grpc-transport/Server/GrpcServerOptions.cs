namespace Simul.Grpc.Server;

public sealed class GrpcServerOptions
{
    /// <summary>Largest request message accepted, in bytes; larger ones get RESOURCE_EXHAUSTED.</summary>
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;
}
