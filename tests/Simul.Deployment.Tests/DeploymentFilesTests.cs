using Simul.Orchestrator.Commands;

namespace Simul.Deployment.Tests;

/// <summary>docker-compose.yml (with and without the profile dapr) and every k8s/ directory as
/// kustomize renders it agree with the code. A k8s case fails, naming the reason, where kubectl
/// is missing.</summary>
public class DeploymentFilesTests
{
    private static readonly Dictionary<string, Func<IDeployment, IEnumerable<string>>> Named = new(StringComparer.Ordinal)
    {
        ["setting names"] = Checks.SettingNames,
        ["setting values"] = Checks.SettingValues,
        ["models"] = Checks.Models,
        ["telemetry variables"] = Checks.Telemetry,
        ["logging"] = Checks.Logging,
        ["ports"] = Checks.Ports,
        ["health probes"] = Checks.Probes,
        ["upstream address"] = Checks.Upstream,
        ["orchestrator targets"] = d => Checks.Targets(d),
        ["dapr sidecars"] = Checks.Dapr,
        ["scenarios"] = d => Checks.Scenarios(d),
        ["report mount"] = Checks.Reports,
    };

    public static readonly string[] KustomizeDirectories = ["k8s/base", "k8s/overlays/dapr", "k8s/overlays/headless", "k8s/overlays/keda"];

