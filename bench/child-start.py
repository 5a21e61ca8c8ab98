"""The process model's fixed cost: CPU per start of its child program, tracing off.

Starts the child N times one after another, each with one Prime(below=3, no wait) on stdin (the
least work a request can ask for), and reads the children's CPU from the kernel's accounting
(getrusage of the reaped children: user + system, the runtime's start and exit included). A C
no-op (/bin/true) is measured beside it so that a figure from another machine can be compared:
the issue's target, 3 ms per start, was set on a machine where /bin/true took 0.7 ms.

  /usr/bin/python3 bench/child-start.py [CHILD] [STARTS]
CHILD defaults to the Release build's NativeAOT child (dotnet build -c Release first).
"""

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY / "services" / "worker-python"))
from simul_worker.contract import work_pb2, worker_pb2  # noqa: E402  (the stubs live with the CPython worker)

TARGET_MS = 3.0
TARGET_MACHINE_NOOP_MS = 0.7


def delimited(message) -> bytes:
    """Protobuf's length-delimited form, as the child reads it (a varint length, then the bytes)."""
    body = message.SerializeToString()
    length, prefix = len(body), bytearray()
    while length >= 0x80:
        prefix.append(length & 0x7F | 0x80)
        length >>= 7
    prefix.append(length)
    return bytes(prefix) + body


def cpu_and_wall_per_start(command, stdin: bytes, starts: int, environment):
    """Mean CPU (ms) of the reaped children and the median wall time (ms) of one start."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    walls = []
    for _ in range(starts):
        began = time.perf_counter()
        done = subprocess.run(command, input=stdin, capture_output=True, env=environment, check=False)
        walls.append((time.perf_counter() - began) * 1000)
        if done.returncode != 0:
            sys.exit(f"{command[0]} exited with {done.returncode}: {done.stderr.decode(errors='replace')}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu * 1000 / starts, statistics.median(walls)


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

    cpu_and_wall_per_start([str(child)], request, 10, environment)  # the page cache, warm
    noop_cpu, noop_wall = cpu_and_wall_per_start(["/bin/true"], b"", starts, environment)
    child_cpu, child_wall = cpu_and_wall_per_start([str(child)], request, starts, environment)
    scaled_target = TARGET_MS * noop_cpu / TARGET_MACHINE_NOOP_MS

    print(f"{starts} starts, one after another, tracing off ({os.cpu_count()} cores)")
    print(f"  /bin/true           {noop_cpu:6.2f} ms CPU per start, {noop_wall:6.2f} ms wall (p50)")
    print(f"  {child.name:<19} {child_cpu:6.2f} ms CPU per start, {child_wall:6.2f} ms wall (p50), "
          f"{child_cpu / noop_cpu:.1f}x /bin/true")
    print(f"  target: <= {TARGET_MS} ms where /bin/true takes {TARGET_MACHINE_NOOP_MS} ms, "
          f"{TARGET_MS / TARGET_MACHINE_NOOP_MS:.1f}x; on this machine <= {scaled_target:.2f} ms: "
          f"{'met' if child_cpu <= scaled_target else 'not met'}")


if __name__ == "__main__":
    main()
