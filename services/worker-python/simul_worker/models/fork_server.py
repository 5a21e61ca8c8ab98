"""
What the fork server does once, as its preload (multiprocessing imports this module in the fork
server, and nowhere else), so that each child it forks starts ready: the child's code imported
and its HTTP client built (an SSL context costs 25 ms), inherited through fork. And it ties the
fork server's life to the worker's: a killed worker takes the fork server with it, and each child
dies with the fork server (child.serve), so no child outlives the worker. (Left alone, the fork
server would wait for every child to close its end of the worker's "alive" pipe.) The worker's
main thread started the fork server and lives as long as the worker, as PR_SET_PDEATHSIG needs.
"""

import gc
import multiprocessing.popen_forkserver  # noqa: F401 (a child unpickling its pipe's end needs it)

from simul_worker.models import child
from simul_worker.parent_death import die_with_parent

die_with_parent()
child.upstream_http()
# Every object imported so far moves out of the collector's reach: a collection in a child would
# otherwise write to each of them, copying the fork server's whole heap page by page.
gc.freeze()
