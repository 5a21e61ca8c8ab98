using System.Globalization;
using Simul.Orchestrator.Report;

namespace Simul.Orchestrator.Tests;

/// <summary>
/// A realistic report from a 2-core machine, shaped like the experiments in the brief: the prime
/// search as a batch on four models, the chess simul with its story, and a concurrency sweep in
/// which the process model runs out of child slots before the last level.
/// </summary>
public static class ReportSamples
{
    public const string JaegerUrl = "http://localhost:16686";

    public static RunReport Build(string? jaegerUrl = JaegerUrl) => new(
        RunReport.CurrentSchemaVersion,
        new DateTimeOffset(2025, 6, 1, 9, 30, 0, TimeSpan.Zero),
        new Machine(2, 8L << 30, "Debian GNU/Linux 12 (bookworm)", ".NET 10.0.0"),
        jaegerUrl,
        [SeedPrimes(), ChessSimul(), ConcurrencySweep()]);

    /// <summary>The same report with one model renamed everywhere (e.g. to a name that needs encoding).</summary>
    public static RunReport RenameModel(RunReport report, string from, string to) => report with
    {
        Scenarios = [.. report.Scenarios.Select(s => s with
        {
            Runs = [.. s.Runs.Select(r => r with
            {
                Models = [.. r.Models.Select(m => m.Model == from ? m with { Model = to, Label = to } : m)],
            })],
        })],
    };

    private static ScenarioResult SeedPrimes() => new(
        "seed-primes",
        "highest_prime_below(100000), (10000) and (1000), waiting 10 ms after each candidate",
        "batch: 48 requests at once, closed",
        null,
        [new LevelRun(null,
        [
            Model("process", 48, 31, new Phases(610, 4.2, 21, 410, 14), threads: 24, children: 16, rssMiB: 212, timeouts: 2),
            Model("threadpool", 48, 44, new Phases(118, 0, 19, 405, 9), threads: 40, children: 0, rssMiB: 58),
            Model("async", 48, 83, new Phases(0, 0, 22, 420, 31), threads: 9, children: 0, rssMiB: 46),
            Model("async-loop", 48, 46, new Phases(0, 0, 21, 415, 468), threads: 6, children: 0, rssMiB: 44),
        ])],
        null);

    /// <summary>One request is one board's game: 30 moves of 5 ms work and 55 ms reply. In a simul
    /// the rest of a game's time is "other": the board waits for the champion (the CPU) to come back.</summary>
    private static ScenarioResult ChessSimul() => new(
        "chess-simul",
        "A champion plays 24 boards at once: 5 s per move, 55 s per reply, 30 moves; 1 s of story = 1 ms of run",
        "batch: 24 games at once, closed",
        null,
        [new LevelRun(null,
        [
            Model("process", 24, 6.2, new Phases(0, 4, 150, 1650, 2086), threads: 18, children: 24, rssMiB: 230, story: 11.1),
            Model("threadpool", 24, 4.4, new Phases(1800, 0, 150, 1650, 20), threads: 16, children: 0, rssMiB: 57, story: 8.0),
            Model("async", 24, 6.6, new Phases(0, 0, 150, 1650, 1830), threads: 8, children: 0, rssMiB: 45, story: 11.9),
            Model("async-loop", 24, 6.6, new Phases(0, 0, 150, 1650, 1860), threads: 5, children: 0, rssMiB: 43, story: 11.8),
        ])],
        new Story(24, 30, 5, 55, 0.001));

    /// <summary>Prime(below=1000, wait 100 ms): about 300 ms a request, so the ideal is level / 0.3 s.</summary>
    private static ScenarioResult ConcurrencySweep() => new(
        "concurrency-sweep",
        "Prime(below=1000, wait_ms=100) at rising concurrency: how many requests in flight each model sustains",
        "closed, 20 s per level",
        Simul.Orchestrator.Scenario.Swept.Concurrency,
        [
            Level(1, ("process", 3.1, 8.4e6), ("threadpool", 3.3, 1.2e6), ("async", 3.3, 9.0e5), ("async-loop", 3.3, 8.8e5)),
            Level(16, ("process", 45, 8.1e6), ("threadpool", 52, 1.1e5), ("async", 53, 6.0e4), ("async-loop", 52, 5.8e4)),
            Level(256, ("process", 180, 7.9e6), ("threadpool", 210, 3.6e4), ("async", 820, 2.1e3), ("async-loop", 700, 1.9e3)),
            Level(4096, ("threadpool", 212, 3.7e4), ("async", 9800, 420), ("async-loop", 2900, 390)),
        ],
        null);

