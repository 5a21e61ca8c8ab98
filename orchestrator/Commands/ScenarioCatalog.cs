using Simul.Orchestrator.Scenario;

namespace Simul.Orchestrator.Commands;

/// <summary>Scenarios by file path or by name (orchestrator/scenarios/NAME.json, shipped next to the program).</summary>
public static class ScenarioCatalog
{
    /// <summary>What `demo`, and `run` without --scenario, compare: short, and each tells a story.</summary>
    public static IReadOnlyList<string> DefaultComparison { get; } = ["seed-primes", "two-fetches", "chess-simul", "mixed-load", "cpu-pair", "how-many-at-once"];

    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "scenarios");

    public static Scenario.Scenario Load(string nameOrPath) =>
        ScenarioLoader.Load(File.Exists(nameOrPath) ? nameOrPath : Path.Combine(Directory, nameOrPath + ".json"));
}
