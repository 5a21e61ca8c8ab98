using Simul.Contracts.V1;
using Simul.Orchestrator.Scenario;
using Simul.OtlpReceiver;
using Simul.OtlpReceiver.Otlp;
using Simul.Workloads.Accounting;

namespace Simul.Telemetry.Tests;

/// <summary>What Jaeger would draw: one trace per request, from the orchestrator's call through
/// the worker (and its child) to upstream, with the phases as child spans.</summary>
public class TraceShapeTests(TracedModels services) : IClassFixture<TracedModels>
{
    public static TheoryData<string> EveryModel() => [.. TracedModels.Names];

    private static readonly PlannedRequest Prime = new(new WorkItem { Prime = new PrimeRequest { Below = 1000, WaitMs = 20 } }, 997);

    [Theory]
    [InlineData("process")]
    [InlineData("threadpool")]
    [InlineData("async")]
    public async Task A_prime_request_is_one_trace_from_the_call_to_its_alternating_work_and_wait_phases(string model)
    {
        var outcome = await services.SendAsync(model, Prime);
        var trace = await TraceAsync(outcome.TraceId!, spans => Phases(spans).Count >= 6);

        // The call is the orchestrator's one span of it: the client span, the trace's root.
        var client = Assert.Single(trace, IsRoot);
        Assert.Equal(Span.Types.SpanKind.Client, client.Kind);
        Assert.Equal("simul.v1.Worker/Prime", client.Name);
        Assert.Equal(model, client.Attribute("simul.model"));
        Assert.Equal("prime", client.Attribute("simul.workload"));
        var worker = new Uri(services.Targets.Single(t => t.Model == model).Address);
        Assert.Equal(worker.Host, client.Attribute("server.address"));
        Assert.Equal(worker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), client.Attribute("server.port"));
        Assert.Single(trace, s => s.Service == "orchestrator");
        var server = Assert.Single(trace, s => s.Kind == Span.Types.SpanKind.Server && s.Name == "simul.v1.Worker/Prime");
        // The RPC semantic conventions, on both sides: the orchestrator's own client span, and
        // ASP.NET Core's own activity named by GrpcServerSpans on the worker's.
        Assert.All([client, server], span =>
        {
            Assert.Equal("grpc", span.Attribute("rpc.system.name"));
            Assert.Equal("simul.v1.Worker/Prime", span.Attribute("rpc.method"));
            Assert.Equal("OK", span.Attribute("rpc.response.status_code"));
        });
        Assert.Equal(model, server.Attribute("simul.model"));
        Assert.Equal(server.ParentId, client.SpanId); // nothing between them: no HTTP span of its own
        Assert.DoesNotContain(trace, s => s.Name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));

        // Three candidates (999, 998, 997): compute, wait, three times over, in that order.
        var phases = Phases(trace);
        Assert.Equal(["work", "wait", "work", "wait", "work", "wait"], phases.Select(p => p.Name));
        Assert.All(phases, p => Assert.Equal(p.Name, p.Attribute("simul.phase")));
        Assert.All(phases, p => Assert.True(IsAncestor(trace, server, p), $"{p.Name} descends from the server span"));

        // The spans tell the same story as the reply's timing fields.
        var reply = outcome.Reply!.Timing;
        Assert.InRange(phases.Where(p => p.Name == "wait").Sum(p => p.DurationMs), (reply.WaitUs / 1000.0) - 1, (reply.WaitUs / 1000.0 * 1.05) + 2);
        Assert.Equal(reply.WaitUs.ToString(System.Globalization.CultureInfo.InvariantCulture), server.Attribute("simul.wait_us"));

        if (model == "process")
        {
            // The child continues the trace across the process boundary, and its phases hang under it.
            var child = Assert.Single(trace, s => s.Name == "child process");
            Assert.Equal("worker-process-child", child.Service);
            Assert.Equal("prime", child.Attribute("simul.workload"));
            Assert.True(IsAncestor(trace, server, child));
            Assert.All(phases, p => Assert.True(IsAncestor(trace, child, p)));
            var spawn = Assert.Single(trace, s => s.Name == "spawn");
            Assert.InRange(spawn.DurationMs, (reply.SpawnUs / 1000.0) - 1, (reply.SpawnUs / 1000.0) + 1);
        }
    }

    [Theory]
    [MemberData(nameof(EveryModel))]
    public async Task Work_that_nothing_came_between_is_one_span_and_a_queue_too_short_to_see_is_none(string model)
    {
        // Three steps of 0.4 ms of CPU with no wait: three work phases, one run. Every runtime
        // keeps its spans to what a trace UI shows, so a request is not all spans.
        var outcome = await services.SendAsync(model, new(new WorkItem { Steps = new StepsRequest { Steps = 3, WorkUs = 400 } }, 3));
        var trace = await TraceAsync(outcome.TraceId!, spans => Phases(spans).Count >= 1);

        var work = Assert.Single(Phases(trace));
        Assert.Equal("work", work.Name);
        Assert.Equal("compute", work.Attribute("simul.step"));
        Assert.Equal("3", work.Attribute("simul.steps"));
        Assert.InRange(work.DurationMs, 1.2, outcome.Reply!.Timing.TotalUs / 1000.0);
        Assert.DoesNotContain(trace, s => s.Name == "queue" && s.DurationMs < RequestTiming.VisiblePhaseUs / 1000.0);
    }

    [Theory]
    [MemberData(nameof(EveryModel))]
    public async Task A_request_that_is_only_a_moments_work_has_no_phase_span(string model)
    {
        // 99, 98 and 97 tested one after another, microseconds of work and nothing else: the
        // server span (the child's, in the process model) is that work, and says how much.
        var outcome = await services.SendAsync(model, new(new WorkItem { Prime = new PrimeRequest { Below = 100, Timeline = true } }, 97));
        var owner = model == "process" ? "child process" : "simul.v1.Worker/Prime";
        var trace = await TraceAsync(outcome.TraceId!, spans => spans.Any(s => s.Name == owner && s.Kind != Span.Types.SpanKind.Client));

        // The rule is "shorter than a trace UI shows, and no other phase span": a run stretched
        // past it (a preemption, a pause) keeps its span, and so does a run after a queue long
        // enough to have one (a busy machine's wait for a pool thread), so read the run's wall
        // time off the reply's timeline and look for a queue span.
        var runs = outcome.Reply!.Timing.Segments.Where(s => s.Phase == "work").ToList();
        var runUs = runs[^1].StartUs + runs[^1].DurationUs - runs[0].StartUs;
        var spanned = runUs >= RequestTiming.VisiblePhaseUs || trace.Any(s => s.Name == "queue");
        Assert.Equal(spanned ? 1 : 0, Phases(trace).Count);
        Assert.DoesNotContain(trace, s => s.Name == "queue" && s.DurationMs < RequestTiming.VisiblePhaseUs / 1000.0);
        var server = Assert.Single(trace, s => s.Kind == Span.Types.SpanKind.Server && s.Name == "simul.v1.Worker/Prime");
        Assert.Equal(outcome.Reply.Timing.WorkUs.ToString(System.Globalization.CultureInfo.InvariantCulture), server.Attribute("simul.work_us"));
    }

    [Fact]
    public async Task A_refused_call_is_an_error_on_the_client_span_with_its_status_code()
    {
        var outcome = await services.SendAnyAsync("async", new(new WorkItem { Prime = new PrimeRequest { Below = 1 } }, null));
        Assert.Equal("INVALID_ARGUMENT", outcome.Status);
        var trace = await TraceAsync(outcome.TraceId!, spans => spans.Any(s => s.Kind == Span.Types.SpanKind.Server));

        // The conventions' client side: every status but OK is an error (the server's side leaves
        // a caller's mistake unset: GrpcServerSpansTests).
        var client = Assert.Single(trace, IsRoot);
        Assert.Equal("INVALID_ARGUMENT", client.Attribute("rpc.response.status_code"));
        Assert.Equal(Status.Types.StatusCode.Error, client.Span.Status.Code);
        Assert.Contains("below", client.Span.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fetch_wait_leads_to_the_http_client_span_and_upstream_server_span()
    {
        var fetch = new PlannedRequest(new WorkItem { Fetch = new FetchRequest { Count = 1, DelayMs = 50, SizeBytes = 10 } }, 10);
        var outcome = await services.SendAsync("async", fetch);
        var trace = await TraceAsync(outcome.TraceId!, spans => spans.Any(s => s.Service == "upstream"));

        var wait = Assert.Single(Phases(trace));
        Assert.Equal("fetch", wait.Attribute("simul.step"));
        var http = Assert.Single(trace, s => s.Kind == Span.Types.SpanKind.Client && s.Scope == "System.Net.Http" && s.Service == "worker-async");
        var upstream = Assert.Single(trace, s => s.Kind == Span.Types.SpanKind.Server && s.Service == "upstream");
        Assert.True(IsAncestor(trace, wait, http), "the HTTP call happens inside the wait");
        Assert.True(IsAncestor(trace, http, upstream), "upstream's server span continues the worker's HTTP call");
        Assert.True(upstream.DurationMs >= 50);
    }

    [Fact]
    public async Task Health_checks_reflection_and_describe_polls_leave_no_trace()
    {
        // The stack's start-up already asked every worker's health; ask Describe the way the
        // orchestrator's sampler does, and upstream's /healthz, then send one real request.
        var target = services.Targets.Single(t => t.Model == "async");
        using (var connection = target.Connect())
        {
            await using var sampler = await Orchestrator.Running.ResourceSampler.StartAsync(connection);
            await Task.Delay(300);
            await sampler.StopAsync();
        }

        var outcome = await services.SendAsync("async", Prime);
        var spans = await services.Receiver.WaitForAsync(all => all.Any(s => s.TraceId == outcome.TraceId && s.Kind == Span.Types.SpanKind.Server), TimeSpan.FromSeconds(20));

        Assert.Contains(spans, s => s.TraceId == outcome.TraceId && s.Kind == Span.Types.SpanKind.Server);
        Assert.DoesNotContain(spans, s => s.Name.Contains("Describe", StringComparison.Ordinal) || s.Name.Contains("grpc.health", StringComparison.Ordinal)
            || s.Name.Contains("healthz", StringComparison.Ordinal) || s.Attribute("url.path") is "/healthz");
    }

    /// <summary>The trace once it is whole: each process exports its spans in its own batches,
    /// so wait for one root, every parent present, and what the test needs.</summary>
    private async Task<List<ReceivedSpan>> TraceAsync(string traceId, Func<List<ReceivedSpan>, bool> hasWhatIsNeeded)
    {
        bool Whole(List<ReceivedSpan> trace)
        {
            var ids = trace.Select(s => s.SpanId).ToHashSet();
            return trace.Count(IsRoot) == 1 && trace.All(s => IsRoot(s) || ids.Contains(s.ParentId)) && hasWhatIsNeeded(trace);
        }

        var spans = await services.Receiver.WaitForAsync(all => Whole([.. all.Where(s => s.TraceId == traceId)]), TimeSpan.FromSeconds(20));
        List<ReceivedSpan> trace = [.. spans.Where(s => s.TraceId == traceId)];
        Assert.True(Whole(trace), "the trace never became whole:\n" + Dump(trace));
        return trace;
    }

    private static bool IsRoot(ReceivedSpan span) => span.ParentId.Length == 0 || span.ParentId.All(c => c == '0');

    private static string Dump(List<ReceivedSpan> trace) => string.Join("\n", trace.OrderBy(s => s.StartMs)
        .Select(s => $"{s.Service,-22} {s.Scope,-22} {s.Kind,-18} {s.Name,-28} id={s.SpanId} parent={s.ParentId} {s.DurationMs:F1} ms"));

    private static List<ReceivedSpan> Phases(List<ReceivedSpan> trace) =>
        [.. trace.Where(s => s.Name is "work" or "wait").OrderBy(s => s.StartMs)];

    private static bool IsAncestor(List<ReceivedSpan> trace, ReceivedSpan ancestor, ReceivedSpan span)
    {
        var byId = trace.ToDictionary(s => s.SpanId);
        for (var current = span; byId.TryGetValue(current.ParentId, out var parent); current = parent)
        {
            if (parent.SpanId == ancestor.SpanId)
            {
                return true;
            }
        }

        return false;
    }
}
