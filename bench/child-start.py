"""The process model's fixed cost: CPU per start of its child program, tracing off.

Starts the child N times, each with one Prime(below=3, no wait) on stdin (the least work a
request can ask for), and reads each child's CPU from the kernel's accounting (wait4: user +
system, the runtime's start and exit included). A C no-op (/bin/true) takes turns with it so that
a figure from another machine can be compared: the issue's target, 3 ms per start, was set on a
machine where /bin/true took 0.7 ms. Then each from 4 callers at once, as fast as they can: how
many starts a second the cores can pay for, the bound of the spawn-rate target.

  /usr/bin/python3 bench/child-start.py [CHILD] [STARTS]
CHILD defaults to the Release build's NativeAOT child without tracing (child-aot/, the one a
worker that exports no traces runs; dotnet build -c Release first); child-aot-traced/ is the other.
"""

import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY / "services" / "worker-python"))
from simul_worker.contract import work_pb2, worker_pb2  # noqa: E402  (the stubs live with the CPython worker)

TARGET_MS = 3.0
TARGET_MACHINE_NOOP_MS = 0.7
TARGET_SPAWNS_PER_SECOND = 450  # the process model at 4 callers (bench/scale.sh measures it)
TURN = 20
CALLERS = 4
AT_ONCE_SECONDS = 5.0


def delimited(message) -> bytes:
    """Protobuf's length-delimited form, as the child reads it (a varint length, then the bytes)."""
    body = message.SerializeToString()
    length, prefix = len(body), bytearray()
    while length >= 0x80:
        prefix.append(length & 0x7F | 0x80)
        length >>= 7
    prefix.append(length)
    return bytes(prefix) + body


def one_start(command, stdin: bytes, environment):
    """CPU (ms) and wall time (ms) of one start, from the kernel's accounting of that child
    (wait4: user + system, the runtime's start and exit included)."""
    began = time.perf_counter()
    child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment)
    child.stdin.write(stdin)
    child.stdin.close()
    child.stdout.read()
    error = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = (time.perf_counter() - began) * 1000
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here (for its rusage): Popen must not wait again
    if child.returncode != 0:
        sys.exit(f"{command[0]} exited with {child.returncode}: {error.decode(errors='replace')}")
    return (usage.ru_utime + usage.ru_stime) * 1000, wall


def medians_per_start(commands, starts: int, environment):
    """Each command started <starts> times, TURN starts at a time, taking turns: the median CPU
    and wall per start of each. Turns and medians keep a noisy neighbour from favouring one of
    them; a turn of several starts lets each find the caches as it leaves them."""
    samples = [([], []) for _ in commands]
    for _ in range(0, starts, TURN):
        for (command, stdin), (cpus, walls) in zip(commands, samples):
            for _ in range(TURN):
                cpu, wall = one_start(command, stdin, environment)
                cpus.append(cpu)
                walls.append(wall)
    return [(statistics.median(cpus), statistics.median(walls)) for cpus, walls in samples]


def four_at_once(command, stdin: bytes, environment):
    """A program started from CALLERS threads at once (the spawn-rate run's concurrency), as fast
    as they can, with pipes as the worker sets them up, for AT_ONCE_SECONDS. Returns starts/s and
    the children's CPU per start (ms), from the kernel's accounting of the reaped children."""
    spawned = []
    deadline = time.monotonic() + AT_ONCE_SECONDS

    def caller():
        count = 0
        while time.monotonic() < deadline:
            subprocess.run(command, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment, check=True)
            count += 1
        spawned.append(count)

    before = os.times()
    callers = [threading.Thread(target=caller) for _ in range(CALLERS)]
    for thread in callers:
        thread.start()
    for thread in callers:
        thread.join()
    after = os.times()
    children_cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return sum(spawned) / AT_ONCE_SECONDS, children_cpu * 1000 / sum(spawned)


def main():
    child = Path(sys.argv[1]) if len(sys.argv) > 1 else \
        REPOSITORY / "services/worker-process/bin/Release/net10.0/child-aot/simul-worker-child"
    starts = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    if not child.exists():
        sys.exit(f"no child at {child}: dotnet build -c Release services/worker-process first")
    # Tracing off: no OTLP endpoint reaches the child, as in a run without telemetry.
    environment = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")}
    environment["SIMUL_PARENT_PID"] = str(os.getpid())
    request = delimited(work_pb2.WorkItem(prime=worker_pb2.PrimeRequest(below=3)))

    noop, program = [(["/bin/true"], b""), ([str(child)], request)]
    medians_per_start([noop, program], TURN, environment)  # the page cache, warm
    (noop_cpu, noop_wall), (child_cpu, child_wall) = medians_per_start([noop, program], starts, environment)
    scaled_target = TARGET_MS * noop_cpu / TARGET_MACHINE_NOOP_MS

    print(f"{starts} starts of each, taking turns, tracing off ({os.cpu_count()} cores); medians per start")
    print(f"  /bin/true           {noop_cpu:6.2f} ms CPU per start, {noop_wall:6.2f} ms wall (p50)")
    print(f"  {child.name:<19} {child_cpu:6.2f} ms CPU per start, {child_wall:6.2f} ms wall (p50), "
          f"{child_cpu / noop_cpu:.1f}x /bin/true")
    print(f"  target: <= {TARGET_MS} ms where /bin/true takes {TARGET_MACHINE_NOOP_MS} ms, "
          f"{TARGET_MS / TARGET_MACHINE_NOOP_MS:.1f}x; on this machine <= {scaled_target:.2f} ms: "
          f"{'met' if child_cpu <= scaled_target else 'not met'}")
    # The spawn rate's bound: a process model can start no more children a second than the
    # cores can pay for their starts (a start costs more when several overlap), even with a
    # parent that cost nothing; the parent here is Python's subprocess, the worker's is .NET's.
    print(f"{CALLERS} callers at once, each starting the next as soon as one exits ({AT_ONCE_SECONDS:.0f} s)")
    for name, (command, stdin) in (("/bin/true", noop), (child.name, program)):
        rate, cpu = four_at_once(command, stdin, environment)
        bound = os.cpu_count() * 1000 / cpu
        print(f"  {name:<19} {rate:6.0f} starts/s, {cpu:6.2f} ms CPU per start: at most {bound:.0f}/s with a parent "
              f"that cost nothing; the spawn-rate target, {TARGET_SPAWNS_PER_SECOND}/s at {CALLERS} callers, is "
              f"{'within' if bound >= TARGET_SPAWNS_PER_SECOND else 'beyond'} that")


if __name__ == "__main__":
    main()
