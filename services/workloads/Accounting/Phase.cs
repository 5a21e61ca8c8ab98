namespace Simul.Workloads.Accounting;

/// <summary>
/// Where a request's time goes, named once: the reply's timing, the phase spans, the
/// <c>simul.phase</c> label of the metrics and the report's columns and colours all use these.
/// </summary>
public enum Phase
{
    /// <summary>Waiting for a thread, a child slot or the loop; on a loop, also the time from a
    /// finished wait (or a yield) to the code running again.</summary>
    Queue,

    /// <summary>Process start until the child began work (process models).</summary>
    Spawn,

    /// <summary>On-CPU time of the computing steps (the thread's CPU clock).</summary>
    Work,

    /// <summary>Inside a wait, until what it waited for was done.</summary>
    Wait,

    /// <summary>Ready to run but waiting for a core (the thread's scheduler statistics).</summary>
    Ready,

    /// <summary>Waiting for an interpreter lock (CPython's GIL).</summary>
    Lock,

    /// <summary>What no phase explains: transport, a late timer, a blocked thread waking.</summary>
    Other,
}

public static class PhaseNames
{
    private static readonly string[] Names = ["queue", "spawn", "work", "wait", "ready", "lock", "other"];

    // Listed, not Enum.GetValues: under NativeAOT that is a reflection lookup at run time, paid
    // at every process-model child's start, where a literal is laid out by the compiler
    // (PhaseTests checks the list against the enum).
    public static IReadOnlyList<Phase> All { get; } = [Phase.Queue, Phase.Spawn, Phase.Work, Phase.Wait, Phase.Ready, Phase.Lock, Phase.Other];

    /// <summary>The phase's name on the wire, in spans, metrics and reports.</summary>
    public static string Name(this Phase phase) => Names[(int)phase];

    public static Phase? Parse(string name) => Array.IndexOf(Names, name) is >= 0 and var i ? (Phase)i : null;

    /// <summary>Each phase's microseconds in a reply's timing; Other is the rest of the total, not below 0.</summary>
    public static long MicrosecondsOf(this Contracts.V1.Timing timing, Phase phase) => phase switch
    {
        Phase.Queue => timing.QueueUs,
        Phase.Spawn => timing.SpawnUs,
        Phase.Work => timing.WorkUs,
        Phase.Wait => timing.WaitUs,
        Phase.Ready => timing.ReadyUs,
        Phase.Lock => timing.LockUs,
        _ => Math.Max(0, timing.TotalUs - timing.QueueUs - timing.SpawnUs - timing.WorkUs - timing.WaitUs - timing.ReadyUs - timing.LockUs),
    };
}
