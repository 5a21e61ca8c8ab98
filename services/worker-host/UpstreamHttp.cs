using System.Net.Http;

namespace Simul.WorkerHost;

/// <summary>The HttpClient every worker fetches from upstream with: no cap on connections, so
/// the client is never the reason a model waits.</summary>
public static class UpstreamHttp
{
    public static HttpClient Create() => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = int.MaxValue,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectTimeout = TimeSpan.FromSeconds(10),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan, // calls carry their own deadline
    };
}
