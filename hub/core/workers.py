"""Sharing a big batch of work between the machine's cores.

Python runs one thread of Python at a time, so the build forks: each child process starts
with everything the parent has already read (no re-importing, no re-reading), works on its
share, and sends its results back pickled through a pipe. Small batches stay in one process,
where forking would cost more than it saves.
"""

from __future__ import annotations

import os
import pickle
import signal

# Below this many items a batch runs in this process: a fork and the pickling of results
# cost a few milliseconds, about what a handful of pages take to render.
MIN_ITEMS_TO_SHARE = 64


def cores() -> int:
    """Returns how many cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def map_in_workers(work, items: list) -> list:
    """Returns [work(item) for item in items], the items shared between the cores.

    `work` may be any function, closures included (children are forked, not sent code), and
    must return something picklable. When a child fails, its share is done again here, so an
    error is raised with its full traceback exactly as in a run on one core.
    """
    count = cores() if len(items) >= MIN_ITEMS_TO_SHARE else 1
    if count < 2 or not hasattr(os, "fork"):
        return [work(item) for item in items]
    shares = [items[n::count] for n in range(count)]  # interleaved: costly runs are spread out
    children = []
    try:
        for share in shares[1:]:
            children.append(_fork(work, share))
        results = [[work(item) for item in shares[0]]]
        for share in shares[1:]:
            pid, pipe = children.pop(0)
            try:
                with os.fdopen(pipe, "rb") as reader:
                    data = reader.read()
            except BaseException:
                _stop(pid)
                raise
            _, status = os.waitpid(pid, 0)
            done = pickle.loads(data) if status == 0 and data else None
            results.append(done if done is not None else [work(item) for item in share])
    finally:
        for pid, pipe in children:  # only left when this process failed or was interrupted
            os.close(pipe)
            _stop(pid)
    merged = [None] * len(items)
    for n, share_results in enumerate(results):
        merged[n::count] = share_results
    return merged


def _stop(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def _fork(work, share: list) -> tuple[int, int]:
    """Starts a child doing `work` on `share`; returns (its pid, the pipe to read results from)."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: do the share, send it back, leave without running exit hooks
        os.close(reader)
        status = 1
        try:
            data = pickle.dumps([work(item) for item in share], protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(writer, "wb") as pipe:
                pipe.write(data)
            status = 0
        except BaseException:  # the parent redoes this share and raises it properly
            pass
        finally:
            os._exit(status)  # never the parent's exit hooks or buffered output
    os.close(writer)
    return pid, reader
