"""
The CPU parts of the workloads, runnable in slices: a model that never yields runs a task to its
end (in slices only to notice a cancelled call); the asyncio model runs a slice of YieldEvery
steps, lets other requests run, and comes back.
"""

import time
from typing import Protocol


class CpuTask(Protocol):
    def run(self, max_steps: int) -> bool:
        """Runs at most `max_steps` steps; True once the task is finished."""
        ...


class TrialDivision:
    """
    The naive primality test of the source experiment, kept naive on purpose (CPython's slowness
    at it is the point): y is prime if no i with 2 <= i < y divides it, tried from the top down
    as the source writes it (`for i in range(y-1, 1, -1)`), so a composite costs y - y/p divisions
    before its largest divisor y/p is found. One step is one division.
    """

    def __init__(self, candidate: int) -> None:
        self.candidate = candidate
        self.is_prime = False  # known once run() has returned True
        self._divisor = candidate - 1

    def run(self, max_steps: int) -> bool:
        y = self.candidate
        stop = max(1, self._divisor - max_steps)
        for divisor in range(self._divisor, stop, -1):
            if y % divisor == 0:
                return True
        self._divisor = stop
        if stop > 1:
            return False
        self.is_prime = y >= 2
        return True


class CpuBurn:
    """
    Spends a given amount of the thread's CPU time computing (the chess champion thinking about a
    move). Measured on the thread's CPU clock, so time preempted or waiting for the GIL does not
    count: the work is the same whatever the contention. One step is 64 rounds of xorshift.
    """

    _ROUNDS_PER_STEP = 64
    _STEPS_BETWEEN_CLOCK_READS = 16
    _MASK = (1 << 64) - 1

    def __init__(self, cpu_us: int) -> None:
        self._budget_ns = cpu_us * 1_000
        self._spent_ns = 0
        self._state = 0x9E3779B97F4A7C15

    def run(self, max_steps: int) -> bool:
        started = time.thread_time_ns()
        state, mask = self._state, self._MASK
        for step in range(max_steps):
            for _ in range(self._ROUNDS_PER_STEP):
                state ^= (state << 13) & mask
                state ^= state >> 7
                state ^= (state << 17) & mask
            if step % self._STEPS_BETWEEN_CLOCK_READS == 0 and self._spent_ns + time.thread_time_ns() - started >= self._budget_ns:
                break
        self._state = state
        self._spent_ns += time.thread_time_ns() - started
        return self._spent_ns >= self._budget_ns
