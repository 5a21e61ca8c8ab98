using Simul.Contracts.V1;
using Simul.Orchestrator.Load;
using Simul.Orchestrator.Scenario;

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
