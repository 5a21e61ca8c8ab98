using Simul.Orchestrator.Scenario;

namespace Simul.Orchestrator.Load;

/// <summary>
/// Before a batch's baseline: its requests one after another, pass after pass, until the worker
/// and this orchestrator have stopped compiling (the JIT time a pass added is under 1% of it), at
/// most <see cref="MaxPasses"/> passes or <see cref="MaxSeconds"/>. The baseline and the batch then
/// both measure warm code: a baseline run cold, first, made two CPU-bound requests at once look
/// almost three times faster than one after another on two cores; three passes still left .NET's
/// background tier-up compiling through the batch (two requests of 200 ms of CPU at once took
/// 1.0x to 1.6x one alone; after ten, 1.05x to 1.11x).
/// </summary>
public static class BatchWarmUp
{
    private const int MaxPasses = 10;
    private const double MaxSeconds = 4;

    /// <param name="compiledSeconds">Seconds spent compiling so far (the worker's and this process's).</param>
    public static async Task<LoadResult> RunAsync(IReadOnlyList<PlannedRequest> requests, SendCall send, IClock clock, Func<Task<double>> compiledSeconds, CancellationToken cancellationToken)
    {
        var start = clock.NowUs;
        var calls = new List<CallRecord>();
        for (var pass = 0; pass < MaxPasses && (clock.NowUs - start) / 1e6 < MaxSeconds; pass++)
        {
            var before = await compiledSeconds();
            var run = await SequentialLoad.RunAsync(requests, send, clock, cancellationToken);
            calls.AddRange(run.Calls);
            if (await compiledSeconds() - before < 0.01 * run.MeasuredSeconds)
            {
                break;
            }
        }

        return new LoadResult(calls, start, clock.NowUs, LateSends: 0);
    }
}
