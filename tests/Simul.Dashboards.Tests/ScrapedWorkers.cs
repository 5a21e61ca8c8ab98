using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Simul.Orchestrator.Local;
using Spectre.Console;

namespace Simul.Dashboards.Tests;

/// <summary>
/// Workers of every runtime (the four .NET models of k8s/, a CPython and a Node one) and upstream
/// as local processes, each serving /metrics on its HTTP/1.1
/// port, and a real Prometheus scraping them every second with job = the service name (as the
/// OTLP push names it), after a mixed load has run on every model; the load generator (this
/// process, as `--metrics-port` starts it) is scraped as job orchestrator.
/// </summary>
public sealed class ScrapedWorkers : IAsyncLifetime
{
    public const string PrometheusProgram = "/usr/bin/prometheus";
    private static readonly string[] ModelNames = ["process", "threadpool", "async", "async-loop", "python-asyncio", "node"];
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "simul-dashboards", Guid.NewGuid().ToString("N"));
    private LocalServices? _services;
    private Process? _prometheus;
    private Simul.Telemetry.SimulTelemetry? _loadGeneratorMetrics;

    public static bool Installed => File.Exists(PrometheusProgram);

    public Uri Prometheus { get; private set; } = null!;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    public LocalServices Services => _services!;

    /// <summary>The job (service) name of each local model, e.g. worker-async.</summary>
    public IReadOnlyList<string> Jobs { get; private set; } = [];

    /// <summary>The runtimes of the local models (dotnet, cpython, node), as worker.json names them.</summary>
    public IReadOnlyList<string> Runtimes { get; private set; } = [];

    public async Task InitializeAsync()
    {
        if (!Installed)
        {
            return;
        }

        var models = ModelNames
            .Select(name => LocalModel.Named(name).With("HealthUrl", $"http://127.0.0.1:{FreePorts.Next()}"))
            .ToList();
        _services = await LocalServices.StartAsync(models, Path.Combine(_directory, "logs"), CancellationToken.None);
        Jobs = [.. models.Select(m => "worker-" + m.Name)];
        Runtimes = [.. models.Select(m => m.Runtime).Distinct()];
        var loadGeneratorPort = FreePorts.Next();
        _loadGeneratorMetrics = Simul.Orchestrator.Targets.ClientTelemetry.Start(loadGeneratorPort);
        var scrape = models.Select(m => (Job: "worker-" + m.Name, Address: new Uri(m.Settings["HealthUrl"]).Authority))
            .Append((Job: "upstream", Address: _services.Upstream!.Authority))
            .Append((Job: "orchestrator", Address: $"127.0.0.1:{loadGeneratorPort}"));
        Prometheus = new Uri($"http://127.0.0.1:{FreePorts.Next()}");
        var config = Path.Combine(_directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, "global:\n  scrape_interval: 1s\nscrape_configs:\n" + string.Concat(scrape.Select(s =>
            $"  - job_name: {s.Job}\n    static_configs:\n      - targets: [\"{s.Address}\"]\n")));
        _prometheus = Process.Start(new ProcessStartInfo(PrometheusProgram,
            [$"--config.file={config}", $"--storage.tsdb.path={Path.Combine(_directory, "data")}", $"--web.listen-address={Prometheus.Authority}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _ = _prometheus.StandardOutput.ReadToEndAsync();
        _ = _prometheus.StandardError.ReadToEndAsync();

        await RunMixedLoadAsync();
        await WaitForAsync("up", result => result.GetArrayLength() == scrape.Count() && result.EnumerateArray().All(s => s.GetProperty("value")[1].GetString() == "1"));
        await WaitForAsync("count by (job) (simul_request_duration_seconds_count)", result => result.GetArrayLength() == Jobs.Count);
        await WaitForAsync("count by (simul_model) (simul_client_request_duration_seconds_count)", result => result.GetArrayLength() == Jobs.Count);
        await Task.Delay(TimeSpan.FromSeconds(3)); // a few more scrapes, so rates over them exist
    }

    public async Task DisposeAsync()
    {
        if (_prometheus is { HasExited: false })
        {
            _prometheus.Kill();
            await _prometheus.WaitForExitAsync();
        }

        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        _loadGeneratorMetrics?.Dispose();
        Http.Dispose();
    }

    /// <summary>An instant query; the result array of a successful answer.</summary>
    public async Task<JsonElement> QueryAsync(string promql)
    {
        var url = new Uri(Prometheus, "/api/v1/query?query=" + Uri.EscapeDataString(promql));
        using var response = await Http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        Assert.True(json.RootElement.GetProperty("status").GetString() == "success", $"{promql}: {body}");
        return json.RootElement.GetProperty("data").GetProperty("result").Clone();
    }

    /// <summary>mixed-load, shortened, on every model, while Prometheus scrapes.</summary>
    private async Task RunMixedLoadAsync()
    {
        var scenario = Simul.Orchestrator.Scenario.ScenarioLoader.Parse("""
            { "name": "mixed", "requests": [ { "prime": { "below": 1000, "wait_ms": 20 }, "expect": 997 },
                                             { "fetch": { "count": 1, "delay_ms": 50, "size_bytes": 4096 }, "expect": 4096 },
                                             { "steps": { "steps": 3, "work_us": 2000, "wait_us": 5000 }, "expect": 3 } ],
              "load": { "kind": "closed", "concurrency": 24, "duration_s": 4, "warmup_s": 1 } }
            """, "mixed");
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null), Ansi = AnsiSupport.No });
        await Simul.Orchestrator.Commands.Comparison.RunAsync(
            new Simul.Orchestrator.Commands.ComparisonSettings([scenario], Services.Targets, [], Path.Combine(_directory, "report"), null), console, CancellationToken.None);
    }

    private async Task WaitForAsync(string promql, Func<JsonElement, bool> ready)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                if (ready(await QueryAsync(promql)))
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                // Prometheus is still starting.
            }

            Assert.True(DateTime.UtcNow < deadline, $"Prometheus never answered {promql} as expected");
            await Task.Delay(500);
        }
    }

    internal static string Seconds(double seconds) => seconds.ToString(CultureInfo.InvariantCulture) + "s";
}

/// <summary>One stack and one Prometheus for every test here: they only read from it (the
/// trigger test's load ends before it asserts).</summary>
[CollectionDefinition(Name)]
public sealed class SharedScrapedWorkers : ICollectionFixture<ScrapedWorkers>
{
    public const string Name = "scraped workers";
}
