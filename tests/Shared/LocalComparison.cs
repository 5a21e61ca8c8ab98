using Simul.Orchestrator.Commands;
using Simul.Orchestrator.Local;
using Simul.Orchestrator.Report;
using Spectre.Console;

namespace Simul.Tests.Shared;

/// <summary>A comparison as `simul run --local` makes it: the local models started, the
/// scenarios run (each model <c>repeat</c> times), the report read back from its report.json; what it prints goes to
/// <paramref name="printed"/> (nowhere by default). Linked into each test project that runs one
/// (Compile Include), not copied.</summary>
internal static class LocalComparison
{
    public static async Task<(int ExitCode, RunReport Report)> RunAsync(
        string name, IReadOnlyList<Orchestrator.Scenario.Scenario> scenarios, IReadOnlyList<LocalModel> models, TextWriter? printed = null, string? traceUrl = null, int repeat = 1, Orchestrator.Targets.ClientRetries? retries = null)
    {
        var output = Path.Combine(Path.GetTempPath(), "simul-tests", name);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(printed ?? TextWriter.Null), Ansi = AnsiSupport.No });
        var exitCode = await Comparison.RunAsync(new ComparisonSettings(scenarios, [], models, output, traceUrl, Repeat: repeat, Retries: retries), console, CancellationToken.None);
        return (exitCode, ReportJson.Read(Path.Combine(output, "report.json")));
    }
}
