using System.Globalization;
using OpenTelemetry.Trace;

namespace Simul.Telemetry;

/// <summary>OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG, as the specification names them.
/// The default, parentbased_always_on, records every request whose caller records it.</summary>
public static class Samplers
{
    public static Sampler FromEnvironment(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var name = environment("OTEL_TRACES_SAMPLER")?.Trim().ToLowerInvariant() ?? "parentbased_always_on";
        var ratio = double.TryParse(environment("OTEL_TRACES_SAMPLER_ARG"), NumberStyles.Float, CultureInfo.InvariantCulture, out var r) ? Math.Clamp(r, 0, 1) : 1.0;
        return name switch
        {
            "always_on" => new AlwaysOnSampler(),
            "always_off" => new AlwaysOffSampler(),
            "traceidratio" => new TraceIdRatioBasedSampler(ratio),
            "parentbased_always_off" => new ParentBasedSampler(new AlwaysOffSampler()),
            "parentbased_traceidratio" => new ParentBasedSampler(new TraceIdRatioBasedSampler(ratio)),
            _ => new ParentBasedSampler(new AlwaysOnSampler()),
        };
    }
}
