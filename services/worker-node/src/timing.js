import { trace } from '@opentelemetry/api';
import { epochMsOf, nowUs } from './clock.js';
import { tracer } from './tracing.js';

/** Work and wait phases that get spans of their own; later ones count in the totals only. */
export const DETAILED_PHASE_LIMIT = 32;
/** Phases a reply's timeline (Timing.segments) carries at most. */
const SEGMENT_LIMIT = 128;
/**
 * The shortest phase a trace UI shows: a queue shorter ("admission", "resume") gets no span, and
 * nor does a request's only phase, a run of work.
 */
const VISIBLE_PHASE_US = 1000;

/**
 * Where one request's time goes, from its arrival: queue (waiting for a worker thread, and on
 * the loop the time from a yield, or a timer's due time, to the code running again), work (the
 * thread's CPU time of the compute steps), wait (until what it waited for was done) and ready
 * (the computing thread waiting for a core). The phases are also spans under the request's
 * server span (`context`), so a trace draws the timeline; a span costs about as much as a tiny
 * request's work, so spans are kept to what a trace UI shows: a run of work phases that nothing
 * came between is one span, a queue gets one only from VISIBLE_PHASE_US, and a request that is
 * nothing but a moment's work (one run shorter than that, no other phase span) none: its server
 * span is that work. With `timeline` the reply carries the first phases in time as segments.
 */
export class RequestTiming {
  constructor({ arrivedUs, context, timeline }) {
    this.arrivedUs = arrivedUs;
    this.context = context;
    this.segments = timeline ? [] : undefined;
    this.us = { queue: 0, work: 0, wait: 0, ready: 0 };
    /** Work and wait phases so far. */
    this.phases = 0;
    /** The OS thread the work started on: the loop's (the main thread's id is the pid) until a model says otherwise. */
    this.threadId = process.pid;
    /** The run of work not yet a span: { startUs, endUs, cpuUs, steps }. */
    this.run = undefined;
    /** Whether any phase has had a span. */
    this.spanned = false;
  }

  /** Whether the next work or wait phase gets a span. */
  get detailed() {
    return this.phases < DETAILED_PHASE_LIMIT;
  }

  /** Time waiting to run: with `spanStep` ("admission", "resume") also a span, when visible. */
  queued(startUs, endUs, spanStep) {
    const visible = spanStep && endUs - startUs >= VISIBLE_PHASE_US;
    record(this, 'queue', startUs, endUs, endUs - startUs, visible && { 'simul.step': spanStep });
  }

  /**
   * The gap from something being done (a sleep's due time, a step finished on its worker
   * thread) to the loop running the request again: queue, with a span ("resume") when the phase
   * before had one and the gap is visible.
   */
  resumed(doneUs, resumedUs, spanned) {
    if (resumedUs > doneUs) {
      this.queued(doneUs, resumedUs, spanned ? 'resume' : undefined);
    }
  }

  /** A compute step (or slice of one) that ran from startUs to endUs using cpuUs of its thread's CPU time. */
  worked(startUs, endUs, cpuUs, readyUs) {
    if (this.detailed) {
      this.run = this.run
        ? { ...this.run, endUs, cpuUs: this.run.cpuUs + cpuUs, steps: this.run.steps + 1 }
        : { startUs, endUs, cpuUs, steps: 1 };
    }
    this.phases++;
    this.us.ready += readyUs;
    record(this, 'work', startUs, endUs, cpuUs);
  }

  /** Starts a wait ("sleep", "fetch"); see WaitPhase. */
  beginWait(kind) {
    endWorkRun(this);
    const phase = new WaitPhase(this, kind);
    this.phases++;
    return phase;
  }

  /** The reply's Timing (snake_case, as the proto is loaded). Phases round down, so they never add up past the total. */
  finish() {
    endWorkRun(this, true);
    return {
      queue_us: Math.floor(this.us.queue),
      spawn_us: 0,
      work_us: Math.floor(this.us.work),
      wait_us: Math.floor(this.us.wait),
      ready_us: Math.floor(this.us.ready),
      lock_us: 0,
      total_us: Math.round(nowUs() - this.arrivedUs),
      segments: this.segments ?? [],
    };
  }
}

/** Adds `us` to the phase, its wall time to the timeline, and given span attributes a span of it. Any phase but work ends a run of work. */
function record(timing, phase, startUs, endUs, us, spanAttributes) {
  timing.us[phase] += us;
  if (phase !== 'work') {
    endWorkRun(timing);
  }
  if (spanAttributes) {
    timing.spanned = true;
    tracer.startSpan(phase, { startTime: epochMsOf(startUs), attributes: { 'simul.phase': phase, ...spanAttributes } }, timing.context)
      .end(epochMsOf(endUs));
  }
  if (timing.segments && timing.segments.length < SEGMENT_LIMIT && endUs > startUs) {
    timing.segments.push({ phase, start_us: Math.round(startUs - timing.arrivedUs), duration_us: Math.round(endUs - startUs) });
  }
}

/**
 * The span of the run of work phases so far, if any: the first one's start to the last one's end,
 * their CPU time and, when more than one, how many. The request's last run, when it is all the
 * request did and too short to see, has none: the server span is that work (its simul.work_us).
 */
function endWorkRun(timing, last = false) {
  const run = timing.run;
  if (!run) {
    return;
  }
  timing.run = undefined;
  if (last && !timing.spanned && run.endUs - run.startUs < VISIBLE_PHASE_US) {
    return;
  }
  timing.spanned = true;
  const attributes = { 'simul.phase': 'work', 'simul.step': 'compute', 'simul.cpu_us': Math.round(run.cpuUs) };
  if (run.steps > 1) {
    attributes['simul.steps'] = run.steps;
  }
  tracer.startSpan('work', { startTime: epochMsOf(run.startUs), attributes }, timing.context).end(epochMsOf(run.endUs));
}

/**
 * One wait. It ends when what it waited for was done, not when the code after it runs: a sleep
 * is done at its due time (dueAfter), however late the loop gets back to it; the rest, until
 * the code runs again, is queue. A fetch is done when its reply is in, which the loop itself
 * reads, so it has no such gap. The span is live while the wait lasts, so an HTTP call made
 * inside it (`context`) is its child.
 */
class WaitPhase {
  constructor(timing, kind) {
    this.timing = timing;
    this.startedUs = nowUs();
    this.dueUs = undefined;
    this.span = timing.detailed
      ? tracer.startSpan('wait', { startTime: epochMsOf(this.startedUs), attributes: { 'simul.phase': 'wait', 'simul.step': kind } }, timing.context)
      : undefined;
    timing.spanned ||= this.span !== undefined;
    this.context = this.span ? trace.setSpan(timing.context, this.span) : timing.context;
  }

  /** The wait is over `ms` after it began, at the latest. */
  dueAfter(ms) {
    this.dueUs = this.startedUs + ms * 1000;
  }

  end() {
    const resumedUs = nowUs();
    const waitEndUs = this.dueUs === undefined ? resumedUs : Math.min(this.dueUs, resumedUs);
    record(this.timing, 'wait', this.startedUs, waitEndUs, waitEndUs - this.startedUs);
    this.span?.end(epochMsOf(waitEndUs));
    this.timing.resumed(waitEndUs, resumedUs, Boolean(this.span));
  }
}
