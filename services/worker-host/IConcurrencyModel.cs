using Simul.Contracts.V1;
using Simul.Workloads.Accounting;

namespace Simul.WorkerHost;

/// <summary>
/// A way of running requests: the one thing the three workers do differently. The host has
/// already validated the request and admitted it; the model decides where it runs and how it
/// waits, records its queue (and spawn) time on <see cref="RequestTiming"/>, and returns the answer.
/// It reports failures as <see cref="Simul.Workloads.WorkloadException"/> (a full queue is
/// ResourceExhausted), which the host maps to the call's status.
/// </summary>
public interface IConcurrencyModel
{
    /// <summary>The model's name in replies and reports: process, threadpool, async, ...</summary>
    string Name { get; }

    /// <summary>Where requests wait for a thread, a child process slot or the event loop: how
    /// many wait, started, and left it without starting (their caller gone) are the worker's.</summary>
    QueueGate Queue { get; }

    /// <summary>Child processes alive now (process model only).</summary>
    int ChildProcesses => 0;

    /// <summary>Child processes started since the worker started (process model only).</summary>
    long Spawned => 0;

    /// <summary>Resident and proportional memory of the live child processes (process model only).</summary>
    (long Rss, long Pss) ChildrenMemory => (0, 0);

    /// <summary>Seconds of child slots held so far (process model only).</summary>
    double SlotSeconds => 0;

    /// <summary>Why the model cannot run a request now (health reports NOT_SERVING), or null.</summary>
    string? NotReadyReason => null;

    /// <summary>The model's own settings, for Describe and the start log.</summary>
    IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>What the model is, typed (family, what a request holds, what limits computing):
    /// the host adds the runtime, the work clock and the shared limits.</summary>
    Capabilities Capabilities { get; }

    Task<long> RunAsync(WorkItem item, RequestTiming timing, CancellationToken cancellationToken);
}
