using System.Text;
using Simul.Orchestrator.Scenario;
using Simul.Workloads.Accounting;
using static Simul.Orchestrator.Report.ReportFormat;

namespace Simul.Orchestrator.Report;

/// <summary>report.md: the numbers as tables, for a pull request or a terminal.</summary>
public static class MarkdownReport
{
    private const int MaxListedRequests = 50;

    public static string Render(RunReport report)
    {
        var md = new StringBuilder();
        md.AppendLine("# Simul report").AppendLine();
        md.AppendLine(Escape(Header(report))).AppendLine();
        if (!report.AllOk)
        {
            md.AppendLine("**Some requests failed**: see the failed column.").AppendLine();
        }

        Models(md, report);
        foreach (var scenario in report.Scenarios)
        {
            Scenario(md, scenario);
        }

        md.AppendLine("## The talks' table, measured").AppendLine();
        var talks = TalkTable.From(report);
        Table(md, ["", .. talks.Columns], talks.Rows.Select(r => (string[])[r.Question, .. r.Cells]), _ => false);
        foreach (var problem in talks.Problems)
        {
            md.AppendLine().AppendLine($"**Error:** {Escape(problem)}");
        }

        if (ThresholdTable.From(report) is { } thresholds)
        {
            md.AppendLine().AppendLine("## Thresholds").AppendLine();
            // The expression as code (it holds * and <), a breach in bold.
            Table(md, [.. ThresholdTable.Columns], thresholds.Rows.Select(r => (string[])[$"`{r.Cells[0]}`", .. r.Cells.Skip(1).SkipLast(1), r.Held ? r.Cells[^1] : $"**{r.Cells[^1]}**"]), i => i is 3 or 4);
            foreach (var problem in thresholds.Problems)
            {
                md.AppendLine().AppendLine($"**Error:** {Escape(problem)}");
            }
        }

        return md.ToString();
    }

    /// <summary>Each model once, with every setting and fact its worker reported (Describe).</summary>
    private static void Models(StringBuilder md, RunReport report)
    {
        var models = report.Scenarios.SelectMany(s => s.Runs).SelectMany(r => r.Models)
            .GroupBy(m => m.Label).Select(g => g.First()).ToList();
        if (models.Count == 0)
        {
            return;
        }

        md.AppendLine("Models:").AppendLine();
        foreach (var model in models)
        {
            var settings = string.Join(", ", model.Settings.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value}"));
            md.AppendLine($"- **{Escape(model.Label)}** at {Escape(model.Target)}: {Escape(settings)}");
        }

        md.AppendLine();
    }

    private static void Scenario(StringBuilder md, ScenarioResult scenario)
    {
        md.AppendLine($"## {Escape(scenario.Name)}").AppendLine();
        md.AppendLine(Escape(scenario.Description)).AppendLine();
        md.AppendLine($"Load: {Escape(scenario.Load)}").AppendLine();
        if (scenario.Story is { } story)
        {
            md.AppendLine($"The story: {Escape(StoryPremise(story))}").AppendLine();
        }

        if (scenario.SweepOf is not null)
        {
            Sweep(md, scenario);
        }

        foreach (var run in scenario.Runs)
        {
            if (LevelTitle(scenario, run) is { } title)
            {
                md.AppendLine($"### {Escape(title)}").AppendLine();
            }

            Table(md, [.. SummaryTable.Columns.Select(c => c.Header)], run.Models.Select(m => SummaryTable.Columns.Select(c => c.Cell(m)).ToArray()), i => SummaryTable.Columns[i].Numeric);
            Notes(md, run);
            Requests(md, run);
        }
    }

    /// <summary>Per model: what its figures mean (ModelNotes).</summary>
    private static void Notes(StringBuilder md, LevelRun run)
    {
        var notes = run.Models.SelectMany(m => ModelNotes.For(m).Select(note => $"{m.Model}: {note.Text}")).ToList();
        if (notes.Count > 0)
        {
            md.AppendLine();
        }

        foreach (var note in notes)
        {
            md.AppendLine($"- {Escape(note)}");
        }

        md.AppendLine();
    }

