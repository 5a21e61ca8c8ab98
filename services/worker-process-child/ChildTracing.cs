using System.Diagnostics.CodeAnalysis;

namespace Simul.WorkerChild;

/// <summary>
/// Whether this build of the child can trace. A child lives for one request, and a NativeAOT
/// program sets up the statics of every type it carries at each start, used or not: with the
/// OpenTelemetry SDK and its exporter linked in, a child that never traced paid for them on every
/// start. So the AOT child is published twice (services/worker-process): as is, for a worker that
/// exports traces, and with <c>ChildTracing=false</c>, which sets this feature switch off at
/// compile time; the compiler then drops the SDK as unreachable code.
/// </summary>
internal static class ChildTracing
{
    private const string Switch = "Simul.WorkerChild.Tracing";

    [FeatureSwitchDefinition(Switch)]
    public static bool IsSupported => !AppContext.TryGetSwitch(Switch, out var supported) || supported;
}
