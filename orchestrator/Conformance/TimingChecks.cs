using Simul.Contracts.V1;

namespace Simul.Orchestrator.Conformance;

/// <summary>Every reply says where its time went, and the parts add up.</summary>
internal static class TimingChecks
{
    public static Check PhasesWithinTotal { get; } = new("timing: queue + spawn + work + wait + ready + lock <= total; work and waits measured", async context =>
    {
        // Three candidates (999, 998, 997), a 5 ms wait after each.
        var reply = await context.Client.PrimeAsync(new PrimeRequest { Below = 1000, WaitMs = 5 }, ConformanceContext.Within(TimeSpan.FromSeconds(30)));
        var t = reply.Timing;
        Expect.That(t is not null, "the reply carries no timing");
        var phases = t!.QueueUs + t.SpawnUs + t.WorkUs + t.WaitUs + t.ReadyUs + t.LockUs;
        Expect.That(new[] { t.QueueUs, t.SpawnUs, t.WorkUs, t.WaitUs, t.ReadyUs, t.LockUs }.All(p => p >= 0), $"a phase is negative: {t}");
        Expect.That(phases <= t.TotalUs, $"the phases add up to {phases} us, more than the total {t.TotalUs} us");
        Expect.That(t.WorkUs > 0, "work is 0: the trial divisions took no time");
        Expect.That(t.WaitUs >= 3 * 5_000 * 0.8, $"wait is {t.WaitUs} us for three waits of 5 ms");
        Expect.That(reply.Model.Length > 0 && reply.Pid > 0, $"the reply names no model or pid (model '{reply.Model}', pid {reply.Pid})");
        return CheckResult.Pass($"total {t.TotalUs} us: queue {t.QueueUs}, spawn {t.SpawnUs}, work {t.WorkUs}, wait {t.WaitUs}, ready {t.ReadyUs}, lock {t.LockUs}");
    });

    public static Check WorkIsCpuTime { get; } = new("timing: work is CPU time (100 ms of CPU, asked while every core is busy, reports about 100 ms)", async context =>
    {
        var info = await context.DescribeAsync();
        if (info.Capabilities?.WorkClock != WorkClock.ThreadCpu)
        {
            return CheckResult.Skip($"the worker measures work by {info.Capabilities?.WorkClock}, not a thread CPU clock");
        }

        // The suite keeps every core of this machine busy meanwhile, two spinning threads per
        // core: on two cores a fair scheduler gives the worker's thread about two fifths of a core,
        // so a wall clock would report about 250 ms (a worker elsewhere: about 100 ms either way).
        // With one spinner per core it now and then got 80% of a core, and a wall clock read
        // 120 ms, inside the tolerance.
        using var busy = new CancellationTokenSource();
        var spinners = Enumerable.Range(0, 2 * Environment.ProcessorCount).Select(_ => Task.Factory.StartNew(() =>
        {
            while (!busy.IsCancellationRequested)
            {
                Thread.SpinWait(1_000);
            }
        }, TaskCreationOptions.LongRunning)).ToList();
        try
        {
            var reply = await context.Client.StepsAsync(new StepsRequest { Steps = 1, WorkUs = 100_000 }, ConformanceContext.Within(TimeSpan.FromSeconds(30)));
            var work = reply.Timing.WorkUs;
            Expect.That(work is >= 90_000 and <= 130_000, $"100 ms of CPU reported as {work} us of work ({reply.Timing.TotalUs} us in all)");
            return CheckResult.Pass($"work {work / 1000} ms of {reply.Timing.TotalUs / 1000} ms in all");
        }
        finally
        {
            await busy.CancelAsync();
            await Task.WhenAll(spinners);
        }
    });

    public static Check TimelineOnlyWhenAsked { get; } = new("timing: phases in time (segments) only when the request asks for its timeline", async context =>
    {
        var without = await context.Client.PrimeAsync(new PrimeRequest { Below = 1000, WaitMs = 1 }, ConformanceContext.Within(TimeSpan.FromSeconds(30)));
        var with = await context.Client.PrimeAsync(new PrimeRequest { Below = 1000, WaitMs = 1, Timeline = true }, ConformanceContext.Within(TimeSpan.FromSeconds(30)));
        Expect.That(without.Timing.Segments.Count == 0, $"{without.Timing.Segments.Count} segments in a reply that did not ask for them");
        var phases = with.Timing.Segments.Select(s => s.Phase).Where(p => p is "work" or "wait").ToList();
        Expect.That(phases.Count >= 6 && phases.Take(6).SequenceEqual(["work", "wait", "work", "wait", "work", "wait"]),
            $"a timeline of three candidates should go work, wait three times; it went {string.Join(", ", with.Timing.Segments.Select(s => s.Phase))}");
        Expect.That(with.Timing.Segments.All(s => s.StartUs >= 0 && s.DurationUs >= 0 && s.StartUs + s.DurationUs <= with.Timing.TotalUs + 1_000),
            "a segment lies outside the request's time");
        return CheckResult.Pass();
    });
}
