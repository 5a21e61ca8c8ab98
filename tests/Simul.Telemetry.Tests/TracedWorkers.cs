using Simul.Orchestrator.Load;
using Simul.Orchestrator.Local;
using Simul.Orchestrator.Scenario;
using Simul.Orchestrator.Targets;
using Simul.OtlpReceiver;
using Simul.Telemetry;

using Simul.Tests.Shared;

namespace Simul.Telemetry.Tests;

/// <summary>
/// Workers of each model and upstream, started locally with the standard OTEL_* variables
/// pointing at an in-test OTLP receiver, and the orchestrator's own telemetry in this process.
/// </summary>
public abstract class TracedServices : IAsyncLifetime
{
    private readonly TemporaryEnvironment _environment = new();
    private LocalServices? _services;
    private SimulTelemetry? _telemetry;

    public TraceReceiver Receiver { get; private set; } = null!;

    public IReadOnlyList<Target> Targets => _services!.Targets;

    protected abstract IReadOnlyList<LocalModel> Models { get; }

    /// <summary>Where the services export to; by default the receiver.</summary>
    protected virtual string Endpoint(TraceReceiver receiver) => receiver.Address.ToString();

    /// <summary>How the endpoint is given: the general variables by default.</summary>
    protected virtual IReadOnlyDictionary<string, string> ExportVariables(TraceReceiver receiver) => new Dictionary<string, string>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Endpoint(receiver),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc",
    };

    public async Task InitializeAsync()
    {
        Receiver = await TraceReceiver.StartAsync();
        foreach (var (name, value) in ExportVariables(Receiver))
        {
            _environment.Set(name, value);
        }

        _environment.Set("OTEL_TRACES_SAMPLER", "always_on");
        _environment.Set("OTEL_BSP_SCHEDULE_DELAY", "200");
        _telemetry = ClientTelemetry.Start();
        _services = await LocalServices.StartAsync(Models, Path.Combine(Path.GetTempPath(), "simul-tests", GetType().Name), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        _telemetry?.Dispose();
        _environment.Dispose();

        await Receiver.DisposeAsync();
    }

    /// <summary>Sends one request the way the orchestrator does and requires it to succeed; its
    /// outcome carries the trace id.</summary>
    public async Task<CallOutcome> SendAsync(string model, PlannedRequest request)
    {
        var outcome = await SendAnyAsync(model, request);
        Assert.True(outcome.IsOk, $"{model}: {outcome.Status}");
        return outcome;
    }

    /// <summary>Sends one request the way the orchestrator does, whatever its ending.</summary>
    public async Task<CallOutcome> SendAnyAsync(string model, PlannedRequest request)
    {
        var target = Targets.Single(t => t.Model == model);
        using var client = target.Connect();
        return await new CallSender(client, model, TimeSpan.FromSeconds(30), default).SendAsync(request, CancellationToken.None);
    }
}

public sealed class TracedModels : TracedServices
{
    /// <summary>One model of each concurrency family and runtime.</summary>
    public static readonly IReadOnlyList<string> Names = ["process", "threadpool", "async", "python-threads", "node"];

    protected override IReadOnlyList<LocalModel> Models { get; } = [.. Names.Select(LocalModel.Named)];
}
