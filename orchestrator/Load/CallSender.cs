using System.Diagnostics;
using Grpc.Core;
using Simul.Orchestrator.Scenario;
using Simul.Orchestrator.Targets;
using Simul.Workloads;

namespace Simul.Orchestrator.Load;

/// <summary>
/// Sends planned requests to one worker and turns every ending into a <see cref="CallOutcome"/>:
/// a call never disappears, whatever happens to it (a gRPC status, a name that does not resolve,
/// a connection refused). Each call is the root of its own trace (so a trace UI shows one trace
/// per request), linked to the scenario's span.
/// </summary>
public sealed class CallSender(WorkerConnection connection, string model, TimeSpan timeout, ActivityContext scenarioSpan, Running.LiveCounts? counts = null)
{
    public const string SourceName = "Simul.Orchestrator";
    internal static readonly ActivitySource Source = new(SourceName);

    // Made once per sender, not per call: a load generator's own cost per call is taken from the
    // cores the models are measured on.
    private readonly string _model = model;
    private readonly string _spanName = $"call {model}";
    private readonly ActivityLink[]? _links = scenarioSpan == default ? null : [new ActivityLink(scenarioSpan)];

    public async Task<CallOutcome> SendAsync(PlannedRequest request, CancellationToken cancellationToken)
    {
        var caller = Activity.Current;
        Activity.Current = null; // a new trace per call
        using var span = Source.StartActivity(_spanName, ActivityKind.Internal, default(ActivityContext), links: _links);
        Activity.Current = span ?? caller;
        var traceId = span?.TraceId.ToHexString();
        var workload = request.Item.WorkloadName();
        span?.SetTag("simul.model", _model);
        span?.SetTag("simul.workload", workload);
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
            var reply = await connection.RunAsync(request.Item, new CallOptions(deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken));
            var status = request.Expect is { } expected && reply.Value != expected ? "WRONG_ANSWER" : CallOutcome.Ok;
            span?.SetTag("simul.status", status);
            return new CallOutcome(status, reply, traceId);
        }
        catch (RpcException e)
        {
            span?.SetStatus(ActivityStatusCode.Error, e.Status.Detail);
            return new CallOutcome(StatusName(e.StatusCode), null, traceId);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            // Grpc.Net.Client reports most transport failures as UNAVAILABLE itself; the rest
            // (a resolver that throws, a handler torn down mid-call) count the same way.
            span?.SetStatus(ActivityStatusCode.Error, e.Message);
            return new CallOutcome(StatusName(StatusCode.Unavailable), null, traceId);
        }
    }

    /// <summary>The status's name as the gRPC spec writes it: DeadlineExceeded -> DEADLINE_EXCEEDED.</summary>
    public static string StatusName(StatusCode code) => System.Text.Json.JsonNamingPolicy.SnakeCaseUpper.ConvertName(code.ToString());
}
