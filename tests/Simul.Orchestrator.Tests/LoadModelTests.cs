using Simul.Contracts.V1;
using Simul.Orchestrator.Load;
using Simul.Orchestrator.Running;
using Simul.Orchestrator.Scenario;
using Simul.Orchestrator.Stats;

namespace Simul.Orchestrator.Tests;

/// <summary>The load models on a virtual clock: time moves only when the code under test waits
/// or a fake server takes time, so timing is exact and the tests do not sleep.</summary>
public class LoadModelTests
{
    private static readonly PlannedRequest Request = new(new WorkItem { Prime = new PrimeRequest { Below = 3 } }, 2);

    [Fact]
    public async Task Open_load_measures_latency_from_the_intended_send_time()
    {
        // 100 requests/s, but the server takes 100 ms each and the sender is stuck behind it
        // (the fake send is synchronous). Measured from the actual send, every call would take
        // 100 ms; from the intended time, call i waited behind i earlier calls.
        var clock = new VirtualClock();
        var load = new LoadSpec { Kind = LoadKind.Open, Rate = 100, DurationS = 0.1 };

        var result = await OpenLoad.RunAsync([Request], load, SlowSerialServer(clock, 100_000), clock, CancellationToken.None);

        Assert.Equal(10, result.Calls.Count);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(100 + (90 * i), result.Calls[i].LatencyMs, precision: 3);
        }

