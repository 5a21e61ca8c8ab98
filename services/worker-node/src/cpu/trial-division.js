/**
 * The naive primality test of the source experiment, kept naive on purpose (it is the CPU part
 * of the workload): `candidate` is prime if no divisor d with 2 <= d < candidate divides it,
 * tried from the top down as the source writes it (`for i in range(y-1, 1, -1)`), so a
 * composite costs candidate - candidate/p divisions before its largest divisor candidate/p is
 * found, not p. One step is one division.
 */
export class TrialDivision {
  /** @param {number} candidate a small integer (see contract.js: `%` on doubles is slower). */
  constructor(candidate) {
    this.candidate = candidate;
    this.divisor = candidate - 1;
    /** Known once run() has returned true. */
    this.isPrime = undefined;
  }

  /** Runs at most maxSteps divisions (Infinity: to the end); true when the answer is known. */
  run(maxSteps) {
    const candidate = this.candidate;
    const end = Math.max(1, this.divisor - maxSteps);
    let divisor = this.divisor;
    for (; divisor > end; divisor--) {
      if (candidate % divisor === 0) {
        this.divisor = divisor;
        this.isPrime = false;
        return true;
      }
    }
    this.divisor = divisor;
    if (divisor > 1) {
      return false;
    }
    this.isPrime = candidate >= 2;
    return true;
  }

  get result() {
    return this.isPrime;
  }
}
