namespace Simul.Orchestrator.Local;

/// <summary>The local stack could not be started (a service that will not start or answer, a tool
/// that cannot be fetched, a program run outside a clone): said to the user as one line, like
/// bad input. A separate type so that a bug (an InvalidOperationException from LINQ, say) is
/// never mistaken for one and still shows its stack.</summary>
public sealed class LocalStackException : Exception
{
    public LocalStackException()
    {
    }

    public LocalStackException(string message)
        : base(message)
    {
    }

    public LocalStackException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
