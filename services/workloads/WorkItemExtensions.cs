using Simul.Contracts.V1;

namespace Simul.Workloads;

public static class WorkItemExtensions
{
    /// <summary>The workload's name (<see cref="WorkloadNames"/>); "none" for an item without one.</summary>
    public static string WorkloadName(this WorkItem item) => item.WorkloadCase switch
    {
        WorkItem.WorkloadOneofCase.Prime => WorkloadNames.Prime,
        WorkItem.WorkloadOneofCase.Fetch => WorkloadNames.Fetch,
        WorkItem.WorkloadOneofCase.Steps => WorkloadNames.Steps,
        _ => "none",
    };

    /// <summary>Whether the request asked for its phases in time (Timing.segments).</summary>
    public static bool WantsTimeline(this WorkItem item) => item.WorkloadCase switch
    {
        WorkItem.WorkloadOneofCase.Prime => item.Prime.Timeline,
        WorkItem.WorkloadOneofCase.Fetch => item.Fetch.Timeline,
        WorkItem.WorkloadOneofCase.Steps => item.Steps.Timeline,
        _ => false,
    };

    /// <summary>Asks for the phases in time: batch loads, whose report draws every request.</summary>
    public static void AskForTimeline(this WorkItem item)
    {
        switch (item.WorkloadCase)
        {
            case WorkItem.WorkloadOneofCase.Prime:
                item.Prime.Timeline = true;
                break;
            case WorkItem.WorkloadOneofCase.Fetch:
                item.Fetch.Timeline = true;
                break;
            case WorkItem.WorkloadOneofCase.Steps:
                item.Steps.Timeline = true;
                break;
        }
    }
}
