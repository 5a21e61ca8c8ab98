using System.Globalization;
using System.Net.Http;
using Simul.Contracts.V1;
using Simul.Workloads.Accounting;
using Simul.Workloads.Cpu;
using Simul.Workloads.Waiting;

namespace Simul.Workloads;

/// <summary>
/// The workloads, written once. Each is a sequence of computing steps and waiting steps; the
/// <see cref="IWaitingStyle"/> decides how the waits are done, and <see cref="RequestTiming"/>
/// records every step.
/// </summary>
public sealed class Workload(IWaitingStyle waits, Uri upstream)
{
    public async ValueTask<long> RunAsync(WorkItem item, RequestTiming timing, CancellationToken cancellationToken)
    {
        WorkloadLimits.Validate(item);
        return item.WorkloadCase switch
        {
            WorkItem.WorkloadOneofCase.Prime => await PrimeAsync(item.Prime, timing, cancellationToken),
            WorkItem.WorkloadOneofCase.Fetch => await FetchAsync(item.Fetch, timing, cancellationToken),
            _ => await StepsAsync(item.Steps, timing, cancellationToken),
        };
    }

    /// <summary>
    /// Runs the workload to its end on the calling thread, for models that wait by blocking:
    /// with <see cref="BlockingWaits"/> every wait has finished before it returns, so the whole
    /// run is one synchronous call, exactly like ordinary blocking code.
    /// </summary>
    public long Run(WorkItem item, RequestTiming timing, CancellationToken cancellationToken)
    {
        var run = RunAsync(item, timing, cancellationToken);
        return run.IsCompleted
            ? run.GetAwaiter().GetResult()
            : throw new InvalidOperationException("Run is for blocking waits; this waiting style awaits.");
    }

    /// <summary>The highest prime below <c>below</c>: test each candidate, counting down, and
    /// wait after each test (also after the prime's), as the source experiment does.</summary>
    private async ValueTask<long> PrimeAsync(PrimeRequest request, RequestTiming timing, CancellationToken cancellationToken)
    {
        var wait = TimeSpan.FromMilliseconds(request.WaitMs);
        for (var candidate = request.Below - 1; ; candidate--)
        {
            var test = new TrialDivision(candidate);
            await ComputeAsync(test, timing, cancellationToken);
            await SleepAsync(wait, timing, cancellationToken);
            if (test.IsPrime)
            {
                return candidate; // 2 is prime, so the loop ends by below = 3 at the latest.
            }
        }
    }

    /// <summary><c>count</c> slow GETs to upstream, one after another or all at once; the answer
    /// is the number of bytes received, which must be what was asked for.</summary>
    private async ValueTask<long> FetchAsync(FetchRequest request, RequestTiming timing, CancellationToken cancellationToken)
    {
        var url = UpstreamUrl(request.DelayMs, request.SizeBytes);
        long received = 0;
        try
        {
            if (request.Concurrent)
            {
                using var phase = timing.BeginWait("fetch");
                received = await waits.GetAllAsync(Enumerable.Repeat(url, request.Count).ToArray(), phase, cancellationToken);
            }
            else
            {
                for (var i = 0; i < request.Count; i++)
                {
                    using var phase = timing.BeginWait("fetch");
                    received += await waits.GetAsync(url, phase, cancellationToken);
                }
            }
        }
        catch (HttpRequestException e)
        {
            throw new WorkloadException(WorkloadError.Unavailable, $"upstream {upstream} failed: {e.Message}");
        }

        var expected = (long)request.Count * request.SizeBytes;
        return received == expected
            ? received
            : throw new WorkloadException(WorkloadError.DataLoss, $"upstream sent {received} bytes, {expected} were asked for");
    }

    /// <summary><c>steps</c> rounds of computing for <c>work_us</c> of CPU time, then waiting
    /// <c>wait_us</c>: one board of a chess simul, the champion's move then the opponent's.</summary>
    private async ValueTask<long> StepsAsync(StepsRequest request, RequestTiming timing, CancellationToken cancellationToken)
    {
        var wait = TimeSpan.FromTicks(request.WaitUs * 10);
        for (var step = 0; step < request.Steps; step++)
        {
            await ComputeAsync(new CpuBurn(request.WorkUs), timing, cancellationToken);
            await SleepAsync(wait, timing, cancellationToken);
        }

        return request.Steps;
    }

    private async ValueTask ComputeAsync(ICpuTask task, RequestTiming timing, CancellationToken cancellationToken)
    {
        var slice = waits.YieldEvery > 0 ? waits.YieldEvery : long.MaxValue;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            bool done;
            using (timing.BeginWork())
            {
                done = task.Run(slice);
            }

            if (done)
            {
                return;
            }

            var yielded = System.Diagnostics.Stopwatch.GetTimestamp();
            await waits.YieldAsync();
            timing.EndYield(yielded);
        }
    }

    private async ValueTask SleepAsync(TimeSpan duration, RequestTiming timing, CancellationToken cancellationToken)
    {
        if (duration > TimeSpan.Zero)
        {
            using var phase = timing.BeginWait("sleep");
            await waits.SleepAsync(duration, phase, cancellationToken);
        }
    }

    // Only ever the configured upstream: a request chooses numbers, never an address.
    private Uri UpstreamUrl(int delayMs, int bytes) =>
        new(upstream, string.Create(CultureInfo.InvariantCulture, $"delay/{delayMs}?bytes={bytes}"));
}
