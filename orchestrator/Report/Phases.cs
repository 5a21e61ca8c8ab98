using Simul.Workloads.Accounting;

namespace Simul.Orchestrator.Report;

/// <summary>Mean time per request in each phase (<see cref="Phase"/>); Ready is time the worker saw
/// its thread wait for a core, Lock for the interpreter lock; Other is what the phases do not
/// explain (ready but not running where the worker cannot tell, transport, the client).</summary>
public sealed record Phases(double Queue, double Spawn, double Work, double Wait, double Other, double Ready = 0, double Lock = 0)
{
    public double Of(Phase phase) => phase switch
    {
        Phase.Queue => Queue,
        Phase.Spawn => Spawn,
        Phase.Work => Work,
        Phase.Wait => Wait,
        Phase.Ready => Ready,
        Phase.Lock => Lock,
        _ => Other,
    };
}

/// <summary>Measurements that cannot be right, counted rather than dropped or clamped quietly:
/// spawn times at or below zero (clocks of parent and child disagree) and calls whose phases add
/// up to more than their latency (their "other" would be negative; shown as 0).</summary>
public sealed record TimingAnomalies(long NonPositiveSpawns, long NegativeOther);
