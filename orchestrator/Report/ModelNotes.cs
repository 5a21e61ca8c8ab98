using static Simul.Orchestrator.Report.ReportFormat;

namespace Simul.Orchestrator.Report;

/// <summary>
/// What every format says under a model's row, so that each figure explains itself: what
/// queueing predicts and what binds, Little's law when it disagrees, the batch against one after
/// another, the chess story, and everything that qualifies a figure (failures and their latency,
/// late sends, a warm-up that never settled, impossible timings, calls outside the window that
/// failed, where a sweep's curve stopped). Plain text; each format escapes it.
/// </summary>
internal static class ModelNotes
{
    public static IReadOnlyList<string> For(ModelResult m)
    {
        var notes = new List<string>();
        if (m.Prediction is { } prediction)
        {
            notes.Add(prediction.Flagged ? $"FAR FROM THE PREDICTION: {prediction.Explanation}" : $"predicted: {prediction.Explanation}");
        }

        if (m.LittlesLawDisagrees)
        {
            notes.Add($"Little's law disagrees: {Number(m.CompletionsPerSecond)} replies/s measured, callers / mean latency = {Number(m.LittlesLawPerSecond!.Value)}/s (more than 10% apart)");
        }

        if (m.Batch is { } batch)
        {
            notes.Add($"one after another {Number(batch.OneAfterAnotherMs)} ms, all at once {Number(batch.MakespanMs)} ms ({(batch.OneAfterAnotherMs / Math.Max(batch.MakespanMs, 1e-9)).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)}x)");
        }

        if (m.Story is { } story)
        {
            notes.Add($"the story: {StorySentence(story)}");
        }

        if (m.Accounting.Failed > 0)
        {
            notes.Add($"failed: {Failed(m.Accounting)}" + (m.FailureLatency is { } f ? $"; their latency p50 {Number(f.P50)} ms, max {Number(f.Max)} ms (not in the percentiles above, which are of OK calls)" : ""));
        }

        foreach (var (part, counts) in new[] { ("warm-up", m.Accounting.WarmUp), ("after the window", m.Accounting.AfterWindow), ("one after another", m.Accounting.Preliminary) })
        {
            if (counts.Failed > 0)
            {
                notes.Add($"{Count(counts.Failed)} of {Count(counts.Sent)} calls {part} failed ({string.Join(", ", counts.ByStatus.Select(s => $"{s.Key} {Count(s.Value)}"))})");
            }
        }

        if (m.Accounting.LateSends > 0)
        {
            notes.Add($"{Count(m.Accounting.LateSends)} sends left more than 10 ms after their intended time: the load generator fell behind its schedule");
        }

        if (m.Backlog is > 0)
        {
            notes.Add($"{Count(m.Backlog.Value)} calls were still unanswered when the window closed (backlog)");
        }

        if (!m.WarmUp.Settled)
        {
            notes.Add($"the rate had not settled after {Number(m.WarmUp.Seconds)} s of warm-up: the window may still hold some of it");
        }

        if (m.Anomalies.NonPositiveSpawns > 0)
        {
            notes.Add($"{Count(m.Anomalies.NonPositiveSpawns)} spawn times at or below zero (the clocks of worker and child disagree); left out of the spawn figures");
        }

        if (m.Anomalies.NegativeOther > 0)
        {
            notes.Add($"{Count(m.Anomalies.NegativeOther)} calls whose phases add up to more than their latency; their \"other\" counted as 0");
        }

        if (m.LimitReason is { } reason)
        {
            notes.Add($"the curve stops here: {reason}");
        }

        return notes;
    }
}
