using System.Diagnostics;
using System.Text.RegularExpressions;
using Grpc.Core;
using Simul.Contracts.V1;

namespace Simul.Orchestrator.Conformance;

/// <summary>What dashboards, autoscalers and trace UIs read: /metrics with the names they query,
/// from the first second, and traces that continue the caller's.</summary>
internal static partial class TelemetryChecks
{
    /// <summary>Gauges a dashboard or an autoscaler reads before any request has come.</summary>
    private static readonly string[] IdleSeries = ["simul_requests_in_flight", "simul_queue_length", "simul_queue_expired_total", "simul_process_threads", "simul_process_children", "simul_process_memory_rss_bytes"];

    /// <summary>What the dashboards and KEDA triggers query once requests have been served.</summary>
    private static readonly string[] ServedSeries = [.. IdleSeries, "simul_request_duration_seconds_bucket", "simul_phase_time_seconds_total", "simul_requests_rejected_total"];

    public static Check IdleMetrics { get; } = new("metrics: /metrics has the simul_ gauges before the first request", async context =>
        await ScrapeAsync(context, IdleSeries));

    public static Check Metrics { get; } = new("metrics: /metrics has every simul_ series the dashboards query, labelled with the model and runtime", async context =>
        await ScrapeAsync(context, ServedSeries));

    public static Check Trace { get; } = new("traces: the worker's span continues the caller's traceparent, its phases as child spans", async context =>
    {
        if (context.Traces is not { } collector)
        {
            return CheckResult.Skip("no trace collector here (dotnet test has one)");
        }

        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var callerSpan = ActivitySpanId.CreateRandom().ToHexString();
        var headers = new Metadata { { "traceparent", $"00-{traceId}-{callerSpan}-01" } };
        var reply = await context.Client.PrimeAsync(new PrimeRequest { Below = 1000, WaitMs = 5 }, ConformanceContext.Within(TimeSpan.FromSeconds(30), headers: headers));
        // Each process exports its spans in its own batches: wait for the server span and the phases.
        var spans = await collector.SpansOfAsync(traceId, s => s.Any(IsServer) && s.Count(p => p.Name is "work" or "wait") >= 6, TimeSpan.FromSeconds(20));
        var server = spans.FirstOrDefault(IsServer)
            ?? throw new CheckFailedException($"no SERVER span simul.v1.Worker/Prime in trace {traceId}; spans: {string.Join(", ", spans.Select(s => s.Name))}");
        Expect.That(server.ParentId == callerSpan, $"the server span's parent is {server.ParentId}, not the caller's span {callerSpan}");
        Expect.That(server.Attributes.GetValueOrDefault("simul.model") == reply.Model, $"the server span's simul.model is '{server.Attributes.GetValueOrDefault("simul.model")}'");
        var phases = spans.Where(s => s.Name is "work" or "wait").ToList();
        Expect.That(phases.Count >= 6, $"{phases.Count} work and wait spans for three candidates and their waits");
        Expect.That(phases.All(p => p.Attributes.GetValueOrDefault("simul.phase") == p.Name && Descends(spans, p, server)),
            "a work or wait span lacks simul.phase, or does not descend from the server span");
        return CheckResult.Pass($"trace {traceId}: {spans.Count} spans");
    });

    private static async Task<CheckResult> ScrapeAsync(ConformanceContext context, string[] series)
    {
        if (context.Metrics is not { } url)
        {
            return CheckResult.Skip("no metrics address given (--metrics URL)");
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var text = await http.GetStringAsync(url);
        var model = (await context.DescribeAsync()).Model;
        var names = Sample().Matches(text).Where(m => m.Groups["labels"].Value.Contains($"simul_model=\"{model}\"", StringComparison.Ordinal)
                && m.Groups["labels"].Value.Contains("simul_runtime=", StringComparison.Ordinal))
            .Select(m => m.Groups["name"].Value).ToHashSet();
        var missing = series.Where(s => !names.Contains(s)).ToList();
        Expect.That(missing.Count == 0, $"{url} lacks {string.Join(", ", missing)} with simul_model=\"{model}\" and simul_runtime");
        return CheckResult.Pass();
    }

    private static bool IsServer(CollectedSpan span) => span is { Kind: "SERVER", Name: "simul.v1.Worker/Prime" };

    private static bool Descends(IReadOnlyList<CollectedSpan> spans, CollectedSpan span, CollectedSpan ancestor)
    {
        for (var current = span; spans.FirstOrDefault(s => s.SpanId == current.ParentId) is { } parent; current = parent)
        {
            if (parent.SpanId == ancestor.SpanId)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A sample line of the Prometheus text format: name{labels} value.</summary>
    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)\{(?<labels>[^}]*)\}\s", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
