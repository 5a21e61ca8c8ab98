using System.Diagnostics;

namespace Simul.Orchestrator.Load;

/// <summary>Time as the load models see it, in microseconds from an arbitrary start; tests
/// replace it to check the open model's timing without waiting.</summary>
public interface IClock
{
    long NowUs { get; }

    Task DelayUntilAsync(long us, CancellationToken cancellationToken);
}

public sealed class SystemClock : IClock
{
    public static SystemClock Instance { get; } = new();

    public long NowUs => (long)(Stopwatch.GetTimestamp() * (1_000_000.0 / Stopwatch.Frequency));

    public Task DelayUntilAsync(long us, CancellationToken cancellationToken)
    {
        var remaining = us - NowUs;
        return remaining > 0 ? Task.Delay(TimeSpan.FromTicks(remaining * 10), cancellationToken) : Task.CompletedTask;
    }
}
