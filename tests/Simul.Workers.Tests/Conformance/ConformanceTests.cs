using Simul.Orchestrator.Conformance;
using Simul.Orchestrator.Local;

namespace Simul.Workers.Tests.Conformance;

/// <summary>
/// Every worker of the repository, of every runtime, passes the conformance suite, started as
/// `simul conform --local` starts it (small limits, a drain delay, a metrics port), its traces
/// going to an in-test receiver: no check may fail, and none is skipped.
/// </summary>
public class ConformanceTests(ReceivedTraces traces) : IClassFixture<ReceivedTraces>
{
    public static TheoryData<string> Models => [.. LocalModel.All.Select(m => m.Name)];

    [Theory]
    [MemberData(nameof(Models))]
    public async Task Every_worker_passes_every_check(string model)
    {
        await using var worker = await LocalConformance.StartAsync(LocalModel.Named(model), LogsOf(model), traces, CancellationToken.None);

        var results = await ConformanceSuite.RunAsync(worker.Context);

        Assert.All(results, r => Assert.True(r.Result.Outcome == CheckOutcome.Passed, $"{model}: {r.Check.Name}: {r.Result.Outcome} {r.Result.Detail}"));
        Assert.Equal(ConformanceSuite.Checks.Count, results.Count);
    }

    internal static string LogsOf(string name) => Path.Combine(Path.GetTempPath(), "simul-tests", "conformance", name);
}
