namespace Simul.Orchestrator.Report;

/// <summary>The three report files, written side by side.</summary>
public static class ReportFiles
{
    public static IReadOnlyList<string> WriteAll(RunReport report, string directory)
    {
        Directory.CreateDirectory(directory);
        var json = Path.Combine(directory, "report.json");
        var markdown = Path.Combine(directory, "report.md");
        var html = Path.Combine(directory, "report.html");
        ReportJson.Write(report, json);
        File.WriteAllText(markdown, MarkdownReport.Render(report));
        File.WriteAllText(html, HtmlReport.Render(report));
        return [json, markdown, html];
    }
}
