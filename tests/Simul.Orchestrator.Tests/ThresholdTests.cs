using Simul.Orchestrator.Commands;
using Simul.Orchestrator.Report;
using Simul.Orchestrator.Thresholds;

namespace Simul.Orchestrator.Tests;

public class ThresholdTests
{
    [Theory]
    [InlineData("async:p99<250ms", "async", ThresholdFigure.P99, "<", 250, false)]
    [InlineData("async:p50 <= 2s", "async", ThresholdFigure.P50, "<=", 2000, false)]
    [InlineData("async:max<300", "async", ThresholdFigure.Max, "<", 300, false)]
    [InlineData("*:error_rate<0.01", "*", ThresholdFigure.ErrorRate, "<", 0.01, false)]
    [InlineData("*:error_rate<1%", "*", ThresholdFigure.ErrorRate, "<", 0.01, false)]
    [InlineData("threadpool:throughput>=0.9*predicted", "threadpool", ThresholdFigure.Throughput, ">=", 0.9, true)]
    [InlineData("python-asyncio:throughput>100/s", "python-asyncio", ThresholdFigure.Throughput, ">", 100, false)]
    [InlineData("process:makespan<=predicted", "process", ThresholdFigure.Makespan, "<=", 1, true)]
    public void An_expression_names_a_model_a_figure_an_operator_and_a_bound_in_the_figures_unit(string expression, string model, ThresholdFigure figure, string op, double bound, bool ofPredicted)
    {
        var threshold = Threshold.Parse(expression);

        Assert.Equal((model, figure, op, ofPredicted), (threshold.Model, threshold.Figure, threshold.Operator, threshold.OfPredicted));
        Assert.Equal(bound, threshold.Bound, 9);
    }

