"""One build at a time for each site and output folder.

`build`, `check`, `new-report` and each `serve` rebuild hold the lock of the site folder (whose
.cache/ they read and write) and, when they write an output folder, the lock of the folder it
sits in (where the staging folder and the spare copy go beside it). A second command that
needs either waits for the first to finish, saying so once, rather than stopping: comms staff
often have `serve` running when they run `build`, and serve holds the lock only while it
rebuilds, a fraction of a second, so stopping would make `build` fail at random.

The locks are the operating system's (flock) on the folders themselves: nothing is written to
take one, a read-only checkout can still be checked, and a holder that is killed lets go at
once, since the system drops the lock when the last open file of it closes.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
from pathlib import Path

WAITING = (
    "Another build of this site is running (a build, check, new-report or a serve rebuild): "
    "waiting for it to finish. Press Ctrl+C to stop waiting."
)


@contextlib.contextmanager
def one_build_at_a_time(site_dir: Path, out: Path | None = None):
    """Holds the locks of `site_dir` and of the folder that will hold `out` (made if missing)
    for the block, waiting for any other build that holds one; prints WAITING once to stderr
    if it has to wait."""
    folders = [site_dir]
    if out is not None:
        parent = Path(os.path.abspath(out)).parent
        parent.mkdir(parents=True, exist_ok=True)
        folders.append(parent)
    with hold(folders, WAITING):
        yield


@contextlib.contextmanager
def hold(folders: list[Path], waiting: str):
    """Holds an exclusive lock on each folder for the block; prints `waiting` once to stderr
    if another process holds any of them, then waits for it.

    The same folder named twice (or by two paths) is locked once, and folders are locked in
    one order in every process, so two builds never each wait for the other.
    """
    said = False
    held: list[int] = []
    try:
        for folder in _distinct(folders):
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)  # closed on exec, by default
            held.append(fd)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not said:
                    print(waiting, file=sys.stderr, flush=True)
                    said = True
                fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        for fd in reversed(held):
            os.close(fd)  # which lets go of its lock


def _distinct(folders: list[Path]) -> list[Path]:
    """Returns the folders without repeats, in the order of their device and inode."""
    by_identity: dict[tuple[int, int], Path] = {}
    for folder in folders:
        stat = os.stat(folder)
        by_identity.setdefault((stat.st_dev, stat.st_ino), folder)
    return [by_identity[key] for key in sorted(by_identity)]
