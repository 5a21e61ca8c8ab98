// One worker thread of the node-worker-threads model: runs the compute steps posted to it, one
// at a time, and answers with the step's result and what it cost this thread.
import { readlinkSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { createCpuTask } from '../cpu/tasks.js';
import { measured } from '../thread-clocks.js';

// The thread cannot take a message while it computes: the pool asks it to stop by setting a
// shared flag, which it reads every so many steps (~20 us of divisions, under 2 ms of burn).
const STEPS_BETWEEN_CANCEL_CHECKS = 10_000;
const cancelRequested = new Int32Array(workerData.cancelFlag);
// The OS thread id: /proc/thread-self links to <pid>/task/<tid>.
const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());

parentPort.on('message', (step) => {
  const task = createCpuTask(step);
  const { value: done, ...cost } = measured(() => {
    let finished = false;
    while (!finished && Atomics.load(cancelRequested, 0) === 0) {
      finished = task.run(STEPS_BETWEEN_CANCEL_CHECKS);
    }
    return finished;
  });
  parentPort.postMessage({ done, value: task.result, threadId, ...cost });
});
