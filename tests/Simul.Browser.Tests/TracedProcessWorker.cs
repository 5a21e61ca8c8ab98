using Simul.Contracts.V1;
using Simul.Orchestrator.Load;
using Simul.Orchestrator.Local;
using Simul.Orchestrator.Scenario;
using Simul.Orchestrator.Targets;
using Simul.Telemetry;

namespace Simul.Browser.Tests;

/// <summary>
/// The standalone Aspire dashboard as `--dashboard` starts it, a local process-model worker and
/// upstream exporting their traces to it (OTLP/gRPC, as the dashboard's OTEL_* variables say), and
/// this process's telemetry as the orchestrator's; one Prime request sent the orchestrator's way.
/// </summary>
public sealed class TracedProcessWorker : IAsyncLifetime
{
    private readonly Dictionary<string, string?> _saved = [];
    private AspireDashboard? _dashboard;
    private LocalServices? _services;
    private SimulTelemetry? _telemetry;

    public AspireDashboard Dashboard => _dashboard!;

    public string TraceId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (!HeadlessChromium.Installed)
        {
            return;
        }

        var logs = Path.Combine(Path.GetTempPath(), "simul-browser", "dashboard");
        _dashboard = await AspireDashboard.StartAsync(logs, _ => { }, CancellationToken.None);
        Set("OTEL_EXPORTER_OTLP_ENDPOINT", _dashboard.OtlpGrpc.ToString());
        Set("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc");
        Set("OTEL_BSP_SCHEDULE_DELAY", "200");
        _telemetry = ClientTelemetry.Start();
        _services = await LocalServices.StartAsync([LocalModel.Named("process")], logs, CancellationToken.None);
        using var connection = _services.Targets[0].Connect();
        var request = new PlannedRequest(new WorkItem { Prime = new PrimeRequest { Below = 1000, WaitMs = 20 } }, 997);
        var outcome = await new CallSender(connection, "process", TimeSpan.FromSeconds(30), default).SendAsync(request, CancellationToken.None);
        Assert.True(outcome.IsOk, outcome.Status);
        TraceId = outcome.TraceId!;
    }

    public async Task DisposeAsync()
    {
        _telemetry?.Dispose();
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        if (_dashboard is not null)
        {
            await _dashboard.DisposeAsync();
        }

        foreach (var (name, value) in _saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    private void Set(string name, string value)
    {
        _saved[name] = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, value);
    }
}
