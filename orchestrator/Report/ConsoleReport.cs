using System.Globalization;
using Simul.Orchestrator.Scenario;
using Simul.Workloads.Accounting;
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
            var title = run.Level is { } level ? $"{scenario.Name} at {scenario.SweepOf.Word()} {level.ToString(CultureInfo.InvariantCulture)}" : scenario.Name;
            var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(title)}[/]  [grey]{Markup.Escape(scenario.Load)}[/]");
            // The summary table's columns a terminal has room for, a warning in colour.
            var columns = SummaryTable.Columns.Where(c => c.Console is not null).ToList();
            table.AddColumns([.. columns.Select(c => new TableColumn(Markup.Escape(c.Console!)) { Alignment = c.Numeric ? Justify.Right : Justify.Left })]);
            foreach (var m in run.Models)
            {
                table.AddRow([.. columns.Select(c => c.Warn?.Invoke(m) == true ? $"[{(c.Header == "ok" ? "red" : "yellow")}]{Markup.Escape(c.Cell(m))}[/]" : Markup.Escape(c.Cell(m)))]);
            }

            table.Caption("[grey]p50, p99: latency of OK calls, ms; queue..other: mean ms per request in each phase; threads, children, MiB (RSS + children's PSS): the worker's peaks[/]");
            console.Write(table);
            foreach (var m in run.Models)
            {
                foreach (var note in ModelNotes.For(m))
                {
                    console.MarkupLine($"  [bold]{Markup.Escape(m.Model)}[/] [{Color(note.Kind)}]{Markup.Escape(note.Text)}[/]");
                }
            }
        }
    }

    /// <summary>The talks' table at the end of the run, each cell from its measurements.</summary>
    public static void WriteTalkTable(IAnsiConsole console, RunReport report)
    {
        var talks = TalkTable.From(report);
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]The talks' table, measured[/]");
        table.AddColumns(["", .. talks.Columns]);
        foreach (var row in talks.Rows)
        {
            table.AddRow([Markup.Escape(row.Question), .. row.Cells.Select(Cell)]);
        }

        console.Write(table);
        foreach (var problem in talks.Problems)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(problem)}");
        }

        static string Cell(string text) => text == TalkTable.NotMeasured ? $"[grey]{Markup.Escape(text)}[/]" : Markup.Escape(text);
    }

    /// <summary>The thresholds' checks, a breach in red; nothing when the run has no thresholds.</summary>
    public static void WriteThresholds(IAnsiConsole console, RunReport report)
    {
        if (ThresholdTable.From(report) is not { } thresholds)
        {
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).Title("[bold]Thresholds[/]");
        table.AddColumns([.. ThresholdTable.Columns]);
        foreach (var row in thresholds.Rows)
        {
            table.AddRow([.. row.Cells.Select(c => row.Held ? Markup.Escape(c) : $"[red]{Markup.Escape(c)}[/]")]);
        }

        console.Write(table);
        foreach (var problem in thresholds.Problems)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(problem)}");
        }
    }

    /// <summary>Red for what failed or is far from its prediction, green for the comparisons a
    /// scenario exists for (the batch against one after another, the story), grey for the
    /// prediction, yellow for the rest.</summary>
    private static string Color(NoteKind kind) => kind switch
    {
        NoteKind.FarFromPrediction or NoteKind.Problem => "red",
        NoteKind.Comparison => "green",
        NoteKind.Prediction => "grey",
        _ => "yellow",
    };

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string F(double value) => value.ToString(value >= 100 ? "F0" : "F1", CultureInfo.InvariantCulture);
}
