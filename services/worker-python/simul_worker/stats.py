"""Readings of /proc: cheap enough to sample every few milliseconds."""

import os
from typing import NamedTuple

_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class ThreadSchedule(NamedTuple):
    """The calling thread's scheduler statistics, in nanoseconds since it started."""

    running: int
    ready: int  # runnable, waiting for a core


def thread_schedule() -> ThreadSchedule:
    # /proc/thread-self/schedstat: time on a CPU, time waiting on a run queue, time slices.
    with open("/proc/thread-self/schedstat") as schedstat:
        running, ready, _ = schedstat.read().split()
    return ThreadSchedule(int(running), int(ready))


def threads_and_rss() -> tuple[int, int]:
    """This process's OS threads and resident bytes."""
    threads = rss_kb = 0
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("Threads:"):
                threads = int(line.split()[1])
            elif line.startswith("VmRSS:"):
                rss_kb = int(line.split()[1])
    return threads, rss_kb * 1024


def cpu_seconds(pid: int | str = "self") -> float:
    """CPU time a process has used, with that of the children it has reaped; 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            # pid (comm) state ...: comm may hold spaces, so count from the last ')'; utime,
            # stime, cutime and cstime are the 14th to 17th fields of the file.
            fields = stat.read().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return sum(int(ticks) for ticks in fields[11:15]) / _CLOCK_TICKS


def rss_of(pid: int) -> int:
    """Resident bytes of another process, 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/statm") as statm:
            return int(statm.read().split()[1]) * _PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


def pss_of(pid: int) -> int:
    """Proportional bytes of another process (shared pages divided among their sharers, so a sum
    over processes counts each page once), 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0
