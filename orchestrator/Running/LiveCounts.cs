namespace Simul.Orchestrator.Running;

/// <summary>Replies so far in the model run under way, for the progress display.</summary>
public sealed class LiveCounts
{
    private long _ok;
    private long _failed;

    public long Ok => Interlocked.Read(ref _ok);

    public long Failed => Interlocked.Read(ref _failed);

    public void Count(bool ok)
    {
        if (ok)
        {
            Interlocked.Increment(ref _ok);
        }
        else
        {
            Interlocked.Increment(ref _failed);
        }
    }
}