    /// <summary>A small batch's every request, per model: its answer, when it was sent, its
    /// phases, and where it ran (a larger batch is in report.json and drawn in report.html).</summary>
    private static void Requests(StringBuilder md, LevelRun run)
    {
        foreach (var model in run.Models.Where(m => m.Batch is { Requests.Count: > 0 and <= MaxListedRequests }))
        {
            md.AppendLine($"Requests of {Escape(model.Label)}:").AppendLine();
            Table(md, ["#", "status", "value", "sent at ms", "latency ms", .. PhaseNames.All.Select(p => p.Name()), "pid", "thread"],
                model.Batch!.Requests.Select(r => (string[])
                [
                    Count(r.Index), r.Status, r.Value is { } v ? Count(v) : "", Number(r.StartMs), Number(r.LatencyMs),
                    .. PhaseNames.All.Select(p => Number(r.Phases.Of(p))),
                    Count(r.Pid), Count(r.ThreadId),
                ]),
                i => i is not 1);
            md.AppendLine();
        }
    }

    /// <summary>The sweep at a glance, before the detail: per model and level, what it served
    /// against the ideal, its latency, what it cost, and where its curve ended and why.</summary>
    private static void Sweep(StringBuilder md, ScenarioResult scenario)
    {
        var rows = scenario.Runs.SelectMany(run => run.Models.Select(m => (run.Level, Model: m)))
            .OrderBy(r => r.Model.Model, StringComparer.Ordinal)
            .Select(r => new[]
            {
                r.Model.Label,
                r.Level is { } level ? Level(level) : "",
                Number(r.Model.ThroughputPerSecond),
                r.Model.IdealThroughputPerSecond is { } ideal and > 0 ? Percent(r.Model.ThroughputPerSecond / ideal) + "%" : "",
                r.Model.LittlesLawPerSecond is { } law ? Number(law) + (r.Model.LittlesLawDisagrees ? " (!)" : "") : "",
                SummaryTable.Predicted(r.Model.Prediction) is { Length: > 0 } predicted ? $"{predicted} ({r.Model.Prediction!.Limit})" : "",
                Number(r.Model.Latency.P50),
                Number(r.Model.Latency.P99),
                Failed(r.Model.Accounting),
                Count(r.Model.Resources.PeakThreads),
                Count(r.Model.Resources.PeakChildProcesses),
                MiB(r.Model.Resources.PeakMemoryBytes),
                r.Model.Resources.MemoryPerInFlight is { } perRequest ? Bytes(perRequest) : "",
                r.Model.Resources.MemorySlopePerInFlight is { } slope ? Bytes(slope) : "",
                r.Model.LimitReason ?? "",
            });
        md.AppendLine($"By {Escape(scenario.SweepOf.Word())}:").AppendLine();
        Table(md, ["model", scenario.SweepOf.Word(), "req/s", "of ideal", "Little's law/s", "predicted (bound by)", "p50 ms", "p99 ms", "failed",
            "peak threads", "peak children", "peak memory MiB", "memory per request", "slope from the level below", "curve ends: why"],
            rows, i => i is > 0 and < 14 and not 5 and not 8);
        md.AppendLine();
        PodsNeeded(md, scenario);
    }

    /// <summary>What an autoscaler would have to do at each level, computed from what one pod measured.</summary>
    private static void PodsNeeded(StringBuilder md, ScenarioResult scenario)
    {
        var rows = scenario.Runs.SelectMany(run => run.Models.Where(m => m.PodsNeeded is not null).Select(m => (run.Level, Model: m)))
            .OrderBy(r => r.Model.Model, StringComparer.Ordinal)
            .Select(r => new[]
            {
                r.Model.Label, r.Level is { } level ? Level(level) : "", Number(r.Model.PodsNeeded!.DemandPerSecond),
                Number(r.Model.PodsNeeded.PodCapacityPerSecond), r.Model.PodsNeeded.Limit, Count(r.Model.PodsNeeded.Pods),
            })
            .ToList();
        if (rows.Count == 0)
        {
            return;
        }

        md.AppendLine("Pods needed at 80% utilisation, from what one worker served here (its threads or child slots, its event loop, this machine's cores):").AppendLine();
        Table(md, ["model", scenario.SweepOf.Word(), "asked/s", "one pod serves/s", "bound by", "pods"], rows, i => i is not (0 or 4));
        md.AppendLine();
    }

    private static void Table(StringBuilder md, IReadOnlyList<string> headers, IEnumerable<IEnumerable<string>> rows, Func<int, bool> numeric)
    {
        md.AppendLine("| " + string.Join(" | ", headers.Select(Escape)) + " |");
        md.AppendLine("|" + string.Concat(headers.Select((_, i) => numeric(i) ? "---:|" : "---|")));
        foreach (var row in rows)
        {
            md.AppendLine("| " + string.Join(" | ", row.Select(Escape)) + " |");
        }
    }

    /// <summary>Names come from scenario files and targets: a pipe would split a table cell and
    /// a line break would end the row.</summary>
    private static string Escape(string text) =>
        text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
