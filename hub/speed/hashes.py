"""Content hashes of the files a build reads, each read again only when it may have changed."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path
from stat import S_ISREG

from .. import REPO
from ..core.sources import link_problem
from ..core.workers import map_in_workers
from .store import CacheFolder

# A file changed less than this long before it was hashed is hashed again next time: some
# file systems keep times to the second, and a second save within it would look unchanged.
RACY_NS = 2_000_000_000
# Every folder and file a build reads, relative to the site folder; the repository's own
# templates and assets are read too when the site is elsewhere.
SITE_INPUTS = ("content", "data", "templates", "assets", "netlify.toml")
REPO_INPUTS = ("templates", "assets")
# The browser editor's files are copied from the installed Decap CMS (hub/write/cms.py): its
# package.json changes when it is installed, upgraded or removed, and so is an input.
EDITOR_INPUTS = ("node_modules/decap-cms/package.json",)


# The file that marks a folder as one the build made (hub/write/output.py). It marks the folder,
# it is not one of its files: walk leaves it out, so the records of an output never list it.
OUTPUT_MARKER = ".asb-hub-output"


def walk(root: str):
    """Yields (path, stat) for every file under `root` (or `root` itself if it is a file),
    in name order; paths are strings, which is quicker than Path for thousands of files.

    A link is followed where hub.core.sources.link_problem allows it, taking the folder that holds
    `root` as the bound (the site for content/, the repository for its templates/); a folder
    link, only to a folder that neither is nor holds one being walked. Any other link (out of
    that folder, to nothing, round in a circle) is yielded as itself, with its own stat: it
    counts as an input but is never read, and the build refuses it at its path. OUTPUT_MARKER
    files are left out.
    """
    bound = os.path.realpath(os.path.dirname(os.path.abspath(root)))
    if os.path.islink(root):
        yield from _walk_link(root, bound, set())
    else:
        yield from _walk(root, os.path.realpath(root), bound, set())


def _walk(path: str, real: str, bound: str, walking: set[str]):
    """Walks `path`, a folder whose real location is `real` (or a file), for walk."""
    try:
        entries = sorted(os.scandir(path), key=lambda entry: entry.name)
    except NotADirectoryError:
        yield path, os.stat(path)
        return
    except FileNotFoundError:
        return
    walking.add(real)
    for entry in entries:
        if entry.name == OUTPUT_MARKER:
            continue
        if entry.is_symlink():
            yield from _walk_link(entry.path, bound, walking)
        elif entry.is_dir():
            yield from _walk(entry.path, f"{real}{os.sep}{entry.name}", bound, walking)
        elif entry.is_file():
            yield entry.path, entry.stat()
    walking.discard(real)


def _walk_link(path: str, bound: str, walking: set[str]):
    """Walks the link `path` for walk: follows it, or yields it as itself."""
    if link_problem(path, bound) is None:
        real = os.path.realpath(path)
        if os.path.isdir(real):
            # Not to a folder being walked, nor to one holding it: that is round in a circle.
            if not any(f"{held}{os.sep}".startswith(f"{real}{os.sep}") for held in walking):
                yield from _walk(path, real, bound, walking)
                return
        elif os.path.isfile(real):
            yield path, os.stat(real)
            return
    yield path, os.lstat(path)


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
