using Simul.Grpc.Server;
using Simul.Testing;

namespace Simul.InteropServer;

/// <summary>simul.testing.Sleeper: sleeps until done or cancelled, and counts which.</summary>
public sealed class SleeperHandlers
{
    private long _cancelled;
    private long _completed;

    public async Task<SleepReply> Sleep(SleepRequest request, ServerCallContext context)
    {
        try
        {
            await Task.Delay(request.Ms, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref _cancelled);
            throw;
        }

        Interlocked.Increment(ref _completed);
        return new SleepReply { SleptMs = request.Ms };
    }

    public Task<SleepStats> Stats(StatsRequest request, ServerCallContext context) =>
        Task.FromResult(new SleepStats { Cancelled = Interlocked.Read(ref _cancelled), Completed = Interlocked.Read(ref _completed) });
}
