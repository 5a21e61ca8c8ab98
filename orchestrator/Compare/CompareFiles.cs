using System.Net;
using System.Text;
using Simul.Orchestrator.Report.Html;

namespace Simul.Orchestrator.Compare;

/// <summary>compare.md and compare.html (one offline page in the report's style).</summary>
public static class CompareFiles
{
    public static IReadOnlyList<string> WriteAll(CompareTable table, string directory)
    {
        Directory.CreateDirectory(directory);
        var markdown = Path.Combine(directory, "compare.md");
        var html = Path.Combine(directory, "compare.html");
        File.WriteAllText(markdown, Markdown(table));
        File.WriteAllText(html, Html(table));
        return [markdown, html];
    }

    public static string Markdown(CompareTable table)
    {
        var md = new StringBuilder("# Simul comparison\n\n");
        foreach (var note in table.Notes)
        {
            md.Append("- ").Append(Escape(note)).Append('\n');
        }

        md.Append('\n').Append("| ").Append(string.Join(" | ", table.Columns.Select(Escape))).Append(" |\n")
            .Append('|').Append(string.Concat(table.Columns.Select(_ => "---|"))).Append('\n');
        foreach (var row in table.Rows)
        {
            md.Append("| ").Append(string.Join(" | ", row.Select(Escape))).Append(" |\n");
        }

        return md.ToString();
    }

    public static string Html(CompareTable table)
    {
        var html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Simul comparison</title><style>")
            .Append(HtmlStyle.Css).Append("</style></head><body><header><h1>Simul comparison</h1>");
        foreach (var note in table.Notes)
        {
            html.Append($"<p class=\"muted\">{H(note)}</p>");
        }

        html.Append("</header><main><section class=\"scenario\"><div class=\"table\"><table class=\"summary\"><thead><tr>")
            .Append(string.Concat(table.Columns.Select(c => $"<th>{H(c)}</th>"))).Append("</tr></thead><tbody>");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>").Append(string.Concat(row.Select(c => $"<td>{H(c)}</td>"))).Append("</tr>");
        }

        return html.Append("</tbody></table></div></section></main></body></html>").ToString();
    }

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    private static string H(string text) => WebUtility.HtmlEncode(text);
}
