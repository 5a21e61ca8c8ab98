using System.Diagnostics;
using Simul.Orchestrator.Load;
using Simul.Orchestrator.Report;
using Simul.Orchestrator.Scenario;
using Simul.Orchestrator.Stats;
using Simul.Orchestrator.Targets;

namespace Simul.Orchestrator.Running;

/// <summary>
/// Runs a scenario against every target, one model after another so they never compete for
/// the cores, at each level of its sweep (each level on a fresh worker where the
/// <see cref="IWorkerSource"/> can start one). In a sweep, a model's curve ends at the first
/// level it cannot sustain (too many failures, memory past the budget, too little of the ideal),
/// and the report says why. A batch is also run one after another first, the baseline its
/// makespan is compared with (for the chess simul, one board: the story's "one after another"),
/// after a warm-up on its own requests. With <see cref="RunnerOptions.Repeat"/> above 1, each model runs each level
/// that many times, each run after the first on a fresh worker, and its row carries every run
/// and the spread of each headline figure (<see cref="Repetitions"/>). A scenario's upstream fault
/// stages are played on <c>upstream</c> during each model's load (<see cref="UpstreamFaults"/>).
/// </summary>
public sealed class ScenarioRunner(IReadOnlyList<Target> targets, IClock clock, IRunProgress progress, IWorkerSource? workers = null, RunnerOptions? options = null)
{
    private readonly RunnerOptions _options = options ?? new RunnerOptions();

    // The workers as they are now: a sweep starts fresh ones, and the scenarios after it go to those.
    private readonly List<Target> _current = [.. targets];

    public async Task<ScenarioResult> RunAsync(Scenario.Scenario scenario, CancellationToken cancellationToken)
    {
        if (scenario.Faults.Count > 0 && _options.Upstream is null)
        {
            throw new ArgumentException($"scenario {scenario.Name} has upstream fault stages: they need upstream's address (local models know it; else give --upstream URL)");
        }

        using var span = CallSender.Source.StartActivity($"scenario {scenario.Name}");
        var active = _current.ToList();
        var runs = new List<LevelRun>();
        var left = active.Count * scenario.Levels.Count * _options.Repeat;
        foreach (var level in scenario.Levels)
        {
            var results = new List<ModelResult>();
            var stillActive = new List<Target>();
            foreach (var current in active)
            {
                var target = current;
                var slot = _current.IndexOf(current);
                var repetitions = new List<ModelResult>();
                for (var repetition = 1; repetition <= _options.Repeat; repetition++)
                {
                    // Every level of a sweep, and every repetition after the first, on a fresh worker.
                    if (scenario.Sweep is not null || repetition > 1)
                    {
                        target = await (workers ?? RunningElsewhere.Instance).FreshAsync(target, scenario.Sweep is null ? null : scenario.ReplicasAt(level), cancellationToken);
                        _current[slot] = target;
                    }

                    var load = scenario.LoadAt(level);
                    var step = new ProgressStep(StepName(scenario, level, repetition), target.Model,
                        load.Kind == LoadKind.Hold ? load.HoldS : load.Kind == LoadKind.Batch || load.Count is not null ? null : load.DurationS, --left);
                    var counts = new LiveCounts();
                    repetitions.Add(await progress.TrackAsync(step, counts, () => RunModelAsync(scenario, level, target, span?.Context ?? default, counts, cancellationToken)));
                }

                var result = Repetitions.Combine(repetitions);
                if (LimitReason(scenario.Sweep, result) is { } reason)
                {
                    result = result with { LimitReason = reason };
                }
                else
                {
                    stillActive.Add(target);
                }

                results.Add(result);
            }

            active = stillActive;
            runs.Add(new LevelRun(level, results));
        }

        if (scenario.SweepOf == Swept.Replicas)
        {
            // The scenarios after a replicas sweep run on as many replicas as were asked for, not
            // on the sweep's last count.
            for (var i = 0; i < _current.Count; i++)
            {
                _current[i] = await (workers ?? RunningElsewhere.Instance).FreshAsync(_current[i], targets[i].Each.Count, cancellationToken);
            }
        }

        var story = scenario.Chess is { } c ? new Story(c.Boards, c.Moves, c.MoveSeconds, c.ReplySeconds, c.TimeScale) : null;
        return new ScenarioResult(scenario.Name, scenario.Description, scenario.Describe(), scenario.SweepOf, MemorySlopes.Add(runs), story)
        {
            Faults = scenario.Faults,
            RateStages = scenario.Load.Kind == LoadKind.Open ? RateSchedule.MarkedStages(scenario.Load) : [],
        };
    }

