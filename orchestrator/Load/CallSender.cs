using System.Diagnostics;
using System.Text;
using Grpc.Core;
using Simul.Orchestrator.Scenario;
using Simul.Orchestrator.Targets;

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
            var reply = await connection.RunAsync(request.Item, new CallOptions(deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken));
            var status = request.Expect is { } expected && reply.Value != expected ? "WRONG_ANSWER" : CallOutcome.Ok;
            span?.SetTag("simul.status", status);
            counts?.Count(status == CallOutcome.Ok);
            return new CallOutcome(status, reply, traceId);
        }
        catch (RpcException e)
        {
            span?.SetStatus(ActivityStatusCode.Error, e.Status.Detail);
            counts?.Count(false);
            return new CallOutcome(StatusName(e.StatusCode), null, traceId);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            // Grpc.Net.Client reports most transport failures as UNAVAILABLE itself; the rest
            // (a resolver that throws, a handler torn down mid-call) count the same way.
            span?.SetStatus(ActivityStatusCode.Error, e.Message);
            counts?.Count(false);
            return new CallOutcome(StatusName(StatusCode.Unavailable), null, traceId);
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
