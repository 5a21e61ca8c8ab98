using System.Diagnostics;
using Simul.Orchestrator.Load;
using Simul.Orchestrator.Report;
using Simul.Orchestrator.Scenario;
using Simul.Orchestrator.Stats;
using Simul.Orchestrator.Targets;

namespace Simul.Orchestrator.Running;

/// <summary>
/// Runs a scenario against every target, one model after another so they never compete for
/// the cores, at each level of its sweep. In a sweep, a model's curve ends at the first level it
/// cannot sustain (too many failures, or memory past the budget), and the report says why.
/// </summary>
public sealed class ScenarioRunner(IReadOnlyList<Target> targets, IClock clock, Action<string> progress)
{
    public async Task<ScenarioResult> RunAsync(Scenario.Scenario scenario, CancellationToken cancellationToken)
    {
        using var span = CallSender.Source.StartActivity($"scenario {scenario.Name}");
        var active = targets.ToList();
        var runs = new List<LevelRun>();
        foreach (var level in scenario.Levels)
        {
            var results = new List<ModelResult>();
            foreach (var target in active.ToList())
            {
                progress($"{scenario.Name}{(level is { } l ? $" at {scenario.SweepOf} {l}" : "")}: {target.Model}");
                var result = await RunModelAsync(scenario, level, target, span?.Context ?? default, cancellationToken);
                if (LimitReason(scenario.Sweep, result) is { } reason)
                {
                    result = result with { LimitReason = reason };
                    active.Remove(target);
                }

                results.Add(result);
            }

            runs.Add(new LevelRun(level, results));
        }

        var story = scenario.Chess is { } c ? new Story(c.Boards, c.Moves, c.MoveSeconds, c.ReplySeconds, c.TimeScale) : null;
        return new ScenarioResult(scenario.Name, scenario.Description, scenario.Describe(), scenario.SweepOf, runs, story);
    }

    private async Task<ModelResult> RunModelAsync(Scenario.Scenario scenario, double? level, Target target, ActivityContext scenarioSpan, CancellationToken cancellationToken)
    {
        using var client = target.Connect();
        SendCall send = new CallSender(client, target.Model, scenario.Timeout, scenarioSpan).SendAsync;

        // The chess story's "one board after another" is one board alone, times the boards.
        var oneBoard = scenario.Chess is null ? (LoadResult?)null : await BatchLoad.RunAsync(scenario.Requests, 1, send, clock, cancellationToken);

        var load = scenario.LoadAt(level);
        var sampler = await ResourceSampler.StartAsync(client);
        var result = load.Kind switch
        {
            LoadKind.Batch => await BatchLoad.RunAsync(scenario.Requests, load.Copies, send, clock, cancellationToken),
            LoadKind.Closed => await ClosedLoad.RunAsync(scenario.Requests, load, send, clock, cancellationToken),
            _ => await OpenLoad.RunAsync(scenario.Requests, load, send, clock, cancellationToken),
        };
        var resources = await sampler.StopAsync();
        await sampler.DisposeAsync();

        double? ideal = load switch
        {
            { Kind: LoadKind.Closed, IdealLatencyMs: { } latency } => load.Concurrency / (latency / 1000),
            { Kind: LoadKind.Open } => load.Rate,
            _ => null,
        };
        var summary = ModelSummary.Summarize(target.Model, target.ToString(), result, resources, ideal);
        return scenario.Chess is { } chess && oneBoard is not null
            ? summary with { Story = ChessStory(chess, oneBoard, result) }
            : summary;
    }

    private static StoryResult ChessStory(ChessSpec chess, LoadResult oneBoard, LoadResult simul)
    {
        var boardSeconds = oneBoard.MeasuredSeconds;
        var sequentialHours = boardSeconds * chess.Boards / chess.TimeScale / 3600;
        var simulHours = simul.MeasuredSeconds / chess.TimeScale / 3600;
        return new StoryResult(boardSeconds, sequentialHours, simul.MeasuredSeconds, simulHours, simulHours > 0 ? sequentialHours / simulHours : 0);
    }

    private static string? LimitReason(SweepSpec? sweep, ModelResult result)
    {
        if (sweep is null)
        {
            return null;
        }

        if (result.Accounting.Sent == 0)
        {
            return $"no request was sent in the measured window: every caller was still waiting for its first reply ({result.Accounting.WarmUpExcluded} sent during the warm-up)";
        }

        var failed = result.Accounting.Failed;
        if (failed > sweep.MaxErrorRate * result.Accounting.Sent)
        {
            var statuses = string.Join(", ", result.Accounting.ByStatus.OrderByDescending(s => s.Value).Select(s => $"{s.Key} {s.Value}"));
            return $"{failed} of {result.Accounting.Sent} requests failed ({statuses})";
        }

        var rssMb = result.Resources.PeakRssBytes / (1024.0 * 1024);
        if (rssMb > sweep.MaxRssMb)
        {
            return $"resident memory {rssMb:F0} MiB passed the {sweep.MaxRssMb} MiB budget";
        }

        return result.IdealThroughputPerSecond is { } ideal && result.ThroughputPerSecond < sweep.MinIdealShare * ideal
            ? $"served {result.ThroughputPerSecond:F0}/s, {result.ThroughputPerSecond / ideal:P0} of the ideal {ideal:F0}/s (the bar is {sweep.MinIdealShare:P0})"
            : null;
    }
}
