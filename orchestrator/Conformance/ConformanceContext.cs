using System.Diagnostics;
using Grpc.Core;
using Simul.Contracts.V1;
using Simul.Orchestrator.Targets;

namespace Simul.Orchestrator.Conformance;

/// <summary>What the suite can reach of one worker: its gRPC address; where it serves /metrics,
/// if known; a way to send it SIGTERM and see it exit, when the suite started it; and a trace
/// collector its spans go to, when there is one.</summary>
public sealed class ConformanceContext(Target target, Uri? metrics = null, IStoppableWorker? process = null, ITraceCollector? traces = null) : IDisposable
{
    private readonly WorkerConnection _connection = target.Connect();

    public Target Target { get; } = target;

    public Worker.WorkerClient Client => _connection.Client;

    public CallInvoker Invoker => _connection.Invoker;

    public Uri? Metrics { get; } = metrics;

    public IStoppableWorker? Process { get; } = process;

    public ITraceCollector? Traces { get; } = traces;

    public static CallOptions Within(TimeSpan timeout, Metadata? headers = null, CancellationToken cancellationToken = default) =>
        new(headers, DateTime.UtcNow + timeout, cancellationToken);

    public Task<WorkerInfo> DescribeAsync() =>
        Client.DescribeAsync(new DescribeRequest(), Within(TimeSpan.FromSeconds(10))).ResponseAsync;

    /// <summary>The status a call ended with (OK when it answered).</summary>
    public static async Task<Status> StatusOf<T>(AsyncUnaryCall<T> call)
    {
        try
        {
            await call.ResponseAsync;
            return Status.DefaultSuccess;
        }
        catch (RpcException e)
        {
            return e.Status;
        }
    }

    /// <summary>Polls Describe until <paramref name="condition"/> holds, or fails the check saying what it last saw.</summary>
    public async Task<WorkerInfo> WaitForAsync(Func<WorkerInfo, bool> condition, string what, TimeSpan? within = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var info = await DescribeAsync();
            if (condition(info))
            {
                return info;
            }

            if (clock.Elapsed > (within ?? TimeSpan.FromSeconds(10)))
            {
                throw new CheckFailedException($"{what} did not happen within {(within ?? TimeSpan.FromSeconds(10)).TotalSeconds:0.#} s: in flight {info.InFlight}, queued {info.QueueLength}, started {info.Started}, children {info.ChildProcesses}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Waits until, of the requests sent since <paramref name="before"/>,
    /// <paramref name="running"/> have started and <paramref name="queued"/> wait in the queue,
    /// and nothing else is in flight. In flight alone would also count a request still on its
    /// way to the queue (admitted, neither queued nor started), which may yet queue.</summary>
    public Task<WorkerInfo> WaitRunningAsync(WorkerInfo before, int running, int queued, string what) =>
        WaitForAsync(w => w.InFlight == running + queued && w.QueueLength == queued && w.Started - before.Started == running, what);

    /// <summary>Waits until the worker has nothing in flight, queued or running in a child.</summary>
    public Task<WorkerInfo> WaitIdleAsync(string after, TimeSpan? within = null) =>
        WaitForAsync(i => i is { InFlight: 0, QueueLength: 0, ChildProcesses: 0 }, $"the worker going idle {after}", within);

    public void Dispose() => _connection.Dispose();
}

/// <summary>A worker the suite started itself: it can be told to stop (SIGTERM) and watched exit.</summary>
public interface IStoppableWorker
{
    int Pid { get; }

    bool HasExited { get; }

    /// <summary>Sends SIGTERM; the task ends when the process has exited (or after the timeout).</summary>
    Task TerminateAsync(TimeSpan timeout);
}

/// <summary>Where the worker's spans arrive (an OTLP receiver), to check a trace continues the caller's.</summary>
public interface ITraceCollector
{
    /// <summary>Spans of <paramref name="traceId"/> (hex) once <paramref name="enough"/> holds for them, or what had come by the timeout.</summary>
    Task<IReadOnlyList<CollectedSpan>> SpansOfAsync(string traceId, Func<IReadOnlyList<CollectedSpan>, bool> enough, TimeSpan timeout);
}

/// <summary>A span as the trace check needs it: ids in hex, kind as OTLP names it (SERVER, INTERNAL, ...).</summary>
public sealed record CollectedSpan(string Service, string Name, string Kind, string TraceId, string SpanId, string ParentId, IReadOnlyDictionary<string, string> Attributes);
