using System.Globalization;
using Simul.Orchestrator.Commands;
using Simul.WorkerHost;

namespace Simul.Deployment.Tests;

/// <summary>
/// What a deployment must agree on with the code. Each check returns its problems, one line each
/// naming where; none means the check passes. The same checks run on docker-compose.yml (with and
/// without the dapr profile) and on every rendered k8s/ directory.
/// </summary>
public static class Checks
{
    private const string Prefix = WorkerSettings.Section + "__";

    /// <summary>Every Simul__X names a settings property the app's program binds (same spelling);
    /// apps that bind none (upstream, the orchestrator) get none.</summary>
    public static IEnumerable<string> SettingNames(IDeployment deployment)
    {
        foreach (var app in deployment.Apps)
        {
            var types = SettingsCatalog.For(app);
            var properties = types.SelectMany(SettingsCatalog.PropertyNames).ToList();
            foreach (var key in app.Env.Keys.Where(k => k.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)))
            {
                var name = key[Prefix.Length..];
                if (types.Count == 0)
                {
                    yield return $"{app.Where}: sets {key}, but {app.Repository} reads no Simul settings";
                }
                else if (!properties.Contains(name, StringComparer.Ordinal))
                {
                    var near = properties.FirstOrDefault(p => string.Equals(p, name, StringComparison.OrdinalIgnoreCase));
                    yield return near is null
                        ? $"{app.Where}: {key} is not a setting of {app.Repository} ({string.Join(", ", types.Select(t => t.Name))}: {string.Join(", ", properties)})"
                        : $"{app.Where}: {key} is spelled differently from the property {near}";
                }
            }
        }
    }

    /// <summary>Every Simul__X value converts to its property's type (enum names, numbers, booleans, URIs).</summary>
    public static IEnumerable<string> SettingValues(IDeployment deployment) =>
        deployment.Apps.Select(app => SettingsCatalog.BindError(app) is { } error ? $"{app.Where}: {error}" : null).OfType<string>();

    /// <summary>Every OTEL_* variable is one something reads, and OTEL_SERVICE_NAME is the app's own
    /// name (the `job` label the dashboards and the README's queries select on).</summary>
    public static IEnumerable<string> Telemetry(IDeployment deployment)
    {
        foreach (var app in deployment.Apps)
        {
            foreach (var key in app.Env.Keys.Where(k => k.StartsWith("OTEL_", StringComparison.Ordinal) && !SettingsCatalog.TelemetryVariables.Contains(k)))
            {
                yield return $"{app.Where}: {key} is not an OpenTelemetry variable Simul or the SDK reads";
            }

            if (app.Env.GetValueOrDefault("OTEL_SERVICE_NAME") is { } service && service != app.Name)
            {
                yield return $"{app.Where}: OTEL_SERVICE_NAME is {service}, not {app.Name}";
            }
        }
    }

    /// <summary>Upstream and the workers log no line per request: ASP.NET Core's default level
    /// (Information) writes four per call, which under load costs the models CPU. The default
    /// level is Warning or above, as the local launcher (LocalProcess) sets it.</summary>
    public static IEnumerable<string> Logging(IDeployment deployment)
    {
        foreach (var app in deployment.Apps.Where(a => a.IsWorker || a.IsUpstream))
        {
            var level = app.Env.GetValueOrDefault("Logging__LogLevel__Default");
            if (level is not ("Warning" or "Error" or "Critical" or "None"))
            {
                yield return $"{app.Where}: Logging__LogLevel__Default is {level ?? "not set (Information)"}: a log line per request";
            }
        }
    }

    /// <summary>Workers: gRPC on ASPNETCORE_URLS and HTTP/1.1 health on Simul__HealthUrl, two
    /// different ports, both exposed by the container (named grpc and health in Kubernetes).
    /// Upstream: HTTP on ASPNETCORE_URLS, exposed.</summary>
    public static IEnumerable<string> Ports(IDeployment deployment)
    {
        foreach (var app in deployment.Apps.Where(a => a.IsWorker || a.IsUpstream))
        {
            var grpc = UrlPort(app, "ASPNETCORE_URLS", out var problem);
            if (problem is not null)
            {
                yield return problem;
                continue;
            }

            if (!app.ContainerPorts.Contains(grpc))
            {
                yield return $"{app.Where}: ASPNETCORE_URLS is port {grpc}, but the container exposes {Join(app.ContainerPorts)}";
            }

            var mainName = app.IsWorker ? "grpc" : "http";
            if (app.NamedPorts.Count > 0 && app.NamedPorts.GetValueOrDefault(mainName) != grpc)
            {
                yield return $"{app.Where}: the port named {mainName} is {app.NamedPorts.GetValueOrDefault(mainName)}, ASPNETCORE_URLS says {grpc}";
            }

            if (!app.IsWorker)
            {
                continue;
            }

            var health = UrlPort(app, "Simul__HealthUrl", out problem);
            if (problem is not null)
            {
                yield return problem;
                continue;
            }

            if (health == grpc)
            {
                yield return $"{app.Where}: Simul__HealthUrl and ASPNETCORE_URLS share port {grpc}; the gRPC port is HTTP/2 only";
            }

            if (!app.ContainerPorts.Contains(health))
            {
                yield return $"{app.Where}: Simul__HealthUrl is port {health}, but the container exposes {Join(app.ContainerPorts)}";
            }

            if (app.NamedPorts.Count > 0 && app.NamedPorts.GetValueOrDefault("health") != health)
            {
                yield return $"{app.Where}: the port named health is {app.NamedPorts.GetValueOrDefault("health")}, Simul__HealthUrl says {health}";
            }
        }
    }

    /// <summary>Health checks ask GET /healthz on the HTTP/1.1 port: Simul__HealthUrl's for a
    /// worker (its gRPC port speaks HTTP/2 only), ASPNETCORE_URLS's for upstream. Kubernetes
    /// workloads have readiness and liveness probes, compose services a health check (the
    /// orchestrator's depends_on waits for it).</summary>
    public static IEnumerable<string> Probes(IDeployment deployment)
    {
        foreach (var app in deployment.Apps.Where(a => a.IsWorker || a.IsUpstream))
        {
            var port = UrlPort(app, app.IsWorker ? "Simul__HealthUrl" : "ASPNETCORE_URLS", out var problem);
            if (problem is not null)
            {
                yield return problem;
                continue;
            }

            var kubernetes = app.NamedPorts.Count > 0;
            string[] required = kubernetes ? ["readinessProbe", "livenessProbe"] : [];
            foreach (var missing in required.Where(r => app.Probes.All(p => p.Kind != r)))
            {
                yield return $"{app.Where}: no {missing}";
            }

            if (!kubernetes && app.Probes.Count == 0)
            {
                yield return $"{app.Where}: no health check (neither in the compose file nor in the image)";
            }

            foreach (var probe in app.Probes)
            {
                if (probe.Path != "/healthz" || probe.Port != port)
                {
                    yield return $"{app.Where}: {probe.Kind} asks {probe.Path} on port {probe.Port}, the app serves /healthz over HTTP/1.1 on {port}";
                }
            }
        }
    }

    /// <summary>Every worker's Simul__Upstream leads to the upstream app's HTTP port.</summary>
    public static IEnumerable<string> Upstream(IDeployment deployment)
    {
        foreach (var app in deployment.Apps.Where(a => a.IsWorker))
        {
            if (!app.Env.TryGetValue("Simul__Upstream", out var value) || !Uri.TryCreate(value, UriKind.Absolute, out var uri))
            {
                yield return $"{app.Where}: Simul__Upstream is not set to a URL (the default, 127.0.0.1:5000, is not upstream in a container)";
                continue;
            }

            var endpoint = deployment.Resolve(uri.Host, uri.Port);
            if (endpoint is null || !endpoint.App.IsUpstream)
            {
                yield return $"{app.Where}: Simul__Upstream {value} does not lead to the upstream service";
            }
            else if (UrlPort(endpoint.App, "ASPNETCORE_URLS", out _) != endpoint.ContainerPort)
            {
                yield return $"{app.Where}: Simul__Upstream {value} reaches upstream's container port {endpoint.ContainerPort}, it listens on {UrlPort(endpoint.App, "ASPNETCORE_URLS", out _)}";
            }
        }
    }

    /// <summary>Each orchestrator run names every worker of the deployment once: distinct model
    /// names; an http:// or dns:// target leads to a worker's gRPC port; a dapr://APP-ID target names the
    /// app id of a worker's sidecar (app port = its gRPC port, protocol grpc), and the orchestrator
    /// has a sidecar of its own on the port it dials (DAPR_GRPC_PORT).</summary>
    public static IEnumerable<string> Targets(IDeployment deployment)
    {
        var workers = deployment.Apps.Where(a => a.IsWorker).Select(a => a.Name).ToHashSet();
        foreach (var app in deployment.Apps.Where(a => a.IsOrchestrator))
        {
            var run = app.Invocation;
            if (!run.IsRun)
            {
                yield return $"{app.Where}: does not run `simul run` ({string.Join(" ", app.Command)})";
                continue;
            }

            var targets = run.Targets;
            foreach (var duplicate in targets.GroupBy(t => t.Model).Where(g => g.Count() > 1))
            {
                yield return $"{app.Where}: the model name {duplicate.Key} is given to {duplicate.Count()} targets";
            }

            var reached = new List<string>();
            foreach (var (model, url) in targets)
            {
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
                {
                    yield return $"{app.Where}: target {model}={url} is not a URL";
                    continue;
                }

                if (uri.Scheme == "dapr")
                {
                    var sidecar = deployment.DaprApps.FirstOrDefault(d => d.AppId == uri.Host);
                    if (sidecar is null)
                    {
                        yield return $"{app.Where}: target {model}={url}: no sidecar serves the app id {uri.Host} (known: {string.Join(", ", deployment.DaprApps.Select(d => d.AppId))})";
                        continue;
                    }

                    reached.Add(sidecar.App.Name);
                    var dials = int.Parse(app.Env.GetValueOrDefault("DAPR_GRPC_PORT", "50001"), CultureInfo.InvariantCulture);
                    if (deployment.SidecarGrpcPort(app) is not { } port)
                    {
                        yield return $"{app.Where}: target {model}={url} goes through a Dapr sidecar, but this app has none";
                    }
                    else if (port != dials)
                    {
                        yield return $"{app.Where}: its sidecar serves gRPC on {port}, the orchestrator dials DAPR_GRPC_PORT {dials}";
                    }
                }
                else if (uri.Scheme is "http" or "dns")
                {
                    var endpoint = deployment.Resolve(uri.Host, uri.Port);
                    if (endpoint is null || !endpoint.App.IsWorker)
                    {
                        yield return $"{app.Where}: target {model}={url} does not lead to a worker";
                        continue;
                    }

                    reached.Add(endpoint.App.Name);
                    var grpc = UrlPort(endpoint.App, "ASPNETCORE_URLS", out _);
                    if (endpoint.ContainerPort != grpc)
                    {
                        yield return $"{app.Where}: target {model}={url} reaches {endpoint.App.Name}'s port {endpoint.ContainerPort}, its gRPC port is {grpc}";
                    }
                }
                else
                {
                    yield return $"{app.Where}: target {model}={url}: the orchestrator takes http://, dns:// or dapr:// only";
                }
            }

            foreach (var twice in reached.GroupBy(r => r).Where(g => g.Count() > 1))
            {
                yield return $"{app.Where}: {twice.Key} is the target of {twice.Count()} models";
            }

            foreach (var missed in workers.Except(reached).Order(StringComparer.Ordinal))
            {
                yield return $"{app.Where}: the worker {missed} runs but is not a target";
            }
        }
    }

    /// <summary>Every Dapr sidecar of a worker calls the app on its gRPC port with protocol grpc; app ids are unique.</summary>
    public static IEnumerable<string> Dapr(IDeployment deployment)
    {
        foreach (var sidecar in deployment.DaprApps)
        {
            var grpc = UrlPort(sidecar.App, "ASPNETCORE_URLS", out _);
            if (sidecar.App.IsWorker && sidecar.AppPort != grpc)
            {
                yield return $"{sidecar.App.Where}: the sidecar of {sidecar.AppId} calls app port {sidecar.AppPort}, the worker's gRPC port is {grpc}";
            }

            if (sidecar.App.IsWorker && sidecar.Protocol != "grpc")
            {
                yield return $"{sidecar.App.Where}: the sidecar of {sidecar.AppId} uses app protocol {sidecar.Protocol ?? "(default)"}, the worker speaks grpc";
            }
        }

        foreach (var duplicate in deployment.DaprApps.GroupBy(d => d.AppId).Where(g => g.Select(d => d.App.Name).Distinct().Count() > 1))
        {
            yield return $"{deployment.Name}: the Dapr app id {duplicate.Key} is used by {string.Join(", ", duplicate.Select(d => d.App.Name).Distinct())}";
        }
    }

    /// <summary>Every --scenario an orchestrator runs is shipped (orchestrator/scenarios, which the
    /// image has in /app/scenarios); without --scenario, the default comparison's are.</summary>
    public static IEnumerable<string> Scenarios(IDeployment deployment, Func<string, bool>? shipped = null)
    {
        shipped ??= name => File.Exists(Repo.PathOf(Path.Combine("orchestrator", "scenarios", name + ".json")));
        foreach (var app in deployment.Apps.Where(a => a.IsOrchestrator && a.Invocation.IsRun))
        {
            var given = app.Invocation.Scenarios;
            foreach (var scenario in given.Count > 0 ? given : ScenarioCatalog.DefaultComparison)
            {
                var name = ScenarioName(scenario);
                if (name is null || !shipped(name))
                {
                    yield return $"{app.Where}: --scenario {scenario} is not a scenario in orchestrator/scenarios (the image's /app/scenarios)";
                }
            }
        }
    }

    /// <summary>The report goes to --out, on a mount (else it is lost with the container).</summary>
    public static IEnumerable<string> Reports(IDeployment deployment)
    {
        foreach (var app in deployment.Apps.Where(a => a.IsOrchestrator && a.Invocation.IsRun))
        {
            var output = app.Invocation.Out;
            if (output is null)
            {
                yield return $"{app.Where}: no --out: the report would land in the container's reports/<time>";
            }
            else if (!app.MountPaths.Any(m => output == m || output.StartsWith(m.TrimEnd('/') + "/", StringComparison.Ordinal)))
            {
                yield return $"{app.Where}: --out {output} is not on a mount ({Join(app.MountPaths)})";
            }
        }
    }

    /// <summary>Kubernetes runs the images compose builds: every simul/* image in the manifests is
    /// one a compose service builds, a workload named like a compose service runs its image, and
    /// every image compose builds is used.</summary>
    public static IEnumerable<string> Images(ComposeDeployment compose, KubernetesDeployment kubernetes)
    {
        var built = compose.Images.Where(i => compose.Builds.ContainsKey(i.Key)).Select(i => i.Value).ToHashSet();
        var used = kubernetes.Images.Where(i => i.Image.StartsWith("simul/", StringComparison.Ordinal)).ToList();
        foreach (var (workload, image) in used.Where(i => !built.Contains(i.Image)))
        {
            yield return $"{kubernetes.Name}: {workload} runs {image}, which no docker-compose.yml service builds ({string.Join(", ", built.Order(StringComparer.Ordinal))})";
        }

        foreach (var (workload, image) in used)
        {
            if (compose.Images.TryGetValue(workload, out var composeImage) && composeImage != image)
            {
                yield return $"{kubernetes.Name}: {workload} runs {image}, the compose service {workload} runs {composeImage}";
            }
        }

        foreach (var image in built.Where(b => used.All(u => u.Image != b)).Order(StringComparer.Ordinal))
        {
            yield return $"{kubernetes.Name}: docker-compose.yml builds {image}, which no workload runs";
        }
    }

    /// <summary>The orchestrator runs of two deployments compare the same models, and where both
    /// go through Dapr, each model through the same app id.</summary>
    public static IEnumerable<string> SameTargets(App one, App other)
    {
        var a = one.Invocation.Targets.ToDictionary(t => t.Model, t => t.Url);
        var b = other.Invocation.Targets.ToDictionary(t => t.Model, t => t.Url);
        if (!a.Keys.Order(StringComparer.Ordinal).SequenceEqual(b.Keys.Order(StringComparer.Ordinal)))
        {
            yield return $"{one.Where} compares {string.Join(", ", a.Keys)}; {other.Where} compares {string.Join(", ", b.Keys)}";
            yield break;
        }

        foreach (var model in a.Keys.Where(m => a[m].StartsWith("dapr:", StringComparison.Ordinal) && b[m].StartsWith("dapr:", StringComparison.Ordinal) && a[m] != b[m]))
        {
            yield return $"model {model}: {one.Where} targets {a[model]}, {other.Where} targets {b[model]}";
        }
    }

    public static IEnumerable<string> All(IDeployment deployment) =>
        SettingNames(deployment).Concat(SettingValues(deployment)).Concat(Telemetry(deployment)).Concat(Logging(deployment)).Concat(Ports(deployment))
            .Concat(Probes(deployment)).Concat(Upstream(deployment)).Concat(Targets(deployment)).Concat(Dapr(deployment))
            .Concat(Scenarios(deployment)).Concat(Reports(deployment));

    /// <summary>/app/scenarios/NAME.json or NAME: NAME; anything else (another directory) null.</summary>
    private static string? ScenarioName(string scenario)
    {
        const string ImageDirectory = "/app/scenarios/";
        if (scenario.StartsWith(ImageDirectory, StringComparison.Ordinal) && scenario.EndsWith(".json", StringComparison.Ordinal))
        {
            return scenario[ImageDirectory.Length..^".json".Length];
        }

        return scenario.Contains('/', StringComparison.Ordinal) || scenario.EndsWith(".json", StringComparison.Ordinal) ? null : scenario;
    }

    /// <summary>The port of the single http:// URL in an environment variable.</summary>
    private static int UrlPort(App app, string variable, out string? problem)
    {
        problem = null;
        if (!app.Env.TryGetValue(variable, out var value) || value.Length == 0)
        {
            problem = $"{app.Where}: {variable} is not set";
            return 0;
        }

        if (value.Contains(';', StringComparison.Ordinal))
        {
            problem = $"{app.Where}: {variable} lists several URLs ({value}); the deployment files assume one";
            return 0;
        }

        if (!Uri.TryCreate(value.Replace("+", "0.0.0.0", StringComparison.Ordinal).Replace("*", "0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri) || uri.Scheme != "http")
        {
            problem = $"{app.Where}: {variable}={value} is not an http:// URL";
            return 0;
        }

        return uri.Port;
    }

    private static string Join(IEnumerable<int> ports) => ports.Any() ? string.Join(", ", ports.Distinct()) : "no port";

    private static string Join(IEnumerable<string> paths) => paths.Any() ? string.Join(", ", paths) : "no mounts";
}
