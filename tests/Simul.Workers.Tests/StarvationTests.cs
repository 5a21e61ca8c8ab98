using System.Diagnostics;
using Simul.Orchestrator.Local;
using Xunit.Abstractions;

namespace Simul.Workers.Tests;

public sealed class DedicatedAndSharedPools : RunningWorkers
{
    protected override IReadOnlyList<LocalModel> Models { get; } =
    [
        LocalModel.Named("threadpool").With("PoolThreads", "48"),
        LocalModel.Named("threadpool-shared"),
    ];
}

/// <summary>
/// Blocking calls on the shared .NET ThreadPool: it starts with one thread per core and adds
/// more slowly when they all block, so a burst of blocking requests crawls (thread starvation),
/// where a pool sized for the burst finishes it in one request time.
/// </summary>
public class StarvationTests(DedicatedAndSharedPools pools, ITestOutputHelper output) : IClassFixture<DedicatedAndSharedPools>
{
    [Fact]
    public async Task The_shared_pool_starves_on_a_burst_the_dedicated_pool_absorbs()
    {
        var dedicated = await BurstAsync("threadpool");
        var shared = await BurstAsync("threadpool-shared");

        output.WriteLine($"48 blocking 500 ms requests: dedicated pool of 48 {dedicated:F0} ms, shared .NET pool {shared:F0} ms ({shared / dedicated:F1}x)");
        Assert.True(shared >= 2 * dedicated, $"shared {shared:F0} ms vs dedicated {dedicated:F0} ms");
    }

    private async Task<double> BurstAsync(string model)
    {
        var started = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 48).Select(_ => pools[model].PrimeAsync(Calls.Prime(3, 500), Calls.Generous).ResponseAsync));
        return started.Elapsed.TotalMilliseconds;
    }
}
