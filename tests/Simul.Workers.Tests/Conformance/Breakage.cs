using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Simul.Contracts.V1;

namespace Simul.Workers.Tests.Conformance;

/// <summary>
/// One rule a <see cref="BreakingProxy"/> breaks, and the checks that must catch it. The base
/// forwards everything unchanged: the caller's deadline, cancellation and trace context, every
/// status and every byte.
/// </summary>
public class Breakage
{
    public static Breakage None { get; } = new();

    /// <summary>Whether server reflection is forwarded.</summary>
    public virtual bool ServesReflection => true;

    public virtual Task<byte[]> OnCallAsync(string method, byte[] request, ServerCallContext context, Func<CallOptions, Task<byte[]>> forward) =>
        forward(Forward(context));

    public virtual string OnMetrics(string text) => text;

    /// <summary>The incoming call's deadline, cancellation and trace context, for the call to the worker.</summary>
    public static CallOptions Forward(ServerCallContext context)
    {
        var headers = new Metadata();
        foreach (var header in context.RequestHeaders.Where(h => h.Key is "traceparent" or "tracestate"))
        {
            headers.Add(header.Key, header.Value);
        }

        return new CallOptions(headers, context.Deadline == DateTime.MaxValue ? null : context.Deadline, context.CancellationToken);
    }

    /// <summary>A rule broken by changing the worker's replies to some methods (their full names
    /// end in one of <paramref name="methods"/>), or the status they end with.</summary>
    public sealed class Reply(string[] replaced, Func<byte[], byte[]>? reply = null, Func<StatusCode, StatusCode>? status = null) : Breakage
    {
        /// <summary>The three work methods, whose replies are WorkReply.</summary>
        public static readonly string[] Work = ["/Prime", "/Fetch", "/Steps"];

        public override async Task<byte[]> OnCallAsync(string method, byte[] request, ServerCallContext context, Func<CallOptions, Task<byte[]>> forward)
        {
            if (!replaced.Any(m => method.EndsWith(m, StringComparison.Ordinal)))
            {
                return await forward(Forward(context));
            }

            try
            {
                var answer = await forward(Forward(context));
                return reply is null ? answer : reply(answer);
            }
            catch (RpcException e) when (status is not null && status(e.StatusCode) != e.StatusCode)
            {
                throw new RpcException(new Status(status(e.StatusCode), "Exception was thrown by handler."));
            }
        }
    }

    /// <summary>Calls reach the worker without the caller's deadline and cancellation: its work goes on.</summary>
    public sealed class IgnoresTheCallersEnd : Breakage
    {
        public override Task<byte[]> OnCallAsync(string method, byte[] request, ServerCallContext context, Func<CallOptions, Task<byte[]>> forward) =>
            forward(new CallOptions(Forward(context).Headers));
    }

    /// <summary>The worker never hears of the caller's trace.</summary>
    public sealed class DropsTraceContext : Breakage
    {
        public override Task<byte[]> OnCallAsync(string method, byte[] request, ServerCallContext context, Func<CallOptions, Task<byte[]>> forward) =>
            forward(new CallOptions(deadline: context.Deadline == DateTime.MaxValue ? null : context.Deadline, cancellationToken: context.CancellationToken));
    }

    /// <summary>Health that says SERVING for any service, always, draining or not.</summary>
    public sealed class AlwaysServing : Breakage
    {
        public override Task<byte[]> OnCallAsync(string method, byte[] request, ServerCallContext context, Func<CallOptions, Task<byte[]>> forward) =>
            method.StartsWith("/grpc.health", StringComparison.Ordinal)
                ? Task.FromResult(new HealthCheckResponse { Status = HealthCheckResponse.Types.ServingStatus.Serving }.ToByteArray())
                : forward(Forward(context));
    }

    public sealed class NoReflection : Breakage
    {
        public override bool ServesReflection => false;
    }

    /// <summary>A /metrics without Simul's series (what a worker that registers them lazily shows idle, too).</summary>
    public sealed class NoSimulMetrics : Breakage
    {
        public override string OnMetrics(string text) =>
            string.Join('\n', text.Split('\n').Where(line => !line.Contains("simul_", StringComparison.Ordinal)));
    }

    public static byte[] Edit<T>(byte[] message, Google.Protobuf.MessageParser<T> parser, Action<T> change)
        where T : Google.Protobuf.IMessage<T>
    {
        var parsed = parser.ParseFrom(message);
        change(parsed);
        return parsed.ToByteArray();
    }
}
