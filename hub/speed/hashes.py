"""Content hashes of the files a build reads, each read again only when it may have changed."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path
from stat import S_ISREG

from .. import REPO
from ..core.sources import REPO_INPUTS, SITE_INPUTS, walk
from ..core.workers import map_in_workers
from .store import CacheFolder

# A file changed less than this long before it was hashed is hashed again next time: some
# file systems keep times to the second, and a second save within it would look unchanged.
RACY_NS = 2_000_000_000
# The browser editor's files are copied from the installed Decap CMS (hub/write/cms.py): its
# package.json changes when it is installed, upgraded or removed, and so is an input.
EDITOR_INPUTS = ("node_modules/decap-cms/package.json",)


def site_relative(site_dir: Path, path: str) -> str:
    """Returns `path` relative to the site folder (with /), or as it is if outside it: what a
    cache records, so that it stays true for a copy of the site in another folder."""
    root = f"{site_dir}{os.sep}"
    return path[len(root) :].replace(os.sep, "/") if path.startswith(root) else path


def _shape(stat: os.stat_result) -> tuple:
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino


# What the cache keeps: path -> (size, times and inode, when it was hashed, hash).
KNOWN = dict[str, tuple[tuple[int, int, int, int], int, str]]


def _digest(found: tuple[str | Path, os.stat_result]) -> str:
    """Returns the hash of the bytes of a file, given as (path, its stat)."""
    path, stat = found
    if not S_ISREG(stat.st_mode):
        # A device or a pipe is never read (it could be endless, or block): reading it is
        # refused with a message naming it (hub/core/sources.py); until then it stands as this.
        return f"not a plain file, mode {stat.st_mode:o}"
    with open(path, "rb") as file:  # in chunks: memory stays bounded, whatever the size
        return hashlib.file_digest(file, lambda: hashlib.blake2b(digest_size=16)).hexdigest()


class FileHashes:
    """Each input file's hash, kept with the size and times it had when it was read.

    A file whose size, times and inode are as they were is not read again. After a fresh
    clone every file has new times, so each is read once and its hash compared: a cache
    restored into a new folder is reused wherever the content is the same.
    """

    def __init__(self, store: CacheFolder):
        self.store = store
        self.known: dict[str, tuple] = store.load("hashes", {}, KNOWN)
        self.changed = False
        self.current: dict[str, tuple] = {}  # path -> (shape, hash) of this build's reads
        self.walked = False  # set once this build has looked at every input file

    def file_hash(self, path: Path | str, stat: os.stat_result | None = None) -> str:
        """Returns the hash of the file's bytes, reading it only when it may have changed."""
        stat = stat or os.stat(path)
        digest = self._recall(str(path), stat)
        if digest is None:
            now = time.time_ns()
            digest = self._learn(str(path), stat, _digest((path, stat)), now)
        return digest

    def _recall(self, key: str, stat: os.stat_result) -> str | None:
        """Returns the file's hash if its size, times and inode are as when it was hashed
        (and it had not changed just before), noting it as read by this build; else None."""
        shape = _shape(stat)
        known = self.known.get(key)
        if known is not None and known[0] == shape and stat.st_mtime_ns < known[1] - RACY_NS:
            self.current[key] = (shape, known[2])
            return known[2]
        return None

    def _learn(self, key: str, stat: os.stat_result, digest: str, when: int) -> str:
        """Keeps `digest`, read from the file at `when` (or after), and returns it."""
        shape = _shape(stat)
        self.known[key] = (shape, when, digest)
        self.changed = True
        self.current[key] = (shape, digest)
        return digest

    def hash_now(self, path: Path | str) -> str:
        """Returns the file's hash as this build found it (hashing it if the build has not)."""
        known = self.current.get(str(path))
        return known[1] if known else self.file_hash(path)

    def still_as_hashed(self, path: str) -> bool:
        """Returns whether the file looks as it did when this build hashed it (a file saved
        during the build must not have its new content kept under its old hash)."""
        known = self.current.get(str(path))
        return known is not None and known[0] == _shape(os.stat(path))

    def inputs(self, site_dir: Path) -> list[tuple[str, str]]:
        """Returns (path, hash) for every file the build of `site_dir` reads, starting this
        build's record of what it read."""
        self.current = {}
        roots = [site_dir / name for name in SITE_INPUTS]
        if site_dir.resolve() != REPO:
            roots += [REPO / name for name in REPO_INPUTS]
        roots += [REPO / name for name in EDITOR_INPUTS]
        found = [(path, stat) for root in roots for path, stat in walk(str(root))]
        # In a fresh clone every file is new to the cache: they are read on every core.
        unknown = [(path, stat) for path, stat in found if self._recall(path, stat) is None]
        now = time.time_ns()
        for (path, stat), digest in zip(unknown, map_in_workers(_digest, unknown)):
            self._learn(path, stat, digest, now)
        self.walked = True
        return [(path, self.current[path][1]) for path, _ in found]

    def save(self) -> None:
        """Keeps the hashes for the next build, forgetting files that are gone."""
        if self.walked and len(self.known) > len(self.current):
            self.known = {path: self.known[path] for path in self.current}
            self.changed = True
        self.walked = False
        if self.changed:
            self.store.store("hashes", self.known)
            self.changed = False
