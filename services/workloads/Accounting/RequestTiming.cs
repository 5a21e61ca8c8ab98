using System.Diagnostics;
using Simul.Contracts.V1;
using Simul.Workloads.Cpu;

namespace Simul.Workloads.Accounting;

/// <summary>
/// Where one request's time goes (<see cref="Phase"/>): queue, spawn, work (on-CPU time of the
/// computing steps) and wait (time until what it waited for was done); total is wall time from
/// arrival, and what total does not explain is time the request was ready to run but not running.
/// The phases are also spans named after them under the request's span, so a trace draws the
/// timeline; a span costs about as much as a tiny request's work, so spans are kept to what a
/// trace UI shows: a run of work phases that nothing came between (three candidates tested one
/// after another) is one span, a queue gets one only from <see cref="VisiblePhaseUs"/>, and a
/// request that is nothing but a moment's work (one run shorter than that, no other phase span)
/// none: its server span is that work. Only the first <see cref="DetailedPhaseLimit"/> work and
/// wait phases are in spans; later ones count in the totals only (a request can have thousands). With <c>timeline</c> the reply also carries
/// the first <see cref="SegmentLimit"/> phases in time.
/// </summary>
public sealed class RequestTiming(bool timeline = false)
{
    public const string SourceName = "Simul.Worker";
    public const int DetailedPhaseLimit = 32;
    public const int SegmentLimit = 128;

    /// <summary>The shortest phase a trace UI shows: a queue shorter gets no span, and nor does a
    /// request's only phase, a run of work.</summary>
    public const long VisiblePhaseUs = 1000;
    internal static readonly ActivitySource Source = new(SourceName);

    private readonly long _arrived = Stopwatch.GetTimestamp();
    private readonly long _arrivedUnixUs = UnixClock.NowMicroseconds();
    private readonly long[] _us = new long[PhaseNames.All.Count];
    private readonly List<Segment>? _segments = timeline ? [] : null;

    // The phases' spans hang under the span that was current when the request arrived: the
    // request's server span (the child's span in the process model's child). Looked up only when
    // traced: Activity's first use is a tenth of a millisecond of a process-model child's start.
    private readonly ActivityContext _parent = Source.HasListeners() ? Activity.Current?.Context ?? default : default;
    private int _phases;
    private WorkRun _run;
    private bool _spanned;

    /// <summary>Work and wait phases so far (detailed or not).</summary>
    public int Phases => _phases;

    /// <summary>The thread the work started on (managed thread id).</summary>
    public int ThreadId { get; set; }

    /// <summary>The process the work ran in: the worker's own, or the process model's child.</summary>
    public int ProcessId { get; set; } = Environment.ProcessId;

    /// <summary>Time spent waiting for a thread, a child process slot or the loop, from
    /// <paramref name="sinceTimestamp"/> (a <see cref="Stopwatch"/> timestamp) until now.</summary>
    public void EndQueue(long sinceTimestamp) => Record(Phase.Queue, sinceTimestamp, Stopwatch.GetTimestamp(), spanStep: "admission");

    /// <summary>Time a request that stepped aside (a yield on the event loop) waited to run again.
    /// Counted as queue, without a span: a request can yield thousands of times.</summary>
    public void EndYield(long sinceTimestamp) => Record(Phase.Queue, sinceTimestamp, Stopwatch.GetTimestamp());

    /// <summary>Process start until the child began work (process model only).</summary>
    public void EndSpawn(long sinceTimestamp, long spawnUs) =>
        Record(Phase.Spawn, sinceTimestamp, sinceTimestamp + (long)(spawnUs * (Stopwatch.Frequency / 1e6)), spanStep: "process start");

    /// <summary>Adds what the process model's child measured of its own work, waits, queue, and
    /// time waiting for a core, and its segments, moved from the child's start
    /// (<paramref name="childStartedUnixUs"/>) onto this request's timeline.</summary>
    public void AddChildPhases(Timing child, long childStartedUnixUs)
    {
        _us[(int)Phase.Work] += child.WorkUs;
        _us[(int)Phase.Wait] += child.WaitUs;
        _us[(int)Phase.Queue] += child.QueueUs;
        _us[(int)Phase.Ready] += child.ReadyUs;
        if (_segments is null)
        {
            return;
        }

        var offset = childStartedUnixUs - _arrivedUnixUs;
        lock (_segments)
        {
            foreach (var segment in child.Segments.TakeWhile(_ => _segments.Count < SegmentLimit))
            {
                _segments.Add(new Segment { Phase = segment.Phase, StartUs = segment.StartUs + offset, DurationUs = segment.DurationUs });
            }
        }
    }

