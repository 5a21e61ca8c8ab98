using System.Collections.Concurrent;

namespace Simul.WorkerAsync;

/// <summary>
/// One thread that runs queued callbacks one after another, and is the synchronization context
/// of everything it runs: every continuation after an await comes back to this thread. This is
/// asyncio's model. While one callback computes, every other request waits in the queue.
/// </summary>
public sealed class EventLoop : SynchronizationContext, IDisposable
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = [];
    private readonly Thread _thread;

    public EventLoop()
    {
        _thread = new Thread(RunLoop) { IsBackground = true, Name = "event loop" };
        _thread.Start();
    }

    /// <summary>False once the loop thread has ended (disposed, or a callback threw).</summary>
    public bool IsRunning => _thread.IsAlive;

    public override void Post(SendOrPostCallback d, object? state) => _queue.Add((d, state));

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Nothing may block the event loop waiting for it.");

    /// <summary>Starts <paramref name="work"/> on the loop, in the caller's execution context (so
    /// the request's trace goes on there), and completes <paramref name="completion"/> when the
    /// work does; work that returns null has decided not to run (someone else completes it).</summary>
    public void Run<T>(TaskCompletionSource<T> completion, Func<Task<T>?> work)
    {
        var caller = ExecutionContext.Capture();
        Post(_ =>
        {
            if (caller is null)
            {
                _ = RunOnLoopAsync(work, completion);
            }
            else
            {
                ExecutionContext.Run(caller, _ => _ = RunOnLoopAsync(work, completion), null);
            }
        }, null);
    }

    public void Dispose()
    {
        _queue.CompleteAdding();
        _thread.Join(TimeSpan.FromSeconds(5));
        _queue.Dispose();
    }

    private static async Task RunOnLoopAsync<T>(Func<Task<T>?> work, TaskCompletionSource<T> completion)
    {
        try
        {
            if (work() is { } running)
            {
                completion.SetResult(await running);
            }
        }
        catch (Exception e)
        {
            completion.SetException(e);
        }
    }

    private void RunLoop()
    {
        SetSynchronizationContext(this);
        foreach (var (callback, state) in _queue.GetConsumingEnumerable())
        {
            callback(state);
        }
    }
}