    [Theory]
    [InlineData("async p99<250ms", "a threshold is MODEL:FIGURE OP BOUND")]
    [InlineData("async:p98<250ms", "no figure 'p98'; the figures are throughput, p50")]
    [InlineData("async:p99<0.9*predicted", "only throughput and makespan have a prediction")]
    [InlineData("async:error_rate<5", "an error rate is a fraction from 0 to 1, or a percentage with %")]
    [InlineData("async:throughput>5ms", "throughput is per second")]
    [InlineData("async:p99<fast", "is not a number with a unit")]
    public void A_wrong_expression_is_refused_saying_what_is_wrong(string expression, string expected)
    {
        var error = Assert.Throws<FormatException>(() => Threshold.Parse(expression));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_row_a_threshold_applies_to_is_checked_and_a_breach_is_named()
    {
        // Seed-primes in the sample: the process model lost 2 of 48 requests to their deadline.
        var report = ReportSamples.Build();

        var results = ThresholdCheck.Evaluate([(report.Scenarios[0], [Threshold.Parse("*:error_rate<0.01")])])!;

        Assert.Equal(4, results.Checks.Count);
        var breach = Assert.Single(results.Checks, c => !c.Held);
        Assert.Equal(("process", 2.0 / 48, 0.01), (breach.Model, breach.Measured, breach.Limit));
        Assert.True(results.Breached);
        Assert.Empty(results.CheckedNothing);
    }

    [Fact]
    public void A_bound_on_the_prediction_is_that_factor_of_each_rows_own_prediction()
    {
        var sweep = ReportSamples.Build().Scenarios[2];
        var level = sweep.Runs[1];
        var async = level.Models.Single(m => m.Model == "async");
        var predicted = async with { Prediction = new Prediction(PredictedQuantity.ThroughputPerSecond, 60, async.ThroughputPerSecond, "callers", "", false) };
        var scenario = sweep with { Runs = [level with { Models = [predicted] }] };

        var kept = Assert.Single(ThresholdCheck.Evaluate([(scenario, [Threshold.Parse("async:throughput>=0.8*predicted")])])!.Checks);
        var missed = Assert.Single(ThresholdCheck.Evaluate([(scenario, [Threshold.Parse("async:throughput>=0.9*predicted")])])!.Checks);

        // 53/s measured against 60/s predicted: 88%.
        Assert.Equal((48.0, true), (kept.Limit, kept.Held));
        Assert.Equal((54.0, false), (missed.Limit, missed.Held));
        Assert.Equal(16, kept.Level);
    }

    [Fact]
    public void A_threshold_that_checks_no_row_is_a_breach_not_a_quiet_pass()
    {
        var report = ReportSamples.Build();

        // No row of the sample is a batch with a makespan, and no row has a prediction.
        var results = ThresholdCheck.Evaluate([(report.Scenarios[0], [Threshold.Parse("*:makespan<1s"), Threshold.Parse("async:throughput>=predicted"), Threshold.Parse("async:p99<10s")])])!;

        Assert.Equal(["*:makespan<1s", "async:throughput>=predicted"], results.CheckedNothing);
        Assert.All(results.Checks, c => Assert.True(c.Held));
        Assert.True(results.Breached);
    }

    [Fact]
    public void A_threshold_for_a_model_the_run_does_not_have_does_not_apply()
    {
        var report = ReportSamples.Build();

        Assert.Null(ThresholdCheck.Evaluate([(report.Scenarios[0], [Threshold.Parse("node:p99<1ms")])]));
    }

    [Fact]
    public void A_run_without_thresholds_has_no_threshold_results()
    {
        var report = ReportSamples.Build();

        Assert.Null(ThresholdCheck.Evaluate([.. report.Scenarios.Select(s => (s, (IReadOnlyList<Threshold>)[]))]));
    }

    [Fact]
    public void The_exit_code_tells_wrong_answers_from_breached_thresholds()
    {
        var failing = ReportSamples.Build();
        var allOk = failing with { Scenarios = [.. failing.Scenarios.Skip(1)] };
        var held = new ThresholdResults([], []);
        var breached = new ThresholdResults([], ["async:p99<1ms"]);

        Assert.Equal(ExitCodes.Ok, ExitCodes.Of(allOk));
        Assert.Equal(ExitCodes.Ok, ExitCodes.Of(allOk with { Thresholds = held }));
        Assert.Equal(ExitCodes.ThresholdsBreached, ExitCodes.Of(allOk with { Thresholds = breached }));
        // Wrong answers first: figures from a broken run are not to be trusted either way.
        Assert.Equal(ExitCodes.RequestsFailed, ExitCodes.Of(failing with { Thresholds = breached }));
        Assert.Equal([0, 1, 2, 3], new[] { ExitCodes.Ok, ExitCodes.RequestsFailed, ExitCodes.Usage, ExitCodes.ThresholdsBreached }.Order());
    }

    [Fact]
    public void Every_format_shows_the_checks_and_a_breach()
    {
        var report = ReportSamples.Build();
        report = report with { Thresholds = ThresholdCheck.Evaluate([(report.Scenarios[0], [Threshold.Parse("*:error_rate<0.01"), Threshold.Parse("async:makespan<1s")])]) };

        var markdown = MarkdownReport.Render(report);
        var html = HtmlReport.Render(report);
        var json = ReportJson.Serialize(report);

        Assert.Contains("## Thresholds", markdown, StringComparison.Ordinal);
        Assert.Contains("| `*:error_rate<0.01` | seed-primes | process | 4.167% | 1% | **BREACHED** |", markdown, StringComparison.Ordinal);
        Assert.Contains("threshold 'async:makespan<1s' checked nothing", markdown, StringComparison.Ordinal);
        Assert.Contains("<section class=\"scenario\" id=\"thresholds\">", html, StringComparison.Ordinal);
        Assert.Contains("<tr class=\"bad\"><td>*:error_rate&lt;0.01</td>", html, StringComparison.Ordinal);
        Assert.Contains("thresholds: breached", html, StringComparison.Ordinal);
        Assert.Contains("\"figure\": \"error_rate\"", json, StringComparison.Ordinal);
        Assert.Equal(ReportJson.Serialize(ReportJson.Deserialize(json)), json);
    }
}
