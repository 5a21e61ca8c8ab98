using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Simul.Deployment.Tests;

/// <summary>
/// The manifests <c>kubectl kustomize</c> renders for one k8s/ directory: every container of a
/// simul/* image in a Deployment or Job (its environment from env, envFrom ConfigMaps and the pod
/// labels the downward API passes, named
/// ports, gRPC and HTTP probes, pod annotations, command and args, mounts), and the Services in front.
/// </summary>
public sealed class KubernetesDeployment : IDeployment
{
    private readonly List<YamlMappingNode> _documents;
    private readonly Func<string, IReadOnlyDictionary<string, string>> _imageEnv;

    private KubernetesDeployment(string name, List<YamlMappingNode> documents, Func<string, IReadOnlyDictionary<string, string>> imageEnv)
    {
        Name = name;
        _documents = documents;
        _imageEnv = imageEnv;
        var configMaps = Objects("ConfigMap").ToDictionary(
            c => c.Str("metadata", "name"),
            c => c.Get("data").Entries().ToDictionary(kv => kv.Key, kv => kv.Value.Str() ?? ""));
        Apps = [.. Workloads()
            .SelectMany(w => w.Node.Path("spec", "template", "spec").Seq("containers")
                .Select(c => ToApp(w.Kind, w.Node, c, configMaps)))
            .Where(a => a.Image.StartsWith("simul/", StringComparison.Ordinal))];
        DaprApps = [.. Apps
            .Where(a => a.Annotations.GetValueOrDefault("dapr.io/enabled") == "true" && a.Annotations.ContainsKey("dapr.io/app-id"))
            .Select(a => new DaprApp(a.Annotations["dapr.io/app-id"], a,
                a.Annotations.TryGetValue("dapr.io/app-port", out var port) ? int.Parse(port, CultureInfo.InvariantCulture) : null,
                a.Annotations.GetValueOrDefault("dapr.io/app-protocol", "http")))
            .Where(d => d.AppPort is not null)];
    }

    public string Name { get; }

    public IReadOnlyList<App> Apps { get; }

    public IReadOnlyList<DaprApp> DaprApps { get; }

    /// <summary>Every container image, init containers included, with the workload it is in.</summary>
    public IReadOnlyList<(string Workload, string Image)> Images =>
        [.. Workloads().SelectMany(w =>
            w.Node.Path("spec", "template", "spec").Seq("containers")
                .Concat(w.Node.Path("spec", "template", "spec").Seq("initContainers"))
                .Select(c => (w.Node.Str("metadata", "name"), c.Str("image") ?? "")))];

    public static KubernetesDeployment Render(string directory) => Parse(directory, Repo.Kustomize(directory));

    /// <param name="imageEnv">The ENV an image brings (default: from the Dockerfile docker-compose.yml builds it with).</param>
    public static KubernetesDeployment Parse(string name, string manifests, Func<string, IReadOnlyDictionary<string, string>>? imageEnv = null) =>
        new(name, [.. Yaml.Documents(manifests)], imageEnv ?? ComposeDeployment.ImageEnvironment);

    public Endpoint? Resolve(string host, int port)
    {
        var service = Objects("Service").FirstOrDefault(s => s.Str("metadata", "name") == host);
        var entry = service?.Path("spec").Seq("ports").FirstOrDefault(p => p.Str("port") == port.ToString(CultureInfo.InvariantCulture));
        if (service is null || entry is null)
        {
            return null;
        }

        var selector = service.Path("spec", "selector").Entries().ToDictionary(kv => kv.Key, kv => kv.Value.Str());
        var target = entry.Str("targetPort") ?? entry.Str("port")!;
        foreach (var (_, deployment) in Workloads().Where(w => w.Kind == "Deployment"))
        {
            var labels = deployment.Path("spec", "template", "metadata", "labels").Entries().ToDictionary(kv => kv.Key, kv => kv.Value.Str());
            if (selector.Count == 0 || !selector.All(s => labels.GetValueOrDefault(s.Key) == s.Value))
            {
                continue;
            }

            foreach (var app in Apps.Where(a => a.Name == deployment.Str("metadata", "name")))
            {
                if (app.NamedPorts.TryGetValue(target, out var named))
                {
                    return new Endpoint(app, named);
                }

                if (int.TryParse(target, CultureInfo.InvariantCulture, out var number))
                {
                    return new Endpoint(app, number);
                }
            }
        }

        return null;
    }

