"""The .cache/ folder: named values kept between builds, each in a pickle file of its own.

A value is written whole or not at all (to a temporary file, then renamed over the old one),
so a build killed while saving leaves the previous value. A file that cannot be read back (cut
short, corrupt, or from another version of the build) is ignored, with one warning line, and
the work it stood for is done again: the cache can make a build slower, never wrong.
"""

from __future__ import annotations

import os
import pickle
import sys
from pathlib import Path

FOLDER = ".cache"
# Part of every file: a value stored by a build whose cache had another shape is never read.
FORMAT = 4


class CacheFolder:
    """The named values in one site's .cache/ folder.

    `writable=False` reads but never writes (for `check`); `deferred=True` keeps writes back
    until `flush` (serve writes after the browser has been told to reload, not before).
    """

    def __init__(self, site_dir: Path, writable: bool = True, deferred: bool = False):
        self.folder = site_dir / FOLDER
        self.writable = writable
        self.deferred = deferred
        self.values: dict[str, object] = {}  # read or stored by this process: not read again
        self.pending: dict[str, object] = {}  # deferred writes, by name
        self.warned = False

    def load(self, name: str, default):
        """Returns the value stored under `name`, or `default` if there is none to trust."""
        if name in self.values:
            return self.values[name]
        path = self.folder / f"{name}.pickle"
        try:
            with open(path, "rb") as file:
                stored_format, value = pickle.load(file)
        except FileNotFoundError:
            return default
        except Exception:  # cut short, corrupt, or written by other code: start afresh
            self._warn(f"{path.name} could not be read")
            return default
        if stored_format != FORMAT:
            self._warn(f"{path.name} is from another version of the build")
            return default
        self.values[name] = value
        return value

    def _warn(self, why: str) -> None:
        if not self.warned:  # one line per build, however many files are affected
            print(
                f"Note: the build cache ({self.folder}) was not used: {why}. "
                "This build does all its work again; the output is the same.",
                file=sys.stderr,
            )
            self.warned = True

    def store(self, name: str, value) -> None:
        """Keeps `value` under `name` for builds to come (nothing, when not writable)."""
        self.values[name] = value
        if not self.writable:
            return
        if self.deferred:
            self.pending[name] = value
        else:
            self._write(name, value)

    def forget(self, name: str) -> None:
        """Removes the value stored under `name`."""
        self.values.pop(name, None)
        self.pending.pop(name, None)
        if self.writable:
            (self.folder / f"{name}.pickle").unlink(missing_ok=True)

    def flush(self) -> None:
        """Writes what a deferred cache has kept back."""
        while self.pending:
            self._write(*self.pending.popitem())

    def _write(self, name: str, value) -> None:
        self.folder.mkdir(exist_ok=True)
        part = self.folder / f".{name}.{os.getpid()}.part"
        with open(part, "wb") as file:
            pickle.dump((FORMAT, value), file, protocol=pickle.HIGHEST_PROTOCOL)
        part.replace(self.folder / f"{name}.pickle")  # whole or not at all, even if killed
