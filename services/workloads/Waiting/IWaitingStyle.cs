namespace Simul.Workloads.Waiting;

/// <summary>
/// How a concurrency model waits, the one thing the models do differently when they run the
/// same workload. Blocking code holds its OS thread while it waits; awaiting code gives the
/// thread back and is resumed later. The workload code awaits these members either way: with
/// the blocking style every call has already finished when it returns, so the workload runs
/// start to end on the calling thread, exactly like ordinary synchronous code.
/// </summary>
public interface IWaitingStyle
{
    /// <summary>CPU steps to run before letting other work run; 0 runs CPU work to its end.</summary>
    long YieldEvery { get; }

    /// <summary>Lets other work run (the <c>sleep(0)</c> trick); only called when <see cref="YieldEvery"/> is set.</summary>
    ValueTask YieldAsync();

    ValueTask SleepAsync(TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>One GET; the number of body bytes received.</summary>
    ValueTask<long> GetAsync(Uri url, CancellationToken cancellationToken);

    /// <summary>Several GETs at the same time; the total number of body bytes received.</summary>
    ValueTask<long> GetAllAsync(IReadOnlyList<Uri> urls, CancellationToken cancellationToken);
}
