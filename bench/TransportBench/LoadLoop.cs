using System.Diagnostics;

namespace Simul.Bench;

/// <summary>Closed-loop load: <c>concurrency</c> callers, each calling again as soon as its last call
/// returns, for a warm-up and then a measured period. Latencies are kept whole and sorted.</summary>
internal static class LoadLoop
{
    public static async Task<LoadResult> RunAsync(string name, Func<Task> call, int concurrency, TimeSpan warmUp, TimeSpan measure)
    {
        var measuring = false;
        var stop = false;
        var latencies = new List<double>[concurrency];
        var callers = Enumerable.Range(0, concurrency).Select(async i =>
        {
            var mine = latencies[i] = new List<double>(100_000);
            while (!Volatile.Read(ref stop))
            {
                var start = Stopwatch.GetTimestamp();
                await call();
                if (Volatile.Read(ref measuring))
                {
                    mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            }
        }).ToArray();

        await Task.Delay(warmUp);
        Volatile.Write(ref measuring, true);
        var measuredFrom = Stopwatch.GetTimestamp();
        await Task.Delay(measure);
        Volatile.Write(ref measuring, false);
        var elapsed = Stopwatch.GetElapsedTime(measuredFrom);
        Volatile.Write(ref stop, true);
        await Task.WhenAll(callers);

        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(name, all.Length / elapsed.TotalSeconds, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    private static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
}

internal sealed record LoadResult(string Name, double CallsPerSecond, double P50Ms, double P99Ms);
