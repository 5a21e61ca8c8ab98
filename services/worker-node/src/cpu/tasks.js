import { CpuBurn } from './cpu-burn.js';
import { TrialDivision } from './trial-division.js';

/**
 * The CPU task of a compute step given as plain data, so a step can be posted to a worker
 * thread as well as run on the loop: { kind: 'prime-test', candidate } answers (task.result)
 * whether candidate is prime; { kind: 'burn', cpuUs } spends that much CPU time and answers
 * nothing. A task runs in slices: task.run(maxSteps) is true once it is done.
 */
export function createCpuTask(step) {
  switch (step.kind) {
    case 'prime-test':
      return new TrialDivision(step.candidate);
    case 'burn':
      return new CpuBurn(step.cpuUs);
    default:
      throw new Error(`unknown compute step ${JSON.stringify(step)}`);
  }
}