    private static LevelRun Level(double level, params (string Model, double Throughput, double RssPerInFlight)[] models) => new(level,
    [
        .. models.Select(m =>
        {
            // Below the ideal, requests lose time: queued for a thread or a child slot, or, on
            // async, ready to run but waiting for a busy CPU or loop.
            var lost = Math.Max(0, (level / m.Throughput) - 0.3) * 1000;
            var process = m.Model == "process";
            var queued = process || m.Model == "threadpool";
            var phases = new Phases(queued ? lost : 0, process ? 3.5 : 0, 2.4, 300, 4 + (queued ? 0 : lost));
            var result = Model(m.Model, (long)(m.Throughput * 20), m.Throughput, phases,
                threads: m.Model == "threadpool" ? (int)Math.Min(level, 64) + 8 : 8,
                children: process ? (int)Math.Min(level, 64) : 0,
                rssMiB: 40 + (m.RssPerInFlight * level / 1048576));
            return result with
            {
                IdealThroughputPerSecond = level / 0.3,
                Resources = result.Resources with { MemoryPerInFlight = m.RssPerInFlight },
                LimitReason = process && level == 256 ? "64 child slots: requests queued past their 5 s deadline" : null,
            };
        }),
    ]);

    /// <summary>A model's result: the median is the sum of its phases, and the tail grows with the
    /// time lost to queueing and contention; the slowest three requests lose more of it.</summary>
    private static ModelResult Model(string name, long sent, double throughput, Phases phases, int threads, int children, double rssMiB, int timeouts = 0, double? story = null)
    {
        var total = phases.Queue + phases.Spawn + phases.Work + phases.Wait + phases.Other;
        var tail = 1 + ((phases.Queue + phases.Other) / total);
        double[] percentiles = [0, 10, 25, 50, 75, 90, 95, 99, 99.9, 100];
        var distribution = percentiles.Select(p => new PercentilePoint(p, total * Math.Pow(tail, (p - 50) / 25) * (p >= 99.9 ? 1.3 : 1))).ToList();
        double At(double p) => distribution.First(d => d.Percentile == p).Milliseconds;
        var byStatus = timeouts > 0 ? new Dictionary<string, long> { ["DEADLINE_EXCEEDED"] = timeouts } : [];
        var slowest = Enumerable.Range(0, 3).Select(i => new CallSummary(
            At(100) / (1 + (0.08 * i)),
            i == 0 && timeouts > 0 ? "DEADLINE_EXCEEDED" : "OK",
            phases with { Queue = phases.Queue * (2 - (0.2 * i)), Other = phases.Other * 1.5 },
            i == 2 ? null : "4bf92f3577b34da6a3ce929d0e0e47" + (10 + i).ToString(CultureInfo.InvariantCulture),
            4100 + i)).ToList();
        var settings = name switch
        {
            "process" => new Dictionary<string, string> { ["child_build"] = "aot", ["max_children"] = "64" },
            "threadpool" => new Dictionary<string, string> { ["pool_threads"] = "32" },
            _ => new Dictionary<string, string> { ["event_loop"] = name == "async-loop" ? "true" : "false", ["yield_every"] = "0" },
        };
        var capabilities = Capabilities(name);
        return new ModelResult
        {
            Model = name,
            Label = Simul.Orchestrator.Stats.ModelLabel.Of(name, capabilities),
            Target = "http://127.0.0.1:5" + (100 + name.Length).ToString(CultureInfo.InvariantCulture),
            Settings = settings,
            Capabilities = capabilities,
            Accounting = new Accounting(sent, sent - timeouts, byStatus, 0, new CallCounts(4, 4, new Dictionary<string, long>()), CallCounts.None, CallCounts.None),
            WarmUp = new WarmUp(1, Settled: true),
            MeasuredSeconds = sent / throughput,
            ThroughputPerSecond = throughput,
            CompletionsPerSecond = throughput,
            Latency = new Latency(At(50), At(90), At(99), At(99.9), At(100), total * 1.05, distribution),
            FailureLatency = timeouts > 0 ? new FailureLatency(timeouts, 5000, 5000) : null,
            MeanPhases = phases,
            WorkShare = phases.Work / total,
            WaitShare = phases.Wait / total,
            Anomalies = new TimingAnomalies(0, 0),
            Resources = new Resources(threads, children, (long)(rssMiB * 1048576), 40 * 1048576, threads, name == "process" ? sent : 0, null, null, 1.5),
            Slowest = slowest,
            Story = story is { } ratio ? new StoryResult(1.8, 12.0, 43.2 / ratio, 12.0 / ratio, ratio) : null,
        };
    }

    /// <summary>What the sample's workers state: an AOT process model of 64 slots, 32 pool threads, async, an event loop that never yields.</summary>
    public static ModelCapabilities Capabilities(string name) => name switch
    {
        "process" => new ModelCapabilities("dotnet", "10.0.12", ModelCapabilities.Processes, "child slots", 64, ModelCapabilities.Cores, 0, false, "thread cpu time", 1000, 200_000, "aot", 0),
        "threadpool" => new ModelCapabilities("dotnet", "10.0.12", ModelCapabilities.Threads, "threads", 32, ModelCapabilities.Cores, 0, false, "thread cpu time", 1000, 200_000, "", 0),
        "async-loop" => new ModelCapabilities("dotnet", "10.0.12", ModelCapabilities.Async, "none", 0, "the event loop", 1, false, "thread cpu time", 1000, 200_000, "never yields", 0),
        _ => new ModelCapabilities("dotnet", "10.0.12", ModelCapabilities.Async, "none", 0, ModelCapabilities.Cores, 0, false, "thread cpu time", 1000, 200_000, "", 0),
    };
}
