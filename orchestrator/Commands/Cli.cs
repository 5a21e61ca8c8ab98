using System.CommandLine;
using System.Globalization;
using Simul.Orchestrator.Load;
using Simul.Orchestrator.Local;
using Simul.Orchestrator.Scenario;
using Simul.Orchestrator.Targets;
using Spectre.Console;

namespace Simul.Orchestrator.Commands;

/// <summary>The `simul` command line: demo, run and sweep.</summary>
public static class Cli
{
    private static readonly string[] DefaultLocalModels = ["process", "threadpool", "async", "async-loop", "async-loop-blocking"];

    public static async Task<int> RunAsync(string[] args)
    {
        var scenarios = new Option<string[]>("--scenario")
        {
            Description = "A scenario file, or the name of one in orchestrator/scenarios (repeat for several). " +
                          $"Default: the comparison {string.Join(", ", ScenarioCatalog.DefaultComparison)}.",
        };
        var targets = new Option<string[]>("--target")
        {
            Description = "A running worker as MODEL=URL, e.g. async=http://127.0.0.1:5003, or MODEL=dapr://APP-ID to go " +
                          "through this machine's Dapr sidecar (DAPR_GRPC_PORT, default 50001). Repeat for each worker.",
        };
        var local = new Option<string?>("--local")
        {
            Description = "Instead of --target: start upstream and these models as local processes (comma-separated; " +
                          $"known: {string.Join(", ", LocalModel.All.Select(m => m.Name))}).",
        };
        var models = new Option<string>("--models")
        {
            Description = "The models demo starts locally (comma-separated).",
            DefaultValueFactory = _ => string.Join(",", DefaultLocalModels),
        };
        var output = new Option<string?>("--out") { Description = "Where to write report.json, report.md and report.html. Default: reports/<time>." };
        var jaeger = new Option<string?>("--jaeger-url")
        {
            Description = "Jaeger UI address for the report's trace links (when tracing is on: OTEL_EXPORTER_OTLP_ENDPOINT is set).",
            DefaultValueFactory = _ => "http://localhost:16686",
        };
        var levels = new Option<string?>("--levels") { Description = "Sweep levels, comma-separated: concurrencies (closed load) or rates (open load)." };
        var replicas = new Option<string?>("--replicas")
        {
            Description = "Local models only: start N replicas of each model and spread the calls over them (round_robin, as over a headless " +
                          "Service's pods). On sweep, several counts (1,2,4) sweep the replicas at the scenario's load.",
        };
        var settings = new Option<string[]>("--setting")
        {
            Description = "A setting of a local model, MODEL.NAME=VALUE (e.g. threadpool.PoolThreads=2000, process.MaxChildren=500, async.MaxInFlight=50000). Repeat for several.",
        };

        var demo = new Command("demo", "Start upstream and the workers locally, run the default comparison, print it, write the report, stop everything.")
        {
            models, scenarios, settings, replicas, output, jaeger,
        };
        demo.SetAction((parse, cancel) => Execute(parse, scenarios, [], Local(parse.GetValue(models), parse.GetValue(settings)), output, jaeger, null, replicas, cancel));

        var run = new Command("run", "Run scenarios against workers that are already running (compose, Kubernetes, another machine), or local ones.")
        {
            scenarios, targets, local, settings, replicas, output, jaeger,
        };
        run.SetAction((parse, cancel) => Execute(parse, scenarios, parse.GetValue(targets) ?? [], Local(parse.GetValue(local), parse.GetValue(settings)), output, jaeger, null, replicas, cancel));

        var sweep = new Command("sweep", "Run one scenario at a series of concurrencies or rates, for scaling curves.")
        {
            scenarios, targets, local, levels, settings, replicas, output, jaeger,
        };
        sweep.SetAction((parse, cancel) => Execute(parse, scenarios, parse.GetValue(targets) ?? [], Local(parse.GetValue(local), parse.GetValue(settings)), output, jaeger, parse.GetValue(levels), replicas, cancel));

        var root = new RootCommand("Simul: the same workload in three concurrency models, side by side, and where the time goes.") { demo, run, sweep };
        return await root.Parse(args).InvokeAsync();
    }

