using System.Globalization;
using Simul.Orchestrator.Scenario;

namespace Simul.Orchestrator.Report;

/// <summary>
/// How numbers read in every report format: invariant culture (a report must not change with the
/// machine's locale), and as many digits as the size of the number deserves.
/// </summary>
internal static class ReportFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Milliseconds or any rate: 0.42, 12.3, 1,234; no trailing zeros (12, not 12.0).</summary>
    public static string Number(double value) => Math.Abs(value) switch
    {
        >= 100 => value.ToString("#,0", Invariant),
        >= 10 => value.ToString("0.#", Invariant),
        _ => value.ToString("0.##", Invariant),
    };

    public static string Count(long value) => value.ToString("#,0", Invariant);

    /// <summary>A share between 0 and 1 as a whole percentage.</summary>
    public static string Percent(double share) => (share * 100).ToString("0", Invariant);

    public static string MiB(long bytes) => Number(bytes / 1048576.0);

    public static string Bytes(double bytes) => bytes switch
    {
        < 0 => "-" + Bytes(-bytes), // a slope can fall: memory the runtime gave back between levels
        >= 1 << 30 => Number(bytes / (1 << 30)) + " GiB",
        >= 1 << 20 => Number(bytes / (1 << 20)) + " MiB",
        >= 1 << 10 => Number(bytes / (1 << 10)) + " KiB",
        _ => Number(bytes) + " B",
    };

    /// <summary>A sweep level: 16, 0.5, 1,000.</summary>
    public static string Level(double level) => level.ToString("#,0.##", Invariant);

    /// <summary>"concurrency 16" for a sweep's run, null outside a sweep.</summary>
    public static string? LevelTitle(ScenarioResult scenario, LevelRun run) =>
        run.Level is { } level ? $"{scenario.SweepOf.Word()} {Level(level)}" : null;

    /// <summary>"3 (DEADLINE_EXCEEDED 2, UNAVAILABLE 1)", or "0".</summary>
    public static string Failed(Accounting accounting) => accounting.Failed == 0
        ? "0"
        : $"{Count(accounting.Failed)} ({ByStatus(accounting.ByStatus)})";

    /// <summary>"DEADLINE_EXCEEDED 12, RESOURCE_EXHAUSTED 3": counts by status, the most first.</summary>
    public static string ByStatus(IReadOnlyDictionary<string, long> counts) =>
        string.Join(", ", counts.Where(s => s.Value > 0).OrderByDescending(s => s.Value).Select(s => $"{s.Key} {Count(s.Value)}"));

    /// <summary>The machine line, and what the load generator itself used when known.</summary>
    public static string Header(RunReport report) => Machine(report.Machine, report.StartedAt) + (report.LoadGenerator is { } client
        ? $"; the orchestrator used {client.CpuSeconds.ToString("0.0", Invariant)} s of CPU in {client.WallSeconds.ToString("0.0", Invariant)} s ({(client.CpuSeconds / Math.Max(client.WallSeconds, 1e-9)).ToString("0%", Invariant)} of one core)"
        : "");

    public static string Machine(Machine machine, DateTimeOffset startedAt) =>
        $"{machine.Cores.ToString(Invariant)} cores, {Bytes(machine.MemoryBytes)} memory, {machine.Os}, {machine.Runtime}; " +
        $"started {startedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", Invariant)} UTC";

    /// <summary>"one board after another 12.0 h; as a simul 1.0 h (12.0x)".</summary>
    public static string StorySentence(StoryResult story) =>
        $"one board after another {Hours(story.SequentialStoryHours)} h; as a simul {Hours(story.SimulStoryHours)} h ({story.Ratio.ToString("0.0", Invariant)}x)";

    /// <summary>The story's own arithmetic, what the runs are measured against: one board after
    /// another takes boards x moves x (move + reply); as a simul a round takes the champion's
    /// moves on every board, or one move and reply when the opponents are slower than that.</summary>
    public static string StoryPremise(Story story)
    {
        var sequential = story.Boards * story.Moves * (story.MoveSeconds + story.ReplySeconds) / 3600;
        var simul = story.Moves * Math.Max(story.Boards * story.MoveSeconds, story.MoveSeconds + story.ReplySeconds) / 3600;
        return $"{story.Boards.ToString(Invariant)} boards, {story.Moves.ToString(Invariant)} moves each, " +
            $"{Number(story.MoveSeconds)} s per move, {Number(story.ReplySeconds)} s per reply; " +
            $"1 s of story = {Number(story.RunSecondsPerStorySecond * 1000)} ms of run. " +
            $"On paper: one board after another {Hours(sequential)} h, as a simul {Hours(simul)} h ({(sequential / simul).ToString("0.0", Invariant)}x).";
    }

    private static string Hours(double hours) => hours.ToString("0.0", Invariant);
}
