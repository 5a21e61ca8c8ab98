using System.Text.RegularExpressions;

namespace Simul.Deployment.Tests;

/// <summary>A container of one of the project's images as a deployment runs it (a compose
/// service, or a Deployment or Job in the rendered manifests), with what the checks need.</summary>
public sealed record App(
    string Where,
    string Name,
    string Image,
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyList<int> ContainerPorts,
    IReadOnlyDictionary<string, int> NamedPorts,
    IReadOnlyList<HealthProbe> Probes,
    IReadOnlyDictionary<string, string> Annotations,
    IReadOnlyList<string> Command,
    IReadOnlyList<string> MountPaths)
{
    /// <summary>simul/worker-async:dev -> simul/worker-async.</summary>
    public string Repository => Image.Split(':')[0];

    public bool IsWorker => Repository.StartsWith("simul/worker-", StringComparison.Ordinal);

    public bool IsUpstream => Repository == "simul/upstream";

    public bool IsOrchestrator => Repository == "simul/orchestrator";

    public Invocation Invocation => new(Command);
}

/// <summary>An HTTP health probe: where it is defined, the path and the container port it asks.</summary>
/// <summary>A health check: an HTTP GET of <paramref name="Path"/>, or (<paramref name="Grpc"/>)
/// a grpc.health.v1 Check, with <paramref name="Path"/> the service asked about ("" for the server).</summary>
public sealed record HealthProbe(string Kind, string Path, int Port, bool Grpc = false);

/// <summary>A name a client dials (a compose service, a Kubernetes Service) and where it leads.</summary>
public sealed record Endpoint(App App, int ContainerPort);

/// <summary>The orchestrator's command line, as a list of words or inside a shell script.</summary>
public sealed partial record Invocation(IReadOnlyList<string> Words)
{
    private string Text => string.Join(" ", Words);

    public bool IsRun => Words.Contains("run") || RunInScript().IsMatch(Text);

    public IReadOnlyList<(string Model, string Url)> Targets =>
        [.. TargetOption().Matches(Text).Select(m => (m.Groups[1].Value, m.Groups[2].Value))];

    public IReadOnlyList<string> Scenarios => [.. ScenarioOption().Matches(Text).Select(m => m.Groups[1].Value)];

    public string? Out => OutOption().Match(Text) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex(@"(?:^|\s)--target[\s=]+([^\s=]+)=(\S+)")]
    private static partial Regex TargetOption();

    [GeneratedRegex(@"(?:^|\s)--scenario[\s=]+(\S+)")]
    private static partial Regex ScenarioOption();

    [GeneratedRegex(@"(?:^|\s)--out[\s=]+(\S+)")]
    private static partial Regex OutOption();

    [GeneratedRegex(@"simul(\.dll)?\s+run\s")]
    private static partial Regex RunInScript();
}

/// <summary>What the checks need from a deployment, whichever tool describes it.</summary>
public interface IDeployment
{
    string Name { get; }

    IReadOnlyList<App> Apps { get; }

    /// <summary>Where a client reaching <paramref name="host"/>:<paramref name="port"/> lands, or null.</summary>
    Endpoint? Resolve(string host, int port);

    /// <summary>Dapr app ids of the apps with a sidecar that serves them (app id, app, app port, protocol).</summary>
    IReadOnlyList<DaprApp> DaprApps { get; }

    /// <summary>Whether the app has a Dapr sidecar it can call through, and the sidecar's gRPC port.</summary>
    int? SidecarGrpcPort(App app);
}

public sealed record DaprApp(string AppId, App App, int? AppPort, string? Protocol);
