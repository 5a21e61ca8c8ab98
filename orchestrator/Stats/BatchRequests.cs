using Simul.Orchestrator.Load;
using Simul.Orchestrator.Report;

namespace Simul.Orchestrator.Stats;

/// <summary>A batch's requests as the report draws them: in the order they were sent, each with
/// its phases and its segments on the batch's time axis.</summary>
public static class BatchRequests
{
    public static IReadOnlyList<RequestRecord> Of(LoadResult batch) =>
        [.. batch.Calls.Select((call, index) => Record(call, index, batch.WindowStartUs))];

    private static RequestRecord Record(CallRecord call, int index, long batchStartUs)
    {
        var reply = call.Outcome.Reply;
        var timing = reply?.Timing;
        var startMs = (call.SentUs - batchStartUs) / 1000.0;
        var phases = ModelSummary.PhasesOf(call);
        var segments = timing?.Segments.Select(s => new SegmentRecord(s.Phase, startMs + (s.StartUs / 1000.0), s.DurationUs / 1000.0)).ToList() ?? [];
        return new RequestRecord(index + 1, call.Outcome.Status, reply?.Value, startMs, call.LatencyMs, phases, reply?.Pid ?? 0, reply?.ThreadId ?? 0, segments);
    }
}
