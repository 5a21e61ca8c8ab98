namespace Simul.Deployment.Tests;

/// <summary>Checks that compose and Kubernetes run the same images.</summary>
public static partial class Checks
{
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
}
