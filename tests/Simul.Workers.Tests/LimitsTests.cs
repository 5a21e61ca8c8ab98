using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using Simul.Contracts.V1;
using Simul.Orchestrator.Local;

namespace Simul.Workers.Tests;

public sealed class TightLimits : RunningWorkers
{
    protected override IReadOnlyList<LocalModel> Models { get; } =
    [
        LocalModel.Named("process").With("MaxChildren", "1").With("MaxQueue", "1"),
        LocalModel.Named("threadpool").With("PoolThreads", "1").With("MaxQueue", "1"),
        LocalModel.Named("async").With("MaxInFlight", "2"),
        LocalModel.Named("async-loop").With("MaxInFlight", "2"),
    ];
}

/// <summary>Deadlines, cancellation, bad input and overload, in every model.</summary>
public class LimitsTests(TightLimits workers) : IClassFixture<TightLimits>
{
    public static TheoryData<string> Models => ["process", "threadpool", "async", "async-loop"];

    [Theory]
    [MemberData(nameof(Models))]
    public async Task A_deadline_ends_a_waiting_request_with_deadline_exceeded(string model)
    {
        var status = await Calls.StatusOf(workers[model].PrimeAsync(Calls.Prime(1000, 10_000), Calls.Within(TimeSpan.FromMilliseconds(500))));

        Assert.Equal(StatusCode.DeadlineExceeded, status);
        await AssertIdleAndServingAsync(model);
    }

    [Theory]
    [InlineData("threadpool")]
    [InlineData("async")]
    public async Task The_server_keeps_a_deadline_even_when_the_work_ignores_its_token(string model)
    {
        // Three seconds of CPU in one step: the workload looks at its token only between steps.
        // The client sets no deadline of its own; it only sends grpc-timeout: 500m, so what ends
        // the call is the server (Grpc.AspNetCore answers DEADLINE_EXCEEDED at the deadline).
        using var channel = GrpcChannel.ForAddress(workers.Services.Targets.Single(t => t.Model == model).Address,
            new GrpcChannelOptions { HttpHandler = new GrpcTimeoutHeader("500m", new SocketsHttpHandler()) });
        var client = new Worker.WorkerClient(channel);
        var started = Stopwatch.StartNew();

        var status = await Calls.StatusOf(client.StepsAsync(new StepsRequest { Steps = 1, WorkUs = 3_000_000 }));

        Assert.Equal(StatusCode.DeadlineExceeded, status);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(2.5), $"the call ended after {started.Elapsed.TotalMilliseconds:F0} ms, not at its 500 ms deadline");
        await AssertIdleAndServingAsync(model);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public async Task A_request_over_the_message_size_limit_is_resource_exhausted(string model)
    {
        // The bytes of a 5 MiB message (unknown fields, as far as PrimeRequest is concerned) sent
        // to Prime; the limit is 4 MiB.
        var bytes = Marshallers.Create<byte[]>(b => b, b => b);
        var prime = new Method<byte[], byte[]>(MethodType.Unary, "simul.v1.Worker", "Prime", bytes, bytes);
        var huge = new byte[5 * 1024 * 1024];
        huge[0] = 0x1A; // field 3, length-delimited: a field PrimeRequest does not have
        WriteVarint(huge.AsSpan(1), huge.Length - 5);

        var status = await Calls.StatusOf(workers.Connection(model).Invoker.AsyncUnaryCall(prime, null, Calls.Generous, huge));

        Assert.Equal(StatusCode.ResourceExhausted, status);
        await AssertIdleAndServingAsync(model);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public async Task Cancelling_a_call_frees_the_worker(string model)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var status = await Calls.StatusOf(workers[model].PrimeAsync(Calls.Prime(1000, 10_000), new CallOptions(cancellationToken: cancel.Token)));

        Assert.Equal(StatusCode.Cancelled, status);
        await AssertIdleAndServingAsync(model);
    }

