using System.Globalization;
using Simul.Grpc.Client;

namespace Simul.Orchestrator.Targets;

/// <summary>
/// A worker to send load to: the model name the report uses, and where to call it.
/// <c>MODEL=http://host:port</c> calls one server. <c>MODEL=dns://host:port</c> spreads the calls
/// over every address the name resolves to (a headless Service's pods). Through Dapr
/// (<c>MODEL=dapr://APP-ID</c>) the call goes to this machine's sidecar with the metadata
/// <c>dapr-app-id</c>, and the sidecar picks a replica of the app for each call.
/// </summary>
public sealed record Target(string Model, Uri Address, string? DaprAppId = null, bool Balanced = false)
{
    public const string DaprScheme = "dapr";
    public const string DnsScheme = "dns";

    /// <summary>Parses <c>MODEL=http://host:port</c> or <c>MODEL=dapr://app-id</c>.</summary>
    public static Target Parse(string spec, Func<string, string?>? environment = null)
    {
        var parts = spec.Split('=', 2);
        if (parts.Length != 2 || parts[0].Length == 0 || !Uri.TryCreate(parts[1], UriKind.Absolute, out var uri))
        {
            throw new FormatException($"a target is MODEL=URL (e.g. async=http://127.0.0.1:5003 or async=dapr://worker-async), got '{spec}'");
        }

        if (uri.Scheme == DaprScheme)
        {
            var port = (environment ?? Environment.GetEnvironmentVariable)("DAPR_GRPC_PORT") ?? "50001";
            return new Target(parts[0], new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}")), uri.Host);
        }

        return uri.Scheme switch
        {
            "http" => new Target(parts[0], uri),
            DnsScheme => new Target(parts[0], new UriBuilder(uri) { Scheme = Uri.UriSchemeHttp }.Uri, Balanced: true),
            _ => throw new FormatException($"the URL in MODEL=URL is http:// (gRPC over cleartext HTTP/2), dns:// (every address of the name) or dapr://APP-ID, got '{parts[1]}'"),
        };
    }

    public WorkerClient Connect()
    {
        var options = new GrpcChannelOptions { Metadata = DaprAppId is null ? [] : [new("dapr-app-id", DaprAppId)] };
        return new WorkerClient(Balanced ? new BalancedChannel(Address, options) : new GrpcChannel(Address, options));
    }

    public override string ToString() => (DaprAppId, Balanced) switch
    {
        ({ } app, _) => $"{Model}=dapr://{app} via {Address}",
        (_, true) => $"{Model}=dns://{Address.Authority}",
        _ => $"{Model}={Address}",
    };
}