    public static TheoryData<string, string> ComposeCases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var profile in new[] { "", "dapr" })
        {
            foreach (var check in Named.Keys)
            {
                cases.Add(profile, check);
            }
        }

        return cases;
    }

    public static TheoryData<string, string> KubernetesCases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var directory in KustomizeDirectories)
        {
            foreach (var check in Named.Keys)
            {
                cases.Add(directory, check);
            }
        }

        return cases;
    }

    internal static ComposeDeployment Compose(string profile = "") =>
        ComposeDeployment.Load(Repo.Read("docker-compose.yml"), profile.Length == 0 ? [] : [profile]);

    [Theory]
    [MemberData(nameof(ComposeCases))]
    public void Compose_file_agrees_with_the_code(string profile, string check) =>
        AssertNone(Named[check](Compose(profile)));

    [Theory]
    [MemberData(nameof(KubernetesCases))]
    public void Rendered_manifests_agree_with_the_code(string directory, string check) =>
        AssertNone(Named[check](KubernetesDeployment.Render(directory)));

    [Theory]
    [InlineData("k8s/base")]
    [InlineData("k8s/overlays/dapr")]
    [InlineData("k8s/overlays/headless")]
    public void Manifests_run_the_images_compose_builds(string directory) =>
        AssertNone(Checks.Images(Compose(), KubernetesDeployment.Render(directory)));

    /// <summary>Every deployment runs upstream, an orchestrator and the same workers: each a
    /// model of a services/*/worker.json, named worker-MODEL, and every runtime there has some.</summary>
    [Fact]
    public void Every_deployment_has_upstream_the_same_workers_of_every_runtime_and_an_orchestrator()
    {
        var deployments = new List<IDeployment> { Compose(), Compose("dapr") };
        deployments.AddRange(KustomizeDirectories.Select(KubernetesDeployment.Render));
        var workers = Compose().Apps.Where(a => a.IsWorker).ToList();
        Assert.All(workers, w => Assert.True(WorkerRuntimes.Model(w) is not null, $"{w.Where}: no model of {WorkerRuntimes.Of(w)?.Service ?? w.Repository} is named {w.Name}"));
        Assert.Equal(
            WorkerRuntimes.All.Select(s => s.Runtime).Distinct().Order(StringComparer.Ordinal),
            workers.Select(WorkerRuntimes.Runtime).Distinct().Order(StringComparer.Ordinal));
        foreach (var deployment in deployments)
        {
            Assert.Single(deployment.Apps, a => a.IsUpstream);
            Assert.Equal(workers.Select(a => a.Name).Order(StringComparer.Ordinal),
                deployment.Apps.Where(a => a.IsWorker).Select(a => a.Name).Order(StringComparer.Ordinal));
            Assert.Contains(deployment.Apps, a => a.IsOrchestrator && a.Invocation.IsRun);
        }
    }

    [Fact]
    public void Dapr_runs_go_through_sidecars_with_the_same_app_ids_in_compose_and_kubernetes()
    {
        var compose = Compose("dapr").Apps.Single(a => a.Name == "orchestrator-dapr");
        var kubernetes = KubernetesDeployment.Render("k8s/overlays/dapr").Apps.Single(a => a.IsOrchestrator);
        foreach (var run in new[] { compose, kubernetes })
        {
            Assert.NotEmpty(run.Invocation.Targets);
            Assert.All(run.Invocation.Targets, t => Assert.StartsWith("dapr://", t.Url, StringComparison.Ordinal));
        }

        AssertNone(Checks.SameTargets(compose, kubernetes));
        Assert.Equal(
            Compose("dapr").DaprApps.Select(d => d.AppId).Order(StringComparer.Ordinal),
            KubernetesDeployment.Render("k8s/overlays/dapr").DaprApps.Select(d => d.AppId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_orchestrator_run_compares_the_same_models()
    {
        var runs = new List<App> { Compose().Apps.Single(a => a.IsOrchestrator) };
        runs.AddRange(Compose("dapr").Apps.Where(a => a.IsOrchestrator));
        runs.AddRange(KustomizeDirectories.Select(d => KubernetesDeployment.Render(d).Apps.Single(a => a.IsOrchestrator)));
        foreach (var run in runs.Skip(1))
        {
            Assert.Equal(
                runs[0].Invocation.Targets.Select(t => t.Model).Order(StringComparer.Ordinal),
                run.Invocation.Targets.Select(t => t.Model).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Headless_overlay_targets_headless_services()
    {
        var manifests = Yaml.Documents(Repo.Kustomize("k8s/overlays/headless"));
        var headless = manifests
            .Where(d => d.Str("kind") == "Service" && d.Path("spec", "clusterIP").Str() == "None")
            .Select(d => d.Path("metadata", "name").Str())
            .ToHashSet();
        var run = KubernetesDeployment.Render("k8s/overlays/headless").Apps.Single(a => a.IsOrchestrator);
        Assert.NotEmpty(run.Invocation.Targets);
        Assert.All(run.Invocation.Targets, t =>
        {
            var target = Simul.Orchestrator.Targets.Target.Parse($"{t.Model}={t.Url}");
            Assert.Equal(Simul.Orchestrator.Targets.TargetKind.Balanced, target.Kind);
            Assert.Contains(target.Address["dns:///".Length..].Split(':')[0], headless);
        });
    }

    [Fact]
    public void Every_shipped_scenario_loads()
    {
        var files = Directory.GetFiles(Repo.PathOf("orchestrator/scenarios"), "*.json");
        Assert.NotEmpty(files);
        Assert.All(files, file => Assert.Equal(Path.GetFileNameWithoutExtension(file), ScenarioCatalog.Load(file).Name));
    }

    [Fact]
    public void Every_compose_build_names_a_dockerfile_that_exists() =>
        Assert.All(Compose("dapr").Builds, b => Assert.True(File.Exists(Repo.PathOf(b.Value)), $"{b.Key}: {b.Value} does not exist"));

    /// <summary>An image's ENV is read with the build args compose gives it put in.</summary>
    [Fact]
    public void An_image_environment_takes_its_build_args() =>
        Assert.Equal("Simul.WorkerProcess.dll", Compose().Apps.Single(a => a.Name == "worker-process").Env["SIMUL_WORKER_DLL"]);

    /// <summary>The .NET workers' one Dockerfile builds the worker its args name: the project
    /// services/WORKER/APP.csproj exists, and the image is simul/WORKER.</summary>
    [Fact]
    public void Every_dotnet_worker_build_names_its_own_project()
    {
        var compose = Compose();
        var dotnet = compose.Builds.Where(b => b.Value == "services/worker-host/Dockerfile").ToList();
        Assert.NotEmpty(dotnet);
        foreach (var (service, _) in dotnet)
        {
            var args = compose.BuildArgsOf(service);
            Assert.True(File.Exists(Repo.PathOf($"services/{args["WORKER"]}/{args["APP"]}.csproj")), $"{service}: services/{args["WORKER"]}/{args["APP"]}.csproj does not exist");
            Assert.Equal($"simul/{args["WORKER"]}:dev", compose.Images[service]);
        }
    }

    [Fact]
    public void The_process_worker_image_carries_its_child_where_the_worker_looks()
    {
        // ChildCommand looks next to the worker (/app): child-aot/simul-worker-child (no tracing
        // compiled in), child-aot-traced/simul-worker-child, child-jit/simul-worker-child.dll.
        Assert.Equal("true", Compose().BuildArgsOf("worker-process").GetValueOrDefault("CHILD"));
        var dockerfile = Repo.Read(Compose().Builds["worker-process"]);
        Assert.Contains("-p:ChildTracing=false -o /app/child-aot ", dockerfile, StringComparison.Ordinal);
        Assert.Contains("-o /app/child-aot-traced", dockerfile, StringComparison.Ordinal);
        Assert.Contains("-o /app/child-jit", dockerfile, StringComparison.Ordinal);
        Assert.Contains("test -x /app/child-aot/simul-worker-child", dockerfile, StringComparison.Ordinal);
        Assert.Contains("test -x /app/child-aot-traced/simul-worker-child", dockerfile, StringComparison.Ordinal);
        Assert.Contains("test -f /app/child-jit/simul-worker-child.dll", dockerfile, StringComparison.Ordinal);
        Assert.Contains("<AssemblyName>simul-worker-child</AssemblyName>", Repo.Read("services/worker-process-child/Simul.WorkerChild.csproj"), StringComparison.Ordinal);
        Assert.Contains("traced ? \"child-aot-traced\" : \"child-aot\", ProgramName", Repo.Read("services/worker-process/ChildCommand.cs"), StringComparison.Ordinal);
        Assert.Contains("\"child-jit\", ProgramName + \".dll\"", Repo.Read("services/worker-process/ChildCommand.cs"), StringComparison.Ordinal);
    }

    internal static void AssertNone(IEnumerable<string> problems)
    {
        var list = problems.ToList();
        Assert.True(list.Count == 0, string.Join(Environment.NewLine, list));
    }
}
