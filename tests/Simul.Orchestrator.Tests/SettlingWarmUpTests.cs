using Simul.Orchestrator.Load;

namespace Simul.Orchestrator.Tests;

/// <summary>When a closed load's warm-up ends: after its least time, once the rate holds, and
/// not while the worker is still compiling (a steady rate bound elsewhere can hide that).</summary>
public class SettlingWarmUpTests
{
    private const long Second = 1_000_000;

    [Fact]
    public void A_steady_rate_with_nothing_compiling_opens_the_window_at_the_least_warm_up()
    {
        var (openedAtUs, settled) = RunUntilOpen(steadyFromUs: 0, jitSeconds: _ => 0);

        Assert.True(settled);
        Assert.Equal(1 * Second, openedAtUs);
    }

    [Fact]
    public void The_window_waits_while_the_worker_compiles_and_opens_once_it_stops()
    {
        // 5% of the time goes to compiling until 3 s: the rate is steady throughout, but the
        // window opens only once a whole window (0.5 s here) has passed with no compiling.
        var (openedAtUs, settled) = RunUntilOpen(steadyFromUs: 0, jitSeconds: t => Math.Min(t, 3 * Second) * 0.05 / Second);

        Assert.True(settled);
        Assert.InRange(openedAtUs, 3.4 * Second, 3.7 * Second);
    }

    [Fact]
    public void A_rate_still_rising_is_not_settled()
    {
        // Replies come ever faster until 2 s (4 ms apart, then 1 ms): the window opens once two
        // windows of steady replies agree.
        var (openedAtUs, settled) = RunUntilOpen(steadyFromUs: 2 * Second, jitSeconds: _ => 0);

        Assert.True(settled);
        Assert.InRange(openedAtUs, 2.4 * Second, 3.1 * Second);
    }

    [Fact]
    public void A_worker_that_never_stops_compiling_opens_the_window_at_the_cap_unsettled()
    {
        var (openedAtUs, settled) = RunUntilOpen(steadyFromUs: 0, jitSeconds: t => t * 0.05 / Second);

        Assert.False(settled);
        Assert.Equal(1 * Second + SettlingWarmUp.MaxExtraUs, openedAtUs);
    }

    /// <summary>One caller's 10 ms replies, 1 ms apart (before <paramref name="steadyFromUs"/>, from
    /// 4 ms apart closing in on 1 ms), checked every 100 ms as the closed load checks; 1 s least warm-up.</summary>
    private static (long OpenedAtUs, bool Settled) RunUntilOpen(long steadyFromUs, Func<long, double> jitSeconds)
    {
        var warmUp = new SettlingWarmUp(0, 1 * Second, callers: 1, longestRunUs: 30 * Second);
        long Apart(long t) => t < steadyFromUs ? 1_000 + (3_000 * (steadyFromUs - t) / steadyFromUs) : 1_000;
        var nextReply = 10_000L;
        for (var now = 100_000L; now <= 30 * Second; now += 100_000)
        {
            for (; nextReply <= now; nextReply += Apart(nextReply))
            {
                warmUp.Replied(0, nextReply, 10_000);
            }

            if (warmUp.Check(now, jitSeconds(now)) is (true, var settled))
            {
                return (now, settled);
            }
        }

        throw new InvalidOperationException("the window never opened");
    }
}
