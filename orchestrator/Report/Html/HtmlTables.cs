using System.Net;
using System.Text;
using static Simul.Orchestrator.Report.ReportFormat;

namespace Simul.Orchestrator.Report.Html;

/// <summary>The report's tables as HTML: the summary per level, the chess story, the slowest requests.</summary>
internal sealed class HtmlTables(Palette palette, string? traceUrl)
{
    public void Summary(StringBuilder html, LevelRun run)
    {
        html.Append("<div class=\"table\"><table class=\"summary\"><thead><tr>");
        foreach (var column in SummaryTable.Columns)
        {
            html.Append(Cell("th", column.Header, column.Numeric));
        }

        html.Append("</tr></thead><tbody>");
        foreach (var model in run.Models)
        {
            html.Append(model.Accounting.Failed > 0 ? "<tr class=\"failed\">" : "<tr>").Append(ModelCell(model.Model, model.Label));
            foreach (var column in SummaryTable.Columns.Skip(1))
            {
                // The failed cell lists statuses: it may wrap rather than widen the table.
                var cell = column.Cell(model);
                html.Append(column.Numeric ? Cell("td", cell, true) : $"<td class=\"wrap\">{H(cell)}</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table></div>");
    }

    /// <summary>The chess simul per model: the sentence first, then the numbers behind it.</summary>
    public void Story(StringBuilder html, LevelRun run)
    {
        var told = run.Models.Where(m => m.Story is not null).ToList();
        if (told.Count == 0)
        {
            return;
        }

        html.Append("<h4>The chess story, in hours</h4><ul class=\"story\">");
        foreach (var model in told)
        {
            html.Append("<li>").Append(ModelName(model.Model)).Append(": ").Append(H(StorySentence(model.Story!))).Append("</li>");
        }

        html.Append("</ul><table class=\"story-numbers\"><thead><tr>")
            .Append(Cell("th", "model", false));
        foreach (var header in new[] { "one board's game (run s)", "one board after another (story h)", "simul (run s)", "simul (story h)", "ratio" })
        {
            html.Append(Cell("th", header, true));
        }

        html.Append("</tr></thead><tbody>");
        foreach (var model in told)
        {
            var story = model.Story!;
            html.Append("<tr>").Append(ModelCell(model.Model));
            foreach (var value in new[] { story.OneBoardRunSeconds, story.SequentialStoryHours, story.SimulRunSeconds, story.SimulStoryHours, story.Ratio })
            {
                html.Append(Cell("td", Number(value), true));
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table>");
    }

    /// <summary>The slowest requests of each model, each with its phases, linked to its trace
    /// in the trace UI (Jaeger, the Aspire dashboard) when the run had one.</summary>
    public void Slowest(StringBuilder html, LevelRun run, bool open)
    {
        var rows = run.Models.SelectMany(m => m.Slowest.Select(call => (m.Model, Call: call))).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        var longest = rows.Max(r => r.Call.LatencyMs);
        html.Append(open ? "<details open>" : "<details>")
            .Append("<summary>Slowest requests (").Append(Count(rows.Count)).Append(")</summary><div class=\"table\"><table class=\"slowest\"><thead><tr>")
            .Append(Cell("th", "model", false)).Append(Cell("th", "latency ms", true)).Append(Cell("th", "status", false))
            .Append(Cell("th", "where the time went", false));
        foreach (var (name, _, _) in Palette.PhaseColors)
        {
            html.Append(Cell("th", name + " ms", true));
        }

        html.Append(Cell("th", "pid", true)).Append(Cell("th", "trace", false)).Append("</tr></thead><tbody>");
        foreach (var (model, call) in rows)
        {
            html.Append("<tr>").Append(ModelCell(model))
                .Append(Cell("td", Number(call.LatencyMs), true)).Append(Cell("td", call.Status, false))
                .Append("<td>").Append(PhaseStrip.Render(call.Phases, call.LatencyMs / longest)).Append("</td>");
            foreach (var (_, _, of) in Palette.PhaseColors)
            {
                html.Append(Cell("td", Number(of(call.Phases)), true));
            }

            html.Append(Cell("td", call.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), true))
                .Append("<td>").Append(TraceLink(call.TraceId)).Append("</td></tr>");
        }

        html.Append("</tbody></table></div></details>");
    }

    /// <summary>A link to the trace only for an http(s) trace UI: the template comes from
    /// report.json, and a javascript: one must not become a link.</summary>
    private string TraceLink(string? traceId)
    {
        if (traceId is null || TraceLinks.Href(traceUrl, traceId) is not { } href)
        {
            return traceId is null ? "" : $"<code title=\"{H(traceId)}\">{H(Short(traceId))}</code>";
        }

        // The first 12 hex digits tell traces apart in a table; the link has the whole id.
        return $"<a href=\"{H(href)}\" title=\"{H(traceId)}\"><code>{H(Short(traceId))}</code></a>";
    }

    private static string Short(string traceId) => traceId.Length > 12 ? traceId[..12] + "\u2026" : traceId;

    private string ModelCell(string model, string? label = null) => $"<td class=\"model\">{ModelName(model, label)}</td>";

    private string ModelName(string model, string? label = null) =>
        $"<span class=\"swatch\" style=\"background:{palette.Model(model)}\"></span>{H(label ?? model)}";

    private static string Cell(string tag, string text, bool numeric) =>
        $"<{tag}{(numeric ? " class=\"num\"" : "")}>{H(text)}</{tag}>";

    private static string H(string text) => WebUtility.HtmlEncode(text);
}
