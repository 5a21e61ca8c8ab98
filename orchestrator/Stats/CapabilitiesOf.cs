using Simul.Contracts.V1;
using Simul.Orchestrator.Report;
using static Simul.Orchestrator.Report.ModelCapabilities;

namespace Simul.Orchestrator.Stats;

/// <summary>Describe's typed capabilities in the report's words. A worker that states none (not
/// a Simul worker, or one built before them) has family "unknown": the report says so.</summary>
public static class CapabilitiesOf
{
    public static ModelCapabilities Describe(Capabilities? stated)
    {
        if (stated is null)
        {
            return new ModelCapabilities("unknown", "", "unknown: the worker states no capabilities", "none", 0, Cores, 0, false, "unknown", 0, 0, "", 0);
        }

        return new ModelCapabilities(
            stated.Runtime?.Name is { Length: > 0 } name ? name : "unknown",
            stated.Runtime?.Version ?? "",
            stated.Family switch
            {
                Family.Processes => Processes,
                Family.Threads => Threads,
                Family.Async => Async,
                Family.Unspecified => "unknown: the worker states no family",
                var other => $"unknown: family {(int)other} is not one this orchestrator knows",
            },
            stated.Limit?.Kind switch
            {
                ConcurrencyLimit.Types.Kind.Threads => "threads",
                ConcurrencyLimit.Types.Kind.ChildSlots => "child slots",
                ConcurrencyLimit.Types.Kind.EventLoop => "the event loop",
                _ => "none",
            },
            stated.Limit?.Count ?? 0,
            stated.Compute?.Kind switch
            {
                ComputeLimit.Types.Kind.EventLoop => "the event loop",
                ComputeLimit.Types.Kind.InterpreterLock => "the interpreter lock",
                ComputeLimit.Types.Kind.WorkerThreads => "worker threads",
                _ => Cores,
            },
            stated.Compute?.Count ?? 0,
            stated.WaitsBlockLoop,
            stated.WorkClock switch
            {
                WorkClock.ThreadCpu => "thread cpu time",
                WorkClock.Wall => "wall time",
                _ => "unknown",
            },
            stated.MaxQueue,
            stated.MaxInFlight,
            stated.Detail,
            stated.YieldEvery);
    }
}
