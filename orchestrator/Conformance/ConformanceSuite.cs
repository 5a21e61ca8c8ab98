using Grpc.Core;

namespace Simul.Orchestrator.Conformance;

/// <summary>
/// What every Simul worker must do, in any runtime, checked against a running worker over its
/// gRPC address: the same answers, timing that adds up, bad input and overload refused with a
/// status that says why, deadlines and cancellation that stop the work, health, reflection,
/// metrics, traces, Describe's capabilities, and (when the suite started the worker) a graceful
/// stop. The checks run in order: the idle metrics before any request, the stop last.
/// </summary>
public static class ConformanceSuite
{
    public static IReadOnlyList<Check> Checks { get; } =
    [
        TelemetryChecks.IdleMetrics,
        DescribeChecks.Capabilities,
        AnswerChecks.Primes,
        AnswerChecks.Fetches,
        AnswerChecks.Steps,
        TimingChecks.PhasesWithinTotal,
        TimingChecks.WorkIsCpuTime,
        TimingChecks.TimelineOnlyWhenAsked,
        InputChecks.InvalidArguments,
        InputChecks.Malformed,
        InputChecks.Oversized,
        LimitChecks.Overload,
        LimitChecks.ExpiredInQueue,
        LimitChecks.Deadline,
        LimitChecks.Cancellation,
        ServingChecks.Health,
        ServingChecks.Reflection,
        TelemetryChecks.Trace,
        TelemetryChecks.Metrics,
        ServingChecks.Draining,
    ];

    /// <summary>Runs every check (or those <paramref name="only"/> names), telling each result as it comes.</summary>
    public static async Task<IReadOnlyList<(Check Check, CheckResult Result)>> RunAsync(
        ConformanceContext context, Action<Check, CheckResult>? told = null, Func<Check, bool>? only = null)
    {
        var results = new List<(Check, CheckResult)>();
        foreach (var check in Checks.Where(only ?? (_ => true)))
        {
            var result = await RunOneAsync(check, context);
            told?.Invoke(check, result);
            results.Add((check, result));
        }

        return results;
    }

    private static async Task<CheckResult> RunOneAsync(Check check, ConformanceContext context)
    {
        try
        {
            return await check.RunAsync(context);
        }
        catch (CheckFailedException e)
        {
            return CheckResult.Fail(e.Message);
        }
        catch (RpcException e)
        {
            return CheckResult.Fail($"a call failed: {e.StatusCode} \"{e.Status.Detail}\"");
        }
        catch (HttpRequestException e)
        {
            return CheckResult.Fail($"HTTP: {e.Message}");
        }
    }
}
