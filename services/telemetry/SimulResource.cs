using OpenTelemetry.Resources;

namespace Simul.Telemetry;

/// <summary>The resource every Simul process reports: its default service name, overridden by
/// OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES (read last, so they win).</summary>
public static class SimulResource
{
    public static ResourceBuilder Builder(string defaultServiceName) => Configure(ResourceBuilder.CreateEmpty(), defaultServiceName);

    public static ResourceBuilder Configure(ResourceBuilder builder, string defaultServiceName) => builder
        .Clear()
        .AddService(defaultServiceName)
        .AddTelemetrySdk()
        .AddEnvironmentVariableDetector();
}
