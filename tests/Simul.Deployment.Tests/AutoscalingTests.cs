namespace Simul.Deployment.Tests;

/// <summary>The KEDA overlay: rendered by kustomize, every trigger's query names real series and
/// labels, every threshold is the worker's own setting; and k8s/base needs no KEDA.</summary>
public class AutoscalingTests
{
    private const string Overlay = "k8s/overlays/keda";

    [Fact]
    public void Every_worker_has_a_scaled_object_and_no_cpu_hpa_is_left_to_fight_it()
    {
        var manifests = Yaml.Documents(Repo.Kustomize(Overlay));

        var scaled = manifests.Where(m => m.Str("kind") == "ScaledObject").Select(m => m.Path("spec", "scaleTargetRef").Str("name")).ToHashSet();
        var workers = KubernetesDeployment.Render(Overlay).Apps.Where(a => a.IsWorker).Select(a => a.Name);
        Assert.Equal(workers.Order(StringComparer.Ordinal), scaled.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(manifests, m => m.Str("kind") == "HorizontalPodAutoscaler");
    }

    [Fact]
    public void Every_trigger_asks_for_what_the_workers_emit_against_their_own_settings()
    {
        var manifests = Yaml.Documents(Repo.Kustomize(Overlay));

        Assert.Empty(Checks.Autoscaling(Overlay, manifests, KubernetesDeployment.Render(Overlay)));
        Assert.Contains("simul_requests_in_flight", MetricCatalog.Series);
    }

    [Theory]
    [InlineData("simul_requests_in_flight{job=\"worker-threadpool\"}", "simul_request_in_flight{job=\"worker-threadpool\"}", "do not emit")]
    [InlineData("simul_requests_in_flight{job=\"worker-threadpool\"}", "simul_requests_in_flight{job=\"threadpool\"}", "service name is worker-threadpool")]
    [InlineData("simul_requests_in_flight{job=\"worker-threadpool\"}", "simul_requests_in_flight{model=\"threadpool\"}", "label model")]
    [InlineData("threshold: \"32\"", "threshold: \"30\"", "Simul__PoolThreads is 32")]
    [InlineData("threshold: \"16\"", "threshold: \"15\"", "Simul__MaxChildren is 16")]
    [InlineData("threshold: \"1\"", "threshold: \"2\"", "not 1")]
    [InlineData("simul_requests_in_flight{job=\"worker-python-asyncio-blocking\"}", "simul_requests_in_flight{job=\"worker-python-asyncio\"}", "service name is worker-python-asyncio-blocking")]
    public void A_broken_trigger_is_caught(string replace, string with, string named)
    {
        var text = Repo.Kustomize(Overlay);
        Assert.Contains(replace, text, StringComparison.Ordinal);

        var problems = Checks.Autoscaling(Overlay, Yaml.Documents(text.Replace(replace, with, StringComparison.Ordinal)), KubernetesDeployment.Render(Overlay)).ToList();

        Assert.Contains(problems, p => p.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public void The_base_depends_on_no_autoscaler_but_its_own()
    {
        var rendered = Repo.Kustomize("k8s/base");

        Assert.DoesNotContain("keda.sh", rendered, StringComparison.Ordinal);
        Assert.DoesNotContain("ScaledObject", rendered, StringComparison.Ordinal);
    }
}
