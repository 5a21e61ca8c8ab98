import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { resourceExhausted } from '../errors.js';

/**
 * A fixed pool of worker threads that run compute steps (cpu-thread.js), each thread one step
 * at a time. A step that finds every thread busy waits in line (FIFO); a request's first step
 * is refused (RESOURCE_EXHAUSTED) when `maxQueue` steps wait already. A started request's
 * later steps always get in line: refusing them would throw away work done, and each admitted
 * request has at most one step waiting, so the line is bounded by MaxInFlight anyway. A step
 * whose call ends (deadline, cancellation) while it waits leaves the line at once and never runs;
 * a request's first step leaving so is a request expired in the queue (Describe counts them).
 */
export class CpuThreadPool {
  constructor(size, maxQueue) {
    this.maxQueue = maxQueue;
    this.waiting = [];
    this.expiredInQueue = 0;
    this.stopping = false;
    this.threads = Array.from({ length: size }, () => this.#startThread());
    this.idle = [...this.threads];
    this.online = Promise.all(this.threads.map((thread) => once(thread.worker, 'online')));
  }

  /** Resolves once every thread runs (health says SERVING after that). */
  async started() {
    await this.online;
  }

  /** Steps waiting for a thread. */
  get queueLength() {
    return this.waiting.length;
  }

  /**
   * Runs `step` on a free thread; resolves with its result and cost as measured on the thread
   * ({ value, startedUs, endedUs, cpuUs, readyUs, threadId }). Cancelling `signal` takes the
   * step out of the line, or stops it on its thread.
   */
  run(step, signal, { firstOfRequest }) {
    signal.throwIfAborted();
    if (firstOfRequest && this.idle.length === 0 && this.waiting.length >= this.maxQueue) {
      throw resourceExhausted(`all worker threads are busy and ${this.maxQueue} requests are queued already`);
    }
    return new Promise((resolve, reject) => {
      const job = { step, resolve, reject, signal, firstOfRequest, thread: undefined };
      job.onAbort = () => this.#cancel(job);
      signal.addEventListener('abort', job.onAbort, { once: true });
      // The thread idle longest: requests one after another (a warm-up) go round every thread,
      // so each one's code is optimised before they compute side by side.
      const thread = this.idle.shift();
      if (thread) {
        this.#dispatch(thread, job);
      } else {
        this.waiting.push(job);
      }
    });
  }

  async stop() {
    this.stopping = true;
    await Promise.all(this.threads.map((thread) => thread.worker.terminate()));
  }

  #startThread() {
    const cancelFlag = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
    const worker = new Worker(new URL('./cpu-thread.js', import.meta.url), { workerData: { cancelFlag } });
    const thread = { worker, cancelRequested: new Int32Array(cancelFlag), job: undefined };
    worker.on('message', (answer) => this.#finish(thread, answer));
    // A thread that dies (a bug, or out of memory) fails its step and is replaced, so the pool keeps its size.
    worker.on('error', (error) => {
      this.#settle(thread, (job) => job.reject(error));
      this.idle = this.idle.filter((other) => other !== thread);
      if (!this.stopping) {
        const replacement = this.#startThread();
        this.threads[this.threads.indexOf(thread)] = replacement;
        this.#takeNext(replacement);
      }
    });
    return thread;
  }

  #dispatch(thread, job) {
    thread.job = job;
    job.thread = thread;
    thread.worker.postMessage(job.step);
  }

  #cancel(job) {
    if (job.thread) {
      Atomics.store(job.thread.cancelRequested, 0, 1);
      return;
    }
    this.waiting.splice(this.waiting.indexOf(job), 1);
    this.expiredInQueue += job.firstOfRequest ? 1 : 0;
    job.reject(job.signal.reason);
  }

  #finish(thread, answer) {
    this.#settle(thread, (job) => (answer.done ? job.resolve(answer) : job.reject(job.signal.reason)));
    this.#takeNext(thread);
  }

  #settle(thread, settle) {
    const job = thread.job;
    thread.job = undefined;
    Atomics.store(thread.cancelRequested, 0, 0);
    if (job) {
      job.signal.removeEventListener('abort', job.onAbort);
      settle(job);
    }
  }

  #takeNext(thread) {
    const job = this.waiting.shift();
    if (job) {
      this.#dispatch(thread, job);
    } else {
      this.idle.push(thread);
    }
  }
}
