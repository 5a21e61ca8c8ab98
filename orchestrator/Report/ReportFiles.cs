namespace Simul.Orchestrator.Report;

/// <summary>The report files, written side by side: report.json, report.md and report.html, and
/// the exports for other tools: figures.csv (every headline figure), latency.hlog (every row's
/// latency histogram, when the rows have them), timeline.csv (every run over time, when there are
/// open or closed loads) and requests.csv (every call, when asked for).</summary>
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

        List<string> written = [json, markdown, html, figures];
        if (LatencyLog.HasHistograms(report))
        {
            using var stream = File.Create(latency);
            LatencyLog.Write(report, stream);
            written.Add(latency);
        }

        if (TimelineCsv.HasTimelines(report))
        {
            var timeline = Path.Combine(directory, "timeline.csv");
            using var writer = new StreamWriter(timeline);
            TimelineCsv.Write(report, writer);
            written.Add(timeline);
        }

        if (RequestsCsv.HasCalls(report))
        {
            var requests = Path.Combine(directory, "requests.csv");
            using var writer = new StreamWriter(requests);
            RequestsCsv.Write(report, writer);
            written.Add(requests);
        }

        return written;
    }
}
