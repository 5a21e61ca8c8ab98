using Simul.WorkerHost;
using Simul.Workloads;
using Simul.Workloads.Accounting;

namespace Simul.Workers.Tests;

/// <summary>The one queue every .NET model keeps in front of its threads, slots or loop, in process.</summary>
public class QueueGateTests
{
    [Fact]
    public void A_full_queue_refuses_with_resource_exhausted_saying_what_is_busy()
    {
        var gate = new QueueGate(maxQueue: 1, "all threads are busy");
        using var first = gate.Join(CancellationToken.None);

        var refused = Assert.Throws<WorkloadException>(() => gate.Join(CancellationToken.None));

        Assert.Equal(WorkloadError.ResourceExhausted, refused.Error);
        Assert.Contains("all threads are busy and 1 requests are queued", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, gate.Length);
    }

    [Fact]
    public void Starting_leaves_the_queue_and_records_the_time_in_it()
    {
        var gate = new QueueGate(maxQueue: 1, "busy");
        var timing = new RequestTiming();
        using var place = gate.Join(CancellationToken.None);
        Thread.Sleep(20);

        Assert.True(place.TryStart(timing));

        Assert.Equal(0, gate.Length);
        Assert.Equal(0, gate.Expired);
        Assert.InRange(timing.Finish().QueueUs, 15_000, 5_000_000);
    }

    [Fact]
    public void A_caller_that_goes_frees_the_place_at_once_is_counted_and_never_starts()
    {
        var gate = new QueueGate(maxQueue: 1, "busy");
        using var callerGone = new CancellationTokenSource();
        var told = 0;
        using var place = gate.Join(callerGone.Token, () => told++);

        callerGone.Cancel();

        Assert.Equal(0, gate.Length);
        Assert.Equal(1, gate.Expired);
        Assert.Equal(1, told);
        Assert.False(place.TryStart(new RequestTiming()));
        using var next = gate.Join(CancellationToken.None); // the queue has room again
    }

    [Fact]
    public void A_started_request_whose_caller_goes_is_no_expiry()
    {
        var gate = new QueueGate(maxQueue: 1, "busy");
        using var callerGone = new CancellationTokenSource();
        var told = 0;
        var place = gate.Join(callerGone.Token, () => told++);
        Assert.True(place.TryStart(new RequestTiming()));

        callerGone.Cancel();
        place.Dispose();

        Assert.Equal(0, gate.Expired);
        Assert.Equal(0, told);
        Assert.Equal(0, gate.Length);
    }

    [Fact]
    public void A_place_given_up_without_starting_counts_as_expired_once()
    {
        var gate = new QueueGate(maxQueue: 2, "busy");
        using var callerGone = new CancellationTokenSource();
        var place = gate.Join(callerGone.Token);

        place.Dispose(); // e.g. the wait for a child slot threw
        callerGone.Cancel();
        place.Dispose();

        Assert.Equal(1, gate.Expired);
        Assert.Equal(0, gate.Length);
    }

    [Fact]
    public void A_caller_gone_before_joining_expires_at_once()
    {
        var gate = new QueueGate(maxQueue: 1, "busy");
        using var place = gate.Join(new CancellationToken(canceled: true));

        Assert.Equal(0, gate.Length);
        Assert.Equal(1, gate.Expired);
        Assert.False(place.TryStart(new RequestTiming()));
    }
}
