using System.Diagnostics;

namespace Simul.Bench;

/// <summary>A closed loop: N callers, each calling again as soon as its call returns.</summary>
public static class LoadLoop
{
    public sealed record Result(double CallsPerSecond, double P50Ms, double P99Ms);

    public static async Task<List<Result>> RoundsAsync(Func<CancellationToken, Task> call, int callers, TimeSpan duration, int rounds)
    {
        var results = new List<Result>();
        for (var i = 0; i < rounds; i++)
        {
            results.Add(await RunAsync(call, callers, duration));
        }

        return results;
    }

    public static async Task<Result> RunAsync(Func<CancellationToken, Task> call, int callers, TimeSpan duration)
    {
        using var stop = new CancellationTokenSource(duration);
        var latencies = new List<double>[callers];
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async caller =>
        {
            var mine = latencies[caller] = new List<double>(capacity: 100_000);
            while (!stop.IsCancellationRequested)
            {
                var begin = Stopwatch.GetTimestamp();
                await call(CancellationToken.None);
                mine.Add(Stopwatch.GetElapsedTime(begin).TotalMilliseconds);
            }
        }));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Result(all.Length / elapsed, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
