using System.Text;
using HdrHistogram;
using Simul.Orchestrator.Scenario;

namespace Simul.Orchestrator.Report;

/// <summary>
/// latency.hlog: every row's latency histogram in HdrHistogram's interval log format, one interval
/// per row (its measured window), tagged "scenario/model" or "scenario@level/model", values in
/// microseconds, so HdrHistogram's own tools (HistogramLogProcessor, the plotters) can plot a
/// row's full distribution or merge rows (the Interval_Max column is in seconds: HdrHistogram
/// divides by a million, its convention for nanoseconds to milliseconds).
/// </summary>
public static class LatencyLog
{
    /// <summary>Whether any row has a histogram (a report read back from report.json has none).</summary>
    public static bool HasHistograms(RunReport report) =>
        report.Scenarios.Any(s => s.Runs.Any(r => r.Models.Any(m => m.LatencyHistogram is not null)));

    public static void Write(RunReport report, Stream output)
    {
        // HdrHistogram.NET writes the log as UTF-16 with a byte order mark (its StreamWriter's
        // choice); the format's other readers (Java's, Python's hdrh) read ASCII, so the log is
        // written as the ASCII it is.
        var utf16 = new MemoryStream();
        HistogramLogWriter.Write(utf16, report.StartedAt.UtcDateTime, [.. report.Scenarios
            .SelectMany(s => s.Runs.SelectMany(r => r.Models.Where(m => m.LatencyHistogram is not null).Select(m => Tagged(m.LatencyHistogram!, Tag(s, r, m)))))]);
        output.Write(Encoding.ASCII.GetBytes(Encoding.Unicode.GetString(utf16.ToArray()).TrimStart('\uFEFF')));
    }

    /// <summary>An hlog tag may not hold a comma or a space (they delimit the line).</summary>
    public static string Tag(ScenarioResult scenario, LevelRun run, ModelResult model)
    {
        var level = run.Level is { } value ? $"@{value.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "";
        return $"{scenario.Name}{level}/{model.Model}".Replace(',', '_').Replace(' ', '_');
    }

    private static HistogramBase Tagged(HistogramBase histogram, string tag)
    {
        var copy = histogram.Copy();
        copy.StartTimeStamp = histogram.StartTimeStamp;
        copy.EndTimeStamp = histogram.EndTimeStamp;
        copy.Tag = tag;
        return copy;
    }
}
