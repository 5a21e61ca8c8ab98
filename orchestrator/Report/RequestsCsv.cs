using System.Globalization;
using CsvHelper;
using Simul.Contracts.V1;
using Simul.Orchestrator.Load;

namespace Simul.Orchestrator.Report;

/// <summary>
/// requests.csv (--requests-csv): every call of every load, a row each: its row of the report and repetition,
/// which part of the load it was in (warm_up, measured, after_window, cut), when it was meant to be
/// sent, was sent and ended (µs from the load's first intended send), its latency, status and
/// trace, and the phases its worker reported (µs; empty without a reply).
/// </summary>
public static class RequestsCsv
{
    public static IReadOnlyList<string> Headers { get; } =
    [
        "scenario", "level", "model", "repetition", "window", "intended_us", "sent_us", "end_us", "latency_ms", "status", "trace_id",
        "queue_us", "spawn_us", "work_us", "wait_us", "ready_us", "lock_us", "worker_total_us",
    ];

    public static bool HasCalls(RunReport report) => report.EveryRun().Any(row => row.Model.Calls is not null);

    public static void Write(RunReport report, TextWriter writer)
    {
        using var csv = CsvWriter.Create(writer, options: null, leaveOpen: true);
        csv.WriteHeader([.. Headers]);
        foreach (var (scenario, run, model, repetition, _) in report.EveryRun().Where(row => row.Model.Calls is { Count: > 0 }))
        {
            var origin = model.Calls!.Min(c => c.IntendedUs);
            foreach (var call in model.Calls!)
            {
                csv.WriteRecord([
                    scenario.Name, run.Level?.ToString(CultureInfo.InvariantCulture) ?? "", model.Model, Us(repetition), ReportJson.EnumName(call.Window),
                    Us(call.IntendedUs - origin), Us(call.SentUs - origin), Us(call.EndUs - origin),
                    call.LatencyMs.ToString("0.###", CultureInfo.InvariantCulture), call.Outcome.Status, call.Outcome.TraceId ?? "",
                    .. Phases(call.Outcome.Reply?.Timing),
                ]);
            }
        }
    }

    private static string[] Phases(Timing? timing) => timing is null
        ? ["", "", "", "", "", "", ""]
        : [.. new[] { timing.QueueUs, timing.SpawnUs, timing.WorkUs, timing.WaitUs, timing.ReadyUs, timing.LockUs, timing.TotalUs }.Select(Us)];

    private static string Us(long us) => us.ToString(CultureInfo.InvariantCulture);
}
