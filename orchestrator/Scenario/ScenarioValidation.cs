using System.Globalization;
using Simul.Contracts.V1;
using Simul.Workloads;

namespace Simul.Orchestrator.Scenario;

/// <summary>Checks a parsed scenario field by field; every message names the field at fault.</summary>
internal static class ScenarioValidation
{
    public static Scenario Validate(ScenarioSpec spec)
    {
        Require(spec.Name.Length > 0, "name", "is required");
        Require(spec.TimeoutMs > 0, "timeout_ms", "must be positive");
        var requests = spec.Chess is { } chess ? ChessRequests(chess, spec) : Requests(spec.Requests);
        var load = spec.Chess is { } c ? new LoadSpec { Kind = LoadKind.Batch, Copies = c.Boards } : spec.Load;
        if (spec.Sweep is { } sweep)
        {
            ValidateSweep(sweep, load);
        }

        // Batch reports draw every request on a timeline: only they ask for the phases in time.
        if (load.Kind == LoadKind.Batch)
        {
            requests.ForEach(r => r.Item.AskForTimeline());
        }

        // The load as it runs at every level: a sweep supplies the concurrency or the rate.
        var scenario = new Scenario(spec.Name, spec.Description, requests, load, spec.Sweep, spec.Chess, TimeSpan.FromMilliseconds(spec.TimeoutMs))
        {
            Thresholds = [.. spec.Thresholds.Select((expression, i) => Threshold(expression, $"thresholds[{i}]"))],
            Faults = Faults(spec.Faults, load),
        };
        foreach (var level in scenario.Levels)
        {
            ValidateLoad(scenario.LoadAt(level));
        }

        return scenario;
    }

    private static Thresholds.Threshold Threshold(string expression, string field)
    {
        try
        {
            return Thresholds.Threshold.Parse(expression);
        }
        catch (FormatException e)
        {
            throw new ScenarioException($"{field}: {e.Message}");
        }
    }

    /// <summary>Fault stages need a load that runs for a time, and must fit its measured window in order.</summary>
    private static List<FaultStage> Faults(List<FaultStageSpec> specs, LoadSpec load)
    {
        var window = load.DurationS - load.WarmupS;
        var stages = new List<FaultStage>();
        for (var i = 0; i < specs.Count; i++)
        {
            var (spec, field) = (specs[i], $"faults[{i}]");
            Require(load.Kind == LoadKind.Open, field, "needs an open load (its window starts at a known time: the stages are timed from it)");
            Require(spec.AtS >= 0, $"{field}.at_s", "must not be negative");
            Require(spec.ForS > 0, $"{field}.for_s", "must be positive");
            Require(spec.AtS + spec.ForS <= window, $"{field}.for_s", $"must end within the measured window ({window} s after the warm-up)");
            Require(stages.Count == 0 || spec.AtS >= stages[^1].EndS, $"{field}.at_s", "must not start before the stage before it ends");
            Require(spec.Upstream is not null, $"{field}.upstream", "is required");
            if (spec.Upstream!.Problem() is { } problem)
            {
                throw new ScenarioException($"{field}.upstream.{problem}");
            }

            stages.Add(new FaultStage(spec.AtS, spec.ForS, spec.Upstream));
        }

        return stages;
    }

    private static List<PlannedRequest> Requests(List<RequestSpec> specs)
    {
        Require(specs.Count > 0, "requests", "needs at least one request (or use chess)");
        return [.. specs.Select((spec, i) => Request(spec, $"requests[{i}]"))];
    }

    private static PlannedRequest Request(RequestSpec spec, string field)
    {
        var named = new[] { spec.Prime is null ? null : "prime", spec.Fetch is null ? null : "fetch", spec.Steps is null ? null : "steps" }
            .Where(n => n is not null).ToList();
        Require(named.Count == 1, field, $"must name exactly one workload (prime, fetch or steps), names {named.Count}");
        var item = spec switch
        {
            { Prime: { } p } => new WorkItem { Prime = new PrimeRequest { Below = p.Below, WaitMs = p.WaitMs } },
            { Fetch: { } f } => new WorkItem { Fetch = new FetchRequest { Count = f.Count, DelayMs = f.DelayMs, SizeBytes = f.SizeBytes, Concurrent = f.Concurrent } },
            { Steps: { } s } => new WorkItem { Steps = new StepsRequest { Steps = s.Steps, WorkUs = s.WorkUs, WaitUs = s.WaitUs } },
            _ => throw new InvalidOperationException("unreachable: one workload is named"),
        };
        try
        {
            WorkloadLimits.Validate(item);
        }
        catch (WorkloadException e)
        {
            throw new ScenarioException($"{field}.{named[0]}: {e.Message}");
        }

        return new PlannedRequest(item, spec.Expect);
    }

