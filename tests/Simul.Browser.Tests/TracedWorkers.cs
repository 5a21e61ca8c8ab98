using Simul.Contracts.V1;
using Simul.Orchestrator.Load;
using Simul.Orchestrator.Local;
using Simul.Orchestrator.Scenario;
using Simul.Orchestrator.Targets;
using Simul.Telemetry;

using Simul.Tests.Shared;

namespace Simul.Browser.Tests;

/// <summary>
/// The standalone Aspire dashboard as `--dashboard` starts it, local workers (.NET's process
/// model, CPython's threads) and upstream exporting their traces to it (OTLP/gRPC, as the
/// dashboard's OTEL_* variables say), and this process's telemetry as the orchestrator's; one
/// Prime request to each, sent the orchestrator's way.
/// </summary>
public sealed class TracedWorkers : IAsyncLifetime
{
    public static readonly string[] Models = ["process", "python-threads"];

    private readonly TemporaryEnvironment _environment = new();
    private AspireDashboard? _dashboard;
    private LocalServices? _services;
    private SimulTelemetry? _telemetry;

    public AspireDashboard Dashboard => _dashboard!;

    /// <summary>The trace of each model's request.</summary>
    public Dictionary<string, string> TraceIds { get; } = [];

    public async Task InitializeAsync()
    {
        if (!HeadlessChromium.Installed)
        {
            return;
        }

        var logs = Path.Combine(Path.GetTempPath(), "simul-browser", "dashboard");
        _dashboard = await AspireDashboard.StartAsync(logs, _ => { }, CancellationToken.None);
        _environment.Set("OTEL_EXPORTER_OTLP_ENDPOINT", _dashboard.OtlpGrpc.ToString());
        _environment.Set("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc");
        _environment.Set("OTEL_BSP_SCHEDULE_DELAY", "200");
        _telemetry = ClientTelemetry.Start();
        _services = await LocalServices.StartAsync([.. Models.Select(LocalModel.Named)], logs, CancellationToken.None);
        var request = new PlannedRequest(new WorkItem { Prime = new PrimeRequest { Below = 1000, WaitMs = 20 } }, 997);
        foreach (var target in _services.Targets)
        {
            using var connection = target.Connect();
            var outcome = await new CallSender(connection, target.Model, TimeSpan.FromSeconds(30), default).SendAsync(request, CancellationToken.None);
            Assert.True(outcome.IsOk, outcome.Status);
            TraceIds[target.Model] = outcome.TraceId!;
        }
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

        _environment.Dispose();
    }
}