    private string StepName(Scenario.Scenario scenario, double? level, int repetition) =>
        scenario.Name
        + (level is { } l ? $" at {scenario.SweepOf.Word()} {l.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "")
        + (_options.Repeat > 1 ? $" (run {repetition} of {_options.Repeat})" : "");

    private async Task<ModelResult> RunModelAsync(Scenario.Scenario scenario, double? level, Target target, ActivityContext scenarioSpan, LiveCounts counts, CancellationToken cancellationToken)
    {
        using var connection = target.Connect(retries: _options.Retries);
        SendCall send = new CallSender(connection, target.Model, scenario.Timeout, scenarioSpan, counts).SendAsync;
        var load = scenario.LoadAt(level);

        // A batch's baseline: the same requests one after another (the chess simul: one board), warm.
        LoadResult? warmUp = null, sequential = null;
        if (load.Kind == LoadKind.Batch)
        {
            warmUp = await BatchWarmUp.RunAsync(scenario.Requests, send, clock, () => CompiledSecondsAsync(connection), cancellationToken);
            sequential = await SequentialLoad.RunAsync(scenario.Requests, send, clock, cancellationToken);
        }

        var replicas = target.Each.Select(r => r.Connect()).ToList();
        var sampler = await ResourceSampler.StartAsync(replicas);
        LoadResult result;
        ResourceSample resources;
        try
        {
            result = load.Kind switch
            {
                LoadKind.Batch => await BatchLoad.RunAsync(scenario.Requests, load.Copies, send, clock, cancellationToken),
                LoadKind.Closed => await ClosedLoad.RunAsync(scenario.Requests, load, send, clock, cancellationToken,
                    () => sampler.JitSeconds + System.Runtime.JitInfo.GetCompilationTime().TotalSeconds),
                LoadKind.Hold => await HoldLoad.RunAsync(scenario.Requests, load.Copies, load.HoldS, send, clock, cancellationToken),
                _ when scenario.Faults.Count > 0 => await OpenLoadWithFaultsAsync(scenario, load, send, () => LoadMetrics.CountLate(target.Model), cancellationToken),
                _ => await OpenLoad.RunAsync(scenario.Requests, load, send, clock, cancellationToken, () => LoadMetrics.CountLate(target.Model)),
            };
        }
        finally
        {
            resources = await sampler.StopAsync();
            await sampler.DisposeAsync();
            replicas.ForEach(r => r.Dispose());
        }

        double? ideal = load switch
        {
            { Kind: LoadKind.Closed, IdealLatencyMs: { } latency } => load.Concurrency / (latency / 1000),
            { Kind: LoadKind.Open } => RateSchedule.Of(load).MeanRate(load.WarmupS, load.DurationS),
            _ => null,
        };

        // Locally the load generator shares the worker's cores: its CPU counts against them too.
        var capacity = target.IsLocal ? new Capacity(_options.LocalCores, SharedWithLoadGenerator: true) : new Capacity(null, false);
        var summary = ModelSummary.Summarize(new ModelRun(target.Model, target.ToString(), result, resources, load, ideal,
            sequential is null ? null : Counts([.. warmUp!.Calls, .. sequential.Calls]), capacity));
        // The load's clock counts from an arbitrary start: the window's wall-clock start is now
        // less the time since it opened.
        var windowStart = DateTimeOffset.UtcNow - TimeSpan.FromMicroseconds(clock.NowUs - result.WindowStartUs);
        summary = summary with { LatencyHistogram = LatencyHistograms.Of(result, windowStart), Calls = _options.KeepCalls ? result.Calls : null };
        if (_options.Retries is { } retries)
        {
            summary = summary with { Retries = new RetryCounts(retries.ToString(), connection.Attempts.FirstAttempts, connection.Attempts.Retried) };
        }

        if (load.Kind is LoadKind.Open or LoadKind.Closed)
        {
            var timeline = RunTimeline.Of(result, resources.Timeline ?? []);
            summary = summary with { Timeline = timeline, Incidents = [.. scenario.Faults.Select(stage => Incident.Of(stage, result, timeline))] };
        }

        if (sequential is null)
        {
            return summary;
        }

        var oneAfterAnother = sequential.Calls.Sum(c => c.LatencyMs) * load.Copies;
        summary = summary with { Batch = new BatchResult(result.MeasuredSeconds * 1000, oneAfterAnother, BatchRequests.Of(result)) };
        return scenario.Chess is { } chess ? summary with { Story = ChessStory(chess, sequential, result, summary) } : summary;
    }

    /// <summary>The open load with upstream taken through the fault stages, timed from the
    /// window's start (the load's start plus its warm-up).</summary>
    private async Task<LoadResult> OpenLoadWithFaultsAsync(Scenario.Scenario scenario, LoadSpec load, SendCall send, Action sentLate, CancellationToken cancellationToken)
    {
        using var faults = new UpstreamFaults(_options.Upstream!);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var staged = faults.RunAsync(scenario.Faults, clock.NowUs + (long)(load.WarmupS * 1e6), clock, stop.Token);
        try
        {
            return await OpenLoad.RunAsync(scenario.Requests, load, send, clock, cancellationToken, sentLate);
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await staged;
            }
            catch (OperationCanceledException)
            {
                // The load ended first (it was cancelled): the schedule stopped, upstream cleared.
            }
        }
    }

