using k8s;
using k8s.Models;
using YamlDotNet.Core;

namespace Simul.Deployment.Tests;

/// <summary>
/// Rendered manifests loaded the way the Kubernetes client library loads them, strictly: each
/// object into the Kubernetes API's own type for its apiVersion and kind (KubernetesClient's
/// models), where a field the API does not have (a misspelling, a field at the wrong level) or a
/// value of the wrong type is an error. The custom resources the overlays use (KEDA's
/// ScaledObject, Dapr's Configuration) have no type there: their metadata is loaded strictly,
/// their spec is their operator's to check.
/// </summary>
public static class ManifestSchema
{
    private static readonly Dictionary<string, Type> CustomResources = new(StringComparer.Ordinal)
    {
        ["keda.sh/v1alpha1/ScaledObject"] = typeof(CustomResource),
        ["dapr.io/v1alpha1/Configuration"] = typeof(CustomResource),
    };

    /// <summary>One line per object that does not load, naming it and what is wrong.</summary>
    public static IEnumerable<string> Problems(string where, string manifests)
    {
        foreach (var document in manifests.Split("\n---\n").Where(d => d.Trim().Length > 0))
        {
            var node = Yaml.Documents(document).SingleOrDefault();
            var name = $"{where}: {node.Str("kind") ?? "(no kind)"} {node.Path("metadata").Str("name") ?? "(no name)"}";
            string? problem;
            try
            {
                var loaded = KubernetesYaml.LoadAllFromString(document, CustomResources, strict: true);
                problem = loaded.Count == 1 ? null : $"{loaded.Count} objects in one document";
            }
            catch (YamlException e)
            {
                problem = $"{e.Message} {e.InnerException?.Message}".Trim();
            }
            catch (ArgumentException e)
            {
                problem = e.Message;
            }

            if (problem is not null)
            {
                yield return $"{name}: {problem}";
            }
        }
    }

    /// <summary>An object of a custom resource: the fields every object has, and its spec unchecked.</summary>
    public sealed class CustomResource : IKubernetesObject<V1ObjectMeta>
    {
        public string ApiVersion { get; set; } = "";

        public string Kind { get; set; } = "";

        public V1ObjectMeta Metadata { get; set; } = new();

        public object? Spec { get; set; }
    }
}
