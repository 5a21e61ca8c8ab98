using Simul.Orchestrator.Load;
using Simul.Orchestrator.Scenario;

namespace Simul.Orchestrator.Tests;

/// <summary>An open load's send times: a constant rate as before, and stages that ramp linearly
/// from one rate to the next (k6's), the arrivals being the integral of the rate.</summary>
public class RateScheduleTests
{
    [Fact]
    public void A_constant_rate_sends_request_i_at_i_over_the_rate_for_the_duration()
    {
        var times = RateSchedule.Of(new LoadSpec { Kind = LoadKind.Open, Rate = 25, DurationS = 28 }).SendTimes().ToList();

        Assert.Equal(700, times.Count);
        Assert.Equal(0, times[0]);
        Assert.Equal(27.96, times[^1], 9);
    }

    [Fact]
    public void Stages_ramp_linearly_and_the_last_rate_holds_to_the_end()
    {
        // 0 -> 10/s over 2 s (10 arrivals), 10/s for 2 s (20), then 10/s held for the last 1 s (10).
        var load = new LoadSpec { Kind = LoadKind.Open, Rate = 0, DurationS = 5, Stages = [new() { ForS = 2, Rate = 10 }, new() { ForS = 2, Rate = 10 }] };
        var times = RateSchedule.Of(load).SendTimes().ToList();

        Assert.Equal(40, times.Count);
        Assert.Equal(Math.Sqrt(2 * 4 / 5.0), times[4], 9); // on the ramp, arrivals = 2.5 t^2: the 5th (4 before it) at t = sqrt(4 / 2.5)
        Assert.Equal(2.0, times[10], 9);
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.True(pair.Second > pair.First));
        Assert.Equal(10, RateSchedule.Of(load).MeanRate(2, 5), 9);
        Assert.Equal(5, RateSchedule.Of(load).MeanRate(0, 2), 9);
    }

    [Fact]
    public void A_ramp_down_slows_the_sends()
    {
        var load = new LoadSpec { Kind = LoadKind.Open, Rate = 10, DurationS = 2, Stages = [new() { ForS = 2, Rate = 0 }] };
        var times = RateSchedule.Of(load).SendTimes().ToList();

        Assert.Equal(10, times.Count); // the integral of 10 -> 0 over 2 s
        Assert.True(times[^1] - times[^2] > times[1] - times[0]);
    }

    [Fact]
    public void The_spike_scenario_offers_its_mean_rate_over_the_window()
    {
        var scenario = Commands.ScenarioCatalog.Load("load-spike");

        // From 2 s to 17 s: 20/s for 4 s, a 1 s ramp (70), 120/s for 3 s, a 1 s ramp down (70), 20/s for 6 s.
        Assert.Equal(((20 * 4) + 70 + 360 + 70 + (20 * 6)) / 15.0, RateSchedule.Of(scenario.Load).MeanRate(2, 17), 9);
        Assert.Equal("open: 20 requests/s, then 20/s over 6 s, then 120/s over 1 s, then 120/s over 3 s, then 20/s over 1 s for 17 s after 2 s warm-up", scenario.Describe());
    }
}
