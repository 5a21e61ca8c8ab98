using static Simul.Orchestrator.Report.ReportFormat;

namespace Simul.Orchestrator.Report;

/// <summary>What a note says of its figure: what queueing predicts (and whether the measure is
/// far from it), a comparison the scenario exists for (the batch against one after another, the
/// chess story), a problem (failures), or a caveat (what qualifies a figure). Each format styles
/// a note by its kind.</summary>
public enum NoteKind
{
    Prediction,
    FarFromPrediction,
    Comparison,
    Problem,
    Caveat,
}

public sealed record Note(NoteKind Kind, string Text);

/// <summary>
/// What every format says under a model's row, so that each figure explains itself: what
/// queueing predicts and what binds, Little's law when it disagrees, the batch against one after
/// another, the chess story, and everything that qualifies a figure (failures and their latency,
/// late sends, a warm-up that never settled, impossible timings, calls outside the window that
/// failed, where a sweep's curve stopped). Plain text; each format escapes it.
/// </summary>
internal static class ModelNotes
{
    /// <summary>An overrun that moves a story figure by more than this is said.</summary>
    private const double StoryOverrunNoted = 0.05;

    public static IReadOnlyList<Note> For(ModelResult m)
    {
        var notes = new List<Note>();
        if (m.Prediction is { } prediction)
        {
            notes.Add(prediction.Flagged
                ? new(NoteKind.FarFromPrediction, $"FAR FROM THE PREDICTION: {prediction.Explanation}")
                : new(NoteKind.Prediction, $"predicted: {prediction.Explanation}"));
        }

        if (m.Repeats is { } repeats)
        {
            notes.AddRange(Spread(repeats));
        }

        if (m.LittlesLawDisagrees)
        {
            notes.Add(Caveat($"Little's law disagrees: {Number(m.CompletionsPerSecond)} replies/s measured, callers / mean latency = {Number(m.LittlesLawPerSecond!.Value)}/s (more than 10% apart)"));
        }

        if (m.Batch is { } batch)
        {
            notes.Add(new(NoteKind.Comparison, $"one after another {Number(batch.OneAfterAnotherMs)} ms, all at once {Number(batch.MakespanMs)} ms ({(batch.OneAfterAnotherMs / Math.Max(batch.MakespanMs, 1e-9)).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)}x)"));
        }

        if (m.Story is { } story)
        {
            notes.Add(new(NoteKind.Comparison, $"the story: {StorySentence(story)}"));
            if (story.OneBoardOverrun > StoryOverrunNoted)
            {
                var why = story.AskedWaitMs > 0
                    ? $"each of its waits of {Number(story.AskedWaitMs)} ms resumed {Number(Math.Max(0, story.WaitSlackMs))} ms late on average, as its worker measured it; the rest is the call's transport, the moves' own overhead and the model's start-up"
                    : "its waits' slack, as timers wake late, the call's transport and the model's start-up";
                notes.Add(Caveat($"one board took {Number(story.OneBoardRunSeconds * 1000)} ms where its moves and waits ask {Number(story.OneBoardAskedSeconds * 1000)} ms " +
                                 $"(+{Percent(story.OneBoardOverrun)}%: {why}), so one board after another reads that much longer than the story's, and so does the ratio"));
            }
        }

        notes.AddRange(m.Incidents.Select(Incident));
        if (m.Retries is { } retries)
        {
            notes.Add(new(NoteKind.Comparison, $"retries ({retries.Policy}): {retries.AttemptsPerCall.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)} attempts per call, " +
                                               $"{Count(retries.Retried)} retried for {Count(retries.Calls)} calls: the load the worker saw, over what was asked"));
        }

        if (m.Accounting.Failed > 0)
        {
            notes.Add(new(NoteKind.Problem, $"failed: {Failed(m.Accounting)}" + (m.FailureLatency is { } f ? $"; their latency p50 {Number(f.P50)} ms, max {Number(f.Max)} ms (not in the percentiles above, which are of OK calls)" : "")));
        }

        if (m.Resources.ExpiredInQueue > 0)
        {
            notes.Add(Caveat($"{Count(m.Resources.ExpiredInQueue)} requests expired in the worker's queue (their deadline passed or their call was cancelled before they started): none of them ran"));
        }

        foreach (var (part, counts) in new[] { ("warm-up", m.Accounting.WarmUp), ("after the window", m.Accounting.AfterWindow), ("before the batch (its warm-up and one after another)", m.Accounting.Preliminary) })
        {
            if (counts.Failed > 0)
            {
                notes.Add(new(NoteKind.Problem, $"{Count(counts.Failed)} of {Count(counts.Sent)} calls {part} failed ({string.Join(", ", counts.ByStatus.Select(s => $"{s.Key} {Count(s.Value)}"))})"));
            }
        }

        if (m.Accounting.LateSends > 0)
        {
            notes.Add(Caveat($"{Count(m.Accounting.LateSends)} sends left more than 10 ms after their intended time: the load generator fell behind its schedule"));
        }

        if (m.Backlog is > 0)
        {
            notes.Add(Caveat($"{Count(m.Backlog.Value)} calls were still unanswered when the window closed (backlog)"));
        }

        if (!m.WarmUp.Settled)
        {
            notes.Add(Caveat($"the rate had not settled after {Number(m.WarmUp.Seconds)} s of warm-up: the window may still hold some of it"));
        }

        if (m.Anomalies.NonPositiveSpawns > 0)
        {
            notes.Add(Caveat($"{Count(m.Anomalies.NonPositiveSpawns)} spawn times at or below zero (the clocks of worker and child disagree); left out of the spawn figures"));
        }

        if (m.Anomalies.NegativeOther > 0)
        {
            notes.Add(Caveat($"{Count(m.Anomalies.NegativeOther)} calls whose phases add up to more than their latency; their \"other\" counted as 0"));
        }

        if (m.LimitReason is { } reason)
        {
            notes.Add(Caveat($"the curve stops here: {reason}"));
        }

        if (m.Accounting.Cut > 0)
        {
            notes.Add(Caveat($"{Count(m.Accounting.Cut)} calls were cut at the hold time, as a hold load does: they show how many the model ran at once, not a failure"));
        }

        return notes;
    }

