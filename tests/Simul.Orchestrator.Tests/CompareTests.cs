using Simul.Orchestrator.Commands;
using Simul.Orchestrator.Compare;
using Simul.Orchestrator.Report;

namespace Simul.Orchestrator.Tests;

public class CompareTests
{
    [Fact]
    public void Rows_both_reports_have_are_compared_figure_by_figure_and_the_others_are_named()
    {
        var before = ReportSamples.Build();
        // After: async 10% faster everywhere; the sweep's last level gone; a new model in seed-primes.
        var after = before with
        {
            Scenarios = [.. before.Scenarios.Select(s => s with
            {
                Runs = [.. s.Runs.Where(r => r.Level != 4096).Select(r => r with
                {
                    Models = [.. r.Models.Select(m => m.Model == "async" ? m with { ThroughputPerSecond = m.ThroughputPerSecond * 1.1 } : m),
                              .. s.Name == "seed-primes" ? [r.Models[0] with { Model = "node" }] : Array.Empty<ModelResult>()],
                })],
            })],
        };

        var comparison = ReportComparison.Of(before, "a", after, "b");

        var async = comparison.Rows.Single(r => r.Scenario == "concurrency-sweep" && r.Level == 256 && r.Model == "async");
        var throughput = async.Figures.Single(f => f.Figure.Name == "throughput");
        Assert.Equal(0.1, throughput.Change!.Value, 9);
        Assert.Equal(0, async.Figures.Single(f => f.Figure.Name == "p99").Change);
        Assert.Null(async.Figures.Single(f => f.Figure.Name == "makespan").Change); // not a batch, in either
        Assert.Equal(["concurrency-sweep at 4,096: threadpool", "concurrency-sweep at 4,096: async", "concurrency-sweep at 4,096: async-loop"], comparison.OnlyBefore);
        Assert.Equal(["seed-primes: node"], comparison.OnlyAfter);
    }

    [Fact]
    public void Every_format_shows_before_after_and_the_change_and_says_one_run_measures_no_noise()
    {
        var before = ReportSamples.Build();
        var twiceAsFast = before with
        {
            Scenarios = [.. before.Scenarios.Select(s => s with { Runs = [.. s.Runs.Select(r => r with { Models = [.. r.Models.Select(m => m with { ThroughputPerSecond = 2 * m.ThroughputPerSecond })] })] })],
        };
        var comparison = ReportComparison.Of(before, "base", twiceAsFast, "new");
        var table = CompareTable.From(comparison);
        var directory = Path.Combine(Path.GetTempPath(), "simul-tests", nameof(CompareTests), Guid.NewGuid().ToString("N"));
        try
        {
            var files = CompareFiles.WriteAll(table, directory);

            var markdown = File.ReadAllText(files[0]);
            var html = File.ReadAllText(files[1]);
            Assert.Contains("| concurrency-sweep at 16 | async | 53/s → 106/s, +100% |", markdown, StringComparison.Ordinal);
            Assert.Contains(CompareTable.OneRunEach, markdown, StringComparison.Ordinal);
            Assert.Contains("<td>53/s → 106/s, +100%</td>", html, StringComparison.Ordinal);
            Assert.Contains("before: base; after: new", html, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_report_is_found_as_a_file_or_in_its_folder_and_a_missing_one_is_named()
    {
        var directory = Path.Combine(Path.GetTempPath(), "simul-tests", nameof(CompareTests), Guid.NewGuid().ToString("N"));
        try
        {
            ReportFiles.WriteAll(ReportSamples.Build(), directory);

            Assert.Equal(3, CompareCommand.Load(directory).Scenarios.Count);
            Assert.Equal(3, CompareCommand.Load(Path.Combine(directory, "report.json")).Scenarios.Count);
            var missing = Assert.Throws<FileNotFoundException>(() => CompareCommand.Load(Path.Combine(directory, "elsewhere")));
            Assert.Contains("give a report.json or the folder holding one", missing.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
