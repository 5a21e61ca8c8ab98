using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Simul.Telemetry;

namespace Simul.ServiceDefaults;

/// <summary>
/// <c>builder.AddSimulDefaults(...)</c> and <c>app.MapSimulDefaults()</c>: the telemetry and
/// health every Simul web service has. Traces: server spans (<see cref="ServerSpans"/>: a gRPC
/// service's named by the RPC conventions, e.g. <c>simul.v1.Worker/Prime</c>, an HTTP service's
/// by OpenTelemetry's ASP.NET Core instrumentation), HttpClient's client spans, and the
/// service's own sources; health probes, reflection, scrapes and Describe are left out
/// (<see cref="TelemetryNoise"/>). Metrics: the service's meters, ASP.NET Core's and
/// HttpClient's, the runtime's and the process's, served at <c>GET /metrics</c> for scraping.
/// Each signal is exported over OTLP only where the standard variables give it an endpoint
/// (<see cref="OtlpEndpoints"/>).
/// </summary>
public static class SimulDefaults
{
    public static WebApplicationBuilder AddSimulDefaults(
        this WebApplicationBuilder builder,
        Func<IServiceProvider, string> defaultServiceName,
        ServerSpans serverSpans,
        IReadOnlyList<string>? sources = null,
        IReadOnlyList<string>? meters = null)
    {
        builder.Services.AddHealthChecks();
        var endpoints = OtlpEndpoints.FromEnvironment();
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.Clear()
                .AddDetector(services => new DefaultServiceName(defaultServiceName(services)))
                .AddTelemetrySdk()
                .AddEnvironmentVariableDetector());
        if (endpoints.Traces is { } traces)
        {
            otel.WithTracing(tracing => (serverSpans == ServerSpans.GrpcCalls
                    ? tracing.AddSource(GrpcServerSpans.HostingSource).AddProcessor(new GrpcServerSpans())
                    : tracing.AddAspNetCoreInstrumentation(o => o.Filter = http => !TelemetryNoise.IsNoise(http.Request.Path.Value)))
                .AddHttpClientInstrumentation(o => o.FilterHttpRequestMessage = request => !TelemetryNoise.IsNoise(request.RequestUri?.AbsolutePath))
                .AddSource([.. sources ?? []])
                .AddOtlpExporter(traces.Apply));
        }

        // Metrics always: GET /metrics serves them for scraping whatever OTLP does, with the names
        // Prometheus 3's OTLP receiver gives the same metrics when they are pushed (dots to
        // underscores, the unit as a suffix, _total on counters), so one dashboard reads both.
        otel.WithMetrics(metering =>
        {
            metering
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddProcessInstrumentation()
                .AddMeter([.. meters ?? []])
                .AddPrometheusExporter();
            if (endpoints.Metrics is { } metrics)
            {
                metering.AddOtlpExporter(metrics.Apply);
            }
        });
        return builder;
    }

    /// <summary><c>GET /healthz</c>: the service's health checks over plain HTTP, for probes that
    /// speak HTTP/1.1 (upstream's, and a worker's health port); <c>GET /metrics</c>: Prometheus
    /// text exposition, for scrapers (on the same HTTP/1.1 port: Prometheus does not speak h2c).</summary>
    public static WebApplication MapSimulDefaults(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions());
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    /// <summary>service.name (and a service.instance.id) when OTEL_SERVICE_NAME does not say otherwise.</summary>
    private sealed class DefaultServiceName(string name) : IResourceDetector
    {
        public Resource Detect() => ResourceBuilder.CreateEmpty().AddService(name).Build();
    }
}
