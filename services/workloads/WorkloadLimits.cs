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
                if (prime.Below < 3)
                {
                    throw Invalid($"below must be at least 3: there is no prime below {prime.Below}");
                }

                if (prime.Below > MaxPrimeBelow)
                {
                    throw Invalid($"below must be at most {MaxPrimeBelow}, got {prime.Below}");
                }

                CheckRange("wait_ms", prime.WaitMs, MaxWaitMs);
                break;
            case WorkItem.WorkloadOneofCase.Fetch:
                var fetch = item.Fetch;
                CheckRange("count", fetch.Count, MaxFetchCount, min: 1);
                CheckRange("delay_ms", fetch.DelayMs, MaxWaitMs);
                CheckRange("size_bytes", fetch.SizeBytes, MaxFetchBytes);
                if ((long)fetch.Count * fetch.SizeBytes > MaxFetchTotalBytes)
                {
                    throw Invalid($"count * size_bytes must be at most {MaxFetchTotalBytes}, got {(long)fetch.Count * fetch.SizeBytes}");
                }

                break;
            case WorkItem.WorkloadOneofCase.Steps:
                var steps = item.Steps;
                CheckRange("steps", steps.Steps, MaxSteps, min: 1);
                CheckRange("work_us", steps.WorkUs, MaxStepWorkUs);
                CheckRange("wait_us", steps.WaitUs, MaxStepWaitUs);
                break;
            default:
                throw Invalid("the work item names no workload");
        }
    }

    private static void CheckRange(string field, long value, long max, long min = 0)
    {
        if (value < min || value > max)
        {
            throw Invalid($"{field} must be {min} to {max}, got {value}");
        }
    }

    // The message is formatted only for a request that fails: every request is validated, and
    // formatting each check's message up front was most of a valid request's validation.
    private static WorkloadException Invalid(string message) => new(WorkloadError.InvalidArgument, message);
}
