using System.CommandLine;
using System.Globalization;
using Simul.Orchestrator.Local;
using Simul.Orchestrator.Report;
using Simul.Orchestrator.Scenario;
using Simul.Orchestrator.Targets;
using Simul.Orchestrator.Thresholds;
using Spectre.Console;

namespace Simul.Orchestrator.Commands;

/// <summary>The `simul` command line: demo, run, sweep, compare and conform.</summary>
public static class Cli
{
    public static async Task<int> RunAsync(string[] args)
    {
        CliOptions options;
        try
        {
            options = new CliOptions();
        }
        catch (LocalStackException e)
        {
            // A broken services/*/worker.json: the options list the models it describes.
            Terminal.Console().MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return ExitCodes.Usage;
        }

        var demo = options.WithCommon(new Command("demo", "Start upstream and the workers locally, run the default comparison, print it, write the report, stop everything.")
        {
            options.Models, options.Runtimes, options.Scenarios,
        });
        demo.SetAction((parse, cancel) => ExecuteAsync(parse, options, DemoModels(parse, options), levels: false, cancel));

        var run = options.WithCommon(new Command("run", "Run scenarios against workers that are already running (compose, Kubernetes, another machine), or local ones.")
        {
            options.Scenarios, options.Targets, options.Local,
        });
        run.SetAction((parse, cancel) => ExecuteAsync(parse, options, parse.GetValue(options.Local), levels: false, cancel));

        var sweep = options.WithCommon(new Command("sweep", "Run one scenario at a series of concurrencies, rates or replica counts, for scaling curves.")
        {
            options.Scenarios, options.Targets, options.Local, options.Levels,
        });
        sweep.SetAction((parse, cancel) => ExecuteAsync(parse, options, parse.GetValue(options.Local), levels: true, cancel));

        var root = new RootCommand("Simul: the same workload in several concurrency models and runtimes, side by side, and where the time goes.")
        {
            demo, run, sweep, CompareCommand.Create(), Conform.Create(),
        };
        // Ctrl+C or SIGTERM cancels the run; stopping the local services (SIGTERM, then a kill
        // after 10 s) must not be cut short by the default 2 s the parser allows.
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });
    }

    private static async Task<int> ExecuteAsync(ParseResult parse, CliOptions options, string? localModels, bool levels, CancellationToken cancellationToken)
    {
        var console = Terminal.Console();

        var output = parse.GetValue(options.Output) ?? Path.Combine("reports", DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        AspireDashboard? dashboard = null;
        try
        {
            var settings = Settings(parse, options, localModels, levels, output);
            if (parse.GetValue(options.Dashboard))
            {
                if (settings.LocalModels.Count == 0)
                {
                    throw new ArgumentException("--dashboard shows the traces of local models: give --local MODELS (or use demo)");
                }

                dashboard = await AspireDashboard.StartAsync(Path.Combine(output, "logs"), line => console.MarkupLine($"[grey]{Markup.Escape(line)}[/]"), cancellationToken);
                // Every service exports there: the orchestrator's telemetry below, and the
                // services, which get this process's OTEL_* variables.
                Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT", dashboard.OtlpGrpc.ToString());
                Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc");
                settings = settings with { TraceUrl = dashboard.TraceUrlTemplate };
                console.MarkupLine($"[bold]dashboard:[/] {Markup.Escape(dashboard.Url.ToString())} (traces as they come in; it stays up after the run until Ctrl+C)");
            }

            // A span per scenario and per call; the calls' trace ids link the report to the trace UI.
            using var telemetry = ClientTelemetry.Start(parse.GetValue(options.MetricsPort));
            var exitCode = await Comparison.RunAsync(settings, console, cancellationToken);
            if (dashboard is not null)
            {
                await KeepUpUntilStoppedAsync(console, dashboard, cancellationToken);
            }

            return exitCode;
        }
        catch (Exception e) when (e is ScenarioException or FormatException or ArgumentException or FileNotFoundException or InvalidDataException or System.Text.Json.JsonException or LocalStackException)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException)
        {
            console.MarkupLine("[yellow]cancelled: every local process was stopped.[/]");
            return ExitCodes.Cancelled;
        }
        finally
        {
            if (dashboard is not null)
            {
                await dashboard.DisposeAsync();
            }
        }
    }

    private static ComparisonSettings Settings(ParseResult parse, CliOptions options, string? localModels, bool levels, string output)
    {
        var names = parse.GetValue(options.Scenarios) is { Length: > 0 } given ? given : [.. ScenarioCatalog.DefaultComparison];
        var replicaCounts = Split(parse.GetValue(options.Replicas)).Select(r => int.TryParse(r, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 64
            ? n : throw new FormatException($"--replicas takes counts from 1 to 64 (e.g. 2, or 1,2,4 on sweep), got '{r}'")).ToList();
        var levelList = levels ? parse.GetValue(options.Levels) : null;
        if (replicaCounts.Count > 1 && (!levels || levelList is not null))
        {
            throw new ArgumentException("several --replicas counts are a sweep of their own: use them on sweep, without --levels (run and demo take one count)");
        }

        var scenarios = names.Select(ScenarioCatalog.Load)
            .Select(s => levelList is null ? s : WithLevels(s, levelList))
            .Select(s => replicaCounts.Count > 1 ? SweepReplicas(s, replicaCounts) : s)
            .ToList();
        var local = Local(localModels, parse.GetValue(options.Settings));
        var targets = (parse.GetValue(options.Targets) ?? []).Select(spec => Target.Parse(spec)).ToList();
        if (targets.Count == 0 && local.Count == 0)
        {
            throw new ArgumentException("name the workers: --target MODEL=URL (repeat), or --local MODELS");
        }

        var thresholds = (parse.GetValue(options.Thresholds) ?? []).Select(Threshold.Parse).ToList();
        var models = local.Select(m => m.Name).Concat(targets.Select(t => t.Model)).ToHashSet();
        if (thresholds.FirstOrDefault(t => t.Model != "*" && !models.Contains(t.Model)) is { } stray)
        {
            throw new ArgumentException($"threshold '{stray.Expression}' names the model '{stray.Model}', which this run does not have ({string.Join(", ", models)})");
        }

        if (replicaCounts.Count > 0 && local.Count == 0)
        {
            throw new ArgumentException("--replicas starts local replicas: give --local MODELS (or use demo)");
        }

        var repeat = parse.GetValue(options.Repeat);
        if (repeat is < 1 or > 20)
        {
            throw new ArgumentException($"--repeat takes a count from 1 to 20, got {repeat}");
        }

        var retries = Retries(parse.GetValue(options.Retries), parse.GetValue(options.RetryOn));

        // The baseline is read before the run: a wrong path should not cost a whole run.
        var baseline = parse.GetValue(options.Baseline) is { } path ? (path, CompareCommand.Load(path)) : ((string, RunReport)?)null;
        return new ComparisonSettings([.. scenarios.Select(s => s with { Thresholds = [.. s.Thresholds, .. thresholds] })], targets, local, output,
            parse.GetValue(options.TraceUrl), replicaCounts.Count == 1 ? replicaCounts[0] : 1, baseline, parse.GetValue(options.RequestsCsv), repeat, parse.GetValue(options.Upstream), retries);
    }

    /// <summary>The retry policy of --retries and --retry-on, or none.</summary>
    private static ClientRetries? Retries(int retries, string? on)
    {
        if (retries is < 0 or > ClientRetries.MostRetries)
        {
            throw new ArgumentException($"--retries takes a count from 0 to {ClientRetries.MostRetries}, got {retries}");
        }

        if (retries == 0)
        {
            return on is null ? null : throw new ArgumentException("--retry-on needs --retries");
        }

        var statuses = on is null ? ClientRetries.DefaultOn : [.. Split(on).Select(name =>
            Enum.GetValues<Grpc.Core.StatusCode>().FirstOrDefault(s => s != Grpc.Core.StatusCode.OK && string.Equals(Load.CallSender.StatusName(s), name, StringComparison.OrdinalIgnoreCase)) is var status and not Grpc.Core.StatusCode.OK
                ? status
                : throw new ArgumentException($"--retry-on: '{name}' is not a gRPC status that fails a call (e.g. UNAVAILABLE, RESOURCE_EXHAUSTED)"))];
        return new ClientRetries(retries, statuses);
    }

    /// <summary>After the run, the dashboard stays up for looking, until Ctrl+C or SIGTERM.</summary>
    private static async Task KeepUpUntilStoppedAsync(IAnsiConsole console, AspireDashboard dashboard, CancellationToken cancellationToken)
    {
        console.MarkupLine($"[bold]dashboard[/] still at {Markup.Escape(dashboard.Url.ToString())}: Ctrl+C stops it.");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            console.MarkupLine("[grey]dashboard stopped.[/]");
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

    /// <summary>The scenario at its own load on each replica count; a batch has no steady load to
    /// hold while the replicas change, so it cannot be swept this way.</summary>
    private static Scenario.Scenario SweepReplicas(Scenario.Scenario scenario, List<int> counts) =>
        scenario.Load.Kind is LoadKind.Closed or LoadKind.Open
            ? scenario with { Sweep = (scenario.Sweep ?? new SweepSpec()).WithReplicas(counts) }
            : throw new ArgumentException($"--replicas {string.Join(',', counts)} sweeps a steady load; scenario '{scenario.Name}' is a {scenario.Load.Kind.ToString().ToLowerInvariant()} (give one count, or a closed or open scenario)");

    /// <summary>The named local models with their --setting MODEL.NAME=VALUE overrides.</summary>
    private static List<LocalModel> Local(string? names, string[]? settings)
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
    }

    /// <summary>--models as given, else the demo models of --runtimes (each service's worker.json
    /// marks them); by default those of every runtime this machine can run, saying which it cannot.</summary>
    private static string DemoModels(ParseResult parse, CliOptions options)
    {
        if (parse.GetValue(options.Models) is { Length: > 0 } models)
        {
            return models;
        }

        var runtimes = Split(parse.GetValue(options.Runtimes));
        var known = LocalModel.All.Select(m => m.Runtime).Distinct().ToList();
        if (runtimes.FirstOrDefault(r => r is not ("all" or "available") && !known.Contains(r)) is { } unknown)
        {
            throw new ArgumentException($"--runtimes: no worker description names the runtime '{unknown}'; known: {string.Join(", ", known)}, all, or available");
        }

        var demo = LocalModel.All.Where(m => m.InDemo && (runtimes.Contains("all") || runtimes.Contains("available") || runtimes.Contains(m.Runtime))).ToList();
        if (runtimes is ["available"])
        {
            var missing = demo.Select(m => m.Service).Distinct().Select(s => (Service: s, Why: s.Unavailable())).Where(s => s.Why is not null).ToList();
            foreach (var (_, why) in missing)
            {
                Terminal.Console().MarkupLine($"[yellow]left out:[/] {Markup.Escape(why!)}");
            }

            demo = [.. demo.Where(m => missing.All(s => s.Service != m.Service))];
        }

        return string.Join(",", demo.Select(m => m.Name));
    }

    private static string[] Split(string? list) =>
        list?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
