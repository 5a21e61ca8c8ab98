namespace Simul.Orchestrator.Local;

/// <summary>A worker the local stack can start: its model name, the service that runs it, and the
/// settings that make it that model (plus any a user or a test adds).</summary>
public sealed record LocalModel(string Name, ServiceDescription Service, IReadOnlyDictionary<string, string> Settings, string? LimitSetting, bool InDemo)
{
    private static readonly Lazy<IReadOnlyList<LocalModel>> Described = new(() => RepoLayout.Root is { } root
        ? [.. ServiceDescription.InRepository(root).SelectMany(s => s.Models.Select(m => new LocalModel(m.Name, s, m.Settings, m.LimitSetting, m.Demo)))]
        : []);

    /// <summary>Every model the services' worker.json files describe, by the name it reports.</summary>
    public static IReadOnlyList<LocalModel> All => Described.Value;

    public string Runtime => Service.Runtime;

    public static LocalModel Named(string name) =>
        All.FirstOrDefault(m => m.Name == name)
        ?? throw new ArgumentException(RepoLayout.Root is null
            ? "Not running from a clone of the Simul repository: start the workers yourself and use --target."
            : $"unknown model '{name}'; known: {string.Join(", ", All.Select(m => m.Name))}");

    /// <summary>The same model with more settings (e.g. a small pool for a test).</summary>
    public LocalModel With(string setting, string value) =>
        this with { Settings = new Dictionary<string, string>(Settings) { [setting] = value } };
}
