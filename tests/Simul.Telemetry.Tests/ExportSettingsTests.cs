using OpenTelemetry.Exporter;
using Simul.Contracts.V1;
using Simul.Orchestrator.Local;
using Simul.Orchestrator.Scenario;
using Simul.OtlpReceiver;

namespace Simul.Telemetry.Tests;

/// <summary>The standard variables, read the way the specification says.</summary>
public class ExportSettingsTests
{
    [Fact]
    public void No_endpoint_means_no_export()
    {
        Assert.Null(OtlpEndpoint.For("traces", Env()));
    }

    [Fact]
    public void The_general_endpoint_serves_every_signal_over_grpc_by_default()
    {
        var endpoint = OtlpEndpoint.For("traces", Env(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317")));

        Assert.Equal(new OtlpEndpoint(new Uri("http://collector:4317"), OtlpExportProtocol.Grpc), endpoint);
    }

    [Fact]
    public void Over_http_protobuf_the_general_endpoint_gets_the_signal_path()
    {
        var environment = Env(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/"), ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"));

        Assert.Equal(new Uri("http://collector:4318/v1/traces"), OtlpEndpoint.For("traces", environment)!.Endpoint);
        Assert.Equal(new Uri("http://collector:4318/v1/metrics"), OtlpEndpoint.For("metrics", environment)!.Endpoint);
    }

    [Fact]
    public void A_signal_endpoint_is_used_as_given_with_its_own_protocol()
    {
        var environment = Env(
            ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://elsewhere:4317"),
            ("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "http://prometheus:9090/api/v1/otlp/v1/metrics"),
            ("OTEL_EXPORTER_OTLP_METRICS_PROTOCOL", "http/protobuf"));

        Assert.Equal(new OtlpEndpoint(new Uri("http://prometheus:9090/api/v1/otlp/v1/metrics"), OtlpExportProtocol.HttpProtobuf), OtlpEndpoint.For("metrics", environment));
        Assert.Equal(new OtlpEndpoint(new Uri("http://elsewhere:4317"), OtlpExportProtocol.Grpc), OtlpEndpoint.For("traces", environment));
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}

/// <summary>Traces configured only by the per-signal variables, as docker-compose.yml does.</summary>
public sealed class PerSignalVariables : TracedServices
{
    protected override IReadOnlyList<LocalModel> Models { get; } = [LocalModel.Named("async")];

    protected override IReadOnlyDictionary<string, string> ExportVariables(TraceReceiver receiver) => new Dictionary<string, string>
    {
        ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] = receiver.Address.ToString(),
        ["OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"] = "grpc",
    };
}

public class PerSignalExportTests(PerSignalVariables services) : IClassFixture<PerSignalVariables>
{
    [Fact]
    public async Task Spans_reach_the_traces_endpoint()
    {
        var outcome = await services.SendAsync("async", new PlannedRequest(new WorkItem { Prime = new PrimeRequest { Below = 3, WaitMs = 1 } }, 2));

        // Each process exports in its own batches: wait for both sides of the call.
        bool From(IReadOnlyList<OtlpReceiver.ReceivedSpan> all, string service) => all.Any(s => s.TraceId == outcome.TraceId && s.Service == service);
        var spans = await services.Receiver.WaitForAsync(all => From(all, "worker-async") && From(all, "orchestrator"), TimeSpan.FromSeconds(20));

        Assert.Contains(spans, s => s.TraceId == outcome.TraceId && s.Service == "orchestrator");
        Assert.Contains(spans, s => s.TraceId == outcome.TraceId && s.Service == "worker-async");
    }
}
