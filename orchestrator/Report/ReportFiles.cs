namespace Simul.Orchestrator.Report;

/// <summary>The report files, written side by side: report.json, report.md and report.html, and
/// the exports for other tools: figures.csv (every headline figure) and latency.hlog (every row's
/// latency histogram, when the rows have them).</summary>
public static class ReportFiles
{
    public static IReadOnlyList<string> WriteAll(RunReport report, string directory)
    {
        Directory.CreateDirectory(directory);
        var json = Path.Combine(directory, "report.json");
        var markdown = Path.Combine(directory, "report.md");
        var html = Path.Combine(directory, "report.html");
        var figures = Path.Combine(directory, "figures.csv");
        var latency = Path.Combine(directory, "latency.hlog");
        ReportJson.Write(report, json);
        File.WriteAllText(markdown, MarkdownReport.Render(report));
        File.WriteAllText(html, HtmlReport.Render(report));
        using (var writer = new StreamWriter(figures))
        {
            FiguresCsv.Write(report, writer);
        }

        if (!LatencyLog.HasHistograms(report))
        {
            return [json, markdown, html, figures];
        }

        using (var stream = File.Create(latency))
        {
            LatencyLog.Write(report, stream);
        }

        return [json, markdown, html, figures, latency];
    }
}
