using Simul.Contracts.V1;

namespace Simul.Workloads;

public static class WorkItemExtensions
{
    /// <summary>The workload's name as spans, metrics and reports give it ("prime", "fetch",
    /// "steps"): a constant, so that naming it costs a request nothing.</summary>
    public static string WorkloadName(this WorkItem item) => item.WorkloadCase switch
    {
        WorkItem.WorkloadOneofCase.Prime => "prime",
        WorkItem.WorkloadOneofCase.Fetch => "fetch",
        WorkItem.WorkloadOneofCase.Steps => "steps",
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
