"""
Handing a request to another thread (a pool thread, the model's event loop) and awaiting it from
the transport's loop. The call's cancellation (client cancel, deadline) cancels the awaiting
handler; the work itself is told through the job's Cancellation and awaited until it has really
stopped, so in-flight counts it until then and no work outlives its call.
"""

import asyncio
import concurrent.futures

from simul_worker.cancellation import Cancellation


async def until_stopped(ended: concurrent.futures.Future, cancellation: Cancellation) -> int:
    """The result of `ended`, which completes when the work has stopped (not when it is asked to)."""
    outcome = asyncio.wrap_future(ended)
    try:
        # Shielded: cancelling the wrapper would cancel `ended` itself, which would then say the
        # work has stopped while it still runs.
        return await asyncio.shield(outcome)
    except asyncio.CancelledError:
        cancellation.cancel()
        # Its outcome (RequestCancelled, most likely) is taken, and dropped: the call has ended.
        await asyncio.gather(outcome, return_exceptions=True)
        raise


def settle(ended: concurrent.futures.Future, task: asyncio.Task) -> None:
    """Completes `ended` as `task` ended (a task's done callback, on its loop), unless it was
    cancelled already: the request expired in the queue, and its call has ended."""
    if ended.cancelled():
        return
    if task.cancelled():
        ended.cancel()
    elif (error := task.exception()) is not None:
        ended.set_exception(error)
    else:
        ended.set_result(task.result())
