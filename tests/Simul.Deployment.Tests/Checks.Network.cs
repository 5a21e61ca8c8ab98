namespace Simul.Deployment.Tests;

/// <summary>Checks of ports, health probes and the way to upstream.</summary>
public static partial class Checks
{
    /// <summary>Workers: gRPC where they listen (ASPNETCORE_URLS for .NET, Simul__Urls for the
    /// runtimes whose code reads it) and HTTP/1.1 health on Simul__HealthUrl, two different ports,
    /// both exposed by the container (named grpc and health in Kubernetes). Upstream: HTTP on
    /// ASPNETCORE_URLS, exposed.</summary>
    public static IEnumerable<string> Ports(IDeployment deployment)
    {
        foreach (var app in deployment.Apps.Where(a => a.IsWorker || a.IsUpstream))
        {
            var listen = SettingsCatalog.ListenVariable(app);
            var grpc = UrlPort(app, listen, out var problem);
            if (problem is not null)
            {
                yield return problem;
                continue;
            }

            if (!app.ContainerPorts.Contains(grpc))
            {
                yield return $"{app.Where}: {listen} is port {grpc}, but the container exposes {Join(app.ContainerPorts)}";
            }

            var mainName = app.IsWorker ? "grpc" : "http";
            if (app.NamedPorts.Count > 0 && app.NamedPorts.GetValueOrDefault(mainName) != grpc)
            {
                yield return $"{app.Where}: the port named {mainName} is {app.NamedPorts.GetValueOrDefault(mainName)}, {listen} says {grpc}";
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
                yield return $"{app.Where}: Simul__HealthUrl and {listen} share port {grpc}; the gRPC port is HTTP/2 only";
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

    /// <summary>Kubernetes probes a worker with grpc.health.v1 on its gRPC port (where it listens);
    /// compose, whose images carry no gRPC client, asks GET /healthz on the worker's HTTP/1.1 port
    /// (Simul__HealthUrl's), which reports the same health checks. Upstream is asked GET /healthz
    /// on its HTTP port. Kubernetes workloads have readiness and liveness probes, compose services
    /// a health check (the orchestrator's depends_on waits for it).</summary>
    public static IEnumerable<string> Probes(IDeployment deployment)
    {
        foreach (var app in deployment.Apps.Where(a => a.IsWorker || a.IsUpstream))
        {
            var kubernetes = app.NamedPorts.Count > 0;
            var grpc = app.IsWorker && kubernetes;
            var port = UrlPort(app, app.IsWorker && !kubernetes ? "Simul__HealthUrl" : SettingsCatalog.ListenVariable(app), out var problem);
            if (problem is not null)
            {
                yield return problem;
                continue;
            }

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
                if (grpc && (!probe.Grpc || probe.Path.Length > 0 || probe.Port != port))
                {
                    yield return $"{app.Where}: {probe.Kind} is {(probe.Grpc ? "grpc" : $"GET {probe.Path}")} on port {probe.Port}; the worker serves grpc.health.v1 on its gRPC port {port}";
                }
                else if (!grpc && (probe.Grpc || probe.Path != "/healthz" || probe.Port != port))
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
            else if (ListenPort(endpoint.App) != endpoint.ContainerPort)
            {
                yield return $"{app.Where}: Simul__Upstream {value} reaches upstream's container port {endpoint.ContainerPort}, it listens on {ListenPort(endpoint.App)}";
            }
        }
    }
}
