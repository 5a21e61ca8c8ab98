using System.Globalization;
using Spectre.Console;

namespace Simul.Orchestrator.Report;

/// <summary>The comparison as tables on the terminal: one per scenario (and level of a sweep).</summary>
public static class ConsoleReport
{
    /// <summary>The phases columns are mean milliseconds per request, as the caption says.</summary>
    public static void Write(IAnsiConsole console, ScenarioResult scenario)
    {
        foreach (var run in scenario.Runs)
        {
            var title = run.Level is { } level ? $"{scenario.Name} at {scenario.SweepOf} {level.ToString(CultureInfo.InvariantCulture)}" : scenario.Name;
            var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(title)}[/]  [grey]{Markup.Escape(scenario.Load)}[/]");
            table.AddColumns("model", "ok/sent", "req/s", "p50 ms", "p99 ms", "max ms", "queue", "spawn", "work", "wait", "other", "threads", "children", "RSS MiB");
            foreach (var column in table.Columns.Skip(1))
            {
                column.RightAligned();
            }

            foreach (var m in run.Models)
            {
                table.AddRow(
                    Markup.Escape(m.Model),
                    m.Accounting.Failed == 0 ? $"{N(m.Accounting.Ok)}/{N(m.Accounting.Sent)}" : $"[red]{N(m.Accounting.Ok)}[/]/{N(m.Accounting.Sent)}",
                    F(m.ThroughputPerSecond),
                    F(m.Latency.P50),
                    F(m.Latency.P99),
                    F(m.Latency.Max),
                    F(m.MeanPhases.Queue),
                    F(m.MeanPhases.Spawn),
                    F(m.MeanPhases.Work),
                    F(m.MeanPhases.Wait),
                    F(m.MeanPhases.Other),
                    N(m.Resources.PeakThreads),
                    N(m.Resources.PeakChildProcesses),
                    F(m.Resources.PeakRssBytes / (1024.0 * 1024)));
            }

            table.Caption("[grey]queue, spawn, work, wait, other: mean ms per request; threads, children, RSS: the worker's peaks[/]");
            console.Write(table);
            foreach (var m in run.Models)
            {
                if (m.Story is { } story)
                {
                    console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                        $"  [bold]{Markup.Escape(m.Model)}[/]: one board after another {story.SequentialStoryHours:F1} h, as a simul {story.SimulStoryHours:F1} h: [bold]{story.Ratio:F1}x[/]"));
                }

                if (m.Accounting.Failed > 0)
                {
                    console.MarkupLine($"  [red]{Markup.Escape(m.Model)} failures:[/] {Markup.Escape(string.Join(", ", m.Accounting.ByStatus.Select(s => $"{s.Key} {s.Value}")))}");
                }

                if (m.LimitReason is { } reason)
                {
                    console.MarkupLine($"  [yellow]{Markup.Escape(m.Model)} stops here:[/] {Markup.Escape(reason)}");
                }
            }
        }
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string F(double value) => value.ToString(value >= 100 ? "F0" : "F1", CultureInfo.InvariantCulture);
}
