using Simul.Orchestrator.Report;

namespace Simul.Orchestrator.Tests;

public class ReportMarkdownTests
{
    private static readonly string[] Labels =
        ["process (aot, 64 slots)", "threadpool (32 threads)", "async", "async-loop (never yields)"];

    [Fact]
    public void Every_scenario_has_a_heading_and_a_row_per_model()
    {
        var markdown = MarkdownReport.Render(ReportSamples.Build());
        var lines = markdown.Split('\n');

        foreach (var scenario in new[] { "seed-primes", "chess-simul", "concurrency-sweep" })
        {
            Assert.Contains($"## {scenario}", lines);
        }

        // seed-primes and chess-simul: one row each; the sweep: a row per level in its own table
        // and again in the scale table; process stopped after three of the four levels.
        foreach (var label in Labels)
        {
            var rows = lines.Count(l => l.StartsWith($"| {label} |", StringComparison.Ordinal));
            Assert.Equal(label.StartsWith("process", StringComparison.Ordinal) ? 8 : 10, rows);
        }
    }

    [Fact]
    public void The_machine_line_failures_and_story_ratio_are_shown()
    {
        var markdown = MarkdownReport.Render(ReportSamples.Build());

        Assert.Contains("2 cores, 8 GiB memory", markdown, StringComparison.Ordinal);
        Assert.Contains("| 2 (DEADLINE_EXCEEDED 2) |", markdown, StringComparison.Ordinal);
        Assert.Contains("- async: the story: one board after another 12.0 h; as a simul 1.0 h (11.9x)", markdown, StringComparison.Ordinal);
        Assert.Contains("On paper: one board after another 12.0 h, as a simul 1.0 h (12.0x).", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sweep_has_a_scale_table_by_level_that_says_where_and_why_a_model_stopped()
    {
        var lines = MarkdownReport.Render(ReportSamples.Build()).Split('\n');

        Assert.Contains(lines, l => l.StartsWith("| model | concurrency | req/s | of ideal | Little's law/s | predicted (bound by) | p50 ms | p99 ms |", StringComparison.Ordinal));
        var processAt256 = Assert.Single(lines, l => l.StartsWith("| process (aot, 64 slots) | 256 | 180 |", StringComparison.Ordinal));
        Assert.Contains("64 child slots", processAt256, StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.StartsWith("| process (aot, 64 slots) | 4,096 |", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("| async | 4,096 | 9,800 |", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("- process: the curve stops here: 64 child slots", StringComparison.Ordinal));
    }

    [Fact]
    public void A_curve_that_stops_at_its_only_level_is_told_not_thrown()
    {
        // The sweep cut to its level of 256, where the process model stopped: no level it held.
        var full = ReportSamples.Build();
        var report = full with
        {
            Scenarios = [.. full.Scenarios.Select(s => s.SweepOf is null ? s : s with { Runs = [.. s.Runs.Where(r => r.Level == 256)] })],
        };

        var howMany = TalkTable.From(report).Cell("how many", "processes");

        Assert.Contains("none of the levels, not 256", howMany, StringComparison.Ordinal);
        Assert.Contains("| process (aot, 64 slots) | 256 | 180 |", MarkdownReport.Render(report), StringComparison.Ordinal);
    }

    [Fact]
    public void A_pipe_in_a_name_does_not_split_the_table()
    {
        var markdown = MarkdownReport.Render(ReportSamples.RenameModel(ReportSamples.Build(), "async", "a|b"));

        Assert.Contains("| a\\|b |", markdown, StringComparison.Ordinal);
    }
}
