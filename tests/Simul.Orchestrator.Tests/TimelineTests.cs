using Simul.Contracts.Faults;
using Simul.Orchestrator.Load;
using Simul.Orchestrator.Running;
using Simul.Orchestrator.Scenario;
using Simul.Orchestrator.Stats;

namespace Simul.Orchestrator.Tests;

/// <summary>A run over time in bins, and what a fault stage did: the worst p99, what was shed,
/// and when the model recovered, from calls whose times are known.</summary>
public class TimelineTests
{
    private const long Second = 1_000_000;
    private static readonly FaultStage Slowdown = new(2, 2, new FaultProfile(DelayFactor: 20));

    /// <summary>Ten calls a second for 8 s from the window's start at 1 s: 50 ms each, except
    /// those sent from 2 s to 4 s, which take <paramref name="slowMs"/> (or fail with
    /// <paramref name="failure"/>); with <paramref name="slowAfter"/>, those after 6 s take 400 ms.</summary>
    private static LoadResult Load(double slowMs, string? failure = null, bool slowAfter = false)
    {
        var calls = new List<CallRecord>();
        for (var i = 0; i < 80; i++)
        {
            var sent = Second + (i * Second / 10);
            var inFault = sent >= 3 * Second && sent < 5 * Second;
            var latencyMs = inFault ? slowMs : slowAfter && sent >= 7 * Second ? 400 : 50;
            var status = inFault && failure is not null ? failure : CallOutcome.Ok;
            calls.Add(new CallRecord(sent, sent, sent + (long)(latencyMs * 1000), new CallOutcome(status, null, null), CallWindow.Measured));
        }

        return new LoadResult(calls, Second, 9 * Second, 0);
    }

    [Fact]
    public void Calls_fall_in_the_bin_they_ended_in_with_the_worker_state_sampled_then()
    {
        var samples = new[] { new UsageSample(Second + (Second / 2), 0, 0, 0, 0) { State = new WorkerState(3, 1, 20, 0, 1 << 20) } };

        var timeline = RunTimeline.Of(Load(50), samples);

        Assert.Equal(0.25, timeline.BinSeconds); // answers over 7.9 s: quarter-second bins
        var first = timeline.Bins[0];
        Assert.Equal(0, first.FromS);
        Assert.Equal(2, first.Ok); // those that ended 50 ms and 150 ms into the window
        Assert.Equal(50, first.P99Ms!.Value, 3);
        Assert.Equal((0, 0, 0), (timeline.Bins[1].InFlight, timeline.Bins[1].Queued, timeline.Bins[1].Threads)); // nothing seen yet
        Assert.Equal((3, 1, 20), (timeline.Bins[2].InFlight, timeline.Bins[2].Queued, timeline.Bins[2].Threads));
        Assert.Equal(20, timeline.Bins[^1].Threads); // the last state seen, carried on
        Assert.Equal(80, timeline.Bins.Sum(b => b.Ok));
    }

    [Fact]
    public void A_slowdown_gives_its_worst_p99_and_the_recovery_after_the_fault()
    {
        var load = Load(1000);

        var incident = Incident.Of(Slowdown, load, RunTimeline.Of(load, []));

        Assert.Equal(50, incident.BaselineP99Ms!.Value, 3);
        Assert.Equal(1000, incident.WorstP99Ms!.Value, 3);
        Assert.Equal(0, incident.ShedCount);
        Assert.Equal(1, incident.RecoveredAfterS); // the last slow call, sent just before 4 s, ended just before 5 s
    }

    [Fact]
    public void Failures_during_the_fault_are_shed_by_status()
    {
        var load = Load(50, failure: "UNAVAILABLE");

        var incident = Incident.Of(Slowdown, load, RunTimeline.Of(load, []));

        Assert.Equal(new Dictionary<string, long> { ["UNAVAILABLE"] = 20 }, incident.Shed);
        Assert.Equal(0, incident.RecoveredAfterS);
    }

    [Fact]
    public void A_model_still_slow_at_the_end_has_not_recovered()
    {
        var load = Load(1000, slowAfter: true);

        Assert.Null(Incident.Of(Slowdown, load, RunTimeline.Of(load, [])).RecoveredAfterS);
    }
}
