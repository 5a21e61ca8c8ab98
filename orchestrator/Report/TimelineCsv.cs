using System.Globalization;
using CsvHelper;

namespace Simul.Orchestrator.Report;

/// <summary>timeline.csv: every run over time (open and closed loads), a row per bin: its row of
/// the report and repetition, the bin's start in seconds from the measured window's start, the
/// calls answered OK and failed (with the failures by status, "STATUS:count;..."), the OK calls'
/// p50, p99 and max, and the worker then: in flight, queued, threads, children, memory bytes.</summary>
public static class TimelineCsv
{
    public static IReadOnlyList<string> Headers { get; } =
    [
        "scenario", "level", "model", "repetition", "from_s", "bin_s", "ok", "failed", "failed_by_status",
        "p50_ms", "p99_ms", "max_ms", "in_flight", "queued", "threads", "children", "memory_bytes",
    ];

    public static bool HasTimelines(RunReport report) => report.EveryRun().Any(row => row.Model.Timeline is { Bins.Count: > 0 });

    public static void Write(RunReport report, TextWriter writer)
    {
        using var csv = CsvWriter.Create(writer, options: null, leaveOpen: true);
        csv.WriteHeader([.. Headers]);
        foreach (var row in report.EveryRun().Where(row => row.Model.Timeline is { Bins.Count: > 0 }))
        {
            var timeline = row.Model.Timeline!;
            foreach (var bin in timeline.Bins)
            {
                csv.WriteRecord([
                    row.Scenario.Name, N(row.Run.Level), row.Model.Model, N(row.Repetition), N(bin.FromS), N(timeline.BinSeconds),
                    N(bin.Ok), N(bin.FailedCount), string.Join(";", bin.Failed.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}:{f.Value}")),
                    N(bin.P50Ms), N(bin.P99Ms), N(bin.MaxMs), N(bin.InFlight), N(bin.Queued), N(bin.Threads), N(bin.Children), N(bin.MemoryBytes),
                ]);
            }
        }
    }

    private static string N(double? value) => value?.ToString("0.###", CultureInfo.InvariantCulture) ?? "";
}
