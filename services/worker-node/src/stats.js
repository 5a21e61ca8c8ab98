import { threadsAndRss } from './proc.js';

const PEAK_SAMPLE_MS = 50;

/**
 * A worker's live counters, and the peaks of its threads and memory, sampled in the background
 * so a short burst between two Describe calls is not missed (on the `node` model the sampler
 * runs on the loop, so it pauses while a slice computes, as Describe does).
 */
export class WorkerStats {
  constructor(maxInFlight) {
    this.maxInFlight = maxInFlight;
    this.inFlight = 0;
    this.completed = 0;
    this.started = 0;
    this.rejected = 0;
    this.peakThreads = 0;
    this.peakRssBytes = 0;
    this.sampler = setInterval(() => this.sample(), PEAK_SAMPLE_MS).unref();
  }

  /** Admits a request if fewer than MaxInFlight are in flight. */
  tryEnter() {
    if (this.inFlight >= this.maxInFlight) {
      return false;
    }
    this.inFlight++;
    return true;
  }

  exit(completed) {
    this.inFlight--;
    if (completed) {
      this.completed++;
    }
  }

  /**
   * Counts a request the model starts (Describe's `started`). Node's models queue no request
   * (a worker-threads step waits for a thread, its request does not), so each starts as the
   * model gets it.
   */
  countStarted() {
    this.started++;
  }

  countRejected() {
    this.rejected++;
  }

  /** Reads the process now, updates the peaks, and returns the current values. */
  sample() {
    const now = threadsAndRss();
    this.peakThreads = Math.max(this.peakThreads, now.threads);
    this.peakRssBytes = Math.max(this.peakRssBytes, now.rssBytes);
    return now;
  }

  stop() {
    clearInterval(this.sampler);
  }
}
