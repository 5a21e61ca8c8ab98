using System.Diagnostics;
using System.Runtime.InteropServices;
using Simul.Orchestrator.Load;
using Simul.Orchestrator.Local;
using Simul.Orchestrator.Report;
using Simul.Orchestrator.Running;
using Simul.Orchestrator.Targets;
using Simul.Orchestrator.Thresholds;
using Spectre.Console;

namespace Simul.Orchestrator.Commands;

/// <summary>What one invocation compares: scenarios, against given targets or local models.</summary>
public sealed record ComparisonSettings(
    IReadOnlyList<Scenario.Scenario> Scenarios,
    IReadOnlyList<Target> Targets,
    IReadOnlyList<LocalModel> LocalModels,
    string OutDirectory,
    string? TraceUrl,
    int Replicas = 1,
    (string Path, RunReport Report)? Baseline = null,
    bool RequestsCsv = false,
    int Repeat = 1,
    Uri? Upstream = null,
    ClientRetries? Retries = null);

/// <summary>Runs the scenarios, prints each result as it comes, writes the report, and says
/// (by its exit code, <see cref="ExitCodes"/>) whether every request was answered right and
/// every threshold kept.</summary>
public static class Comparison
{
    public static async Task<int> RunAsync(ComparisonSettings settings, IAnsiConsole console, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(settings.OutDirectory);
        var targets = settings.Targets;
        LocalServices? local = null;
        try
        {
            if (settings.LocalModels.Count > 0)
            {
                console.MarkupLine($"Starting upstream and {settings.LocalModels.Count} workers locally: {Markup.Escape(string.Join(", ", settings.LocalModels.Select(m => m.Name)))}");
                local = await LocalServices.StartAsync(settings.LocalModels, Path.Combine(settings.OutDirectory, "logs"), cancellationToken, settings.Replicas);
                targets = local.Targets;
            }

            var started = DateTimeOffset.UtcNow;
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
            // Live on a terminal; a line now and then where the output is a pipe or a file (CI, logs).
            IRunProgress progress = console.Profile.Capabilities.Interactive && !Console.IsOutputRedirected
                ? new TerminalProgress(console)
                : new PlainProgress(line => console.MarkupLine($"[grey]{Markup.Escape(line)}[/]"));
            var runner = new ScenarioRunner(targets, SystemClock.Instance, progress, (IWorkerSource?)local ?? RunningElsewhere.Instance,
                new RunnerOptions(Environment.ProcessorCount, settings.RequestsCsv, settings.Repeat, local?.Upstream ?? settings.Upstream, settings.Retries));
            var results = new List<(ScenarioResult Result, IReadOnlyList<Threshold> Thresholds)>();
            foreach (var scenario in settings.Scenarios)
            {
                var result = await runner.RunAsync(scenario, cancellationToken);
                ConsoleReport.Write(console, result);
                results.Add((result, scenario.Thresholds));
            }

            var report = new RunReport(RunReport.CurrentSchemaVersion, started, ThisMachine(), settings.TraceUrl, [.. results.Select(r => r.Result)],
                new LoadGenerator(Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - cpuBefore, (DateTimeOffset.UtcNow - started).TotalSeconds),
                ThresholdCheck.Evaluate(results));
            ConsoleReport.WriteTalkTable(console, report);
            ConsoleReport.WriteThresholds(console, report);
            var files = ReportFiles.WriteAll(report, settings.OutDirectory);
            console.MarkupLine($"Report: {Markup.Escape(string.Join(", ", files))}");
            if (settings.Baseline is var (path, baseline))
            {
                CompareCommand.Show(console, Compare.ReportComparison.Of(baseline, path, report, settings.OutDirectory), settings.OutDirectory);
            }

            if (!report.AllOk)
            {
                console.MarkupLine("[red]Some requests failed or gave wrong answers: see the tables above.[/]");
            }

            return ExitCodes.Of(report);
        }
        finally
        {
            if (local is not null)
            {
                await local.DisposeAsync();
            }
        }
    }

    private static Machine ThisMachine() => new(
        Environment.ProcessorCount,
        GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription);
}
