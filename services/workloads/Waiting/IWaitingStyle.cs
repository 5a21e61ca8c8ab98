using Simul.Workloads.Accounting;

namespace Simul.Workloads.Waiting;

/// <summary>
/// How a concurrency model waits, the one thing the models do differently when they run the
/// same workload. Blocking code holds its OS thread while it waits; awaiting code gives the
/// thread back and is resumed later. The workload code awaits these members either way: with
/// the blocking style every call has already finished when it returns, so the workload runs
/// start to end on the calling thread, exactly like ordinary synchronous code. Each wait is
/// given its <see cref="RequestTiming.WaitPhase"/>, so an awaiting style can say when the
/// operation itself completed (the rest, until the code runs again, is time in the queue).
/// </summary>
public interface IWaitingStyle
{
    /// <summary>CPU steps to run before letting other work run; 0 runs CPU work to its end.</summary>
    long YieldEvery { get; }

    /// <summary>Lets other work run (the <c>sleep(0)</c> trick); only called when <see cref="YieldEvery"/> is set.</summary>
    ValueTask YieldAsync();

    ValueTask SleepAsync(TimeSpan duration, RequestTiming.WaitPhase phase, CancellationToken cancellationToken);

    /// <summary>One GET; the number of body bytes received.</summary>
    ValueTask<long> GetAsync(Uri url, RequestTiming.WaitPhase phase, CancellationToken cancellationToken);

    /// <summary>Several GETs at the same time; the total number of body bytes received.</summary>
    ValueTask<long> GetAllAsync(IReadOnlyList<Uri> urls, RequestTiming.WaitPhase phase, CancellationToken cancellationToken);
}
