using System.Net;
using Google.Protobuf;

namespace Simul.Grpc.Client;

/// <summary>
/// Client-side balancing for a name with several addresses (a Kubernetes headless Service: one
/// A record per pod). HTTP/2 keeps one connection per server for every call, so a plain channel
/// would send all load to whichever pod it reached first; this one keeps a channel per address
/// and takes them in turn, call by call. It looks the name up again every so often (15 s by
/// default), so pods added by an autoscaler start getting calls.
/// </summary>
public sealed class BalancedChannel : IUnaryCaller
{
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;
    private readonly TimeSpan _refreshEvery;
    private readonly GrpcChannelOptions _options;
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private Dictionary<IPAddress, GrpcChannel> _channels = [];
    private GrpcChannel[] _order = [];
    private DateTime _resolvedAt = DateTime.MinValue;
    private int _next;

    public BalancedChannel(Uri address, GrpcChannelOptions? options = null,
        Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null, TimeSpan? refreshEvery = null)
    {
        Address = address;
        _options = options ?? new GrpcChannelOptions();
        _resolve = resolve ?? Dns.GetHostAddressesAsync;
        _refreshEvery = refreshEvery ?? TimeSpan.FromSeconds(15);
    }

    public Uri Address { get; }

    /// <summary>The addresses calls are spread over now.</summary>
    public IReadOnlyList<Uri> Endpoints => [.. Volatile.Read(ref _order).Select(c => c.Address)];

    public async Task<TResponse> UnaryAsync<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>
    {
        if (DateTime.UtcNow - _resolvedAt >= _refreshEvery)
        {
            await RefreshAsync(options.CancellationToken);
        }

        var order = Volatile.Read(ref _order);
        if (order.Length == 0)
        {
            throw new Protocol.RpcException(Protocol.StatusCode.Unavailable, $"{Address.Host} has no addresses");
        }

        var channel = order[(int)((uint)Interlocked.Increment(ref _next) % order.Length)];
        return await channel.UnaryAsync(method, request, options);
    }

    public void Dispose()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }

        _refreshing.Dispose();
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            if (DateTime.UtcNow - _resolvedAt < _refreshEvery && _order.Length > 0)
            {
                return; // another call refreshed meanwhile
            }

            IPAddress[] addresses;
            try
            {
                addresses = await _resolve(Address.Host, cancellationToken);
            }
            catch (System.Net.Sockets.SocketException) when (_order.Length > 0)
            {
                _resolvedAt = DateTime.UtcNow; // keep the addresses we have; try again later
                return;
            }

            // Keep the channels (and their connections) of addresses still there; close the rest.
            var channels = addresses.Distinct().ToDictionary(ip => ip, ip => _channels.TryGetValue(ip, out var kept) ? kept : Open(ip));
            foreach (var (ip, gone) in _channels)
            {
                if (!channels.ContainsKey(ip))
                {
                    gone.Dispose();
                }
            }

            _channels = channels;
            Volatile.Write(ref _order, [.. channels.Values]);
            _resolvedAt = DateTime.UtcNow;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private GrpcChannel Open(IPAddress ip) =>
        new(new UriBuilder(Address) { Host = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{ip}]" : ip.ToString() }.Uri, _options);
}
