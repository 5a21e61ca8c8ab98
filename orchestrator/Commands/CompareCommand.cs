using System.CommandLine;
using Simul.Orchestrator.Compare;
using Simul.Orchestrator.Report;
using Spectre.Console;

namespace Simul.Orchestrator.Commands;

/// <summary>`simul compare BEFORE AFTER`, and `--baseline` on demo, run and sweep: two reports
/// side by side on the console, in compare.md and compare.html.</summary>
internal static class CompareCommand
{
    private static readonly Argument<string> Before = new("before") { Description = "A report.json, or the folder holding one: the baseline." };

    private static readonly Argument<string> After = new("after") { Description = "A report.json, or the folder holding one: what changed." };

    private static readonly Option<string?> Output = new("--out") { Description = "Where to write compare.md and compare.html. Default: reports/compare-<time>." };

    public static Command Create()
    {
        var command = new Command("compare", "Compare two reports (two commits, two settings, two runtimes, two machines): per scenario, level and model, " +
                                             "throughput, p50, p99, makespan, memory per request and the share of the prediction, before and after.")
        {
            Before, After, Output,
        };
        command.SetAction(parse =>
        {
            var console = Terminal.Console();
            try
            {
                var (before, after) = (parse.GetValue(Before)!, parse.GetValue(After)!);
                var output = parse.GetValue(Output) ?? Path.Combine("reports", "compare-" + DateTime.Now.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture));
                Show(console, ReportComparison.Of(Load(before), before, Load(after), after), output);
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or InvalidDataException or System.Text.Json.JsonException)
            {
                console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
                return ExitCodes.Usage;
            }
        });
        return command;
    }

    /// <summary>A report.json, or a folder holding one.</summary>
    public static RunReport Load(string path)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, "report.json") : path;
        return File.Exists(file) ? ReportJson.Read(file) : throw new FileNotFoundException($"no report at {file}: give a report.json or the folder holding one", file);
    }

    public static void Show(IAnsiConsole console, ReportComparison comparison, string directory)
    {
        var compared = CompareTable.From(comparison);
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]Before and after[/]");
        table.AddColumns([.. compared.Columns.Select(Markup.Escape)]);
        foreach (var row in compared.Rows)
        {
            table.AddRow([.. row.Select(Markup.Escape)]);
        }

        console.Write(table);
        foreach (var note in compared.Notes)
        {
            console.MarkupLine($"[grey]{Markup.Escape(note)}[/]");
        }

        console.MarkupLine($"Comparison: {Markup.Escape(string.Join(", ", CompareFiles.WriteAll(compared, directory)))}");
    }
}