    /// <summary>The medians and ranges of a repeated row, each figure wider than the bar flagged,
    /// and the runs not shown that had failures (the row's own failures are noted with the row).</summary>
    private static IEnumerable<Note> Spread(Stats.Repeats repeats)
    {
        var figures = Stats.HeadlineFigures.All.ToDictionary(f => f.Name);
        yield return new(NoteKind.Comparison, $"over {repeats.Count} runs, median [min-max]: " + string.Join("; ", repeats.Spreads.Select(s =>
        {
            var format = figures[s.Figure].Format;
            return $"{s.Figure} {format(s.Median)} [{format(s.Min)}-{format(s.Max)}]";
        })) + $"; the row shows run {repeats.Shown + 1}, the nearest the median");
        foreach (var wide in repeats.Spreads.Where(s => s.Wide))
        {
            yield return Caveat($"{wide.Figure} ranges over {Percent(wide.Width)}% of its median across the {repeats.Count} runs " +
                                $"(more than {Percent(Stats.FigureSpread.WideShare)}%): one run of it is not to be trusted");
        }

        foreach (var (run, index) in repeats.Runs.Select((run, index) => (run, index)).Where(r => r.index != repeats.Shown && r.run.Accounting.AllFailed > 0))
        {
            yield return new(NoteKind.Problem, $"run {index + 1} of {repeats.Count} had {Count(run.Accounting.AllFailed)} failed calls (in its measured window: {Failed(run.Accounting)})");
        }
    }

    /// <summary>A fault stage and what it did: the worst p99 against the one before, what was
    /// shed and how, and when the model recovered.</summary>
    private static Note Incident(Stats.Incident incident)
    {
        var shed = incident.ShedCount == 0 ? "nothing shed" : $"shed {Count(incident.ShedCount)} ({ByStatus(incident.Shed)})";
        var recovered = incident.RecoveredAfterS is { } after
            ? $"recovered {Number(after)} s after the fault ended"
            : "not recovered by the end of the window";
        var worst = incident.WorstP99Ms is { } w ? $"worst p99 {Number(w)} ms" : "no answer at all";
        var before = incident.BaselineP99Ms is { } b ? $" (before it {Number(b)} ms)" : "";
        return new(NoteKind.Comparison, $"incident, {incident.Stage} from {Number(incident.AtS)} s to {Number(incident.EndS)} s: {worst}{before}; {Count(incident.Ok)} answered, {shed}; {recovered}");
    }

    private static Note Caveat(string text) => new(NoteKind.Caveat, text);
}
