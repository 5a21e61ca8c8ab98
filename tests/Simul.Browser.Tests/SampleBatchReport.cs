using Simul.Orchestrator.Report;

namespace Simul.Browser.Tests;

/// <summary>A report of one batch (the seed primes) on two models, as a run would write it:
/// three requests each, with their phases in time.</summary>
internal static class SampleBatchReport
{
    public static RunReport Build() => new(RunReport.CurrentSchemaVersion, DateTimeOffset.UnixEpoch, new Machine(2, 8L << 30, "Debian", ".NET 10"), null,
        [new ScenarioResult("seed-primes", "three primes at once", "batch: 3 requests at once", null,
            [new LevelRun(null, [Model("async", parallel: true), Model("async-loop-blocking", parallel: false)])], null)]);

    private static ModelResult Model(string name, bool parallel)
    {
        long[] answers = [99_991, 9_973, 997];
        double[] waits = [90, 270, 30];
        var requests = answers.Select((value, i) =>
        {
            var start = parallel ? 0 : waits.Take(i).Sum();
            var segments = Enumerable.Range(0, (int)(waits[i] / 10)).SelectMany(k => new[]
            {
                new SegmentRecord("work", start + (k * 10), 0.2),
                new SegmentRecord("wait", start + (k * 10) + 0.2, 9.8),
            }).ToList();
            return new RequestRecord(i + 1, "OK", value, 0, start + waits[i] + 1, new Phases(parallel ? 0 : start, 0, 0.5, waits[i], 0.5), 4242, 7, segments);
        }).ToList();
        var makespan = requests.Max(r => r.LatencyMs);
        return new ModelResult
        {
            Model = name,
            Label = name,
            Target = "http://127.0.0.1:5003",
            Settings = new Dictionary<string, string>(),
            Accounting = new Accounting(3, 3, new Dictionary<string, long>(), 0, CallCounts.None, CallCounts.None, new CallCounts(3, 3, new Dictionary<string, long>())),
            WarmUp = new WarmUp(0, true),
            MeasuredSeconds = makespan / 1000,
            ThroughputPerSecond = 3000 / makespan,
            CompletionsPerSecond = 3000 / makespan,
            Latency = new Latency(100, 200, 270, 270, makespan, 150, [new PercentilePoint(50, 100), new PercentilePoint(100, makespan)]),
            MeanPhases = new Phases(0, 0, 0.5, 130, 1),
            WorkShare = 0.004,
            WaitShare = 0.99,
            Anomalies = new TimingAnomalies(0, 0),
            Resources = new Resources(20, 0, 80L << 20, 70L << 20, 3, 0, null, null, 0.1),
            Slowest = [],
            Batch = new BatchResult(makespan, waits.Sum() + 3, requests),
        };
    }
}
