namespace Simul.WorkerHost;

/// <summary>A count that may not pass its limit: a request enters if there is room, else it is
/// turned away and the count is as it was. Admission (requests in flight) and every model's
/// queue count with it.</summary>
public sealed class CountingLimit(int limit)
{
    private int _count;

    public int Limit => limit;

    public int Count => Volatile.Read(ref _count);

    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _count) <= limit)
        {
            return true;
        }

        Interlocked.Decrement(ref _count);
        return false;
    }

    public void Exit() => Interlocked.Decrement(ref _count);
}
