namespace Simul.Orchestrator.Targets;

/// <summary>
/// Counts the HTTP requests under a gRPC channel, which are its calls' attempts: a first attempt
/// carries no grpc-previous-rpc-attempts header, a retry does (gRPC's retry design), so the
/// retries are counted where they happen, below the channel's retry logic, which the caller of a
/// call never sees. Describe calls are left out: they are not the load.
/// </summary>
public sealed class AttemptCounter(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private long _first;
    private long _retried;

    public long FirstAttempts => Interlocked.Read(ref _first);

    public long Retried => Interlocked.Read(ref _retried);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri?.AbsolutePath.EndsWith("/Describe", StringComparison.Ordinal) != true)
        {
            Interlocked.Increment(ref request.Headers.Contains("grpc-previous-rpc-attempts") ? ref _retried : ref _first);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
