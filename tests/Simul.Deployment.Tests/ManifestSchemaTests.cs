namespace Simul.Deployment.Tests;

/// <summary>Every object kustomize renders from k8s/ is an object the Kubernetes API takes, field
/// by field (ManifestSchema); and a misspelt field, a field at the wrong level or a wrong type fails.</summary>
public class ManifestSchemaTests
{
    public static TheoryData<string> Directories() => [.. DeploymentFilesTests.KustomizeDirectories];

    [Theory]
    [MemberData(nameof(Directories))]
    public void Every_rendered_object_loads_strictly_into_its_kubernetes_api_type(string directory) =>
        DeploymentFilesTests.AssertNone(ManifestSchema.Problems(directory, Repo.Kustomize(directory)));

    [Theory]
    [InlineData("k8s/base", "readinessProbe:", "readynessProbe:", "Property 'readynessProbe' not found")]
    [InlineData("k8s/base", "          periodSeconds: 2\n", "          periodSeconds: two\n", "Deployment worker-")]
    [InlineData("k8s/overlays/headless", "  clusterIP: None\n", "  clusterIp: None\n", "Property 'clusterIp' not found")]
    [InlineData("k8s/base", "        runAsNonRoot: true\n", "        runAsNonRoot: yes please\n", "Deployment worker-")]
    [InlineData("k8s/overlays/keda", "kind: ScaledObject\nmetadata:\n", "kind: ScaledObject\nmetadata:\n  nam: x\n", "Property 'nam' not found")]
    public void A_field_the_api_does_not_have_is_caught(string directory, string replace, string with, string named)
    {
        var text = Repo.Kustomize(directory);
        Assert.Contains(replace, text, StringComparison.Ordinal);

        var problems = ManifestSchema.Problems(directory, text.Replace(replace, with, StringComparison.Ordinal)).ToList();

        Assert.Contains(problems, p => p.Contains(named, StringComparison.Ordinal));
    }
}