        Assert.Equal(9, result.LateSends); // every send after the first left > 10 ms late
    }

    [Fact]
    public async Task Open_load_keeps_its_schedule_when_the_server_keeps_up()
    {
        var clock = new VirtualClock();
        var load = new LoadSpec { Kind = LoadKind.Open, Rate = 50, DurationS = 1, WarmupS = 0.2 };

        var result = await OpenLoad.RunAsync([Request], load, SlowSerialServer(clock, 1_000), clock, CancellationToken.None);

        Assert.Equal(50, result.Calls.Count);
        Assert.Equal(40, result.Calls.Count(c => c.Measured));
        Assert.All(result.Calls, c => Assert.Equal(1.0, c.LatencyMs, precision: 3));
        Assert.Equal(0, result.LateSends);
        Assert.Equal(0.8, result.MeasuredSeconds, precision: 6);
        Assert.Equal(0, ModelSummary.Summarize(new ModelRun("m", "t", result, ResourceSample.None, load)).Backlog);
    }

    [Fact]
    public async Task Closed_load_sends_exactly_its_count_across_its_callers()
    {
        var clock = new VirtualClock();
        var load = new LoadSpec { Kind = LoadKind.Closed, Concurrency = 4, Count = 10 };

        var result = await ClosedLoad.RunAsync([Request], load, SlowSerialServer(clock, 1_000), clock, CancellationToken.None);

        Assert.Equal(10, result.Calls.Count);
        Assert.All(result.Calls, c => Assert.True(c.Outcome.IsOk));
    }

    [Fact]
    public async Task Batch_load_sends_every_copy_at_once()
    {
        var sent = 0;
        var result = await BatchLoad.RunAsync([Request, Request], 3, (_, _) =>
        {
            Interlocked.Increment(ref sent);
            return Task.FromResult(new CallOutcome(CallOutcome.Ok, null, null));
        }, new VirtualClock(), CancellationToken.None);

        Assert.Equal(6, sent);
        Assert.Equal(6, result.Calls.Count);
    }

    [Fact]
    public async Task Open_load_throughput_counts_the_replies_in_the_window_not_the_sends()
    {
        // 100 requests/s offered to a server that manages 50/s (20 ms each, one at a time): the
        // replies that came back within the second are 50, whatever was sent.
        var clock = new VirtualClock();
        var load = new LoadSpec { Kind = LoadKind.Open, Rate = 100, DurationS = 1 };

        var result = await OpenLoad.RunAsync([Request], load, SlowSerialServer(clock, 20_000), clock, CancellationToken.None);
        var summary = ModelSummary.Summarize(new ModelRun("m", "t", result, ResourceSample.None, load));

        Assert.Equal(50, summary.ThroughputPerSecond, precision: 6);
        Assert.True(summary.Accounting.LateSends > 0);
        Assert.NotNull(summary.Backlog);
    }

    [Fact]
    public async Task Closed_load_throughput_agrees_with_Littles_law()
    {
        // 40 callers and a server that answers every call in 1 s: 40/s. Counting sends in a
        // window of 2.5 requests times caught three synchronized rounds (48/s, 20% high); with
        // staggered starts and completions counted, the window sees the steady 40/s.
        var load = new LoadSpec { Kind = LoadKind.Closed, Concurrency = 40, DurationS = 3.5, WarmupS = 1, IdealLatencyMs = 1000 };
        SendCall oneSecond = async (_, cancellationToken) =>
        {
            await Task.Delay(1000, cancellationToken);
            return new CallOutcome(CallOutcome.Ok, new WorkReply { Value = 2, Timing = new Timing { WaitUs = 1_000_000 } }, null);
        };

        // Off xunit's synchronization context, as the orchestrator runs it.
        var result = await Task.Run(() => ClosedLoad.RunAsync([Request], load, oneSecond, SystemClock.Instance, CancellationToken.None));
        var summary = ModelSummary.Summarize(new ModelRun("m", "t", result, ResourceSample.None, load));

        Assert.InRange(summary.ThroughputPerSecond, 36, 44);
        Assert.InRange(summary.ThroughputPerSecond, 0.9 * summary.LittlesLawPerSecond!.Value, 1.1 * summary.LittlesLawPerSecond.Value);
        Assert.False(summary.LittlesLawDisagrees);
        Assert.Equal(result.Calls.Count, summary.Accounting.Sent + summary.Accounting.WarmUp.Sent + summary.Accounting.AfterWindow.Sent);
    }

    [Fact]
    public async Task A_hold_load_cuts_its_calls_at_the_hold_time_and_counts_them_apart_from_failures()
    {
        // Four calls are held until the load cuts them; the fifth is refused at once.
        var sent = 0;
        SendCall heldUntilCut = async (_, cancellationToken) =>
        {
            if (Interlocked.Increment(ref sent) > 4)
            {
                return new CallOutcome("RESOURCE_EXHAUSTED", null, null);
            }

            await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            return new CallOutcome("CANCELLED", null, null);
        };
        var load = new LoadSpec { Kind = LoadKind.Hold, Copies = 5, HoldS = 0.2 };

        var result = await HoldLoad.RunAsync([Request], load.Copies, load.HoldS, heldUntilCut, SystemClock.Instance, CancellationToken.None);
        var summary = ModelSummary.Summarize(new ModelRun("m", "t", result, ResourceSample.None, load));

        Assert.Equal(4, summary.Accounting.Cut);
        Assert.Equal(1, summary.Accounting.Sent);
        Assert.Equal(1, summary.Accounting.ByStatus["RESOURCE_EXHAUSTED"]);
        Assert.Equal(1, summary.Accounting.AllFailed); // the cut calls are the design, not failures
    }

    [Fact]
    public async Task A_batch_warms_up_until_compiling_stops_and_no_longer()
    {
        // Two requests of 100 ms a pass; the first pass compiles for 0.5 s, the second for 1 ms
        // (under 1% of its 200 ms): the warm-up ends there.
        var clock = new VirtualClock();
        double[] compiledAfter = [0, 0.5, 0.5, 0.501];
        var reads = 0;

        var warmUp = await BatchWarmUp.RunAsync([Request, Request], SlowSerialServer(clock, 100_000), clock,
            () => Task.FromResult(compiledAfter[Math.Min(reads++, compiledAfter.Length - 1)]), CancellationToken.None);

        Assert.Equal(4, warmUp.Calls.Count);
    }

    [Fact]
    public async Task A_batch_warm_up_that_keeps_compiling_stops_at_its_bound()
    {
        var clock = new VirtualClock();
        var compiled = 0.0;

        var warmUp = await BatchWarmUp.RunAsync([Request], SlowSerialServer(clock, 100_000), clock,
            () => Task.FromResult(compiled += 1), CancellationToken.None);

        Assert.Equal(10, warmUp.Calls.Count); // ten passes of one request: 1 s, under the 4 s bound
    }

    /// <summary>A server that serves one call at a time, taking <paramref name="serviceUs"/> each.</summary>
    private static SendCall SlowSerialServer(VirtualClock clock, long serviceUs) => (_, _) =>
    {
        clock.Advance(serviceUs);
        return Task.FromResult(new CallOutcome(CallOutcome.Ok, new WorkReply { Value = 2 }, null));
    };
}

/// <summary>A clock that only moves when told: waiting jumps to the time waited for.</summary>
internal sealed class VirtualClock : IClock
{
    private long _now;

    public long NowUs => Interlocked.Read(ref _now);

    public void Advance(long us) => Interlocked.Add(ref _now, us);

    public Task DelayUntilAsync(long us, CancellationToken cancellationToken)
    {
        if (us > NowUs)
        {
            Interlocked.Exchange(ref _now, us);
        }

        return Task.CompletedTask;
    }
}
