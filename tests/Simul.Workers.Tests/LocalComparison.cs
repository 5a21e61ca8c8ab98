using Simul.Orchestrator.Commands;
using Simul.Orchestrator.Local;
using Simul.Orchestrator.Report;
using Spectre.Console;

namespace Simul.Workers.Tests;

/// <summary>A comparison as `simul run --local` makes it, quietly: the local models started,
/// the scenarios run, the report read back from its report.json.</summary>
public static class LocalComparison
{
    public static async Task<(int ExitCode, RunReport Report)> RunAsync(string name, IReadOnlyList<Orchestrator.Scenario.Scenario> scenarios, IReadOnlyList<LocalModel> models)
    {
        var output = Path.Combine(Path.GetTempPath(), "simul-tests", name);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null), Ansi = AnsiSupport.No });
        var exitCode = await Comparison.RunAsync(new ComparisonSettings(scenarios, [], models, output, null), console, CancellationToken.None);
        return (exitCode, ReportJson.Read(Path.Combine(output, "report.json")));
    }
}
