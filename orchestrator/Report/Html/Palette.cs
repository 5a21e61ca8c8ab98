using Simul.Workloads.Accounting;

namespace Simul.Orchestrator.Report.Html;

/// <summary>
/// The report's colours. A model keeps its colour in every chart: the known models have their
/// own, others take the next spare colour in the order they first appear in the report.
/// </summary>
internal sealed class Palette
{
    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        ["process"] = "#c2410c",
        ["process-jit"] = "#f59e0b",
        ["threadpool"] = "#1d4ed8",
        ["threadpool-shared"] = "#60a5fa",
        ["async"] = "#15803d",
        ["async-loop"] = "#7c3aed",
    };

    private static readonly string[] Spare = ["#0f766e", "#be185d", "#4d7c0f", "#a16207", "#475569", "#0369a1"];

    private readonly Dictionary<string, string> _models = new(Known, StringComparer.Ordinal);

    public Palette(RunReport report)
    {
        var names = report.Scenarios.SelectMany(s => s.Runs).SelectMany(r => r.Models).Select(m => m.Model);
        var next = 0;
        foreach (var name in names.Distinct().Where(n => !Known.ContainsKey(n)))
        {
            _models[name] = Spare[next++ % Spare.Length];
        }
    }

    /// <summary>Each phase's colour: warm colours for time lost (queue, waiting for a core or the
    /// interpreter lock, other), blue for computing, pale for waiting that costs nothing.</summary>
    private static readonly Dictionary<Phase, string> PhaseColor = new()
    {
        [Phase.Queue] = "#f2b134",
        [Phase.Spawn] = "#9b6fc3",
        [Phase.Work] = "#2f6db5",
        [Phase.Wait] = "#9fd8c4",
        [Phase.Ready] = "#f08c5a",
        [Phase.Lock] = "#c2185b",
        [Phase.Other] = "#e0614a",
    };

    /// <summary>The phases in the order a request lives them (<see cref="PhaseNames.All"/>), each with its colour.</summary>
    public static IReadOnlyList<(string Name, string Color, Func<Phases, double> Of)> PhaseColors { get; } =
        [.. PhaseNames.All.Select(phase => (phase.Name(), PhaseColor[phase], (Func<Phases, double>)(p => p.Of(phase))))];

    public string Model(string name) => _models[name];
}
