using Grpc.Core;
using Simul.Contracts.V1;
using Simul.Orchestrator.Conformance;
using Simul.Orchestrator.Local;
using static Simul.Workers.Tests.Conformance.Breakage;

namespace Simul.Workers.Tests.Conformance;

/// <summary>
/// Each check of the conformance suite fails on a worker that breaks its rule: a real worker
/// behind a <see cref="BreakingProxy"/> that breaks one rule on the way. The same proxy breaking
/// nothing passes every check, so what fails is the breakage, not the proxy. The worker is the
/// async model, or the thread pool where a check needs a queue (async has none).
/// </summary>
public class SuiteCatchesBreakageTests(ReceivedTraces traces) : IClassFixture<ReceivedTraces>
{
    private const string QueueCheck = "queue: a request whose deadline passes";

    /// <summary>Each breakage, and the start of the name of every check that must catch it.</summary>
    private static readonly Dictionary<string, (Breakage Breakage, string[] Caught)> Breakages = new()
    {
        ["answers off by one"] = (new Reply(Reply.Work, r => Edit(r, WorkReply.Parser, w => w.Value++)), ["answers: Prime", "answers: Fetch", "answers: Steps"]),
        ["phases longer than the total"] = (new Reply(["/Prime"], r => Edit(r, WorkReply.Parser, w => w.Timing.TotalUs = 1)), ["timing: queue"]),
        ["work by the wall clock"] = (new Reply(["/Steps"], r => Edit(r, WorkReply.Parser, w => w.Timing.WorkUs = w.Timing.TotalUs)), ["timing: work is CPU time"]),
        ["no timeline when asked"] = (new Reply(["/Prime"], r => Edit(r, WorkReply.Parser, w => w.Timing.Segments.Clear())), ["timing: phases in time"]),
        ["bad input UNKNOWN"] = (new Reply(Reply.Work, status: s => s == StatusCode.InvalidArgument ? StatusCode.Unknown : s), ["bad input: INVALID_ARGUMENT"]),
        ["unparsable UNKNOWN"] = (new Reply(Reply.Work, status: s => s == StatusCode.Internal ? StatusCode.Unknown : s), ["bad input: a message that is not protobuf"]),
        ["too large UNKNOWN"] = (new Reply(Reply.Work, status: s => s == StatusCode.ResourceExhausted ? StatusCode.Unknown : s), ["bad input: a message over 4 MiB"]),
        ["limits it does not keep"] = (new Reply(["/Describe"], r => Edit(r, WorkerInfo.Parser, i =>
        {
            i.Capabilities.MaxInFlight++;
            i.Capabilities.MaxQueue++;
        })), ["overload"]),
        ["work that ignores the caller's end"] = (new IgnoresTheCallersEnd(), ["limits: DEADLINE_EXCEEDED", "limits: a cancelled call"]),
        ["health SERVING for anything"] = (new AlwaysServing(), ["serving: grpc.health.v1", "serving: after SIGTERM"]),
        ["no reflection"] = (new NoReflection(), ["serving: server reflection"]),
        ["a trace of its own"] = (new DropsTraceContext(), ["traces:"]),
        ["no simul_ metrics"] = (new NoSimulMetrics(), ["metrics: /metrics has the simul_ gauges", "metrics: /metrics has every"]),
        ["no capabilities"] = (new Reply(["/Describe"], r => Edit(r, WorkerInfo.Parser, i => i.Capabilities = null)), ["describe:"]),
        ["expiries uncounted"] = (new Reply(["/Describe"], r => Edit(r, WorkerInfo.Parser, i => i.ExpiredInQueue = 0)), [QueueCheck]),
        ["starts uncounted"] = (new Reply(["/Describe"], r => Edit(r, WorkerInfo.Parser, i => i.Started = 0)), ["overload", "serving: after SIGTERM"]),
    };

    /// <summary>The breakages whose check needs a queue in front of the work.</summary>
    private static readonly HashSet<string> NeedAQueue = ["expiries uncounted"];

    public static TheoryData<string> Broken => [.. Breakages.Keys];

    [Theory]
    [MemberData(nameof(Broken))]
    public async Task A_worker_that_breaks_a_rule_fails_the_check_for_it(string breakage)
    {
        var (broken, caught) = Breakages[breakage];
        var results = await RunBehindProxyAsync(NeedAQueue.Contains(breakage) ? "threadpool" : "async", broken, check => caught.Any(c => check.Name.StartsWith(c, StringComparison.Ordinal)));

        Assert.Equal(caught.Length, results.Count);
        Assert.All(results, r => Assert.True(r.Result.Outcome == CheckOutcome.Failed, $"{breakage}: {r.Check.Name} {r.Result.Outcome} {r.Result.Detail}"));
    }

    [Theory]
    [InlineData("async")]
    [InlineData("threadpool")]
    public async Task The_proxy_breaking_nothing_passes_every_check(string model)
    {
        // Each check on the model its breakage runs on: async skips the queue's check, having no queue.
        var results = await RunBehindProxyAsync(model, Breakage.None, check => check.Name.StartsWith(QueueCheck, StringComparison.Ordinal) == (model == "threadpool"));

        Assert.All(results, r => Assert.True(r.Result.Outcome == CheckOutcome.Passed, $"{r.Check.Name}: {r.Result.Outcome} {r.Result.Detail}"));
    }

    [Fact]
    public void Every_check_is_shown_to_catch_a_breakage()
    {
        var caught = Breakages.Values.SelectMany(b => b.Caught).ToList();

        Assert.All(ConformanceSuite.Checks, check => Assert.Contains(caught, c => check.Name.StartsWith(c, StringComparison.Ordinal)));
    }

    private async Task<IReadOnlyList<(Check Check, CheckResult Result)>> RunBehindProxyAsync(string model, Breakage breakage, Func<Check, bool> only)
    {
        await using var worker = await LocalConformance.StartAsync(LocalModel.Named(model), ConformanceTests.LogsOf("behind-proxy"), traces, CancellationToken.None);
        await using var proxy = await BreakingProxy.StartAsync(worker.Context.Target.Address, worker.Context.Metrics!, breakage);
        using var context = new ConformanceContext(Orchestrator.Targets.Target.Parse($"{model}={proxy.Address}"), proxy.Metrics, worker.Context.Process, traces);
        return await ConformanceSuite.RunAsync(context, only: only);
    }
}
