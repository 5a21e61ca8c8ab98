using System.Globalization;
using Simul.Orchestrator.Commands;
using Simul.Orchestrator.Targets;

namespace Simul.Deployment.Tests;

/// <summary>Checks of the orchestrator runs: targets, Dapr sidecars, scenarios, reports.</summary>
public static partial class Checks
{
    /// <summary>Each orchestrator run names every worker of the deployment once: distinct model
    /// names; an http:// or dns:/// target leads to a worker's gRPC port; a dapr://APP-ID target names the
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
                if (ParseTarget(model, url, app.Env) is not { } target)
                {
                    yield return $"{app.Where}: target {model}={url}: the orchestrator takes http://HOST:PORT, dns:///NAME:PORT or dapr://APP-ID only";
                    continue;
                }

                if (target.Kind == TargetKind.Dapr)
                {
                    var sidecar = deployment.DaprApps.FirstOrDefault(d => d.AppId == target.DaprAppId);
                    if (sidecar is null)
                    {
                        yield return $"{app.Where}: target {model}={url}: no sidecar serves the app id {target.DaprAppId} (known: {string.Join(", ", deployment.DaprApps.Select(d => d.AppId))})";
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
                else
                {
                    // http://host:port, or dns:///host:port (every address of the name).
                    var hostPort = target.Address[(target.Address.LastIndexOf('/') + 1)..].Split(':');
                    var endpoint = deployment.Resolve(hostPort[0], int.Parse(hostPort[1], CultureInfo.InvariantCulture));
                    if (endpoint is null || !endpoint.App.IsWorker)
                    {
                        yield return $"{app.Where}: target {model}={url} does not lead to a worker";
                        continue;
                    }

                    reached.Add(endpoint.App.Name);
                    var grpc = ListenPort(endpoint.App);
                    if (endpoint.ContainerPort != grpc)
                    {
                        yield return $"{app.Where}: target {model}={url} reaches {endpoint.App.Name}'s port {endpoint.ContainerPort}, its gRPC port is {grpc}";
                    }
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

    /// <summary>A target as the orchestrator's own parser reads it, or null if it refuses it.</summary>
    private static Target? ParseTarget(string model, string url, IReadOnlyDictionary<string, string> environment)
    {
        try
        {
            return Target.Parse($"{model}={url}", name => environment.GetValueOrDefault(name));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Every Dapr sidecar of a worker calls the app on its gRPC port with protocol grpc; app ids are unique.</summary>
    public static IEnumerable<string> Dapr(IDeployment deployment)
    {
        foreach (var sidecar in deployment.DaprApps)
        {
            var grpc = ListenPort(sidecar.App);
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
}
