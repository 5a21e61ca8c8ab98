using System.Diagnostics;
using Simul.Contracts.V1;
using Simul.Orchestrator.Local;
using Xunit.Abstractions;

namespace Simul.Workers.Tests;

public sealed class BatchModels : RunningWorkers
{
    protected override IReadOnlyList<LocalModel> Models { get; } =
    [
        LocalModel.Named("process").With("MaxChildren", "64"),
        LocalModel.Named("threadpool").With("PoolThreads", "8"),
        LocalModel.Named("async"),
    ];

    protected override Task WarmUpAsync() => Task.WhenAll(Models.SelectMany(model =>
        Enumerable.Range(0, 16).Select(_ => this[model.Name].PrimeAsync(Calls.Prime(1000, 1), Calls.Generous).ResponseAsync)));
}

/// <summary>
/// 64 concurrent Prime(below=1000, wait_ms=200): three candidates, three 200 ms waits, so one
/// request takes about 600 ms. What each model does with 64 of them at once is its character.
/// </summary>
public class BatchBehaviourTests(BatchModels workers, ITestOutputHelper output) : IClassFixture<BatchModels>
{
    private const int Requests = 64;
    private const double OneRequestMs = 600;

    [Fact]
    public async Task Async_finishes_the_batch_in_about_one_request_time_on_few_threads()
    {
        var (elapsed, replies, peakThreads) = await RunBatchAsync("async");

        Assert.All(replies, r => Assert.Equal(997, r.Value));
        Assert.InRange(elapsed.TotalMilliseconds, OneRequestMs, 2.5 * OneRequestMs);
        // Waiting requests hold no thread: far fewer threads than requests in flight.
        Assert.True(peakThreads < Requests / 2, $"peak {peakThreads} threads for {Requests} waiting requests");
        // Nothing waits for a thread for long: a continuation is picked up at once (microseconds).
        Assert.All(replies, r => Assert.True(r.Timing.QueueUs < 20_000, $"queued {r.Timing.QueueUs} us"));
    }

    [Fact]
    public async Task Thread_pool_of_8_takes_about_8_batches_and_holds_its_threads()
    {
        var (elapsed, replies, peakThreads) = await RunBatchAsync("threadpool");

        Assert.All(replies, r => Assert.Equal(997, r.Value));
        // 64 requests on 8 blocking threads: 8 rounds of 600 ms, no faster (each thread waits).
        Assert.InRange(elapsed.TotalMilliseconds, 7.5 * OneRequestMs, 14 * OneRequestMs);
        Assert.True(peakThreads >= 8, $"peak {peakThreads} threads");
        Assert.Equal(8, replies.Select(r => r.ThreadId).Distinct().Count());
        // The last batch queued for about 7 request times.
        Assert.InRange(replies.Max(r => r.Timing.QueueUs) / 1000.0, 6.5 * OneRequestMs, 13 * OneRequestMs);
    }

    [Fact]
    public async Task Process_model_runs_each_request_in_its_own_child_and_reaps_them_all()
    {
        var worker = await workers["process"].DescribeAsync();
        var (_, replies, _) = await RunBatchAsync("process");

        // A worker that exports no traces runs the AOT child built without tracing, the lighter
        // start (the traced build's spans are TraceShapeTests').
        if (worker.Settings["child_build"] == "aot")
        {
            Assert.EndsWith("/child-aot/simul-worker-child", worker.Settings["child_command"], StringComparison.Ordinal);
        }

        Assert.All(replies, r => Assert.Equal(997, r.Value));
        Assert.Equal(Requests, replies.Select(r => r.Pid).Distinct().Count());
        Assert.DoesNotContain(worker.Pid, replies.Select(r => r.Pid));
        Assert.All(replies, r => Assert.True(r.Timing.SpawnUs > 0));

        // A child answers, then exits; every one of them is gone soon after.
        await Calls.WaitUntilAsync(async () => (await workers["process"].DescribeAsync()).ChildProcesses == 0, "every child exited");
        var after = await workers["process"].DescribeAsync();
        Assert.Equal(worker.Spawned + Requests, after.Spawned);
        Assert.True(after.PeakChildProcesses > 1, $"peak {after.PeakChildProcesses} children at once");
        Assert.Empty(Calls.ChildrenOf(worker.Pid)); // no zombie left behind either
    }

    private async Task<(TimeSpan Elapsed, WorkReply[] Replies, int PeakThreads)> RunBatchAsync(string model)
    {
        var client = workers[model];
        var started = Stopwatch.StartNew();
        var replies = await Task.WhenAll(Enumerable.Range(0, Requests).Select(_ => client.PrimeAsync(Calls.Prime(1000, 200), Calls.Generous).ResponseAsync));
        var elapsed = started.Elapsed;
        var info = await client.DescribeAsync();
        output.WriteLine($"{model}: {Requests} requests in {elapsed.TotalMilliseconds:F0} ms, peak threads {info.PeakThreads}, " +
            $"max queue {replies.Max(r => r.Timing.QueueUs) / 1000} ms, spawn p50 {Median(replies.Select(r => r.Timing.SpawnUs))} us, peak children {info.PeakChildProcesses}");
        return (elapsed, replies, info.PeakThreads);
    }

    private static long Median(IEnumerable<long> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
