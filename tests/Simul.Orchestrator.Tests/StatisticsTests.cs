using Simul.Contracts.V1;
using Simul.Orchestrator.Load;
using Simul.Orchestrator.Report;
using Simul.Orchestrator.Running;
using Simul.Orchestrator.Scenario;
using Simul.Orchestrator.Stats;

namespace Simul.Orchestrator.Tests;

public class StatisticsTests
{
    [Fact]
    public void Percentiles_use_the_nearest_rank_of_the_exact_samples()
    {
        var samples = Enumerable.Range(1, 1000).Select(i => (double)i).ToList();

        Assert.Equal(500, Percentiles.Of(samples, 50));
        Assert.Equal(990, Percentiles.Of(samples, 99));
        Assert.Equal(999, Percentiles.Of(samples, 99.9));
        Assert.Equal(1000, Percentiles.Of(samples, 100));
        Assert.Equal(1, Percentiles.Of(samples, 0));
        Assert.Equal(7, Percentiles.Of([7.0], 99));
        Assert.Equal(0, Percentiles.Of([], 50));
    }

    [Fact]
    public void Every_call_lands_in_exactly_one_bucket_when_a_target_fails_some_calls()
    {
        var calls = new List<CallRecord>
        {
            Call(100, 110, "OK", 5, 3),
            Call(100, 120, "OK", 5, 3),
            Call(100, 130, "DEADLINE_EXCEEDED"),
            Call(100, 140, "UNAVAILABLE"),
            Call(100, 150, "UNAVAILABLE"),
            Call(100, 160, "WRONG_ANSWER", 1, 1),
            Call(0, 70, "OK", 5, 3) with { Window = CallWindow.WarmUp }, // answered before the window opened
        };

        var result = Summarize(new LoadResult(calls, 100, 2_000_100, LateSends: 1));

        Assert.Equal(6, result.Accounting.Sent);
        Assert.Equal(2, result.Accounting.Ok);
        Assert.Equal(result.Accounting.Sent, result.Accounting.Ok + result.Accounting.Failed);
        Assert.Equal(new Dictionary<string, long> { ["DEADLINE_EXCEEDED"] = 1, ["UNAVAILABLE"] = 2, ["WRONG_ANSWER"] = 1 }, result.Accounting.ByStatus);
        Assert.Equal(1, result.Accounting.WarmUp.Sent);
        Assert.Equal(1, result.Accounting.LateSends);
        Assert.Equal(1.0, result.ThroughputPerSecond); // 2 ok in 2 s
    }

    [Fact]
    public void Phases_come_from_the_workers_timing_and_other_is_the_unexplained_rest()
    {
        // Latency 20 ms; the worker says 2 queue, 5 work, 10 wait: 3 ms are unexplained.
        var calls = new List<CallRecord> { Call(0, 20_000, "OK", workUs: 5_000, waitUs: 10_000, queueUs: 2_000) };

        var result = Summarize(new LoadResult(calls, 0, 1_000_000, 0));

        Assert.Equal(2, result.MeanPhases.Queue, precision: 6);
        Assert.Equal(5, result.MeanPhases.Work, precision: 6);
        Assert.Equal(10, result.MeanPhases.Wait, precision: 6);
        Assert.Equal(3, result.MeanPhases.Other, precision: 6);
        Assert.Equal(0.25, result.WorkShare, precision: 6);
        Assert.Equal(0.5, result.WaitShare, precision: 6);
    }

    [Fact]
    public void Memory_per_request_in_flight_is_the_growth_over_the_baseline()
    {
        var result = Summarize(new LoadResult([], 0, 1_000_000, 0),
            new ResourceSample(PeakThreads: 30, PeakChildren: 0, PeakMemoryBytes: 150_000_000, BaselineMemoryBytes: 50_000_000, PeakInFlight: 1000, Spawned: 0));

        Assert.Equal(100_000, result.Resources.MemoryPerInFlight);
    }

    [Fact]
    public void Percentiles_are_of_the_ok_calls_and_fast_refusals_are_reported_apart()
    {
        // 10 answers of 100 ms and 30 refusals of 1 ms: mixed in, the refusals made p50 1 ms.
        var calls = Enumerable.Range(0, 10).Select(_ => Call(0, 100_000, "OK"))
            .Concat(Enumerable.Range(0, 30).Select(_ => Call(0, 1_000, "RESOURCE_EXHAUSTED"))).ToList();

        var result = Summarize(new LoadResult(calls, 0, 1_000_000, 0));

        Assert.Equal(100, result.Latency.P50);
        Assert.Equal(100, result.Latency.P99);
        Assert.Equal(30, result.FailureLatency!.Count);
        Assert.Equal(1, result.FailureLatency.P50);
    }

