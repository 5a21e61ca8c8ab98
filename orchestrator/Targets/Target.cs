using System.Globalization;

namespace Simul.Orchestrator.Targets;

/// <summary>How calls reach a worker.</summary>
public enum TargetKind
{
    /// <summary><c>http://host:port</c>: one server, one HTTP/2 connection (more past 100 calls at once).</summary>
    Direct,

    /// <summary><c>dns:///name:port</c>: every address the name resolves to (a headless Service's
    /// pods), call by call in turn (gRPC's round_robin), the name looked up again every 15 s.</summary>
    Balanced,

    /// <summary><c>dapr://app-id</c>: this machine's Dapr sidecar, which picks a replica of the app per call.</summary>
    Dapr,

    /// <summary>Local replicas of one model (their addresses, comma-separated), taken call by
    /// call in turn with the round_robin balancing a headless Service gets.</summary>
    Replicas,
}

/// <summary>
/// A worker to send load to: the model name the report uses, and where to call it. Parsed from
/// <c>MODEL=http://host:port</c>, <c>MODEL=dns:///name:port</c> (also the older
/// <c>dns://name:port</c>) or <c>MODEL=dapr://APP-ID</c>; for Dapr the sidecar is
/// DAPR_GRPC_ENDPOINT, else http://127.0.0.1:DAPR_GRPC_PORT (default 50001), with DAPR_API_TOKEN
/// when set, as the Dapr SDK reads them.
/// </summary>
public sealed record Target(string Model, TargetKind Kind, string Address, string? DaprAppId = null, string? DaprApiToken = null)
{
    public static Target Parse(string spec, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var parts = spec.Split('=', 2);
        if (parts.Length != 2 || parts[0].Length == 0 || !Uri.TryCreate(parts[1], UriKind.Absolute, out var uri))
        {
            throw new FormatException($"a target is MODEL=URL (e.g. async=http://127.0.0.1:5003, async=dns:///worker-async:8080 or async=dapr://worker-async), got '{spec}'");
        }

        return uri.Scheme switch
        {
            "http" => new Target(parts[0], TargetKind.Direct, uri.GetLeftPart(UriPartial.Authority)),
            "dns" => new Target(parts[0], TargetKind.Balanced, "dns:///" + DnsAuthority(uri, spec)),
            "dapr" => new Target(parts[0], TargetKind.Dapr, DaprEndpoint(environment), uri.Host, environment("DAPR_API_TOKEN") is { Length: > 0 } token ? token : null),
            _ => throw new FormatException($"the URL in MODEL=URL is http:// (gRPC over cleartext HTTP/2), dns:///NAME:PORT (every address of the name) or dapr://APP-ID, got '{parts[1]}'"),
        };
    }

    /// <summary>On this machine (loopback): the worker then shares the cores with the load generator.</summary>
    public bool IsLocal => Kind == TargetKind.Replicas || (Kind == TargetKind.Direct && Uri.TryCreate(Address, UriKind.Absolute, out var uri) && uri.IsLoopback);

    /// <summary>Each replica as a target of its own (the target itself unless it is <see cref="TargetKind.Replicas"/>).</summary>
    public IReadOnlyList<Target> Each => Kind == TargetKind.Replicas
        ? [.. Address.Split(',').Select(address => new Target(Model, TargetKind.Direct, address))]
        : [this];

    /// <summary>A connection to it (see <see cref="WorkerConnection.Open"/>); dispose it when done.</summary>
    public WorkerConnection Connect(IServiceProvider? services = null, ClientRetries? retries = null) => WorkerConnection.Open(this, services, retries);

    public override string ToString() => Kind switch
    {
        TargetKind.Dapr => $"{Model}=dapr://{DaprAppId} via {Address}",
        TargetKind.Replicas => $"{Model}={Each.Count} replicas: {Address}",
        _ => $"{Model}={Address}",
    };

    /// <summary>dns:///name:port names the host in the path (no authority: the system's DNS);
    /// dns://name:port, the spelling Simul used first, in the authority.</summary>
    private static string DnsAuthority(Uri uri, string spec)
    {
        var authority = uri.Host.Length > 0 ? uri.Authority : uri.AbsolutePath.TrimStart('/');
        return authority.Contains(':', StringComparison.Ordinal) && authority.Length > 2
            ? authority
            : throw new FormatException($"a dns target names a host and a port, as MODEL=dns:///NAME:PORT, got '{spec}'");
    }

    private static string DaprEndpoint(Func<string, string?> environment) =>
        environment("DAPR_GRPC_ENDPOINT") is { Length: > 0 } endpoint
            ? endpoint
            : string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{environment("DAPR_GRPC_PORT") ?? "50001"}");
}
