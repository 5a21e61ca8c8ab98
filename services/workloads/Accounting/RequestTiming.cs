using System.Diagnostics;
using Simul.Contracts.V1;
using Simul.Workloads.Cpu;

namespace Simul.Workloads.Accounting;

/// <summary>
/// Where one request's time goes: queue, spawn, work (on-CPU time of the computing steps) and
/// wait (time inside waits); total is wall time from arrival, and what total does not explain is
/// time the request was ready to run but not running. Each phase is also a span named after it
/// (<c>queue</c>, <c>spawn</c>, <c>work</c>, <c>wait</c>) under the request's span, so a trace
/// draws the timeline. Only the first <see cref="DetailedPhaseLimit"/> work and wait phases get
/// spans of their own; later ones count in the totals only (a request can have thousands).
/// </summary>
public sealed class RequestTiming
{
    public const string SourceName = "Simul.Worker";
    public const int DetailedPhaseLimit = 32;
    internal static readonly ActivitySource Source = new(SourceName);

    private readonly long _arrived = Stopwatch.GetTimestamp();
    private long _queueUs;
    private long _spawnUs;
    private long _workUs;
    private long _waitUs;
    private int _phases;

    /// <summary>Work and wait phases so far (detailed or not).</summary>
    public int Phases => _phases;

    /// <summary>The thread the work started on (managed thread id).</summary>
    public int ThreadId { get; set; }

    /// <summary>The process the work ran in: the worker's own, or the process model's child.</summary>
    public int ProcessId { get; set; } = Environment.ProcessId;

    /// <summary>Time spent waiting for a thread, a child process slot or the loop, from
    /// <paramref name="sinceTimestamp"/> (a <see cref="Stopwatch"/> timestamp) until now.</summary>
    public void EndQueue(long sinceTimestamp) => _queueUs += RecordPast("queue", sinceTimestamp);

    /// <summary>Process start until the child began work (process model only).</summary>
    public void EndSpawn(long sinceTimestamp, long spawnUs)
    {
        _spawnUs += spawnUs;
        RecordPast("spawn", sinceTimestamp, spawnUs);
    }

    /// <summary>Adds what the process model's child measured of its own work and waits.</summary>
    public void AddChildPhases(Simul.Contracts.V1.Timing child)
    {
        _workUs += child.WorkUs;
        _waitUs += child.WaitUs;
    }

    /// <summary>Starts a computing step; disposing it adds the thread's CPU time to work.</summary>
    public WorkPhase BeginWork() => new(this, StartPhase("work", "compute"));

    /// <summary>Starts a waiting step (<paramref name="kind"/>: sleep, fetch); disposing it adds its wall time to wait.</summary>
    public WaitPhase BeginWait(string kind) => new(this, StartPhase("wait", kind));

    public Simul.Contracts.V1.Timing Finish() => new()
    {
        QueueUs = _queueUs,
        SpawnUs = _spawnUs,
        WorkUs = _workUs,
        WaitUs = _waitUs,
        TotalUs = ElapsedUs(_arrived),
    };

    private Activity? StartPhase(string phase, string kind)
    {
        if (++_phases > DetailedPhaseLimit)
        {
            return null;
        }

        return Source.StartActivity(phase)?.SetTag("simul.phase", phase).SetTag("simul.step", kind);
    }

    /// <summary>A span for a phase that already happened, ending now (or after <paramref name="durationUs"/>).</summary>
    private static long RecordPast(string phase, long sinceTimestamp, long? durationUs = null)
    {
        var elapsedUs = durationUs ?? ElapsedUs(sinceTimestamp);
        var start = DateTime.UtcNow - TimeSpan.FromTicks(ElapsedUs(sinceTimestamp) * 10);
        using var activity = Source.StartActivity(phase, ActivityKind.Internal, Activity.Current?.Context ?? default, startTime: start);
        if (activity is not null)
        {
            activity.SetTag("simul.phase", phase);
            activity.SetEndTime(start + TimeSpan.FromTicks(elapsedUs * 10));
        }

        return elapsedUs;
    }

    internal static long ElapsedUs(long sinceTimestamp) =>
        (long)Stopwatch.GetElapsedTime(sinceTimestamp).TotalMicroseconds;

    public readonly struct WorkPhase : IDisposable
    {
        private readonly RequestTiming _timing;
        private readonly Activity? _span;
        private readonly long _cpuStartUs;

        internal WorkPhase(RequestTiming timing, Activity? span)
        {
            _timing = timing;
            _span = span;
            _cpuStartUs = ThreadCpuClock.NowMicroseconds();
        }

        public void Dispose()
        {
            var cpuUs = ThreadCpuClock.NowMicroseconds() - _cpuStartUs;
            _timing._workUs += cpuUs;
            _span?.SetTag("simul.cpu_us", cpuUs);
            _span?.Dispose();
        }
    }

    public readonly struct WaitPhase : IDisposable
    {
        private readonly RequestTiming _timing;
        private readonly Activity? _span;
        private readonly long _started;

        internal WaitPhase(RequestTiming timing, Activity? span)
        {
            _timing = timing;
            _span = span;
            _started = Stopwatch.GetTimestamp();
        }

        public void Dispose()
        {
            _timing._waitUs += ElapsedUs(_started);
            _span?.Dispose();
        }
    }
}
