using Simul.Orchestrator.Commands;
using Simul.Orchestrator.Local;
using Simul.Orchestrator.Report;
using Simul.Tests.Shared;

namespace Simul.Workers.Tests;

/// <summary>
/// The seeds' stories, with the tolerances physics guarantees: two equal fetches one after
/// another take at least 1.8 times as long as at once; the three seed primes overlap when
/// awaited and run in turn on an event loop whose waits block it (their waits add up); and the
/// seed answers are there, request by request, placed on a timeline.
/// </summary>
public class StoryTests
{
    private static readonly string[] Models = ["threadpool", "async", "async-loop", "async-loop-blocking"];

    [Fact]
    public async Task One_after_another_against_at_once_and_the_blocking_loop_against_awaits()
    {
        // seed-primes twice: the first warms every worker up, the second is the one judged.
        var (exitCode, report) = await LocalComparison.RunAsync(nameof(StoryTests),
            [ScenarioCatalog.Load("seed-primes"), ScenarioCatalog.Load("two-fetches"), ScenarioCatalog.Load("seed-primes")], [.. Models.Select(LocalModel.Named)]);

        Assert.Equal(0, exitCode);
        var fetches = report.Scenarios[1].Runs[0].Models.ToDictionary(m => m.Model);
        var primes = report.Scenarios[2].Runs[0].Models.ToDictionary(m => m.Model);
        foreach (var model in new[] { "threadpool", "async", "async-loop" })
        {
            var batch = fetches[model].Batch!;
            Assert.True(batch.OneAfterAnotherMs >= 1.8 * batch.MakespanMs, $"{model}: one after another {batch.OneAfterAnotherMs} ms, at once {batch.MakespanMs} ms");
        }

        var blocking = fetches["async-loop-blocking"].Batch!;
        Assert.True(blocking.MakespanMs >= 1.8 * fetches["async"].Batch!.MakespanMs, $"blocking loop {blocking.MakespanMs} ms for two fetches");

        // The three primes: awaited, they overlap (the batch takes about its longest request,
        // 270 of the 390 ms of waits: at most 85% of one after another); with the loop blocked,
        // they run in turn (at least 90% of one after another). A blocking 10 ms wait takes
        // about 10.1 ms, but an awaited Task.Delay fires off .NET's timer queue, which keeps a
        // coarse clock (4 ms ticks here): measured 12-13 ms per 10 ms await, so the awaited batch
        // is 20-30% over 270 ms and the ratio of the two is 1.15-1.3, not the 1.44 equal waits
        // would give (the source experiment's was 1.2); the shares above hold either way.
        var awaited = primes["async"].Batch!;
        var blocked = primes["async-loop-blocking"].Batch!;
        Assert.True(awaited.MakespanMs <= 0.85 * awaited.OneAfterAnotherMs, $"async: at once {awaited.MakespanMs} ms, one after another {awaited.OneAfterAnotherMs} ms");
        Assert.True(blocked.MakespanMs >= 0.9 * blocked.OneAfterAnotherMs, $"blocking loop: at once {blocked.MakespanMs} ms, one after another {blocked.OneAfterAnotherMs} ms");
        Assert.True(blocked.MakespanMs > awaited.MakespanMs, $"seed-primes: blocking loop {blocked.MakespanMs} ms, async {awaited.MakespanMs} ms");

        var requests = primes["async"].Batch!.Requests;
        Assert.Equal([99_991L, 9_973, 997], requests.Select(r => r.Value!.Value));
        Assert.All(requests, r => Assert.Contains(r.Segments, s => s.Phase == "wait"));
        Assert.All(requests, r => Assert.All(r.Segments, s => Assert.InRange(s.StartMs, r.StartMs, r.StartMs + r.LatencyMs + 1)));
        var loop = primes["async-loop-blocking"].Batch!.Requests;
        Assert.Single(loop.Select(r => r.ThreadId).Distinct()); // one thread, held through every wait
        Assert.Contains("no: blocking waits on the event loop", TalkTable.From(report).Cell("blocking", "async"), StringComparison.Ordinal);
    }
}
