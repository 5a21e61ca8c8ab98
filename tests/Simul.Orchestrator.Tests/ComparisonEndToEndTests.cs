using Simul.Orchestrator.Commands;
using Simul.Orchestrator.Local;
using Simul.Orchestrator.Report;
using Simul.Orchestrator.Scenario;
using Simul.Tests.Shared;

namespace Simul.Orchestrator.Tests;

/// <summary>The demo's path, shortened: real upstream and workers started locally, small
/// scenarios, and a report.json in which every request is accounted for.</summary>
public class ComparisonEndToEndTests
{
    private static readonly string[] Models = ["process", "threadpool", "async"];

    [Fact]
    public async Task A_short_comparison_accounts_for_every_request_and_gets_the_seed_answers()
    {
        var scenarios = new List<Scenario.Scenario>
        {
            ScenarioCatalog.Load("seed-primes"),
            ScenarioLoader.Parse("""{ "name": "tiny-chess", "chess": { "boards": 4, "moves": 3, "time_scale": 0.0002 } }""", "tiny-chess"),
            ScenarioLoader.Parse("""
                { "name": "tiny-closed", "requests": [ { "prime": { "below": 1000, "wait_ms": 5 }, "expect": 997 },
                                                       { "fetch": { "count": 1, "delay_ms": 10, "size_bytes": 100 }, "expect": 100 } ],
                  "load": { "kind": "closed", "concurrency": 4, "count": 20 },
                  "thresholds": [ "*:error_rate<=0", "*:p50>=5ms", "nobody:p99<1ms" ] }
                """, "tiny-closed"),
        };
        var written = new StringWriter();
        var output = Path.Combine(Path.GetTempPath(), "simul-tests", nameof(ComparisonEndToEndTests));

        var (exitCode, report) = await LocalComparison.RunAsync(nameof(ComparisonEndToEndTests), scenarios, [.. Models.Select(LocalModel.Named)], written, "http://localhost:16686");

        Assert.True(exitCode == 0, written.ToString());
        Assert.Equal(RunReport.CurrentSchemaVersion, report.SchemaVersion);
        Assert.Equal(["seed-primes", "tiny-chess", "tiny-closed"], report.Scenarios.Select(s => s.Name));
        foreach (var scenario in report.Scenarios)
        {
            var models = Assert.Single(scenario.Runs).Models;
            Assert.Equal(Models, models.Select(m => m.Model));
            Assert.All(models, m =>
            {
                Assert.Equal(m.Accounting.Sent, m.Accounting.Ok + m.Accounting.Failed);
                Assert.Equal(0, m.Accounting.Failed);
            });
        }

        Assert.All(report.Scenarios[0].Runs[0].Models, m => Assert.Equal(3, m.Accounting.Ok)); // the three seed answers were right
        Assert.All(report.Scenarios[1].Runs[0].Models, m => Assert.True(m.Story!.Ratio > 1, $"{m.Model} ratio {m.Story.Ratio}"));
        Assert.All(report.Scenarios[2].Runs[0].Models, m => Assert.Equal(20, m.Accounting.Sent));
        // The scenario's thresholds on every model (three waits of 5 ms, or a 10 ms fetch, per
        // request); the one naming a model this run does not have does not apply.
        Assert.Equal(6, report.Thresholds!.Checks.Count);
        Assert.All(report.Thresholds.Checks, c => Assert.True(c.Held, $"{c.Threshold} on {c.Model}: {c.Measured}"));
        Assert.False(report.Thresholds.Breached);
        Assert.True(File.Exists(Path.Combine(output, "report.md")));
        Assert.True(File.Exists(Path.Combine(output, "report.html")));
        Assert.Contains("tiny-chess", written.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_repeated_run_keeps_every_run_each_on_a_fresh_worker_with_the_spread_of_its_figures()
    {
        var scenario = ScenarioLoader.Parse("""
            { "name": "tiny-repeated", "requests": [ { "prime": { "below": 1000, "wait_ms": 5 }, "expect": 997 } ],
              "load": { "kind": "closed", "concurrency": 2, "count": 10 } }
            """, "tiny-repeated");
        var written = new StringWriter();
        var name = nameof(A_repeated_run_keeps_every_run_each_on_a_fresh_worker_with_the_spread_of_its_figures);

        var (exitCode, report) = await LocalComparison.RunAsync(name, [scenario], [LocalModel.Named("async")], written, repeat: 3);

        Assert.True(exitCode == 0, written.ToString());
        var row = Assert.Single(Assert.Single(report.Scenarios[0].Runs).Models);
        var repeats = row.Repeats!;
        Assert.Equal(3, repeats.Runs.Count);
        Assert.All(repeats.Runs, run => Assert.Equal(10, run.Accounting.Ok));
        Assert.Equal(3, repeats.Runs.Select(run => run.Slowest[0].Pid).Distinct().Count()); // a fresh worker each time
        Assert.Equal(["throughput", "p50", "p99"], repeats.Spreads.Select(s => s.Figure).Take(3));
        Assert.All(repeats.Spreads, s => Assert.InRange(s.Median, s.Min, s.Max));
        Assert.Contains("over 3 runs, median [min-max]: throughput", written.ToString(), StringComparison.Ordinal);
        var figures = File.ReadAllLines(Path.Combine(Path.GetTempPath(), "simul-tests", name, "figures.csv"));
        Assert.Equal(4, figures.Length); // the header and a row per run
        // A report against itself: no figure differs beyond the noise, and the figures every run
        // has are within it. Memory per request needs a resource sample that caught a request in
        // flight, which a run this short may miss: then that figure has no spread, its noise is
        // unknown (null), not exceeded.
        var changes = Compare.ReportComparison.Of(report, "a", report, "b").Rows.Single().Figures.Where(f => f.Before is not null).ToList();
        Assert.DoesNotContain(changes, f => f.WithinNoise == false);
        var everyRunHas = changes.Where(f => f.Figure.Name is "throughput" or "p50" or "p99").ToList();
        Assert.Equal(3, everyRunHas.Count); // so the next line cannot pass on none of them
        Assert.All(everyRunHas, f => Assert.True(f.WithinNoise));
    }

    [Fact]
    public async Task Retries_hide_an_upstream_that_fails_half_the_time_at_the_cost_of_attempts_counted_per_call()
    {
        // Every fetch meets an upstream that fails half its answers: with two retries a call
        // takes 1 + 0.5 + 0.25 = 1.75 attempts on average and fails 0.5^3 = 12.5% of the time.
        var scenario = ScenarioLoader.Parse("""
            { "name": "tiny-flaky", "requests": [ { "fetch": { "count": 1, "delay_ms": 5, "size_bytes": 10 }, "expect": 10 } ],
              "load": { "kind": "open", "rate": 50, "duration_s": 4 }, "timeout_ms": 5000,
              "faults": [ { "at_s": 0, "for_s": 4, "upstream": { "error_rate": 0.5 } } ] }
            """, "tiny-flaky");
        var name = nameof(Retries_hide_an_upstream_that_fails_half_the_time_at_the_cost_of_attempts_counted_per_call);

        var (_, report) = await LocalComparison.RunAsync(name, [scenario], [LocalModel.Named("async")], retries: new Targets.ClientRetries(2, Targets.ClientRetries.DefaultOn));

        var row = report.Scenarios[0].Runs[0].Models.Single();
        var retries = row.Retries!;
        Assert.Equal("2 retries on UNAVAILABLE, RESOURCE_EXHAUSTED", retries.Policy);
        Assert.True(retries.Calls >= 200, $"{retries.Calls} calls counted");
        Assert.InRange(retries.AttemptsPerCall, 1.5, 2.0);
        var failedShare = row.Accounting.Failed / (double)row.Accounting.Sent;
        Assert.InRange(failedShare, 0.02, 0.25);
        Assert.All(row.Accounting.ByStatus.Keys, status => Assert.Equal("UNAVAILABLE", status));
    }
}