    [Fact]
    public void Impossible_timings_are_counted_not_hidden()
    {
        // A process-model reply with a spawn of 0 and phases worth 30 ms in a call of 20 ms.
        var reply = new WorkReply { Timing = new Timing { SpawnUs = 0, WaitUs = 30_000 } };
        var calls = new List<CallRecord> { new(0, 0, 20_000, new CallOutcome("OK", reply, null), CallWindow.Measured) };
        var process = ResourceSample.None with { Capabilities = ProcessModel(16) };

        var result = Summarize(new LoadResult(calls, 0, 1_000_000, 0), process);

        Assert.Equal(1, result.Anomalies.NonPositiveSpawns);
        Assert.Equal(1, result.Anomalies.NegativeOther);
        Assert.Equal(0, result.MeanPhases.Other);
        Assert.Equal("m (aot, 16 slots)", result.Label);
    }

    [Fact]
    public void A_failure_in_a_warm_up_fails_the_run_like_a_measured_one()
    {
        var calls = new List<CallRecord> { Call(0, 10, "OK"), Call(0, 5, "UNAVAILABLE") with { Window = CallWindow.WarmUp } };
        var result = Summarize(new LoadResult(calls, 0, 1_000_000, 0));
        var report = new RunReport(RunReport.CurrentSchemaVersion, DateTimeOffset.UnixEpoch, new Machine(2, 1, "os", "rt"), null,
            [new ScenarioResult("s", "", "", null, [new LevelRun(null, [result])], null)]);

        Assert.Equal(0, result.Accounting.Failed);
        Assert.Equal(1, result.Accounting.AllFailed);
        Assert.False(report.AllOk);
    }

    [Fact]
    public void A_child_slot_is_held_as_long_as_in_the_window_not_as_in_the_cold_warm_up()
    {
        // 4 child slots; the warm-up's first 10 children held theirs 400 ms each (cold), the
        // window's 20 held them 100 ms: the window's capacity is 4 / 100 ms = 40/s, not the run's
        // 4 / 200 ms = 20/s.
        var calls = Enumerable.Range(0, 20).Select(i => Call(1_000_000 + (i * 100_000), 1_100_000 + (i * 100_000), "OK", waitUs: 90_000) with
        {
            Outcome = new CallOutcome("OK", new WorkReply { Timing = new Timing { SpawnUs = 10_000, WaitUs = 90_000 } }, null),
        }).ToList();
        var timeline = new List<UsageSample> { new(0, 0, 0, 0, 0), new(1_000_000, 0.1, 0, 4.0, 10), new(3_000_000, 0.3, 0, 6.0, 30) };
        var process = ResourceSample.None with
        {
            Capabilities = ProcessModel(4),
            SlotSeconds = 6.0,
            Spawned = 30,
            Timeline = timeline,
        };

        var result = ModelSummary.Summarize(new ModelRun("m", "t", new LoadResult(calls, 1_000_000, 3_000_000, 0, Callers: 8), process, new LoadSpec { Kind = LoadKind.Closed, Concurrency = 8 }));

        Assert.Contains("4 child slots / 100 ms held each = 40/s", result.Prediction!.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Running_at_once_is_the_median_of_the_windows_second_half()
    {
        // Arrivals overshoot in the first half (requests admitted, not yet queued); then 16 run.
        var calls = new List<CallRecord> { Call(0, 2_000_000, "OK") };
        var timeline = new List<UsageSample>
        {
            new(100_000, 0, 0, 0, 0, Running: 140), new(500_000, 0, 0, 0, 0, Running: 40),
            new(1_100_000, 0, 0, 0, 0, Running: 16), new(1_500_000, 0, 0, 0, 0, Running: 17), new(1_900_000, 0, 0, 0, 0, Running: 16),
        };

        var result = Summarize(new LoadResult(calls, 0, 2_000_000, 0), ResourceSample.None with { Timeline = timeline });

        Assert.Equal(16, result.Resources.RunningAtOnce);
    }

    /// <summary>What an AOT process model with this many child slots states of itself.</summary>
    private static Capabilities ProcessModel(int slots) => new()
    {
        Runtime = new Runtime { Name = "dotnet", Version = "10.0.12" },
        Family = Family.Processes,
        Limit = new ConcurrencyLimit { Kind = ConcurrencyLimit.Types.Kind.ChildSlots, Count = slots },
        Compute = new ComputeLimit { Kind = ComputeLimit.Types.Kind.Cores },
        Detail = "aot",
    };

    private static ModelResult Summarize(LoadResult load, ResourceSample? resources = null) =>
        ModelSummary.Summarize(new ModelRun("m", "t", load, resources ?? ResourceSample.None, new LoadSpec { Kind = LoadKind.Closed, Count = 1 }));

    private static CallRecord Call(long start, long end, string status, long workUs = 0, long waitUs = 0, long queueUs = 0) =>
        new(start, start, end, new CallOutcome(status,
            status is "OK" or "WRONG_ANSWER" ? new WorkReply { Timing = new Timing { WorkUs = workUs, WaitUs = waitUs, QueueUs = queueUs } } : null, null), CallWindow.Measured);
}
