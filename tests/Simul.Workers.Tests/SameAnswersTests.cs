using Simul.Contracts.V1;
using Simul.Orchestrator.Local;

namespace Simul.Workers.Tests;

public sealed class ThreeModels : RunningWorkers
{
    protected override IReadOnlyList<LocalModel> Models { get; } =
        [LocalModel.Named("process"), LocalModel.Named("threadpool"), LocalModel.Named("async")];
}

/// <summary>The workload code is shared, so every model gives the same answers.</summary>
public class SameAnswersTests(ThreeModels workers) : IClassFixture<ThreeModels>
{
    public static TheoryData<string, long, long> Seeds => new()
    {
        { "process", 100_000, 99_991 }, { "process", 10_000, 9_973 }, { "process", 1_000, 997 },
        { "threadpool", 100_000, 99_991 }, { "threadpool", 10_000, 9_973 }, { "threadpool", 1_000, 997 },
        { "async", 100_000, 99_991 }, { "async", 10_000, 9_973 }, { "async", 1_000, 997 },
    };

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Prime_gives_the_seed_answers(string model, long below, long prime)
    {
        var reply = await workers[model].PrimeAsync(Calls.Prime(below, 10), Calls.Generous);

        Assert.Equal(prime, reply.Value);
        Assert.Equal(model, reply.Model);
        // One 10 ms wait per candidate tested: below-1 down to the prime.
        Assert.InRange(reply.Timing.WaitUs, (below - prime) * (10_000 - Calls.TimerTickUs), (below - prime) * 50_000);
        Assert.True(reply.Timing.WorkUs > 0);
        Assert.True(reply.Timing.TotalUs >= reply.Timing.QueueUs + reply.Timing.SpawnUs + reply.Timing.WaitUs);
    }

    [Theory]
    [InlineData("process")]
    [InlineData("threadpool")]
    [InlineData("async")]
    public async Task Fetch_receives_every_byte_one_after_another_or_concurrently(string model)
    {
        var serial = await workers[model].FetchAsync(new FetchRequest { Count = 2, DelayMs = 200, SizeBytes = 5000 }, Calls.Generous);
        var concurrent = await workers[model].FetchAsync(new FetchRequest { Count = 2, DelayMs = 200, SizeBytes = 5000, Concurrent = true }, Calls.Generous);

        Assert.Equal(10_000, serial.Value);
        Assert.Equal(10_000, concurrent.Value);
        Assert.True(serial.Timing.WaitUs >= 2 * (200_000 - Calls.TimerTickUs), $"two 200 ms fetches one after another wait 400 ms, waited {serial.Timing.WaitUs} us");
        Assert.InRange(concurrent.Timing.WaitUs, 200_000 - Calls.TimerTickUs, 390_000);
    }

    [Theory]
    [InlineData("process")]
    [InlineData("threadpool")]
    [InlineData("async")]
    public async Task Steps_spend_their_cpu_time_working_and_the_rest_waiting(string model)
    {
        var reply = await workers[model].StepsAsync(new StepsRequest { Steps = 5, WorkUs = 20_000, WaitUs = 30_000 }, Calls.Generous);

        Assert.Equal(5, reply.Value);
        Assert.InRange(reply.Timing.WorkUs, 100_000, 150_000);
        Assert.InRange(reply.Timing.WaitUs, 5 * (30_000 - Calls.TimerTickUs), 300_000);
    }

    [Theory]
    [InlineData("process")]
    [InlineData("threadpool")]
    [InlineData("async")]
    public async Task Describe_says_how_work_is_measured_and_where_fetches_go(string model)
    {
        var info = await workers[model].DescribeAsync();

        Assert.Equal(model, info.Model);
        Assert.Equal("thread cpu time", info.Settings["work_clock"]); // Linux: the per-thread CPU clock
        Assert.StartsWith("http://127.0.0.1:", info.Settings["upstream"], StringComparison.Ordinal);
    }
}
