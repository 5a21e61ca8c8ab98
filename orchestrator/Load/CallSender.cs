using System.Diagnostics;
using Grpc.Core;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;
using Simul.Orchestrator.Scenario;
using Simul.Orchestrator.Targets;
using Simul.Workloads;

namespace Simul.Orchestrator.Load;

/// <summary>
/// Sends planned requests to one worker and turns every ending into a <see cref="CallOutcome"/>:
/// a call never disappears, whatever happens to it (a gRPC status, a name that does not resolve,
/// a connection refused). Each call is the root of its own trace (so a trace UI shows one trace
/// per request), linked to the scenario's span: the call's client span, named by the RPC semantic
/// conventions (<c>simul.v1.Worker/Prime</c>), which the worker's server span continues. It is the
/// only span the call makes here: a span of the call with an RPC instrumentation's span under it
/// drew the same interval twice, and dropping one took the load generator's CPU per traced call
/// from 121 us to 110 at a fixed 5,000 a second
/// (docs/results/tracing-overhead-2026-12-02i-one-client-span/client-span-ab.txt).
/// </summary>
public sealed class CallSender(WorkerConnection connection, string model, TimeSpan timeout, ActivityContext scenarioSpan, Running.LiveCounts? counts = null)
{
    public const string SourceName = "Simul.Orchestrator";
    internal static readonly ActivitySource Source = new(SourceName);

    // Made once per sender, not per call: a load generator's own cost per call is taken from the
    // cores the models are measured on.
    private readonly string _model = model;
    private readonly ActivityLink[]? _links = scenarioSpan == default ? null : [new ActivityLink(scenarioSpan)];

    public async Task<CallOutcome> SendAsync(PlannedRequest request, CancellationToken cancellationToken)
    {
        var caller = Activity.Current;
        Activity.Current = null; // a new trace per call
        var method = WorkerConnection.MethodOf(request.Item);
        using var span = Source.StartActivity(method, ActivityKind.Client, default(ActivityContext), links: _links);
        Activity.Current = span ?? caller;
        var traceId = span?.TraceId.ToHexString();
        var workload = request.Item.WorkloadName();
        if (span is not null)
        {
            span.SetTag("rpc.system.name", "grpc").SetTag("rpc.method", method);
            if (connection.Server is { } server)
            {
                span.SetTag("server.address", server.Host).SetTag("server.port", server.Port);
            }

            span.SetTag("simul.model", _model).SetTag("simul.workload", workload);
        }

        var measured = LoadMetrics.Start(_model, workload);
        CallOutcome? outcome = null;
        try
        {
            outcome = await OutcomeAsync(request, span, traceId, cancellationToken);
            counts?.Count(outcome.IsOk);
            return outcome;
        }
        finally
        {
            measured.End(outcome?.Status ?? StatusName(StatusCode.Unknown));
            Activity.Current = caller;
        }
    }

    private async Task<CallOutcome> OutcomeAsync(PlannedRequest request, Activity? span, string? traceId, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await connection.RunAsync(request.Item, new CallOptions(TraceHeaders(span), DateTime.UtcNow + timeout, cancellationToken));
            var status = request.Expect is { } expected && reply.Value != expected ? "WRONG_ANSWER" : CallOutcome.Ok;
            span?.SetTag("rpc.response.status_code", CallOutcome.Ok).SetTag("simul.status", status);
            return new CallOutcome(status, reply, traceId);
        }
        catch (RpcException e)
        {
            // The conventions' client side: every status but OK is an error.
            span?.SetTag("rpc.response.status_code", StatusName(e.StatusCode)).SetStatus(ActivityStatusCode.Error, e.Status.Detail);
            return new CallOutcome(StatusName(e.StatusCode), null, traceId);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            // Grpc.Net.Client reports most transport failures as UNAVAILABLE itself; the rest
            // (a resolver that throws, a handler torn down mid-call) count the same way.
            span?.SetTag("rpc.response.status_code", StatusName(StatusCode.Unavailable)).SetStatus(ActivityStatusCode.Error, e.Message);
            return new CallOutcome(StatusName(StatusCode.Unavailable), null, traceId);
        }
    }

    /// <summary>The span's context for the worker, in the call's own headers (traceparent, and
    /// baggage when there is any), by the propagator the OpenTelemetry SDK sets up: the channel's
    /// HTTP handler propagates nothing of its own (<see cref="WorkerConnection.Open"/>).</summary>
    private static Metadata? TraceHeaders(Activity? span)
    {
        if (span is null)
        {
            return null;
        }

        var headers = new Metadata();
        Propagators.DefaultTextMapPropagator.Inject(new PropagationContext(span.Context, Baggage.Current), headers, static (metadata, key, value) => metadata.Add(key, value));
        return headers;
    }

    /// <summary>The status's name as the gRPC spec writes it: DeadlineExceeded -> DEADLINE_EXCEEDED.</summary>
    public static string StatusName(StatusCode code) => System.Text.Json.JsonNamingPolicy.SnakeCaseUpper.ConvertName(code.ToString());
}
