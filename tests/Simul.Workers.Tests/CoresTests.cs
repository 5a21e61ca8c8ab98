using Simul.Orchestrator.Local;
using Simul.Orchestrator.Scenario;
using Simul.Tests.Shared;

namespace Simul.Workers.Tests;

/// <summary>
/// Physics, on two cores: two requests that only compute (500 ms of CPU each), sent together,
/// take about as long as one alone where each gets a core (.NET's threads, CPython's processes,
/// Node's worker threads: at most 1.35x), and about as long as both where one thread computes at
/// a time (CPython's GIL, Node's one loop: at least 1.6x). The demo's cpu-pair with longer
/// requests, so what a model adds per request (a process start: 50 ms here) weighs less; warmed
/// up before its one-after-another baseline, which is "one alone" twice.
/// </summary>
public class CoresTests
{
    private static readonly Dictionary<string, (double AtLeast, double AtMost)> Expected = new()
    {
        ["threadpool"] = (0, 1.35),
        ["python-process"] = (0, 1.35),
        ["node-worker-threads"] = (0, 1.35),
        ["python-threads"] = (1.6, double.MaxValue),
        ["node"] = (1.6, double.MaxValue),
    };

    [Fact]
    public async Task Two_cpu_bound_requests_take_one_alones_time_on_two_cores_and_twice_it_where_one_thread_computes()
    {
        var scenario = ScenarioLoader.Parse("""
            { "name": "cpu-pair-500", "load": { "kind": "batch" }, "requests": [
              { "steps": { "steps": 1, "work_us": 500000 }, "expect": 1 }, { "steps": { "steps": 1, "work_us": 500000 }, "expect": 1 } ] }
            """, "cpu-pair-500");
        var (exitCode, report) = await LocalComparison.RunAsync(nameof(CoresTests), [scenario], [.. Expected.Keys.Select(LocalModel.Named)]);

        Assert.Equal(0, exitCode);
        Assert.All(report.Scenarios[0].Runs[0].Models, model =>
        {
            var batch = model.Batch!;
            var ratio = batch.MakespanMs / (batch.OneAfterAnotherMs / batch.Requests.Count);
            var (atLeast, atMost) = Expected[model.Model];
            Assert.True(ratio >= atLeast && ratio <= atMost,
                $"{model.Label}: two at once took {ratio:F2}x one alone ({batch.MakespanMs:F0} ms, one after another {batch.OneAfterAnotherMs:F0} ms); expected {atLeast} to {atMost}");
        });
    }
}
