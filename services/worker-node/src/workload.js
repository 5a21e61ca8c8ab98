import { status } from '@grpc/grpc-js';
import { WorkloadError } from './errors.js';
import { get, getAll, sleep } from './waits.js';

/**
 * The workloads, written once: each is a sequence of compute steps and waits. `run.compute`
 * runs one compute step (see cpu/tasks.js) where the model runs CPU work and records it on
 * `run.timing`; the waits are the loop's in every model. `run.signal` is the call's
 * cancellation (client cancel or deadline): it ends waits at once and stops the compute steps
 * between slices.
 */
export function runWorkload(item, run) {
  return workloads[item.workload](item, run);
}

const workloads = { prime, fetch: fetchFromUpstream, steps };

/**
 * The highest prime below `below`: test each candidate, counting down, and wait after each
 * test (also after the prime's), as the source experiment does.
 */
async function prime({ below, waitMs }, run) {
  for (let candidate = below - 1; ; candidate--) {
    const isPrime = await run.compute({ kind: 'prime-test', candidate });
    await sleepIfAny(waitMs, run);
    if (isPrime) {
      return candidate; // 2 is prime, so the loop ends by below = 3 at the latest.
    }
  }
}

/**
 * `count` slow GETs to upstream, one after another or all at once; the answer is the number of
 * bytes received, which must be what was asked for.
 */
async function fetchFromUpstream({ count, delayMs, sizeBytes, concurrent }, run) {
  // Only ever the configured upstream: a request chooses numbers, never an address.
  const url = new URL(`delay/${delayMs}?bytes=${sizeBytes}`, run.upstream);
  let received = 0;
  try {
    if (concurrent) {
      received = await waitFor('fetch', run, (phase) => getAll(Array(count).fill(url), phase, run.signal));
    } else {
      for (let i = 0; i < count; i++) {
        received += await waitFor('fetch', run, (phase) => get(url, phase, run.signal));
      }
    }
  } catch (error) {
    if (run.signal.aborted) {
      throw error;
    }
    throw new WorkloadError(status.UNAVAILABLE, `upstream ${run.upstream.href} failed: ${error.message}`);
  }
  const expected = count * sizeBytes;
  if (received !== expected) {
    throw new WorkloadError(status.DATA_LOSS, `upstream sent ${received} bytes, ${expected} were asked for`);
  }
  return received;
}

/**
 * `steps` rounds of computing for `workUs` of CPU time, then waiting `waitUs`: one board of a
 * chess simul, the champion's move then the opponent's.
 */
async function steps({ steps: rounds, workUs, waitUs }, run) {
  for (let step = 0; step < rounds; step++) {
    await run.compute({ kind: 'burn', cpuUs: workUs });
    await sleepIfAny(waitUs / 1000, run);
  }
  return rounds;
}

async function sleepIfAny(ms, run) {
  if (ms > 0) {
    await waitFor('sleep', run, (phase) => sleep(ms, phase, run.signal));
  }
}

async function waitFor(kind, run, wait) {
  const phase = run.timing.beginWait(kind);
  try {
    return await wait(phase);
  } finally {
    phase.end();
  }
}
