using Simul.Orchestrator.Local;

namespace Simul.Deployment.Tests;

/// <summary>
/// The services/*/worker.json descriptions the orchestrator reads, by the image a deployment runs
/// them from (simul/worker-python is services/worker-python): each worker's runtime and models.
/// </summary>
public static class WorkerRuntimes
{
    private static readonly Lazy<Dictionary<string, ServiceDescription>> ByImage = new(() =>
        ServiceDescription.InRepository(Repo.Root).ToDictionary(d => "simul/" + d.Service, StringComparer.Ordinal));

    public static IReadOnlyCollection<ServiceDescription> All => ByImage.Value.Values;

    /// <summary>The description of the service the app's image runs, or null (upstream, the orchestrator).</summary>
    public static ServiceDescription? Of(App app) => ByImage.Value.GetValueOrDefault(app.Repository);

    /// <summary>dotnet, cpython, node; null for an app that is not a worker.</summary>
    public static string? Runtime(App app) => Of(app)?.Runtime;

    /// <summary>The model a deployed worker is named for: worker-MODEL runs MODEL of its service.</summary>
    public static ModelDescription? Model(App app) =>
        Of(app)?.Models.FirstOrDefault(m => "worker-" + m.Name == app.Name);
}