    private static List<PlannedRequest> ChessRequests(ChessSpec chess, ScenarioSpec spec)
    {
        Require(spec.Requests.Count == 0, "requests", "must be empty when chess is given: chess makes the requests");
        Require(chess.Boards is >= 1 and <= 10_000, "chess.boards", "must be 1 to 10000");
        Require(chess.TimeScale > 0, "chess.time_scale", "must be positive");
        Require(chess.MoveSeconds > 0 && chess.ReplySeconds >= 0, "chess.move_seconds", "and reply_seconds must be positive");
        var board = new RequestSpec
        {
            Steps = new StepsSpec
            {
                Steps = chess.Moves,
                WorkUs = (long)Math.Round(chess.MoveSeconds * chess.TimeScale * 1e6),
                WaitUs = (long)Math.Round(chess.ReplySeconds * chess.TimeScale * 1e6),
            },
            Expect = chess.Moves,
        };
        return [Request(board, "chess")];
    }

    private static void ValidateLoad(LoadSpec load)
    {
        Require(load.Copies >= 1, "load.copies", "must be at least 1");
        Require(load.WarmupS >= 0, "load.warmup_s", "must not be negative");
        Require(load.Stages.Count == 0 || load.Kind == LoadKind.Open, "load.stages", "shape an open load's rate: needs load.kind open");
        switch (load.Kind)
        {
            case LoadKind.Closed:
                Require(load.Concurrency >= 1, "load.concurrency", "must be at least 1");
                Require(load.Count is null or >= 1, "load.count", "must be at least 1");
                Require(load.Count is not null || load.DurationS > 0, "load.duration_s", "must be positive (or give load.count)");
                break;
            case LoadKind.Open:
                Require(load.Rate > 0 || load.Stages.Count > 0, "load.rate", "must be positive (requests per second)");
                Require(load.DurationS > 0, "load.duration_s", "must be positive");
                for (var i = 0; i < load.Stages.Count; i++)
                {
                    Require(load.Stages[i].ForS > 0, $"load.stages[{i}].for_s", "must be positive");
                    Require(load.Stages[i].Rate >= 0, $"load.stages[{i}].rate", "must not be negative");
                }

                Require(load.Stages.Sum(s => s.ForS) <= load.DurationS, "load.stages", $"must fit in load.duration_s ({load.DurationS} s): after the last stage its rate holds to the end");
                Require(Load.RateSchedule.Of(load).MeanRate(0, load.DurationS) > 0, "load.stages", "send nothing: some rate must be positive");
                break;
            case LoadKind.Hold:
                Require(load.HoldS is > 0 and <= 60, "load.hold_s", "must be more than 0 and at most 60 seconds");
                break;
        }
    }

    private static void ValidateSweep(SweepSpec sweep, LoadSpec load)
    {
        Require(new[] { sweep.Concurrency.Count, sweep.Rate.Count, sweep.Replicas.Count }.Count(n => n > 0) == 1, "sweep", "takes one of concurrency, rate or replicas levels");
        Require(sweep.Replicas.All(r => r is >= 1 and <= 64), "sweep.replicas", "levels must be 1 to 64");
        Require(sweep.Replicas.Count == 0 || load.Kind is LoadKind.Closed or LoadKind.Open, "sweep.replicas", "needs a closed or open load");
        Require(sweep.Concurrency.Count == 0 || load.Kind == LoadKind.Closed, "sweep.concurrency", "needs load.kind closed");
        Require(sweep.Rate.Count == 0 || load.Kind == LoadKind.Open, "sweep.rate", "needs load.kind open");
        Require(sweep.Rate.Count == 0 || load.Stages.Count == 0, "sweep.rate", "sets one rate per level: it cannot sweep a load with stages");
        Require(sweep.Concurrency.All(c => c >= 1), "sweep.concurrency", "levels must be at least 1");
        Require(sweep.Rate.All(r => r > 0), "sweep.rate", "levels must be positive");
        Require(sweep.MaxErrorRate is >= 0 and <= 1, "sweep.max_error_rate", "must be between 0 and 1");
        Require(sweep.MinIdealShare is >= 0 and <= 1, "sweep.min_ideal_share", "must be between 0 and 1");
    }

    private static void Require(bool condition, string field, string problem)
    {
        if (!condition)
        {
            throw new ScenarioException(string.Create(CultureInfo.InvariantCulture, $"{field}: {problem}"));
        }
    }
}