    private static CallCounts Counts(IReadOnlyList<CallRecord> calls) =>
        new(calls.Count, calls.Count(c => c.Outcome.IsOk),
            calls.Where(c => !c.Outcome.IsOk).GroupBy(c => c.Outcome.Status).ToDictionary(g => g.Key, g => (long)g.Count()));

    /// <summary>Seconds the worker and this orchestrator have spent compiling (0 where a worker's runtime has no JIT to report).</summary>
    private static async Task<double> CompiledSecondsAsync(WorkerConnection connection)
    {
        var worker = await connection.Client.DescribeAsync(new Contracts.V1.DescribeRequest(), deadline: DateTime.UtcNow.AddSeconds(10));
        return worker.JitSeconds + System.Runtime.JitInfo.GetCompilationTime().TotalSeconds;
    }

    /// <summary>The story in hours, told only when every board was answered right, alone and in
    /// the simul: a failed board would shorten the simul and flatter the ratio.</summary>
    private static StoryResult? ChessStory(ChessSpec chess, LoadResult oneBoard, LoadResult simul, ModelResult summary)
    {
        if (oneBoard.Calls.Any(c => !c.Outcome.IsOk) || summary.Accounting.Failed > 0 || summary.Accounting.Ok != chess.Boards)
        {
            return null;
        }

        var boardSeconds = oneBoard.MeasuredSeconds;
        var sequentialHours = boardSeconds * chess.Boards / chess.TimeScale / 3600;
        var simulHours = simul.MeasuredSeconds / chess.TimeScale / 3600;
        var askedSeconds = chess.Moves * (chess.MoveSeconds + chess.ReplySeconds) * chess.TimeScale;
        // Each wait's slack, from the board's own timing: its waits and its queue against what the
        // waits asked. Awaiting code ends a wait when it is due and counts its resumption after as
        // queue; blocking code counts it all as wait. A board alone has nothing else to queue behind.
        var askedWaitMs = chess.ReplySeconds * chess.TimeScale * 1000;
        var waitSlackMs = oneBoard.Calls is [{ Outcome.Reply.Timing: { } board }] && chess.Moves > 0 && askedWaitMs > 0
            ? (((board.WaitUs + board.QueueUs) / 1000.0) - (chess.Moves * askedWaitMs)) / chess.Moves
            : 0;
        return new StoryResult(boardSeconds, sequentialHours, simul.MeasuredSeconds, simulHours, simulHours > 0 ? sequentialHours / simulHours : 0, askedSeconds)
        {
            WaitSlackMs = waitSlackMs,
            AskedWaitMs = askedWaitMs,
        };
    }

    private static string? LimitReason(SweepSpec? sweep, ModelResult result)
    {
        if (sweep is null)
        {
            return null;
        }

        if (result.Accounting.Sent == 0)
        {
            return $"no request completed in the measured window ({result.Accounting.WarmUp.Sent} during the warm-up, {result.Accounting.AfterWindow.Sent} still in flight when it closed)";
        }

        var failed = result.Accounting.Failed;
        if (failed > sweep.MaxErrorRate * result.Accounting.Sent)
        {
            var statuses = string.Join(", ", result.Accounting.ByStatus.OrderByDescending(s => s.Value).Select(s => $"{s.Key} {s.Value}"));
            return $"{failed} of {result.Accounting.Sent} requests failed ({statuses})";
        }

        var memoryMb = result.Resources.PeakMemoryBytes / (1024.0 * 1024);
        if (memoryMb > sweep.MaxRssMb)
        {
            return $"memory {memoryMb:F0} MiB passed the {sweep.MaxRssMb} MiB budget";
        }

        if (result.IdealThroughputPerSecond is not { } ideal || result.ThroughputPerSecond >= sweep.MinIdealShare * ideal)
        {
            return null;
        }

        var why = result.Prediction is { Limit: var limit and not "callers" } ? $": bound by {limit} ({result.Prediction.Explanation})" : "";
        return $"served {result.ThroughputPerSecond:F0}/s, {result.ThroughputPerSecond / ideal:P0} of the ideal {ideal:F0}/s (the bar is {sweep.MinIdealShare:P0}){why}";
    }
}
