using Simul.Orchestrator.Compare;
using Simul.Orchestrator.Report;
using Simul.Orchestrator.Stats;

namespace Simul.Orchestrator.Tests;

/// <summary>--repeat: a row run several times keeps every run, summarises each headline figure as
/// its median, min and max, flags a figure wider than 10% of its median, and two repeated
/// reports are compared by their medians, "within noise" where their ranges overlap.</summary>
public class RepetitionsTests
{
    private static readonly ModelResult Row = ReportSamples.Build().Scenarios[2].Runs[0].Models.Single(m => m.Model == "async");

    private static ModelResult At(double throughput, double p99, long failed = 0) => Row with
    {
        ThroughputPerSecond = throughput,
        Latency = Row.Latency with { P99 = p99 },
        Accounting = Row.Accounting with { WarmUp = failed == 0 ? CallCounts.None : new CallCounts(failed, 0, new Dictionary<string, long> { ["Unavailable"] = failed }) },
    };

    [Fact]
    public void Three_runs_give_the_median_min_and_max_and_the_row_shows_the_median_run()
    {
        var combined = Repetitions.Combine([At(100, 50), At(96, 58), At(104, 54)]);

        var repeats = combined.Repeats!;
        Assert.Equal(3, repeats.Count);
        Assert.Equal(3, repeats.Runs.Count);
        Assert.Equal(0, repeats.Shown);
        Assert.Equal(100, combined.ThroughputPerSecond);
        var throughput = repeats.Spreads.Single(s => s.Figure == "throughput");
        Assert.Equal((100.0, 96.0, 104.0), (throughput.Median, throughput.Min, throughput.Max));
        Assert.False(throughput.Wide); // 8% of its median
        var p99 = repeats.Spreads.Single(s => s.Figure == "p99");
        Assert.Equal(54, p99.Median);
        Assert.True(p99.Wide); // 8 ms over 54: 15%
        Assert.DoesNotContain(repeats.Spreads, s => s.Figure == "makespan"); // not a batch
    }

    [Fact]
    public void An_even_count_has_the_mean_of_the_two_middle_runs_as_its_median()
    {
        Assert.Equal(15, Repetitions.Median([10, 20, 12, 18]));
    }

    [Fact]
    public void One_run_is_its_own_row()
    {
        var once = At(100, 50);

        Assert.Same(once, Repetitions.Combine([once]));
        Assert.Null(once.Repeats);
    }

    [Fact]
    public void Every_format_shows_the_ranges_and_flags_a_wide_figure_and_failures_in_a_run_not_shown()
    {
        var combined = Repetitions.Combine([At(100, 50), At(96, 58, failed: 2), At(104, 54)]);

        var notes = ModelNotes.For(combined);

        Assert.Contains(notes, n => n.Kind == NoteKind.Comparison && n.Text.StartsWith("over 3 runs, median [min-max]: throughput 100/s [96/s-104/s]; p50", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Kind == NoteKind.Caveat && n.Text.StartsWith("p99 ranges over 15% of its median across the 3 runs", StringComparison.Ordinal));
        Assert.DoesNotContain(notes, n => n.Text.StartsWith("throughput ranges", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Kind == NoteKind.Problem && n.Text.StartsWith("run 2 of 3 had 2 failed calls", StringComparison.Ordinal));
    }

    [Fact]
    public void A_failure_in_any_run_fails_the_report()
    {
        var report = ReportSamples.Build();
        var scenario = report.Scenarios[2];
        var failing = report with
        {
            Scenarios = [scenario with { Runs = [scenario.Runs[0] with { Models = [Repetitions.Combine([At(100, 50), At(96, 58, failed: 1), At(104, 54)])] }] }],
        };

        Assert.False(failing.AllOk);
        Assert.Equal(3, failing.EveryRun().Count());
        Assert.Equal(["concurrency-sweep@1/async/run1", "concurrency-sweep@1/async/run2", "concurrency-sweep@1/async/run3"], failing.EveryRun().Select(r => r.Tag));
    }

    [Theory]
    [InlineData(new[] { 100.0, 96, 104 }, new[] { 103.0, 99, 107 }, true)]
    [InlineData(new[] { 100.0, 96, 104 }, new[] { 110.0, 106, 114 }, false)]
    public void Repeated_reports_compare_medians_and_say_within_noise_where_the_ranges_overlap(double[] before, double[] after, bool withinNoise)
    {
        var a = Repetitions.Combine([.. before.Select(t => At(t, 50))]);
        var b = Repetitions.Combine([.. after.Select(t => At(t, 50))]);

        var change = FigureChange.Of(HeadlineFigures.All.Single(f => f.Name == "throughput"), a, b);

        Assert.Equal(withinNoise, change.WithinNoise);
        Assert.Equal(after[0], change.After);
        Assert.Null(FigureChange.Of(HeadlineFigures.All[0], At(100, 50), At(101, 50)).WithinNoise); // run once: the noise is unknown
    }
}