    /// <summary>Starts a computing step; disposing it adds the thread's CPU time to work.</summary>
    public WorkPhase BeginWork() => new(this, ++_phases <= DetailedPhaseLimit);

    /// <summary>Starts a waiting step (<paramref name="kind"/>: sleep, fetch); see <see cref="WaitPhase"/>.</summary>
    public WaitPhase BeginWait(string kind)
    {
        // One start for the phase and its span: code compiled on the first wait runs between
        // them, and would make the span longer than the wait it shows.
        var started = Stopwatch.GetTimestamp();
        EndWorkRun();
        return new(this, ++_phases > DetailedPhaseLimit ? null : StartSpan(Phase.Wait, kind, started), started);
    }

    public Timing Finish()
    {
        EndWorkRun(last: true);
        var timing = new Timing
        {
            QueueUs = _us[(int)Phase.Queue],
            SpawnUs = _us[(int)Phase.Spawn],
            WorkUs = _us[(int)Phase.Work],
            WaitUs = _us[(int)Phase.Wait],
            ReadyUs = _us[(int)Phase.Ready],
            TotalUs = ElapsedUs(_arrived),
        };
        if (_segments is not null)
        {
            lock (_segments)
            {
                timing.Segments.Add(_segments);
            }
        }

        return timing;
    }

    /// <summary>
    /// A phase between two Stopwatch timestamps: its time (the wall time between them, unless
    /// <paramref name="us"/> says otherwise: work counts CPU time) goes to the phase's total, its
    /// segment to the timeline when one is kept, and, given <paramref name="spanStep"/>, a span
    /// of it to the trace (a queue's only when it is visible). Any phase but work ends a run of
    /// work. Returns the time added.
    /// </summary>
    private long Record(Phase phase, long start, long end, long? us = null, string? spanStep = null)
    {
        var wallUs = (long)((end - start) * (1e6 / Stopwatch.Frequency));
        var added = us ?? wallUs;
        _us[(int)phase] += added;
        if (phase != Phase.Work)
        {
            EndWorkRun();
        }

        if (spanStep is not null && (phase != Phase.Queue || wallUs >= VisiblePhaseUs))
        {
            using var span = StartSpan(phase, spanStep, start);
            span?.SetEndTime(span.StartTimeUtc + TimeSpan.FromTicks(wallUs * 10));
        }

        if (_segments is not null && end > start)
        {
            lock (_segments)
            {
                if (_segments.Count < SegmentLimit)
                {
                    _segments.Add(new Segment { Phase = phase.Name(), StartUs = (long)((start - _arrived) * (1e6 / Stopwatch.Frequency)), DurationUs = wallUs });
                }
            }
        }

        return added;
    }

    private Activity? StartSpan(Phase phase, string step, long startedAt)
    {
        var span = Source.StartActivity(phase.Name(), ActivityKind.Internal, _parent, startTime: DateTime.UtcNow - Stopwatch.GetElapsedTime(startedAt))
            ?.SetTag("simul.phase", phase.Name()).SetTag("simul.step", step);
        _spanned |= span is not null;
        return span;
    }

    private void EndWork(long start, long end, long cpuUs, bool detailed)
    {
        Record(Phase.Work, start, end, cpuUs);
        if (detailed)
        {
            _run = _run.Steps == 0 ? new WorkRun(start, end, cpuUs, 1) : new WorkRun(_run.Start, end, _run.CpuUs + cpuUs, _run.Steps + 1);
        }
    }

    /// <summary>The span of the run of work phases so far, if any: from its first phase's start to
    /// its last one's end, with their CPU time and, when more than one, how many they were. The
    /// request's <paramref name="last"/> run, when it is all the request did and too short to
    /// see, has none: the server span is that work (its <c>simul.work_us</c>), and a no-op
    /// request's work span cost the async worker 2-10 us of CPU at 5,000 a second, of about 106
    /// (docs/results/tracing-overhead-2026-12-02k-lone-work/work-span-ab.txt).</summary>
    private void EndWorkRun(bool last = false)
    {
        if (_run.Steps == 0)
        {
            return;
        }

        if (last && !_spanned && Stopwatch.GetElapsedTime(_run.Start, _run.End).TotalMicroseconds < VisiblePhaseUs)
        {
            _run = default;
            return;
        }

        using var span = StartSpan(Phase.Work, "compute", _run.Start);
        span?.SetTag("simul.cpu_us", _run.CpuUs);
        if (_run.Steps > 1)
        {
            span?.SetTag("simul.steps", _run.Steps);
        }

        span?.SetEndTime(span.StartTimeUtc + Stopwatch.GetElapsedTime(_run.Start, _run.End));
        _run = default;
    }

