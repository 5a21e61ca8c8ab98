"""
Ties a process's life to its parent's (Linux prctl PR_SET_PDEATHSIG): when the parent dies, the
kernel kills this process too, so a worker that is killed leaves nothing computing on.
"""

import ctypes
import os
import signal

_PR_SET_PDEATHSIG = 1


def die_with_parent(expected_parent: int | None = None) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    # The parent may have died before prctl: then this process was handed to another already.
    if expected_parent is not None and os.getppid() != expected_parent:
        os._exit(1)
