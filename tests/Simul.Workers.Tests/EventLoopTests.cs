using System.Diagnostics;
using Simul.Contracts.V1;
using Simul.Orchestrator.Local;
using Xunit.Abstractions;

namespace Simul.Workers.Tests;

public sealed class EventLoops : RunningWorkers
{
    protected override IReadOnlyList<LocalModel> Models { get; } =
    [
        LocalModel.Named("async-loop").With("YieldEvery", "0").With("MaxQueue", "1") with { Name = "no-yield" },
        LocalModel.Named("async-loop").With("YieldEvery", "1000") with { Name = "yield-1000" },
    ];
}

/// <summary>
/// On one thread, a CPU-heavy request holds the loop: a light request sent just after it waits
/// for all of its computing, unless the heavy one yields every so many steps.
/// </summary>
public class EventLoopTests(EventLoops loops, ITestOutputHelper output) : IClassFixture<EventLoops>
{
    // Two seconds of pure CPU work, no wait: long enough that the ratios below hold with room
    // to spare even when other processes share the cores.
    private static readonly StepsRequest Heavy = new() { Steps = 1, WorkUs = 2_000_000 };

    [Fact]
    public async Task Without_yields_a_heavy_request_delays_a_light_one_by_about_its_cpu_time()
    {
        var (heavyWorkMs, lightMs) = await HeavyThenLightAsync("no-yield");

        Assert.True(lightMs >= 0.5 * heavyWorkMs, $"light request took {lightMs:F0} ms behind {heavyWorkMs:F0} ms of CPU work");
    }

    [Fact]
    public async Task With_yields_the_light_request_slips_in_between()
    {
        var (heavyWorkMs, lightMs) = await HeavyThenLightAsync("yield-1000");

        Assert.True(lightMs <= 0.25 * heavyWorkMs, $"light request took {lightMs:F0} ms beside {heavyWorkMs:F0} ms of CPU work");
    }

    [Fact]
    public async Task Past_its_queue_the_loop_refuses_requests_waiting_to_start()
    {
        // The heavy request holds the loop; one more waits to start (the queue holds one); the
        // next is refused by the queue, not by the in-flight limit (200,000 by default).
        var client = loops["no-yield"];
        await client.PrimeAsync(Calls.Prime(100_000, 0), Calls.Generous);
        var heavy = client.StepsAsync(Heavy, Calls.Generous);
        await Calls.WaitUntilAsync(async () => (await client.DescribeAsync()) is { InFlight: 1, QueueLength: 0 }, "the heavy request holds the loop, not waiting for it");
        var waiting = client.PrimeAsync(Calls.Prime(3, 0), Calls.Generous);
        await Calls.WaitUntilAsync(async () => (await client.DescribeAsync()).QueueLength == 1, "one request waits for the loop");

        var refused = await Assert.ThrowsAsync<Grpc.Core.RpcException>(async () => await client.PrimeAsync(Calls.Prime(3, 0), Calls.Generous));

        Assert.Equal(Grpc.Core.StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("queued already", refused.Status.Detail);
        Assert.Equal(1, (await heavy).Value);
        Assert.Equal(2, (await waiting).Value);
        Assert.Equal(0, (await client.DescribeAsync()).QueueLength);
    }

    private async Task<(double HeavyWorkMs, double LightMs)> HeavyThenLightAsync(string loop)
    {
        var client = loops[loop];
        // Warm up both CPU paths, yields included, so no first-call compilation holds the loop.
        await client.PrimeAsync(Calls.Prime(100_000, 0), Calls.Generous);
        await client.StepsAsync(new StepsRequest { Steps = 1, WorkUs = 20_000 }, Calls.Generous);
        var heavy = client.StepsAsync(Heavy, Calls.Generous);
        await Task.Delay(50); // let the heavy one start computing

        var light = Stopwatch.StartNew();
        var lightReply = await client.PrimeAsync(Calls.Prime(3, 0), Calls.Generous);
        var lightMs = light.Elapsed.TotalMilliseconds;
        var heavyReply = await heavy;

        Assert.Equal(1, heavyReply.Value);
        Assert.Equal(2, lightReply.Value);
        output.WriteLine($"{loop}: heavy work {heavyReply.Timing.WorkUs / 1000} ms; light request {lightMs:F0} ms, in the worker {lightReply.Timing.TotalUs / 1000} ms, queued {lightReply.Timing.QueueUs / 1000} ms");
        return (heavyReply.Timing.WorkUs / 1000.0, lightMs);
    }
}

public sealed class ChessOnOneLoop : RunningWorkers
{
    protected override IReadOnlyList<LocalModel> Models { get; } = [LocalModel.Named("async-loop").With("YieldEvery", "0")];
}

/// <summary>
/// A simul on one thread: 8 boards of 10 moves, 5 ms of the champion's CPU and 20 ms of the
/// opponent's thinking each. A round of the champion's moves takes 40 ms, longer than any
/// opponent thinks, so every board waits for the champion, and that is queue, not wait: a
/// board's wait is its opponent's 10 x 20 ms, however long the loop kept it waiting.
/// </summary>
public class ChessOnOneLoopTests(ChessOnOneLoop loop) : IClassFixture<ChessOnOneLoop>
{
    [Fact]
    public async Task Waiting_for_the_loop_is_queue_and_waiting_for_the_opponent_is_wait()
    {
        var client = loop["async-loop"];
        await client.StepsAsync(new StepsRequest { Steps = 2, WorkUs = 5_000, WaitUs = 1_000 }, Calls.Generous); // warm up
        var board = new StepsRequest { Steps = 10, WorkUs = 5_000, WaitUs = 20_000 };

        var replies = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.StepsAsync(board, Calls.Generous).ResponseAsync));

        Assert.All(replies, r =>
        {
            // The opponent's time: a wait ends when its time is up (or up to a timer tick early),
            // not when the loop runs the board again.
            Assert.InRange(r.Timing.WaitUs, 10 * (20_000 - Calls.TimerTickUs), 201_000);
            Assert.InRange(r.Timing.WorkUs, 45_000, 75_000);
        });

        // The loop ran 8 x 50 ms of moves: on average a board spent well over 100 ms ready, waiting for it.
        Assert.True(replies.Average(r => r.Timing.QueueUs) > 100_000, string.Join(", ", replies.Select(r => r.Timing.QueueUs / 1000)));
    }
}
