import { trace } from '@opentelemetry/api';
import { epochMsOf, nowUs } from './clock.js';
import { tracer } from './tracing.js';

/** Work and wait phases that get spans of their own; later ones count in the totals only. */
export const DETAILED_PHASE_LIMIT = 32;
/** Phases a reply's timeline (Timing.segments) carries at most. */
const SEGMENT_LIMIT = 128;
/** A queue gap after a wait gets a span ("resume") only when a trace UI would show it. */
const VISIBLE_RESUME_US = 1000;

/**
 * Where one request's time goes, from its arrival: queue (waiting for a worker thread, and on
 * the loop the time from a yield, or a timer's due time, to the code running again), work (the
 * thread's CPU time of the compute steps), wait (until what it waited for was done) and ready
 * (the computing thread waiting for a core). Each phase is also a span under the request's
 * server span (`context`), so a trace draws the timeline; with `timeline` the reply carries the
 * first phases in time as segments.
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
  }

  /** Whether the next work or wait phase gets a span. */
  get detailed() {
    return this.phases < DETAILED_PHASE_LIMIT;
  }

  /** Time waiting to run: with `spanStep` ("admission", "resume") also a span. */
  queued(startUs, endUs, spanStep) {
    record(this, 'queue', startUs, endUs, endUs - startUs, spanStep && { 'simul.step': spanStep });
  }

  /**
   * The gap from something being done (a sleep's due time, a step finished on its worker
   * thread) to the loop running the request again: queue, with a span ("resume") when the phase
   * before had one and the gap is long enough for a trace UI to show.
   */
  resumed(doneUs, resumedUs, spanned) {
    if (resumedUs > doneUs) {
      this.queued(doneUs, resumedUs, spanned && resumedUs - doneUs >= VISIBLE_RESUME_US ? 'resume' : undefined);
    }
  }

  /** A compute step (or slice of one) that ran from startUs to endUs using cpuUs of its thread's CPU time. */
  worked(startUs, endUs, cpuUs, readyUs) {
    const attributes = this.detailed && { 'simul.step': 'compute', 'simul.cpu_us': Math.round(cpuUs) };
    this.phases++;
    this.us.ready += readyUs;
    record(this, 'work', startUs, endUs, cpuUs, attributes);
  }

  /** Starts a wait ("sleep", "fetch"); see WaitPhase. */
  beginWait(kind) {
    const phase = new WaitPhase(this, kind);
    this.phases++;
    return phase;
  }

  /** The reply's Timing (snake_case, as the proto is loaded). Phases round down, so they never add up past the total. */
  finish() {
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

/** Adds `us` to the phase, its wall time to the timeline, and given span attributes a span of it. */
function record(timing, phase, startUs, endUs, us, spanAttributes) {
  timing.us[phase] += us;
  if (spanAttributes) {
    tracer.startSpan(phase, { startTime: epochMsOf(startUs), attributes: { 'simul.phase': phase, ...spanAttributes } }, timing.context)
      .end(epochMsOf(endUs));
  }
  if (timing.segments && timing.segments.length < SEGMENT_LIMIT && endUs > startUs) {
    timing.segments.push({ phase, start_us: Math.round(startUs - timing.arrivedUs), duration_us: Math.round(endUs - startUs) });
  }
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
