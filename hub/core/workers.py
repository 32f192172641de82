"""Sharing a big batch of work between the machine's cores.

Python runs one thread of Python at a time, so the build forks: each child process starts
with everything the parent has already read (no re-importing, no re-reading), works on its
share, and sends its results back pickled through a pipe. Small batches stay in one process,
where forking would cost more than it saves.

The work is cut into small chunks that every process takes from one queue as it becomes free,
so a core slowed by anything else on the machine simply takes fewer: the batch ends when the
last chunk does, not when the slowest core's fixed share does. A Batch may also run while this
process goes on with other work (`Batch(..., meanwhile=True)`), its children then taking all
the cores; `results()` takes any chunk not yet started, then gathers the rest.
"""

from __future__ import annotations

import os
import pickle
import signal
import struct

# Below this many items a batch runs in this process: a fork and the pickling of results
# cost a few milliseconds, about what a handful of pages take to render.
MIN_ITEMS_TO_SHARE = 64

# The most items in one chunk: a page takes about 1-4 ms, so one chunk ends within a tenth
# of a second of another, and a batch's few hundred chunks stay far below a pipe's capacity.
MOST_PER_CHUNK = 32

_CHUNK = struct.Struct("=I")  # a chunk's number, as it travels through the queue


def cores() -> int:
    """Returns how many cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def map_in_workers(work, items: list) -> list:
    """Returns [work(item) for item in items], the items shared between the cores.

    `work` may be any function, closures included (children are forked, not sent code), and
    must return something picklable. When a child fails, what it had not sent back is done
    again here, so an error is raised with its full traceback exactly as in a run on one core.
    """
    return Batch(work, items).results()


class Batch:
    """[work(item) for item in items], done by forked children and, in `results()`, by this
    process. With `meanwhile`, the children take every core and this process is free to do
    other work until it asks for the results."""

    def __init__(self, work, items: list, meanwhile: bool = False):
        self.work, self.items = work, items
        self.children: list[tuple[int, int]] = []  # (pid, the pipe its results come through)
        self.queue: int | None = None  # the pipe every process takes chunk numbers from
        count = cores() if len(items) >= MIN_ITEMS_TO_SHARE and hasattr(os, "fork") else 1
        helpers = count if meanwhile else count - 1
        if count < 2 or helpers < 1:
            self.chunks = [range(len(items))]
            return
        size = max(1, min(MOST_PER_CHUNK, len(items) // (4 * count)))
        self.chunks = [range(n, min(n + size, len(items))) for n in range(0, len(items), size)]
        self.queue, queue_in = os.pipe()
        # Written whole before any process reads: each read of one number is then atomic.
        os.write(queue_in, b"".join(_CHUNK.pack(n) for n in range(len(self.chunks))))
        os.close(queue_in)
        try:
            for _ in range(helpers):
                self.children.append(self._fork())
        except BaseException:
            self.stop()
            raise

    def _next_chunk(self) -> int | None:
        """Returns the number of a chunk no process has taken yet, or None when none is left."""
        if self.queue is None:
            return None
        data = os.read(self.queue, _CHUNK.size)
        return _CHUNK.unpack(data)[0] if data else None

    def _do(self, chunk: int) -> list:
        return [self.work(self.items[n]) for n in self.chunks[chunk]]

    def _fork(self) -> tuple[int, int]:
        """Starts a child taking chunks from the queue; returns (its pid, its results' pipe)."""
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: work until the queue is empty, send back what it did
            os.close(reader)
            done = {}
            try:
                while (chunk := self._next_chunk()) is not None:
                    done[chunk] = self._do(chunk)  # a failure leaves its chunk for the parent
            except BaseException:
                pass
            status = 1
            try:
                data = pickle.dumps(done, protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(writer, "wb") as pipe:
                    pipe.write(data)
                status = 0
            except BaseException:  # the parent does this child's chunks again
                pass
            finally:
                os._exit(status)  # never the parent's exit hooks or buffered output
        os.close(writer)
        return pid, reader

    def results(self) -> list:
        """Returns every item's result, in the items' order. Chunks that no child has started
        are done here; so is anything a child could not send back, raising its error here."""
        done = {}
        try:
            if not self.children:
                return [result for chunk in range(len(self.chunks)) for result in self._do(chunk)]
            while (chunk := self._next_chunk()) is not None:
                done[chunk] = self._do(chunk)
            while self.children:
                pid, pipe = self.children.pop(0)
                try:
                    with os.fdopen(pipe, "rb") as reader:
                        data = reader.read()
                except BaseException:
                    _kill(pid)
                    raise
                _, status = os.waitpid(pid, 0)
                if status == 0 and data:
                    done.update(pickle.loads(data))
            for chunk in range(len(self.chunks)):
                if chunk not in done:
                    done[chunk] = self._do(chunk)
        finally:
            self.stop()
        return [result for chunk in range(len(self.chunks)) for result in done[chunk]]

    def stop(self) -> None:
        """Ends the children that are still running (after a failure here, or an interrupt)."""
        for pid, pipe in self.children:
            os.close(pipe)
            _kill(pid)
        self.children = []
        if self.queue is not None:
            os.close(self.queue)
            self.queue = None


def _kill(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