    private static async Task<int> Execute(ParseResult parse, Option<string[]> scenarioOption, string[] targetSpecs, Func<IReadOnlyList<LocalModel>> localModels,
        Option<string?> output, Option<string?> jaeger, string? levels, Option<string?> replicasOption, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Console;
        if (Console.IsOutputRedirected)
        {
            // Piped or logged (docker logs, CI): no terminal to measure, so do not wrap at 80 columns.
            console.Profile.Width = 160;
        }

        // A span per scenario and per call; the calls' trace ids link the report to Jaeger.
        using var telemetry = ClientTelemetry.Start();
        try
        {
            var names = parse.GetValue(scenarioOption) is { Length: > 0 } given ? given : [.. ScenarioCatalog.DefaultComparison];
            var replicaCounts = Split(parse.GetValue(replicasOption)).Select(r => int.TryParse(r, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 64
                ? n : throw new FormatException($"--replicas takes counts from 1 to 64 (e.g. 2, or 1,2,4 on sweep), got '{r}'")).ToList();
            var scenarios = names.Select(ScenarioCatalog.Load)
                .Select(s => levels is null ? s : WithLevels(s, levels))
                .Select(s => replicaCounts.Count > 1 ? s with { Sweep = (s.Sweep ?? new SweepSpec()).WithReplicas(replicaCounts) } : s)
                .ToList();
            var local = localModels();
            if (targetSpecs.Length == 0 && local.Count == 0)
            {
                throw new ArgumentException("name the workers: --target MODEL=URL (repeat), or --local MODELS");
            }

            if (replicaCounts.Count > 0 && local.Count == 0)
            {
                throw new ArgumentException("--replicas starts local replicas: give --local MODELS (or use demo)");
            }

            var settings = new ComparisonSettings(
                scenarios,
                [.. targetSpecs.Select(spec => Target.Parse(spec))],
                local,
                parse.GetValue(output) ?? Path.Combine("reports", DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)),
                parse.GetValue(jaeger),
                replicaCounts.Count == 1 ? replicaCounts[0] : 1);
            return await Comparison.RunAsync(settings, console, cancellationToken);
        }
        catch (Exception e) when (e is ScenarioException or FormatException or ArgumentException or FileNotFoundException or InvalidOperationException)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            console.MarkupLine("[yellow]cancelled: every local process was stopped.[/]");
            return 130;
        }
    }

    /// <summary>The scenario at other levels; every other rule of its sweep (error rate, memory
    /// budget, share of the ideal) stays as the file says.</summary>
    internal static Scenario.Scenario WithLevels(Scenario.Scenario scenario, string levels)
    {
        var values = Split(levels).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();
        var sweep = scenario.Sweep ?? new SweepSpec();
        var replaced = new SweepSpec
        {
            Rate = scenario.Load.Kind == LoadKind.Open ? values : [],
            Concurrency = scenario.Load.Kind == LoadKind.Open ? [] : [.. values.Select(v => (int)v)],
            MaxErrorRate = sweep.MaxErrorRate,
            MaxRssMb = sweep.MaxRssMb,
            MinIdealShare = sweep.MinIdealShare,
        };
        return scenario with { Sweep = replaced };
    }

    /// <summary>The named local models with their --setting MODEL.NAME=VALUE overrides; parsed
    /// when the command runs, so a mistake is reported like any other.</summary>
    private static Func<IReadOnlyList<LocalModel>> Local(string? names, string[]? settings) => () =>
    {
        var models = Split(names).Select(LocalModel.Named).ToList();
        foreach (var setting in settings ?? [])
        {
            var (model, name, value) = setting.Split('=', 2) is [var key, var v] && key.Split('.', 2) is [var m, var n]
                ? (m, n, v)
                : throw new FormatException($"a setting is MODEL.NAME=VALUE (e.g. threadpool.PoolThreads=2000), got '{setting}'");
            var index = models.FindIndex(m => m.Name == model);
            models[index >= 0 ? index : throw new ArgumentException($"--setting {setting}: no local model '{model}' is started")] = models[index].With(name, value);
        }

        return models;
    };

    private static string[] Split(string? list) =>
        list?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