    /// <summary>Work phases one after another, nothing between them: one span.</summary>
    private readonly record struct WorkRun(long Start, long End, long CpuUs, int Steps);

    internal static long ElapsedUs(long sinceTimestamp) =>
        (long)Stopwatch.GetElapsedTime(sinceTimestamp).TotalMicroseconds;

    /// <summary>One computing step; its span is made when the run of work it belongs to ends
    /// (nothing runs under a computation, so the span need not be current while it computes).</summary>
    public readonly struct WorkPhase : IDisposable
    {
        private readonly RequestTiming _timing;
        private readonly bool _detailed;
        private readonly long _cpuStartUs;
        private readonly long _started;

        internal WorkPhase(RequestTiming timing, bool detailed)
        {
            _timing = timing;
            _detailed = detailed;
            _cpuStartUs = ThreadCpuClock.NowMicroseconds();
            _started = Stopwatch.GetTimestamp();
        }

        public void Dispose() =>
            _timing.EndWork(_started, Stopwatch.GetTimestamp(), ThreadCpuClock.NowMicroseconds() - _cpuStartUs, _detailed);
    }

    /// <summary>
    /// One wait. It ends when what it waited for is done, not when the code after it runs: an
    /// awaited operation is done when its task completes (<see cref="ReadyWhen"/>), and a sleep
    /// is done when its time is up (<see cref="DueAfter"/>: the opponent thinks 11 ms, however
    /// late a busy machine wakes the sleeper). Once its task has completed, awaiting code waits for
    /// the loop or a thread to run it again, and that is queue (a span of its own, step
    /// <c>resume</c>); a timer that fires late, or a blocking thread waiting for a core, stays in
    /// the time no phase explains ("other": ready but not running).
    /// </summary>
    public sealed class WaitPhase : IDisposable
    {
        private readonly RequestTiming _timing;
        private readonly Activity? _span;
        private readonly long _started;
        private long _ready;
        private long _due;
        private bool _resumesFromQueue;

        internal WaitPhase(RequestTiming timing, Activity? span, long started)
        {
            _timing = timing;
            _span = span;
            _started = started;
        }

        /// <summary>Marks the wait over when <paramref name="operation"/> completes, on the
        /// thread that completes it (a timer, the socket's), before any continuation runs; the
        /// time until the code runs again is then queue.</summary>
        public void ReadyWhen(Task operation)
        {
            _resumesFromQueue = true;
            operation.ContinueWith(static (_, phase) => Interlocked.CompareExchange(ref ((WaitPhase)phase!)._ready, Stopwatch.GetTimestamp(), 0),
                this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        /// <summary>The wait is over <paramref name="duration"/> after it began, at the latest.</summary>
        public void DueAfter(TimeSpan duration) => _due = _started + (long)(duration.TotalSeconds * Stopwatch.Frequency);

        public void Dispose()
        {
            // started -> due (a sleep's time is up) -> completed (its task completed: a timer
            // fires a little late, more so on a busy machine) -> resumed (the code runs again).
            var resumed = Stopwatch.GetTimestamp();
            var completed = Interlocked.Read(ref _ready) is > 0 and var r ? Math.Min(r, resumed) : resumed;
            var waitEnd = _due > 0 ? Math.Min(_due, completed) : completed;
            _timing.Record(Phase.Wait, _started, waitEnd);
            _span?.SetEndTime(DateTime.UtcNow - Stopwatch.GetElapsedTime(waitEnd, resumed));
            _span?.Dispose();
            if (_resumesFromQueue && resumed > completed)
            {
                // A span when the wait had one and the gap is visible: on a free thread pool it is microseconds.
                _timing.Record(Phase.Queue, completed, resumed, spanStep: _span is not null ? "resume" : null);
            }

            // What is left (a late timer, a blocking thread waiting for a core) no phase explains: "other".
        }
    }
}
