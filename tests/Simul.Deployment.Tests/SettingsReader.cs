namespace Simul.Deployment.Tests;

/// <summary>
/// What a worker's own code reads from its environment: the names of the Simul__ settings it
/// asks for, whether a set of values binds, and the OTEL_* variables it (or its SDK) reads.
/// </summary>
public interface ISettingsReader
{
    /// <summary>Setting names without the prefix (PoolThreads, Urls, ...), spelled as the code spells them.</summary>
    IReadOnlyCollection<string> Names { get; }

    IReadOnlySet<string> TelemetryVariables { get; }

    /// <summary>What the code says of these Simul__ variables (a value of the wrong type, an
    /// unknown model name), or null if it takes them.</summary>
    string? BindError(IReadOnlyDictionary<string, string> settings);
}
