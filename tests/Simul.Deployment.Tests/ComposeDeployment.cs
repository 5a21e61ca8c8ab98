using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Simul.Deployment.Tests;

/// <summary>
/// docker-compose.yml as the project's services run under it (with or without profiles): every
/// service of a simul/* image, its environment (the image's ENV from its Dockerfile, then the
/// compose file's), ports, health check (the compose file's, else the Dockerfile's), command and
/// mounts, plus its daprd sidecar if it has one.
/// </summary>
public sealed class ComposeDeployment : IDeployment
{
    private readonly Dictionary<string, YamlNode> _services;

    private ComposeDeployment(string name, Dictionary<string, YamlNode> services, Func<string, string> readFile)
    {
        Name = name;
        _services = services;
        var dockerfiles = services
            .Where(s => s.Value.Get("build") is not null && Image(s.Value) is not null)
            .GroupBy(s => Image(s.Value)!)
            .ToDictionary(g => g.Key, g => Dockerfile.Parse(readFile(DockerfilePath(g.First().Value)), BuildArgs(g.First().Value)));
        Apps = [.. services
            .Where(s => Image(s.Value) is { } image && image.StartsWith("simul/", StringComparison.Ordinal))
            .Select(s => ToApp(s.Key, s.Value, dockerfiles.GetValueOrDefault(Image(s.Value)!)))];
        DaprApps = [.. Sidecars()
            .Where(s => Apps.Any(a => a.Name == s.App))
            .Select(s => new DaprApp(Option(s.Args, "--app-id") ?? "", Apps.First(a => a.Name == s.App),
                Option(s.Args, "--app-port") is { } port ? int.Parse(port, CultureInfo.InvariantCulture) : null,
                Option(s.Args, "--app-protocol")))
            .Where(d => d.AppPort is not null)];
    }

    public string Name { get; }

    public IReadOnlyList<App> Apps { get; }

    public IReadOnlyList<DaprApp> DaprApps { get; }

    /// <summary>Every service's image (project and third-party), by service name.</summary>
    public IReadOnlyDictionary<string, string> Images =>
        _services.Where(s => Image(s.Value) is not null).ToDictionary(s => s.Key, s => Image(s.Value)!);

    /// <summary>The build args of a service that builds its image (build.args), by name.</summary>
    public IReadOnlyDictionary<string, string> BuildArgsOf(string service) => BuildArgs(_services[service]);

    /// <summary>Services with a build section and the Dockerfile each names.</summary>
    public IReadOnlyDictionary<string, string> Builds =>
        _services.Where(s => s.Value.Get("build") is not null).ToDictionary(s => s.Key, s => DockerfilePath(s.Value));

    /// <param name="profiles">Profiles to enable; services without profiles always run.</param>
    public static ComposeDeployment Load(string text, params string[] profiles) => Load(text, Repo.Read, profiles);

    public static ComposeDeployment Load(string text, Func<string, string> readFile, params string[] profiles)
    {
        var root = Yaml.Documents(text).Single();
        var services = root.Get("services").Entries()
            .Where(s => s.Value.Seq("profiles") is not { Count: > 0 } p || p.Any(x => profiles.Contains(x.Str())))
            .ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
        var name = profiles.Length == 0 ? "docker-compose.yml" : $"docker-compose.yml --profile {string.Join(",", profiles)}";
        return new ComposeDeployment(name, services, readFile);
    }

    /// <summary>The ENV of an image as docker-compose.yml builds it (its Dockerfile's last stage); empty for other images.</summary>
    public static IReadOnlyDictionary<string, string> ImageEnvironment(string image) =>
        ImageEnvironments.Value.GetValueOrDefault(image) ?? new Dictionary<string, string>();

    private static readonly Lazy<Dictionary<string, IReadOnlyDictionary<string, string>>> ImageEnvironments = new(() =>
        Yaml.Documents(Repo.Read("docker-compose.yml")).Single().Get("services").Entries()
            .Where(s => s.Value.Get("build") is not null && Image(s.Value) is not null)
            .GroupBy(s => Image(s.Value)!)
            .ToDictionary(g => g.Key, g => Dockerfile.Parse(Repo.Read(DockerfilePath(g.First().Value)), BuildArgs(g.First().Value)).Env));

    public Endpoint? Resolve(string host, int port) =>
        Apps.FirstOrDefault(a => a.Name == host) is { } app ? new Endpoint(app, port) : null;

