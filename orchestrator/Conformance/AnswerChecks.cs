using Simul.Contracts.V1;

namespace Simul.Orchestrator.Conformance;

/// <summary>The workloads give the source experiments' answers, whatever the model or runtime.</summary>
internal static class AnswerChecks
{
    public static Check Primes { get; } = new("answers: Prime gives 99991, 9973, 997 and 2", async context =>
    {
        foreach (var (below, expected) in new[] { (100_000L, 99_991L), (10_000, 9_973), (1_000, 997), (3, 2) })
        {
            var reply = await context.Client.PrimeAsync(new PrimeRequest { Below = below, WaitMs = 0 }, ConformanceContext.Within(TimeSpan.FromSeconds(60)));
            Expect.That(reply.Value == expected, $"Prime({below}) answered {reply.Value}, not {expected}");
        }

        return CheckResult.Pass();
    });

    public static Check Fetches { get; } = new("answers: Fetch returns every byte, one after another and at once", async context =>
    {
        foreach (var concurrent in new[] { false, true })
        {
            var request = new FetchRequest { Count = 3, DelayMs = 20, SizeBytes = 10_000, Concurrent = concurrent };
            var reply = await context.Client.FetchAsync(request, ConformanceContext.Within(TimeSpan.FromSeconds(30)));
            Expect.That(reply.Value == 30_000, $"Fetch(3 x 10,000 bytes, concurrent={concurrent}) answered {reply.Value}");
        }

        return CheckResult.Pass();
    });

    public static Check Steps { get; } = new("answers: Steps plays every step", async context =>
    {
        var reply = await context.Client.StepsAsync(new StepsRequest { Steps = 5, WorkUs = 1_000, WaitUs = 1_000 }, ConformanceContext.Within(TimeSpan.FromSeconds(30)));
        Expect.That(reply.Value == 5, $"Steps(5) answered {reply.Value}");
        return CheckResult.Pass();
    });
}
