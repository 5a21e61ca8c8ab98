using System.CommandLine;
using Simul.Orchestrator.Local;
using Simul.Orchestrator.Report;
using Simul.Orchestrator.Stats;
using Simul.Orchestrator.Targets;
using Simul.Orchestrator.Thresholds;

namespace Simul.Orchestrator.Commands;

/// <summary>Every option of the three commands, each defined once.</summary>
internal sealed class CliOptions
{
    /// <summary>The command with the options demo, run and sweep all take, after its own.</summary>
    public Command WithCommon(Command command)
    {
        foreach (var option in (Option[])[Settings, Replicas, Repeat, Upstream, Retries, RetryOn, Thresholds, Baseline, RequestsCsv, Output, TraceUrl, Dashboard, MetricsPort])
        {
            command.Options.Add(option);
        }

        return command;
    }

    public Option<string[]> Scenarios { get; } = new("--scenario")
    {
        Description = "A scenario file, or the name of one in orchestrator/scenarios (repeat for several). " +
                      $"Default: the comparison {string.Join(", ", ScenarioCatalog.DefaultComparison)}.",
    };

    public Option<string[]> Targets { get; } = new("--target")
    {
        Description = "A running worker as MODEL=URL: http://HOST:PORT, dns:///NAME:PORT (every address of the name, round_robin), " +
                      "or dapr://APP-ID (this machine's Dapr sidecar: DAPR_GRPC_ENDPOINT, else DAPR_GRPC_PORT, default 50001). Repeat for each worker.",
    };

    public Option<string?> Local { get; } = new("--local")
    {
        Description = "Instead of --target: start upstream and these models as local processes (comma-separated; " +
                      $"known: {string.Join(", ", LocalModel.All.Select(m => m.Name))}).",
    };

    public Option<string?> Models { get; } = new("--models")
    {
        Description = "The models demo starts locally (comma-separated). Default: the demo models of --runtimes.",
    };

    public Option<string> Runtimes { get; } = new("--runtimes")
    {
        Description = "The runtimes whose demo models demo starts (comma-separated: " +
                      $"{string.Join(", ", LocalModel.All.Select(m => m.Runtime).Distinct())}; all; or available: every one this machine has the packages for).",
        DefaultValueFactory = _ => "available",
    };

    public Option<string?> Output { get; } = new("--out") { Description = "Where to write report.json, report.md and report.html. Default: reports/<time>." };

    public Option<string?> TraceUrl { get; } = new("--trace-url")
    {
        Description = "A trace's page in your trace UI, for the report's links, with {trace_id} where the id goes " +
                      "(when tracing is on: OTEL_EXPORTER_OTLP_ENDPOINT is set, or --dashboard).",
        DefaultValueFactory = _ => TraceLinks.Jaeger,
    };

    public Option<bool> Dashboard { get; } = new("--dashboard")
    {
        Description = "Local models: start the standalone Aspire dashboard (fetched from NuGet on first use), send every service's " +
                      "traces and metrics there, link the report to it, and keep it up after the run until Ctrl+C.",
    };

    public Option<int?> MetricsPort { get; } = new("--metrics-port")
    {
        Description = "Serve the load generator's own metrics at http://*:PORT/metrics while it runs (calls sent, in flight, their duration by status " +
                      "from send to end, late sends, per model; simul_client_*), for Prometheus to scrape beside the workers'. OTLP gets them where " +
                      "OTEL_EXPORTER_OTLP_(METRICS_)ENDPOINT is set.",
    };

    public Option<string?> Levels { get; } = new("--levels") { Description = "Sweep levels, comma-separated: concurrencies (closed load) or rates (open load)." };

    public Option<string?> Replicas { get; } = new("--replicas")
    {
        Description = "Local models only: start N replicas of each model and spread the calls over them (round_robin, as over a headless " +
                      "Service's pods). On sweep, several counts (1,2,4) sweep the replicas at the scenario's load.",
    };

    public Option<int> Repeat { get; } = new("--repeat")
    {
        Description = "Run each scenario, model and level N times (1 to 20), each run after the first on a fresh worker (local models; a --target is " +
                      "the same worker each time): the report keeps every run, shows each headline figure's median with its min and max, and flags " +
                      $"a figure whose range is wider than {FigureSpread.WideShare:P0} of its median; compare says \"within noise\" where two ranges overlap.",
        DefaultValueFactory = _ => 1,
    };

    public Option<Uri?> Upstream { get; } = new("--upstream")
    {
        Description = "Upstream's address (e.g. http://localhost:8081), for scenarios with upstream fault stages when the workers run elsewhere " +
                      "(--target); with --local, Simul starts upstream and knows it.",
    };

    public Option<int> Retries { get; } = new("--retries")
    {
        Description = $"Retry a failed call up to N more times (0 to {ClientRetries.MostRetries}), with gRPC's retry policy in the channel's service config: " +
                      "backoff from 50 ms, doubling, at most 1 s, within the call's deadline, no throttling. The report counts the attempts per call: " +
                      "the amplification the workers see.",
        DefaultValueFactory = _ => 0,
    };

    public Option<string?> RetryOn { get; } = new("--retry-on")
    {
        Description = "The statuses --retries retries (comma-separated gRPC names). Default: " +
                      string.Join(",", ClientRetries.DefaultOn.Select(Load.CallSender.StatusName)) + ".",
    };

    public Option<string[]> Thresholds { get; } = new("--threshold")
    {
        Description = $"A limit every scenario's rows must keep, {Threshold.Syntax} (repeat for several; a scenario file's \"thresholds\" add to them). " +
                      "Figures: " + string.Join(", ", ThresholdFigures.ByName.Keys) + ". A breach, or a threshold that checks no row, ends the run with exit code " +
                      $"{ExitCodes.ThresholdsBreached}; failed requests or wrong answers {ExitCodes.RequestsFailed}; a usage error {ExitCodes.Usage}.",
    };

    public Option<string?> Baseline { get; } = new("--baseline")
    {
        Description = "A report.json (or the folder holding one) to compare this run with as it finishes, as `compare BASELINE THIS-RUN` does; " +
                      "compare.md and compare.html go beside the report.",
    };

    public Option<bool> RequestsCsv { get; } = new("--requests-csv")
    {
        Description = "Also write requests.csv: every call of every load (warm-up, measured, after the window, cut), when it was meant to be sent, " +
                      "sent and answered, its status and the phases the worker reported; a batch's warm-up and one-after-another baseline are counted " +
                      "in the report, not listed. One row per call: large for long runs.",
    };

    public Option<string[]> Settings { get; } = new("--setting")
    {
        Description = "A setting of a local model, MODEL.NAME=VALUE (e.g. threadpool.PoolThreads=2000, process.MaxChildren=500, async.MaxInFlight=50000). Repeat for several.",
    };
}