    /// <summary>The Dapr injector gives an annotated pod a sidecar on DAPR_GRPC_PORT (50001 unless set).</summary>
    public int? SidecarGrpcPort(App app) =>
        app.Annotations.GetValueOrDefault("dapr.io/enabled") == "true"
            ? int.Parse(app.Annotations.GetValueOrDefault("dapr.io/grpc-port", "50001"), CultureInfo.InvariantCulture)
            : null;

    private IEnumerable<YamlMappingNode> Objects(string kind) => _documents.Where(d => d.Str("kind") == kind);

    private IEnumerable<(string Kind, YamlMappingNode Node)> Workloads() =>
        _documents.Where(d => d.Str("kind") is "Deployment" or "StatefulSet" or "DaemonSet" or "Job").Select(d => (d.Str("kind")!, d));

    private App ToApp(string kind, YamlNode workload, YamlNode container, Dictionary<string, Dictionary<string, string>> configMaps)
    {
        var name = workload.Str("metadata", "name")!;
        var where = $"{kind} {name}/{container.Str("name")} in {Name}";
        // The image's ENV, then envFrom, then env: later ones win, as in the kubelet.
        var env = new Dictionary<string, string>(_imageEnv(container.Str("image") ?? ""), StringComparer.Ordinal);
        foreach (var from in container.Seq("envFrom"))
        {
            if (from.Path("configMapRef", "name").Str() is { } map)
            {
                foreach (var (key, value) in configMaps.GetValueOrDefault(map) ?? throw new InvalidOperationException($"{where}: no ConfigMap {map}"))
                {
                    env[key] = value;
                }
            }
        }

        var labels = workload.Path("spec", "template", "metadata", "labels").Entries().ToDictionary(kv => kv.Key, kv => kv.Value.Str() ?? "");
        foreach (var variable in container.Seq("env"))
        {
            if ((variable.Str("value") ?? FromLabel(variable, labels)) is { } value)
            {
                env[variable.Str("name")!] = value;
            }
        }

        var named = container.Seq("ports").Where(p => p.Str("name") is not null)
            .ToDictionary(p => p.Str("name")!, p => int.Parse(p.Str("containerPort")!, CultureInfo.InvariantCulture));
        var ports = container.Seq("ports").Select(p => int.Parse(p.Str("containerPort")!, CultureInfo.InvariantCulture)).ToList();
        var probes = new List<HealthProbe>();
        foreach (var kindOfProbe in new[] { "readinessProbe", "livenessProbe", "startupProbe" })
        {
            if (container.Get(kindOfProbe) is { } probe)
            {
                var grpc = probe.Get("grpc");
                var http = probe.Get("httpGet");
                var port = (grpc ?? http).Str("port") ?? "";
                probes.Add(new HealthProbe(kindOfProbe, grpc is not null ? grpc.Str("service") ?? "" : http?.Str("path") ?? "(neither a grpc nor an httpGet probe)",
                    named.TryGetValue(port, out var p) ? p : int.TryParse(port, CultureInfo.InvariantCulture, out var n) ? n : 0, Grpc: grpc is not null));
            }
        }

        var annotations = workload.Path("spec", "template", "metadata", "annotations").Entries()
            .ToDictionary(kv => kv.Key, kv => kv.Value.Str() ?? "");
        var mounts = container.Seq("volumeMounts").Select(m => m.Str("mountPath") ?? "").ToList();
        return new App($"{kind} {name}/{container.Str("name")} in {Name}", name, container.Str("image") ?? "", env, ports, named, probes,
            annotations, [.. container.Get("command").Words(), .. container.Get("args").Words()], mounts);
    }

    /// <summary>The downward API's <c>fieldRef: metadata.labels['KEY']</c>: the pod's label KEY.</summary>
    private static string? FromLabel(YamlNode variable, Dictionary<string, string> labels) =>
        variable.Path("valueFrom", "fieldRef").Str("fieldPath") is { } path && path.StartsWith("metadata.labels['", StringComparison.Ordinal) && path.EndsWith("']", StringComparison.Ordinal)
            ? labels.GetValueOrDefault(path["metadata.labels['".Length..^2])
            : null;
}

internal static class YamlPaths
{
    public static string Str(this YamlNode node, string first, string second) => node.Path(first, second).Str() ?? "";
}
