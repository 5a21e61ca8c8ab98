using System.Diagnostics;
using System.Text;
using Simul.Grpc.Client;
using Simul.Grpc.Protocol;
using Simul.Orchestrator.Scenario;
using Simul.Orchestrator.Targets;

namespace Simul.Orchestrator.Load;

/// <summary>
/// Sends planned requests to one worker and turns every ending into a <see cref="CallOutcome"/>:
/// a call never disappears, whatever happens to it. Each call is the root of its own trace (so
/// Jaeger shows one trace per request), linked to the scenario's span.
/// </summary>
public sealed class CallSender(WorkerClient client, string model, TimeSpan timeout, ActivityContext scenarioSpan)
{
    public const string SourceName = "Simul.Orchestrator";
    internal static readonly ActivitySource Source = new(SourceName);

    /// <summary>What the orchestrator records: its calls, their gRPC client spans, and the HTTP
    /// spans under those (HttpClient makes one whenever a parent exists, and propagates its id,
    /// so leaving it out would cut every trace between the client and the worker).</summary>
    public static IReadOnlyList<string> TelemetrySources { get; } = [SourceName, Simul.Grpc.RpcTelemetry.SourceName, "System.Net.Http"];

    public async Task<CallOutcome> SendAsync(PlannedRequest request, CancellationToken cancellationToken)
    {
        var caller = Activity.Current;
        Activity.Current = null; // a new trace per call
        using var span = Source.StartActivity($"call {model}", ActivityKind.Internal, default(ActivityContext),
            links: scenarioSpan == default ? null : [new ActivityLink(scenarioSpan)]);
        Activity.Current = span ?? caller;
        var traceId = span?.TraceId.ToHexString();
        span?.SetTag("simul.model", model);
        span?.SetTag("simul.workload", request.Item.WorkloadCase.ToString().ToLowerInvariant());
        try
        {
            var reply = await client.RunAsync(request.Item, new CallOptions(timeout, cancellationToken));
            var status = request.Expect is { } expected && reply.Value != expected ? "WRONG_ANSWER" : CallOutcome.Ok;
            span?.SetTag("simul.status", status);
            return new CallOutcome(status, reply, traceId);
        }
        catch (RpcException e)
        {
            span?.SetStatus(ActivityStatusCode.Error, e.Detail);
            return new CallOutcome(StatusName(e.StatusCode), null, traceId);
        }
        finally
        {
            Activity.Current = caller;
        }
    }

    /// <summary>The status's name as the gRPC spec writes it: DeadlineExceeded -> DEADLINE_EXCEEDED.</summary>
    public static string StatusName(StatusCode code)
    {
        var name = code.ToString();
        if (code == StatusCode.OK)
        {
            return name;
        }

        var upper = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                upper.Append('_');
            }

            upper.Append(char.ToUpperInvariant(name[i]));
        }

        return upper.ToString();
    }
}
