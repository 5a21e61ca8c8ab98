using System.Text;
using HdrHistogram;

namespace Simul.Orchestrator.Report;

/// <summary>
/// latency.hlog: every row's latency histogram in HdrHistogram's interval log format, one interval
/// per run of a row (its measured window), tagged as <see cref="RowRun.Tag"/> says, values in
/// microseconds, so HdrHistogram's own tools (HistogramLogProcessor, the plotters) can plot a
/// row's full distribution or merge rows (the Interval_Max column is in seconds: HdrHistogram
/// divides by a million, its convention for nanoseconds to milliseconds).
/// </summary>
public static class LatencyLog
{
    /// <summary>Whether any row has a histogram (a report read back from report.json has none).</summary>
    public static bool HasHistograms(RunReport report) => report.EveryRun().Any(row => row.Model.LatencyHistogram is not null);

    public static void Write(RunReport report, Stream output)
    {
        // HdrHistogram.NET writes the log as UTF-16 with a byte order mark (its StreamWriter's
        // choice); the format's other readers (Java's, Python's hdrh) read ASCII, so the log is
        // written as the ASCII it is.
        var utf16 = new MemoryStream();
        HistogramLogWriter.Write(utf16, report.StartedAt.UtcDateTime,
            [.. report.EveryRun().Where(row => row.Model.LatencyHistogram is not null).Select(row => Tagged(row.Model.LatencyHistogram!, row.Tag))]);
        output.Write(Encoding.ASCII.GetBytes(Encoding.Unicode.GetString(utf16.ToArray()).TrimStart('\uFEFF')));
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
