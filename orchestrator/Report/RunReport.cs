namespace Simul.Orchestrator.Report;

// report.json, schema version 4. Serialized with snake_case names (see ReportJson); the README
// documents every field. Times are milliseconds unless a name says otherwise.

/// <summary>One invocation of the orchestrator: the machine, and a result per scenario.</summary>
public sealed record RunReport(
    int SchemaVersion,
    DateTimeOffset StartedAt,
    Machine Machine,
    string? TraceUrl,
    IReadOnlyList<ScenarioResult> Scenarios,
    LoadGenerator? LoadGenerator = null,
    ThresholdResults? Thresholds = null)
{
    public const int CurrentSchemaVersion = 4;

    /// <summary>True when every call of every scenario was answered OK with the right value:
    /// measured calls, and those of warm-ups, drains and preliminary runs too, in every repetition.</summary>
    public bool AllOk => EveryRun().All(row => row.Model.Accounting.AllFailed == 0);

    /// <summary>Every run of every row, in order: what the exports write, so every repetition of a
    /// repeated row is in them.</summary>
    public IEnumerable<RowRun> EveryRun() =>
        Scenarios.SelectMany(s => s.Runs.SelectMany(r => r.Models.SelectMany(m => m.AllRuns.Select((run, i) => new RowRun(s, r, run, i + 1, m.AllRuns.Count)))));
}

/// <summary>One run of a row: its scenario, level and model figures, and which repetition it
/// was (counted from 1) of how many (1 for a row run once).</summary>
public sealed record RowRun(ScenarioResult Scenario, LevelRun Run, ModelResult Model, int Repetition, int Repetitions)
{
    /// <summary>The row's name in files other tools read (an hlog tag may hold no comma or
    /// space): "scenario/model", "scenario@level/model", and "/run2" after it for a repetition.</summary>
    public string Tag
    {
        get
        {
            var level = Run.Level is { } value ? $"@{value.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "";
            var repetition = Repetitions > 1 ? $"/run{Repetition}" : "";
            return $"{Scenario.Name}{level}/{Model.Model}{repetition}".Replace(',', '_').Replace(' ', '_');
        }
    }
}

public sealed record Machine(int Cores, long MemoryBytes, string Os, string Runtime);

/// <summary>
/// The run's thresholds (--threshold, and each scenario's own) against its rows: a check per
/// threshold and row it applies to (a row without the figure, such as a makespan outside a batch,
/// is not checked), and the thresholds that checked no row at all (a model not in the run, a
/// figure no row has, no prediction to compare with): a limit that checks nothing must not let a
/// CI job pass quietly, so it counts as breached.
/// </summary>
public sealed record ThresholdResults(IReadOnlyList<ThresholdOutcome> Checks, IReadOnlyList<string> CheckedNothing)
{
    public bool Breached => CheckedNothing.Count > 0 || Checks.Any(c => !c.Held);
}

/// <summary>One threshold against one row: the figure measured, the limit (the bound, or the
/// bound times the row's prediction), and whether the row kept it.</summary>
public sealed record ThresholdOutcome(string Threshold, Thresholds.ThresholdFigure Figure, string Scenario, double? Level, string Model, double Measured, double Limit, bool Held);

/// <summary>The orchestrator's own CPU time over the run: evidence that the load generator was
/// not the bottleneck (a share well under one core on a loaded machine).</summary>
public sealed record LoadGenerator(double CpuSeconds, double WallSeconds);

/// <summary>A scenario: one run, or one run per level of a sweep (concurrency or rate).</summary>
public sealed record ScenarioResult(
    string Name,
    string Description,
    string Load,
    Scenario.Swept? SweepOf,
    IReadOnlyList<LevelRun> Runs,
    Story? Story)
{
    /// <summary>The upstream fault stages, marked on every run's time axis.</summary>
    public IReadOnlyList<Scenario.FaultStage> Faults { get; init; } = [];

    /// <summary>An open load's stages where its rate is not its own (ramps, spikes), marked too.</summary>
    public IReadOnlyList<Load.RateStage> RateStages { get; init; } = [];
}

/// <summary>Every model at one level of load (Level is null outside a sweep).</summary>
public sealed record LevelRun(double? Level, IReadOnlyList<ModelResult> Models);
