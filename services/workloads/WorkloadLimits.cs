using Simul.Contracts.V1;

namespace Simul.Workloads;

/// <summary>
/// What a request may ask for. The bounds keep one request's cost finite: the naive prime test
/// below 100,000,000 takes about a second of CPU, and no wait is longer than a minute.
/// </summary>
public static class WorkloadLimits
{
    public const long MaxPrimeBelow = 100_000_000;
    public const int MaxWaitMs = 60_000;
    public const int MaxFetchCount = 100;
    public const int MaxFetchBytes = 8 * 1024 * 1024;
    public const long MaxFetchTotalBytes = 64L * 1024 * 1024;
    public const int MaxSteps = 1_000;
    public const long MaxStepWorkUs = 10_000_000;
    public const long MaxStepWaitUs = 60_000_000;

    /// <summary>Throws <see cref="WorkloadException"/> (INVALID_ARGUMENT) naming the field at fault.</summary>
    public static void Validate(WorkItem item)
    {
        switch (item.WorkloadCase)
        {
            case WorkItem.WorkloadOneofCase.Prime:
                var prime = item.Prime;
                Check(prime.Below >= 3, $"below must be at least 3: there is no prime below {prime.Below}");
                Check(prime.Below <= MaxPrimeBelow, $"below must be at most {MaxPrimeBelow}, got {prime.Below}");
                CheckRange("wait_ms", prime.WaitMs, MaxWaitMs);
                break;
            case WorkItem.WorkloadOneofCase.Fetch:
                var fetch = item.Fetch;
                Check(fetch.Count is >= 1 and <= MaxFetchCount, $"count must be 1 to {MaxFetchCount}, got {fetch.Count}");
                CheckRange("delay_ms", fetch.DelayMs, MaxWaitMs);
                CheckRange("size_bytes", fetch.SizeBytes, MaxFetchBytes);
                Check((long)fetch.Count * fetch.SizeBytes <= MaxFetchTotalBytes,
                    $"count * size_bytes must be at most {MaxFetchTotalBytes}, got {(long)fetch.Count * fetch.SizeBytes}");
                break;
            case WorkItem.WorkloadOneofCase.Steps:
                var steps = item.Steps;
                Check(steps.Steps is >= 1 and <= MaxSteps, $"steps must be 1 to {MaxSteps}, got {steps.Steps}");
                CheckRange("work_us", steps.WorkUs, MaxStepWorkUs);
                CheckRange("wait_us", steps.WaitUs, MaxStepWaitUs);
                break;
            default:
                throw new WorkloadException(WorkloadError.InvalidArgument, "the work item names no workload");
        }
    }

    private static void CheckRange(string field, long value, long max) =>
        Check(value is >= 0 && value <= max, $"{field} must be 0 to {max}, got {value}");

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new WorkloadException(WorkloadError.InvalidArgument, message);
        }
    }
}
