using System.Diagnostics;
using System.Diagnostics.Metrics;
using Simul.Telemetry;

namespace Simul.Orchestrator.Load;

/// <summary>
/// The load generator's side of every call (meter <see cref="MeterName"/>), as the workers export
/// theirs: calls sent, in flight, their duration by status from send to end (the worker's time
/// plus the transport and any queue outside the worker: set beside the worker's own duration,
/// the difference is that), and sends that left late. Every one carries <c>simul.model</c>.
/// Exported over OTLP where configured, and at /metrics with --metrics-port.
/// </summary>
public static class LoadMetrics
{
    public const string MeterName = "Simul.LoadGenerator";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Sent = Meter.CreateCounter<long>("simul.client.requests.sent", "{request}", "Calls the load generator sent (a retry is an attempt of its call, not a call).");
    private static readonly UpDownCounter<long> InFlight = Meter.CreateUpDownCounter<long>("simul.client.requests.in_flight", "{request}", "Calls sent and not yet ended.");
    private static readonly Histogram<double> Duration = Meter.CreateHistogram("simul.client.request.duration", "s",
        "From a call's send to its end, by status, as the load generator saw it.", tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets.Seconds });
    private static readonly Counter<long> Late = Meter.CreateCounter<long>("simul.client.sends.late", "{request}", "Open-load sends that left more than 10 ms after their intended time.");

    /// <summary>A call sent now: <see cref="SentCall.End"/> records how it ended.</summary>
    public static SentCall Start(string model, string workload)
    {
        var tags = new TagList { { "simul.model", model }, { "simul.workload", workload } };
        Sent.Add(1, tags);
        InFlight.Add(1, tags);
        return new SentCall(tags, Stopwatch.GetTimestamp());
    }

    public static void CountLate(string model) => Late.Add(1, new KeyValuePair<string, object?>("simul.model", model));

    public readonly struct SentCall(TagList tags, long started)
    {
        /// <summary>The call ended with <paramref name="status"/> (OK, a gRPC status name, WRONG_ANSWER).</summary>
        public void End(string status)
        {
            InFlight.Add(-1, tags);
            var withStatus = tags;
            withStatus.Add("simul.status", status);
            Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, withStatus);
        }
    }
}
