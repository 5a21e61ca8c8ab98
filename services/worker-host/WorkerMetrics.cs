using System.Diagnostics.Metrics;
using Grpc.Core;
using Simul.Workloads;
using Simul.Workloads.Accounting;

namespace Simul.WorkerHost;

/// <summary>
/// The worker's metrics (meter <see cref="MeterName"/>), named and united per OpenTelemetry
/// conventions; every one carries <c>simul.model</c>, so dashboards put the models side by side.
/// </summary>
public sealed class WorkerMetrics : IDisposable
{
    public const string MeterName = "Simul.Worker";

    private readonly Meter _meter = new(MeterName);
    private readonly KeyValuePair<string, object?> _model;
    private readonly KeyValuePair<string, object?> _runtime = new("simul.runtime", "dotnet");
    private readonly Histogram<double> _duration;
    private readonly Counter<double> _phaseTime;
    private readonly UpDownCounter<long> _inFlight;

    public WorkerMetrics(IConcurrencyModel model, WorkerStats stats)
    {
        _model = new("simul.model", model.Name);
        _duration = _meter.CreateHistogram("simul.request.duration", "s", "Time from a request's arrival to its answer.", tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = Simul.Telemetry.DurationBuckets.Seconds });
        _phaseTime = _meter.CreateCounter<double>("simul.phase.time", "s", "Time requests spent in each phase: " + string.Join(", ", PhaseNames.All.Select(p => p.Name())) + ".");
        _inFlight = _meter.CreateUpDownCounter<long>("simul.requests.in_flight", "{request}", "Requests admitted and not yet answered.");
        _meter.CreateObservableGauge("simul.queue.length", () => Measure(model.Queue.Length), "{request}", "Requests waiting for a thread, a child process or the loop.");
        _meter.CreateObservableGauge("simul.process.threads", () => Measure(ProcessStats.Read().Threads), "{thread}", "OS threads of the worker process.");
        _meter.CreateObservableGauge("simul.process.children", () => Measure(model.ChildProcesses), "{process}", "Child processes alive.");
        _meter.CreateObservableGauge("simul.process.memory.rss", () => Measure(ProcessStats.Read().RssBytes), "By", "Resident memory of the worker process.");
        _meter.CreateObservableCounter("simul.process.spawns", () => Measure(model.Spawned), "{process}", "Child processes started.");
        _meter.CreateObservableCounter("simul.requests.rejected", () => Measure(stats.Rejected), "{request}", "Requests refused with RESOURCE_EXHAUSTED.");
        _meter.CreateObservableCounter("simul.queue.expired", () => Measure(model.Queue.Expired), "{request}", "Queued requests whose caller went (deadline or cancellation) before they started; they never ran.");

        // In flight is 0 from the start, not absent until the first request: a dashboard or an
        // autoscaler reading it sees an idle worker, not a missing one.
        foreach (var workload in WorkloadNames.All)
        {
            _inFlight.Add(0, Tags(workload));
        }
    }

    public InFlightScope Enter(string workload)
    {
        var tags = Tags(workload);
        _inFlight.Add(1, tags);
        return new InFlightScope(_inFlight, tags);
    }

    /// <summary>One request's duration and status, and its phases when it has a timing; a request
    /// refused before it started (<paramref name="timing"/> null) has a duration, its time in the
    /// handler, and no phase: counted as "other" it would swell the share of time unexplained.</summary>
    public void Record(string workload, Simul.Contracts.V1.Timing? timing, TimeSpan inHandler, StatusCode status)
    {
        var tags = Tags(workload);
        tags.Add("rpc.grpc.status_code", (int)status);
        _duration.Record(timing is null ? inHandler.TotalSeconds : timing.TotalUs / 1e6, tags);
        if (timing is null)
        {
            return;
        }

        foreach (var phase in PhaseNames.All)
        {
            var phaseTags = Tags(workload);
            phaseTags.Add("simul.phase", phase.Name());
            _phaseTime.Add(timing.MicrosecondsOf(phase) / 1e6, phaseTags);
        }
    }

    public void Dispose() => _meter.Dispose();

    private System.Diagnostics.TagList Tags(string workload) => new() { _model, _runtime, { "simul.workload", workload } };

    private Measurement<long> Measure(long value) => new(value, _model, _runtime);

    public readonly struct InFlightScope(UpDownCounter<long> counter, System.Diagnostics.TagList tags) : IDisposable
    {
        public void Dispose() => counter.Add(-1, tags);
    }
}