    public int? SidecarGrpcPort(App app) =>
        Sidecars().FirstOrDefault(s => s.App == app.Name) is { Args: var args }
            ? int.Parse(Option(args, "--dapr-grpc-port") ?? "50001", CultureInfo.InvariantCulture)
            : null;

    private IEnumerable<(string App, IReadOnlyList<string> Args)> Sidecars() =>
        _services.Values
            .Where(s => Image(s)?.StartsWith("daprio/daprd:", StringComparison.Ordinal) == true)
            .Where(s => s.Str("network_mode")?.StartsWith("service:", StringComparison.Ordinal) == true)
            .Select(s => (s.Str("network_mode")!["service:".Length..], (IReadOnlyList<string>)[.. s.Get("entrypoint").Words(), .. s.Get("command").Words()]));

    private static string? Option(IReadOnlyList<string> args, string name)
    {
        var i = args.ToList().IndexOf(name);
        return i >= 0 && i + 1 < args.Count ? args[i + 1] : null;
    }

    private static string? Image(YamlNode service) => service.Str("image");

    private static Dictionary<string, string> BuildArgs(YamlNode service) =>
        Environment(service.Get("build").Get("args")).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);

    private static string DockerfilePath(YamlNode service)
    {
        var build = service.Get("build");
        var context = build.Str() ?? build.Str("context") ?? ".";
        var dockerfile = build.Str("dockerfile") ?? "Dockerfile";
        return Path.GetRelativePath(".", Path.Combine(context, dockerfile));
    }

    private static App ToApp(string name, YamlNode service, Dockerfile? dockerfile)
    {
        var where = $"docker-compose.yml service {name}";
        var env = new Dictionary<string, string>(dockerfile?.Env ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in Environment(service.Get("environment")))
        {
            env[key] = value;
        }

        var ports = new List<int>(dockerfile?.Exposed ?? []);
        foreach (var port in service.Seq("ports").Select(p => p.Str() ?? p.Str("target") ?? ""))
        {
            // "HOST:CONTAINER", "IP:HOST:CONTAINER", "CONTAINER", with an optional /protocol.
            var container = port.Split('/')[0].Split(':')[^1];
            if (int.TryParse(container, CultureInfo.InvariantCulture, out var p))
            {
                ports.Add(p);
            }
        }

        var probes = new List<HealthProbe>();
        if (service.Get("healthcheck") is { } check)
        {
            if (check.Str("disable") != "true" && check.Get("test").Words() is { Count: > 0 } test && test[0] != "NONE")
            {
                probes.Add(Dockerfile.Probe("compose healthcheck", string.Join(" ", test)));
            }
        }
        else if (dockerfile?.HealthCheck is { } health)
        {
            probes.Add(health with { Kind = $"HEALTHCHECK of the image" });
        }

        // The container runs ENTRYPOINT + CMD; compose's entrypoint replaces the first (and drops
        // the image's CMD), its command the second.
        var entrypoint = service.Get("entrypoint") is { } e ? e.Words() : dockerfile?.Entrypoint ?? [];
        var command = service.Get("command") is { } c ? c.Words() : service.Get("entrypoint") is null ? dockerfile?.Cmd ?? [] : [];
        var mounts = service.Seq("volumes")
            .Select(v => v.Str() is { } s ? MountTarget(s) : v.Str("target") ?? "")
            .ToList();
        return new App(where, name, service.Str("image")!, env, ports, new Dictionary<string, int>(), probes,
            new Dictionary<string, string>(), [.. entrypoint, .. command], mounts);
    }

    /// <summary>SOURCE:TARGET[:MODE] (SOURCE may hold ${VAR:-default}): the TARGET.</summary>
    private static string MountTarget(string volume)
    {
        var parts = volume.Split(':').ToList();
        if (parts.Count > 1 && parts[^1] is "ro" or "rw" or "z" or "Z" or "cached" or "delegated" or "consistent")
        {
            parts.RemoveAt(parts.Count - 1);
        }

        return parts[^1];
    }

    private static IEnumerable<(string Key, string Value)> Environment(YamlNode? environment) => environment switch
    {
        YamlMappingNode map => map.Children.Select(kv => (kv.Key.Str() ?? "", kv.Value.Str() ?? "")),
        YamlSequenceNode seq => seq.Children.Select(c => c.Str() ?? "").Select(s => s.Split('=', 2)).Select(p => (p[0], p.Length > 1 ? p[1] : "")),
        _ => [],
    };
}
