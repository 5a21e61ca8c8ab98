using System.CommandLine;
using Simul.Orchestrator.Conformance;
using Simul.Orchestrator.Local;
using Simul.Orchestrator.Targets;
using Spectre.Console;

namespace Simul.Orchestrator.Commands;

/// <summary>`simul conform`: the conformance suite against one worker, a check a line; exit code
/// 0 when none failed, 1 when one did, 2 for bad input.</summary>
internal static class Conform
{
    private static readonly Option<string?> Target = new("--target")
    {
        Description = "A running worker's gRPC address, http://HOST:PORT (any runtime).",
    };

    private static readonly Option<string?> Metrics = new("--metrics")
    {
        Description = "Where that worker serves Prometheus metrics, e.g. http://HOST:PORT/metrics (its HealthUrl); without it the metrics checks are skipped.",
    };

    private static readonly Option<string?> Local = new("--local")
    {
        Description = "Instead of --target: start this local model (and upstream) with small limits, a drain delay and a metrics port, " +
                      $"so every check can run, the stop included (known: {string.Join(", ", LocalModel.All.Select(m => m.Name))}).",
    };

    private static readonly Option<string?> Only = new("--check") { Description = "Only the checks whose name contains this text." };

    public static Command Create()
    {
        var command = new Command("conform", "Check that a worker serves the simul.v1 contract as every Simul worker must, whatever its runtime: " +
                                             "answers, timing, bad input, overload, deadlines, cancellation, health, reflection, metrics, traces, Describe, a graceful stop.")
        {
            Target, Metrics, Local, Only,
        };
        command.SetAction((parse, cancel) => RunAsync(parse, cancel));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var console = Terminal.Console();
        try
        {
            var (target, local) = (parse.GetValue(Target), parse.GetValue(Local));
            if ((target is null) == (local is null))
            {
                throw new ArgumentException("give one of --target URL or --local MODEL");
            }

            await using var started = local is null ? null
                : await LocalConformance.StartAsync(LocalModel.Named(local), Path.Combine(Path.GetTempPath(), "simul-conform", local), traces: null, cancellationToken);
            using var given = target is null ? null
                : new ConformanceContext(Targets.Target.Parse($"worker={target}"), parse.GetValue(Metrics) is { } m ? new Uri(m) : null);
            var context = started?.Context ?? given!;
            if (started is not null)
            {
                console.MarkupLine($"[grey]{Markup.Escape(local!)} started at {Markup.Escape(context.Target.Address)} (logs in {Markup.Escape(Path.Combine(Path.GetTempPath(), "simul-conform", local!))})[/]");
            }

            var only = parse.GetValue(Only);
            var results = await ConformanceSuite.RunAsync(context, (check, result) => Tell(console, check, result),
                only is null ? null : check => check.Name.Contains(only, StringComparison.OrdinalIgnoreCase));
            var failed = results.Count(r => r.Result.Outcome == CheckOutcome.Failed);
            console.MarkupLine($"{results.Count} checks: {results.Count(r => r.Result.Outcome == CheckOutcome.Passed)} passed, " +
                               $"{(failed > 0 ? $"[red]{failed} failed[/]" : "0 failed")}, {results.Count(r => r.Result.Outcome == CheckOutcome.Skipped)} skipped");
            return failed > 0 ? 1 : 0;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException or LocalStackException)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return ExitCodes.Usage;
        }
    }

    private static void Tell(IAnsiConsole console, Check check, CheckResult result)
    {
        var (word, color) = result.Outcome switch
        {
            CheckOutcome.Passed => ("PASS", "green"),
            CheckOutcome.Failed => ("FAIL", "red"),
            _ => ("SKIP", "grey"),
        };
        var detail = result.Detail.Length > 0 ? $" [grey]({Markup.Escape(result.Detail)})[/]" : "";
        console.MarkupLine($"[{color}]{word}[/] {Markup.Escape(check.Name)}{detail}");
    }
}
