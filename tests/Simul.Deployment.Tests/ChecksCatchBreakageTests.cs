namespace Simul.Deployment.Tests;

/// <summary>The checks are not vacuous: the real files, broken one way at a time (a renamed
/// setting, a moved port, a wrong app id, ...), make the check that guards it fail.</summary>
public class ChecksCatchBreakageTests
{
    public static TheoryData<string, string, string, string, string> ComposeBreakages() => new()
    {
        // profile, check, replace, with, a word the problem names
        { "", "setting names", "Simul__MaxQueue: \"1000\"", "Simul__MaxQueued: \"1000\"", "Simul__MaxQueued" },
        { "", "setting names", "Simul__YieldEvery: \"0\"", "Simul__PoolThreads: \"8\"", "Simul__PoolThreads" },
        { "", "setting names", "Simul__ChildBuild: aot", "Simul__Childbuild: aot", "spelled differently" },
        { "", "setting names", "Simul__Model: threads\n      Simul__PoolThreads", "Simul__Model: threads\n      Simul__PoolThread", "Simul__PoolThread is not a setting of simul/worker-python" },
        { "", "setting names", "Simul__Model: worker-threads\n", "Simul__Model: worker-threads\n      Simul__MaxChildren: \"4\"\n", "Simul__MaxChildren is not a setting of simul/worker-node" },
        { "", "setting values", "Simul__ChildBuild: aot", "Simul__ChildBuild: native", "ProcessSettings" },
        { "", "setting values", "Simul__EventLoop: \"true\"", "Simul__EventLoop: \"yes\"", "AsyncSettings" },
        { "", "setting values", "Simul__Model: worker-threads", "Simul__Model: workers", "Simul__Model must be loop or worker-threads" },
        { "", "setting values", "Simul__MaxChildren: \"16\"\n      OTEL_SERVICE_NAME: worker-python-process", "Simul__MaxChildren: \"0\"\n      OTEL_SERVICE_NAME: worker-python-process", "Simul__MaxChildren must be a whole number" },
        { "", "setting values", "Simul__BlockingWaits: \"true\"", "Simul__BlockingWaits: \"yes\"", "Simul__BlockingWaits must be true or false" },
        { "", "models", "Simul__YieldEvery: \"200000\"", "Simul__YieldEvery: \"1000\"", "model node in worker-node/worker.json has 200000" },
        { "", "models", "  worker-python-threads:\n", "  worker-python-thread:\n", "no model of worker-python/worker.json is named worker-python-thread" },
        { "", "telemetry variables", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: http://jaeger:4318/v1/traces", "OTEL_EXPORTER_OTLP_TRACE_ENDPOINT: http://jaeger:4318/v1/traces", "OTEL_EXPORTER_OTLP_TRACE_ENDPOINT" },
        { "", "telemetry variables", "OTEL_SERVICE_NAME: worker-threadpool", "OTEL_SERVICE_NAME: threadpool", "OTEL_SERVICE_NAME" },
        { "", "telemetry variables", "<<: [*worker-settings, *traces]\n      Simul__Model: threads", "<<: [*worker-settings, *traces, *metrics-push]\n      Simul__Model: threads", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT is not an OpenTelemetry variable simul/worker-python" },
        { "", "ports", "Simul__HealthUrl: http://+:8081", "Simul__HealthUrl: http://+:8082", "8082" },
        { "", "ports", "Simul__HealthUrl: http://+:8081", "Simul__HealthUrl: http://+:8080", "share port" },
        { "", "ports", "Simul__Model: loop\n", "Simul__Model: loop\n      Simul__Urls: http://+:9000\n", "Simul__Urls is port 9000" },
        { "", "health probes", "Simul__HealthUrl: http://+:8081", "Simul__HealthUrl: http://+:8082", "HEALTHCHECK" },
        { "", "upstream address", "Simul__Upstream: http://upstream:8080", "Simul__Upstream: http://upstream:9999", "upstream:9999" },
        { "", "upstream address", "Simul__Upstream: http://upstream:8080", "Simul__Upstream: http://worker-process:8080", "does not lead to the upstream" },
        { "", "orchestrator targets", "- process=http://worker-process:8080", "- process=http://worker-process:8081", "gRPC port is 8080" },
        { "", "orchestrator targets", "- async-loop=http://worker-async-loop:8080", "- async=http://worker-async-loop:8080", "model name async" },
        { "", "orchestrator targets", "- async-loop=http://worker-async-loop:8080", "- async-loop=http://worker-async:8080", "worker-async-loop runs but is not a target" },
        { "", "orchestrator targets", "- async-loop=http://worker-async-loop:8080", "- async-loop=http://upstream:8080", "does not lead to a worker" },
        { "", "orchestrator targets", "- node=http://worker-node:8080", "- node=http://worker-node:8081", "gRPC port is 8080" },
        { "dapr", "orchestrator targets", "--target async-loop=dapr://worker-async-loop", "--target async-loop=dapr://worker-loop", "app id worker-loop" },
        { "dapr", "orchestrator targets", "--target node=dapr://worker-node ", "--target node=dapr://worker-nodes ", "app id worker-nodes" },
        { "dapr", "orchestrator targets", "DAPR_GRPC_PORT: \"50001\"", "DAPR_GRPC_PORT: \"50002\"", "DAPR_GRPC_PORT 50002" },
        { "dapr", "dapr sidecars", "\"--app-port\", \"8080\"", "\"--app-port\", \"8081\"", "app port 8081" },
        { "dapr", "dapr sidecars", "\"--app-protocol\", \"grpc\"", "\"--app-protocol\", \"http\"", "app protocol http" },
        { "", "scenarios", "      - run\n", "      - run\n      - --scenario\n      - no-such-scenario\n", "no-such-scenario" },
        { "", "scenarios", "      - run\n", "      - run\n      - --scenario\n      - /app/scenarios/seed-prime.json\n", "seed-prime.json" },
        { "", "report mount", "      - /reports\n", "      - /tmp/reports\n", "/tmp/reports" },
    };

    [Theory]
    [MemberData(nameof(ComposeBreakages))]
    public void Compose_breakage_is_caught(string profile, string check, string replace, string with, string named)
    {
        var text = Mutate(Repo.Read("docker-compose.yml"), replace, with);
        var deployment = ComposeDeployment.Load(text, profile.Length == 0 ? [] : [profile]);
        AssertCaught(CheckNamed(check)(deployment), named);
    }

    [Theory]
    [InlineData("services/worker-host/Dockerfile", "/dev/tcp/127.0.0.1/8081", "/dev/tcp/127.0.0.1/8080", "asks /healthz on port 8080")]
    [InlineData("services/worker-host/Dockerfile", "GET /healthz HTTP", "GET /health HTTP", "asks /health on port")]
    [InlineData("services/worker-host/Dockerfile", "HEALTHCHECK --interval", "HEALTHCHECK NONE\n# --interval", "no health check")]
    [InlineData("services/upstream/Dockerfile", "/dev/tcp/127.0.0.1/8080", "/dev/tcp/127.0.0.1/8081", "asks /healthz on port 8081")]
    [InlineData("services/worker-python/Dockerfile", "/dev/tcp/127.0.0.1/8081", "/dev/tcp/127.0.0.1/8080", "asks /healthz on port 8080")]
    [InlineData("services/worker-node/Dockerfile", "HEALTHCHECK --interval", "HEALTHCHECK NONE\n# --interval", "no health check")]
    public void Dockerfile_breakage_is_caught(string dockerfile, string replace, string with, string named)
    {
        string Read(string path) => path == dockerfile ? Mutate(Repo.Read(path), replace, with) : Repo.Read(path);
        AssertCaught(Checks.Probes(ComposeDeployment.Load(Repo.Read("docker-compose.yml"), Read)), named);
    }

    [Theory]
    [InlineData("services/worker-host/Dockerfile", "Logging__LogLevel__Default=Warning", "Logging__LogLevel__Default=Information")]
    [InlineData("services/upstream/Dockerfile", "    Logging__LogLevel__Default=Warning \\\n", "")]
    public void Per_request_logging_is_caught(string dockerfile, string replace, string with)
    {
        string Read(string path) => path == dockerfile ? Mutate(Repo.Read(path), replace, with) : Repo.Read(path);
        AssertCaught(Checks.Logging(ComposeDeployment.Load(Repo.Read("docker-compose.yml"), Read)), "a log line per request");
    }

    public static TheoryData<string, string, string, string, string> KubernetesBreakages() => new()
    {
        // directory, check, replace (in the rendered manifests), with, a word the problem names
        { "k8s/base", "setting names", "Simul__YieldEvery: \"0\"", "Simul__YieldEach: \"0\"", "Simul__YieldEach" },
        { "k8s/base", "setting values", "Simul__ThreadPoolMode: dedicated", "Simul__ThreadPoolMode: private", "ThreadPoolSettings" },
        { "k8s/base", "setting values", "Simul__Model: threads", "Simul__Model: thread", "Simul__Model must be one of" },
        { "k8s/base", "models", "Simul__MaxChildren: \"16\"\n  Simul__Model: process", "Simul__MaxChildren: \"8\"\n  Simul__Model: process", "model python-process in worker-python/worker.json has 16" },
        { "k8s/base", "telemetry variables", "fieldPath: metadata.labels['app.kubernetes.io/name']", "fieldPath: metadata.labels['app.kubernetes.io/component']", "OTEL_SERVICE_NAME is worker, not worker-" },
        { "k8s/base", "health probes", "path: /healthz", "path: /health", "asks /health on" },
        { "k8s/base", "health probes", "grpc:\n            port: 8080\n          periodSeconds: 2", "grpc:\n            port: 8081\n          periodSeconds: 2", "on port 8081; the worker serves grpc.health.v1 on its gRPC port 8080" },
        { "k8s/base", "ports", "containerPort: 8081", "containerPort: 8082", "named health is 8082" },
        { "k8s/base", "orchestrator targets", "- threadpool=http://worker-threadpool:8080", "- threadpool=http://worker-threadpool:8081", "does not lead to a worker" },
        { "k8s/base", "scenarios", "- /app/scenarios/concurrency-sweep.json", "- /app/scenarios/concurrency-sweeps.json", "concurrency-sweeps.json" },
        { "k8s/base", "upstream address", "Simul__Upstream: http://upstream:8080", "Simul__Upstream: http://upstream-svc:8080", "does not lead to the upstream" },
        { "k8s/overlays/dapr", "orchestrator targets", "dapr.io/app-id: worker-async-loop", "dapr.io/app-id: worker-loop", "app id worker-async-loop" },
        { "k8s/overlays/dapr", "dapr sidecars", "dapr.io/app-port: \"8080\"", "dapr.io/app-port: \"8081\"", "app port 8081" },
        { "k8s/overlays/headless", "orchestrator targets", "- async=dns:///worker-async-headless:8080", "- async=dns:///worker-async-headles:8080", "does not lead to a worker" },
        { "k8s/overlays/headless", "report mount", "mountPath: /reports", "mountPath: /data", "not on a mount" },
    };

    [Theory]
    [MemberData(nameof(KubernetesBreakages))]
    public void Manifest_breakage_is_caught(string directory, string check, string replace, string with, string named)
    {
        var text = Mutate(Repo.Kustomize(directory), replace, with);
        AssertCaught(CheckNamed(check)(KubernetesDeployment.Parse(directory, text)), named);
    }

    [Fact]
    public void Image_mismatch_is_caught()
    {
        var text = Mutate(Repo.Kustomize("k8s/base"), "image: simul/worker-async:dev", "image: simul/worker-async:1.0");
        AssertCaught(Checks.Images(DeploymentFilesTests.Compose(), KubernetesDeployment.Parse("k8s/base", text)), "simul/worker-async:1.0");
    }

    private static Func<IDeployment, IEnumerable<string>> CheckNamed(string check) => check switch
    {
        "setting names" => Checks.SettingNames,
        "setting values" => Checks.SettingValues,
        "models" => Checks.Models,
        "telemetry variables" => Checks.Telemetry,
        "logging" => Checks.Logging,
        "ports" => Checks.Ports,
        "health probes" => Checks.Probes,
        "upstream address" => Checks.Upstream,
        "orchestrator targets" => Checks.Targets,
        "dapr sidecars" => Checks.Dapr,
        "scenarios" => d => Checks.Scenarios(d),
        "report mount" => Checks.Reports,
        _ => throw new ArgumentException(check),
    };

    private static string Mutate(string text, string replace, string with)
    {
        Assert.True(text.Contains(replace, StringComparison.Ordinal), $"the file no longer contains '{replace}': update this breakage");
        return text.Replace(replace, with, StringComparison.Ordinal);
    }

    private static void AssertCaught(IEnumerable<string> problems, string named)
    {
        var list = problems.ToList();
        Assert.True(list.Any(p => p.Contains(named, StringComparison.Ordinal)),
            $"expected a problem naming '{named}', got: {(list.Count == 0 ? "none" : string.Join(" | ", list))}");
    }
}