    [Fact]
    public async Task The_process_model_kills_a_child_at_the_deadline_mid_wait()
    {
        var worker = await workers["process"].DescribeAsync();
        var call = workers["process"].PrimeAsync(Calls.Prime(1000, 10_000), Calls.Within(TimeSpan.FromSeconds(3)));
        await Calls.WaitUntilAsync(() => Calls.ChildrenOf(worker.Pid).Count == 1, "the request's child runs");
        var child = Assert.Single(Calls.ChildrenOf(worker.Pid));

        Assert.Equal(StatusCode.DeadlineExceeded, await Calls.StatusOf(call));
        await Calls.WaitUntilAsync(() => !Directory.Exists($"/proc/{child}"), "the child was killed and reaped");
        Assert.Empty(Calls.ChildrenOf(worker.Pid));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public async Task Bad_input_is_invalid_argument_with_a_message_naming_the_field(string model)
    {
        var client = workers[model];
        await AssertInvalidAsync(client.PrimeAsync(Calls.Prime(2, 0)), "below");
        await AssertInvalidAsync(client.PrimeAsync(Calls.Prime(1_000_000_000, 0)), "below");
        await AssertInvalidAsync(client.PrimeAsync(Calls.Prime(100, -1)), "wait_ms");
        await AssertInvalidAsync(client.PrimeAsync(Calls.Prime(100, 60_001)), "wait_ms");
        await AssertInvalidAsync(client.FetchAsync(new FetchRequest { Count = 0 }), "count");
        await AssertInvalidAsync(client.FetchAsync(new FetchRequest { Count = 1, SizeBytes = -5 }), "size_bytes");
        await AssertInvalidAsync(client.StepsAsync(new StepsRequest { Steps = 1, WorkUs = -1 }), "work_us");
        await AssertIdleAndServingAsync(model);
    }

    [Theory]
    [InlineData("process", 1)]
    [InlineData("threadpool", 1)]
    [InlineData("async", 0)]
    [InlineData("async-loop", 0)]
    public async Task Overload_is_resource_exhausted_and_the_worker_keeps_serving(string model, int queuedOfTwo)
    {
        // Each model admits two long requests here: one running and one queued (one child slot or
        // one thread, a queue of one), or two in flight. They are sent one at a time, each once the
        // model holds the one before it where it should be (admitted is not yet queued).
        using var cancel = new CancellationTokenSource();
        var admitted = new List<Task<StatusCode>>();
        for (var i = 1; i <= 2; i++)
        {
            admitted.Add(Calls.StatusOf(workers[model].PrimeAsync(Calls.Prime(1000, 10_000), new CallOptions(cancellationToken: cancel.Token))));
            var (inFlight, queued) = (i, i == 2 ? queuedOfTwo : 0);
            await Calls.WaitUntilAsync(async () => (await workers[model].DescribeAsync()) is { InFlight: var n, QueueLength: var q } && n == inFlight && q == queued,
                $"{inFlight} requests admitted, {queued} of them queued");
        }

        var refused = await Calls.StatusOf(workers[model].PrimeAsync(Calls.Prime(3, 0)));
        await cancel.CancelAsync();
        await Task.WhenAll(admitted);

        Assert.Equal(StatusCode.ResourceExhausted, refused);
        Assert.True((await workers[model].DescribeAsync()).Rejected >= 1);
        await AssertIdleAndServingAsync(model);
    }

    private async Task AssertIdleAndServingAsync(string model)
    {
        await Calls.WaitUntilAsync(async () => (await workers[model].DescribeAsync()) is { InFlight: 0, QueueLength: 0, ChildProcesses: 0 }, "the worker went idle");
        Assert.Equal(2, (await workers[model].PrimeAsync(Calls.Prime(3, 0), Calls.Generous)).Value);
    }

    private static async Task AssertInvalidAsync<T>(AsyncUnaryCall<T> call, string field)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(field, error.Status.Detail, StringComparison.Ordinal);
    }

    private static void WriteVarint(Span<byte> into, int value)
    {
        var i = 0;
        for (; value >= 0x80; value >>= 7)
        {
            into[i++] = (byte)(value | 0x80);
        }

        into[i] = (byte)value;
    }

    /// <summary>Adds grpc-timeout to every request, as a client with a deadline would, without
    /// the client itself watching the deadline.</summary>
    private sealed class GrpcTimeoutHeader(string timeout, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.TryAddWithoutValidation("grpc-timeout", timeout);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
