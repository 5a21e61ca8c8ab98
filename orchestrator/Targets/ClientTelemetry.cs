using OpenTelemetry.Trace;
using Simul.Telemetry;

namespace Simul.Orchestrator.Targets;

/// <summary>
/// The orchestrator's traces: a <c>call MODEL</c> span per request (<see cref="Load.CallSender"/>)
/// and Grpc.Net.Client's client span under it, named by the RPC conventions
/// (<c>simul.v1.Worker/Prime</c>), which carries the context to the worker. The HTTP/2 request
/// beneath is not a span of its own (SuppressDownstreamInstrumentation), and health checks and
/// Describe polls are not traced at all.
/// </summary>
public static class ClientTelemetry
{
    public static SimulTelemetry Start() => SimulTelemetry.Start("orchestrator", [Load.CallSender.SourceName], [], tracing: tracing => tracing
        .AddGrpcClientInstrumentation(grpc =>
        {
            grpc.SuppressDownstreamInstrumentation = true;
            grpc.Filter = request => !TelemetryNoise.IsNoise(request.RequestUri?.AbsolutePath);
        }));
}
