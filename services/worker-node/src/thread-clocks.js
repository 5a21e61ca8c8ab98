// The calling thread's own clocks: CPU time (what "work" counts) and time spent ready to run
// but waiting for a core ("ready"). Every module instance belongs to one thread (the main
// thread, or a worker thread that imports it), so each thread reads its own clocks.
import { openSync, readSync } from 'node:fs';
import { nowUs } from './clock.js';

// Node 20 has no per-thread CPU clock (process.threadCpuUsage came in Node 23.9), and the
// first field of /proc/thread-self/schedstat, the obvious substitute, only advances at the
// scheduler's tick for a thread that is running (every 4 ms here): a 20 us slice of work reads
// as 0 or as 4000 us. WASI's clock_time_get(CLOCK_THREAD_CPUTIME_ID) is clock_gettime on the
// calling thread, precise to the nanosecond, and Node ships WASI: the smallest module WASI
// accepts (one page of memory, an empty _initialize) gives the call a place to write its answer.
const MINIMAL_WASI_MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // \0asm, version 1
  0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // types: () -> ()
  0x03, 0x02, 0x01, 0x00, // functions: one of type 0
  0x05, 0x03, 0x01, 0x00, 0x01, // memory: one page
  0x07, 0x18, 0x02, // exports: two
  0x06, ...Buffer.from('memory'), 0x02, 0x00,
  0x0b, ...Buffer.from('_initialize'), 0x00, 0x00,
  0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b, // code: an empty body
]);
const CLOCK_THREAD_CPUTIME_ID = 3;

// Node 20 calls WASI experimental and says so on stderr as node:wasi loads; the worker logs its
// start line and nothing else, so that one warning is held back while it loads.
const emitWarning = process.emitWarning;
process.emitWarning = () => {};
const { WASI } = await import('node:wasi').finally(() => {
  process.emitWarning = emitWarning;
});
const wasi = new WASI({ version: 'preview1' });
const instance = new WebAssembly.Instance(new WebAssembly.Module(MINIMAL_WASI_MODULE), {});
wasi.initialize(instance);
// The answer (a 64-bit count of nanoseconds) is read as two 32-bit halves, not as a BigInt,
// which would allocate on every read (a burn reads the clock every few microseconds).
const clockAnswer = new Uint32Array(instance.exports.memory.buffer, 0, 2);
// (clock id, precision: any, where to write the answer). Called through Reflect.apply: Node 20's
// binding takes the 64-bit precision as a BigInt, but its fast path (the one V8's optimised code
// calls) expects a number, so every optimised direct call threw its caller's code away: 6,900
// deoptimisations in a 10 s loop, recompiled on V8's helper threads at a core's worth of CPU (two
// burns on two worker threads could not get a core each). Through Reflect.apply V8 keeps the
// slow, BigInt-taking path: one deoptimisation, a third of the CPU.
const CLOCK_TIME_GET_ARGUMENTS = [CLOCK_THREAD_CPUTIME_ID, 0n, 0];

/** CPU time this thread has used, in microseconds. */
export function threadCpuUs() {
  const errno = Reflect.apply(wasi.wasiImport.clock_time_get, wasi.wasiImport, CLOCK_TIME_GET_ARGUMENTS);
  if (errno !== 0) {
    throw new Error(`clock_time_get(CLOCK_THREAD_CPUTIME_ID) failed: WASI errno ${errno}`);
  }
  return (clockAnswer[0] + clockAnswer[1] * 2 ** 32) / 1000;
}

// schedstat's second field (time spent on a run queue) changes when the thread is switched
// in, so it is exact. The file stays open and is re-read from offset 0 (~5 us, against ~30 us
// for opening it each time); /proc/thread-self resolves to this thread when it is opened.
const schedstat = openSync('/proc/thread-self/schedstat', 'r');
const schedstatText = Buffer.alloc(96);

/** Time this thread has waited for a core so far, in microseconds. */
function threadReadyUs() {
  const length = readSync(schedstat, schedstatText, 0, schedstatText.length, 0);
  const fields = schedstatText.toString('latin1', 0, length).split(' ');
  return Number(fields[1]) / 1000;
}

/**
 * Runs `compute` on this thread and says what it cost: when it ran (nowUs), this thread's CPU
 * time, and the time the thread spent waiting for a core meanwhile. The CPU clock is read
 * innermost, so the other reads do not count as work.
 */
export function measured(compute) {
  const startedUs = nowUs();
  const readyAtStart = threadReadyUs();
  const cpuAtStart = threadCpuUs();
  const value = compute();
  const cpuUs = threadCpuUs() - cpuAtStart;
  const readyUs = threadReadyUs() - readyAtStart;
  return { value, startedUs, endedUs: nowUs(), cpuUs, readyUs };
}
