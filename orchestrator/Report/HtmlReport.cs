using System.Globalization;
using System.Net;
using System.Text;
using Simul.Orchestrator.Report.Html;
using static Simul.Orchestrator.Report.ReportFormat;

namespace Simul.Orchestrator.Report;

/// <summary>
/// report.html: one self-contained page (inline style, inline SVG charts, no scripts, nothing
/// fetched), so it opens offline and can be mailed. Per scenario it leads with where each
/// model's time goes, then latency, the table, and the slowest requests.
/// </summary>
public static class HtmlReport
{
    public static string Render(RunReport report)
    {
        var palette = new Palette(report);
        var charts = new ReportCharts(palette);
        var tables = new HtmlTables(palette, report.TraceUrl);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Simul report</title><style>")
            .Append(HtmlStyle.Css).Append("</style></head><body>");
        Header(html, report);
        html.Append("<main>");
        for (var i = 0; i < report.Scenarios.Count; i++)
        {
            Scenario(html, report.Scenarios[i], Anchor(i), charts, tables);
        }

        TalkTableSection(html, report);
        ThresholdsSection(html, report);
        return html.Append("</main></body></html>").ToString();
    }

    /// <summary>The talks' comparison table, each cell from this run's measurements.</summary>
    private static void TalkTableSection(StringBuilder html, RunReport report)
    {
        var talks = TalkTable.From(report);
        html.Append("<section class=\"scenario\" id=\"talks-table\"><h2>The talks' table, measured</h2>")
            .Append("<p class=\"muted\">Processes, threads and async as the talks compare them, each cell filled from this run.</p>")
            .Append("<div class=\"table\"><table class=\"summary\"><thead><tr><th></th>")
            .Append(string.Concat(talks.Columns.Select(c => $"<th>{H(c)}</th>")))
            .Append("</tr></thead><tbody>");
        foreach (var row in talks.Rows)
        {
            html.Append($"<tr><td class=\"model\">{H(row.Question)}</td>");
            foreach (var cell in row.Cells)
            {
                html.Append(cell == TalkTable.NotMeasured ? $"<td class=\"wrap muted\">{H(cell)}</td>" : $"<td class=\"wrap\">{H(cell)}</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table></div>");
        foreach (var problem in talks.Problems)
        {
            html.Append($"<p class=\"error\"><strong>Error:</strong> {H(problem)}</p>");
        }

        html.Append("</section>");
    }

    /// <summary>The thresholds' checks, breaches first and marked; nothing when the run has none.</summary>
    private static void ThresholdsSection(StringBuilder html, RunReport report)
    {
        if (ThresholdTable.From(report) is not { } thresholds)
        {
            return;
        }

        html.Append("<section class=\"scenario\" id=\"thresholds\"><h2>Thresholds</h2>")
            .Append("<div class=\"table\"><table class=\"summary\"><thead><tr>")
            .Append(string.Concat(ThresholdTable.Columns.Select(c => $"<th>{H(c)}</th>")))
            .Append("</tr></thead><tbody>");
        foreach (var row in thresholds.Rows)
        {
            html.Append(row.Held ? "<tr>" : "<tr class=\"bad\">").Append(string.Concat(row.Cells.Select(c => $"<td>{H(c)}</td>"))).Append("</tr>");
        }

        html.Append("</tbody></table></div>");
        foreach (var problem in thresholds.Problems)
        {
            html.Append($"<p class=\"error\"><strong>Error:</strong> {H(problem)}</p>");
        }

        html.Append("</section>");
    }

    private static void Header(StringBuilder html, RunReport report)
    {
        var models = report.Scenarios.SelectMany(s => s.Runs).SelectMany(r => r.Models).ToList();
        var sent = models.Sum(m => m.Accounting.Sent + m.Accounting.WarmUp.Sent + m.Accounting.AfterWindow.Sent + m.Accounting.Preliminary.Sent + m.Accounting.Cut);
        var failed = models.Sum(m => m.Accounting.AllFailed);
        html.Append("<header><h1>Simul report</h1><p class=\"muted\">").Append(H(ReportFormat.Header(report))).Append("</p>")
            .Append(report.AllOk
                ? $"<p>All {Count(sent)} requests answered OK.</p>"
                : $"<p class=\"bad\">{Count(failed)} of {Count(sent)} requests failed.</p>")
            .Append("<nav>");
        for (var i = 0; i < report.Scenarios.Count; i++)
        {
            html.Append($"<a href=\"#{Anchor(i)}\">{H(report.Scenarios[i].Name)}</a>");
        }

        html.Append("<a href=\"#talks-table\">the talks' table</a>");
        if (report.Thresholds is { } thresholds)
        {
            html.Append($"<a href=\"#thresholds\"{(thresholds.Breached ? " class=\"bad\"" : "")}>thresholds{(thresholds.Breached ? ": breached" : "")}</a>");
        }


        // The phases are the report's vocabulary: said once here, coloured as in every chart.
        html.Append("</nav><div class=\"phases\"><strong>Where a request's time goes:</strong>");
        foreach (var (name, color, _) in Palette.PhaseColors)
        {
            html.Append($"<span><span class=\"swatch\" style=\"background:{color}\"></span><b>{name}</b> {PhaseMeaning(name)}</span>");
        }

        html.Append("</div></header>");
    }

    private static string PhaseMeaning(string phase) => phase switch
    {
        "queue" => "waiting for a thread, a process slot or the loop",
        "spawn" => "starting a child process",
        "work" => "computing on a CPU",
        "wait" => "sleeping or waiting on I/O",
        "ready" => "ready to run, waiting for a core (the thread's scheduler statistics)",
        "lock" => "waiting for the interpreter lock (CPython's GIL)",
        _ => "what no phase explains: ready but not running, a busy loop, transport",
    };

    private static void Scenario(StringBuilder html, ScenarioResult scenario, string anchor, ReportCharts charts, HtmlTables tables)
    {
        html.Append($"<section class=\"scenario\" id=\"{anchor}\"><h2>{H(scenario.Name)}</h2>")
            .Append($"<p>{H(scenario.Description)}</p><p class=\"muted\">Load: {H(scenario.Load)}</p>");
        if (scenario.Story is { } story)
        {
            html.Append($"<p class=\"muted\">The story: {H(StoryPremise(story))}</p>");
        }

        var sweep = scenario.SweepOf is not null;
        if (sweep)
        {
            html.Append("<div class=\"charts\">").Append(Figure("Throughput", charts.Throughput(scenario)));
            if (ReportCharts.HasMemoryPerRequest(scenario))
            {
                html.Append(Figure("Memory per request in flight", charts.MemoryPerRequest(scenario)));
            }

            html.Append("</div>");
        }

        foreach (var run in scenario.Runs)
        {
            if (LevelTitle(scenario, run) is { } title)
            {
                html.Append($"<h3>{H(title)}</h3>");
            }

            // The chess story's hours are the headline; the charts below explain them.
            tables.Story(html, run);
            Timelines(html, run);
            OverTime(html, scenario, run, charts);
            html.Append("<div class=\"charts\">")
                .Append(Figure("Where the time goes (mean per request)", charts.WhereTimeGoes(run)))
                .Append(Figure("Latency distribution", charts.Latency(run)))
                .Append("</div>");
            tables.Summary(html, run);
            Notes(html, run);
            // A sweep repeats this per level: there the slowest requests start folded away.
            tables.Slowest(html, run, open: !sweep);
        }

        html.Append("</section>");
    }

    /// <summary>What each model's figures mean (ModelNotes): the prediction and what binds, the
    /// batch against one after another, failures, where a sweep's curve ended and why.</summary>
    private static void Notes(StringBuilder html, LevelRun run)
    {
        var notes = run.Models.SelectMany(m => ModelNotes.For(m).Select(note => (m.Model, Note: note))).ToList();
        if (notes.Count == 0)
        {
            return;
        }

        html.Append("<ul class=\"notes\">");
        foreach (var (model, note) in notes)
        {
            var bad = note.Kind is NoteKind.FarFromPrediction or NoteKind.Problem;
            html.Append(bad ? "<li class=\"bad\">" : "<li>").Append($"<b>{H(model)}</b>: {H(note.Text)}</li>");
        }

        html.Append("</ul>");
    }

    /// <summary>A batch, every request in time, one timeline per model on a shared axis.</summary>
    private static void Timelines(StringBuilder html, LevelRun run)
    {
        var batches = run.Models.Where(m => m.Batch is { Requests.Count: > 0 }).ToList();
        if (batches.Count == 0)
        {
            return;
        }

        var axis = batches.SelectMany(m => m.Batch!.Requests).Max(r => r.StartMs + r.LatencyMs);
        html.Append("<details open><summary>Every request in time</summary><div class=\"timelines\">");
        foreach (var model in batches)
        {
            html.Append(Figure($"{model.Label}: all at once {Number(model.Batch!.MakespanMs)} ms, one after another {Number(model.Batch.OneAfterAnotherMs)} ms",
                Timeline.Render(model.Model, model.Batch.Requests, axis)));
        }

        html.Append("</div></details>");
    }

    /// <summary>Every model's run over time, bin by bin: answers and failures, the p99, requests in
    /// flight and queued, threads and child processes; the fault stages shaded on each.</summary>
    private static void OverTime(StringBuilder html, ScenarioResult scenario, LevelRun run, ReportCharts charts)
    {
        if (!run.Models.Any(m => m.Timeline is { Bins.Count: > 0 }))
        {
            return;
        }

        var staged = scenario.Faults.Count > 0 || scenario.RateStages.Count > 0;
        html.Append($"<details{(staged ? " open" : "")}><summary>The run over time</summary><div class=\"charts over-time\">")
            .AppendJoin("", charts.OverTime(run, scenario).Select(chart => Figure(chart.Title, chart.Svg)))
            .Append("</div></details>");
    }

    private static string Figure(string title, string svg) => $"<div><h4>{H(title)}</h4>{svg}</div>";

    /// <summary>Anchors by position: scenario names may hold anything an id may not.</summary>
    private static string Anchor(int index) => "scenario-" + (index + 1).ToString(CultureInfo.InvariantCulture);

    private static string H(string text) => WebUtility.HtmlEncode(text);
}
