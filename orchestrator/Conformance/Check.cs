namespace Simul.Orchestrator.Conformance;

/// <summary>How one check ended: passed, failed with what was wrong, or skipped with why it could not run here.</summary>
public sealed record CheckResult(CheckOutcome Outcome, string Detail)
{
    public static CheckResult Pass(string detail = "") => new(CheckOutcome.Passed, detail);

    public static CheckResult Fail(string detail) => new(CheckOutcome.Failed, detail);

    public static CheckResult Skip(string why) => new(CheckOutcome.Skipped, why);
}

public enum CheckOutcome
{
    Passed,
    Failed,
    Skipped,
}

/// <summary>One thing every worker must do, by name; it throws <see cref="CheckFailedException"/> (via
/// <see cref="Expect"/>) to fail, or returns a result.</summary>
public sealed record Check(string Name, Func<ConformanceContext, Task<CheckResult>> RunAsync);

/// <summary>A check's expectation was not met; its message says what was seen instead.</summary>
public sealed class CheckFailedException : Exception
{
    public CheckFailedException()
    {
    }

    public CheckFailedException(string message)
        : base(message)
    {
    }

    public CheckFailedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

public static class Expect
{
    public static void That(bool condition, string otherwise)
    {
        if (!condition)
        {
            throw new CheckFailedException(otherwise);
        }
    }
}
