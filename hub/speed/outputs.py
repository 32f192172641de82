"""What the last build of an output folder made, and the spare copy that makes the next one
quick.

Each build of a folder records, in the cache, every file it left there (size, time and inode),
the fingerprint of what made each one, and which files it wrote or removed. A file whose
fingerprint and state are as recorded is kept instead of being made again.

The output is double-buffered. A build is staged beside the folder and swapped in whole
(hub/write/output.py); the tree it replaces is kept as the spare, named for the build that made it.
The next build takes the spare as its staging folder, brings it up to date with the files the
last build wrote (hard links: the trees share every file neither build changed), writes only
what it changes itself, and swaps it in. So a build that changes one page moves a handful of
files, yet the output folder is always one whole build.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
from pathlib import Path
from typing import TypedDict

from ..core.sources import walk
from ..core.workers import map_in_workers
from ..write.output import content_digest, file_shapes, remove_file, spare_path
from .fingerprints import fingerprint
from .hashes import site_relative
from .shapes import Inside, Name, Valid
from .store import CacheFolder


class Record(TypedDict):
    """What the cache keeps of the last build of an output folder. Every file is named by a
    path that stays inside the folder (Inside): the next build replaces and deletes them, and
    its spare copy is named by `based_on`."""

    tree: Name  # names this build's tree, and its spare later
    based_on: Name | None  # the tree this build's was made from
    keys: dict[Inside, str]  # file -> fingerprint of what made it
    files: dict[Inside, tuple[int, int, int]]  # file -> size, time and inode
    digests: dict[Inside, str]  # file -> a digest of its bytes
    written: list[Inside]
    removed: list[Inside]
    spare_inode: int | None
    indexed: dict[str, list[str]] | None  # each language's searchable pages
    inputs: str  # the code, input files and options it was built from
    settings: str  # the code and options
    sources: dict[str, str]  # each input file -> its hash
    outlines: dict[str, str]  # page source -> its outline


def _whole(record: Record) -> bool:
    """Returns whether every file of the record has its digest, and has it alone: as the
    build records them."""
    files = record["files"].keys()
    return record["digests"].keys() == files and record["keys"].keys() <= files


RECORD = Valid(Record, _whole)


class PreviousOutput:
    """The last build of an output folder, as its record describes it."""

    def __init__(self, folder: Path, record: dict):
        self.folder = folder
        self.record = record
        self.tree: str = record["tree"]  # names this build's tree, and its spare later
        self.keys: dict[str, str] = record["keys"]  # file -> fingerprint of what made it
        self.files: dict[str, tuple] = dict(record["files"])  # file -> size, time and inode
        self.digests: dict[str, str] = record["digests"]  # file -> a digest of its bytes
        self.settings: str = record["settings"]  # the code and options it was built with
        self.sources: dict[str, str] = record["sources"]  # each input file -> its hash
        self.outlines: dict[str, str] = record["outlines"]  # page source -> its outline
        self.indexed: dict | None = record["indexed"]  # each language's searchable pages
        self.prefix = str(folder) + "/"  # joined by hand: os.path.join is slow 4000 times over

    def unchanged(self, rel: str, key: str) -> bool:
        """Returns whether `key` made the last build's `rel`, and the file is as it was left."""
        return self.keys.get(rel) == key and self.as_left(rel)

    def untouched(self) -> bool:
        """Returns whether every file of the last build is still as that build left it. In a
        copy, where every file must be read, they are read on every core."""
        moved = []  # (file, its shape now) of each file whose shape changed
        for rel, known in self.files.items():
            shape = self._shape(rel)
            if shape is None:
                return False
            if shape != known:
                moved.append((rel, shape))
        for (rel, shape), same in zip(moved, map_in_workers(self._holds_its_bytes, moved)):
            if not same:
                return False
            self.files[rel] = shape  # so the next build finds it by its shape again
        return True

    def as_left(self, rel: str) -> bool:
        """Returns whether the last build's file `rel` is as that build left it: the same size,
        time and inode or, in a copy (a cache restored on a deploy server, where every file
        has a new inode and time), the same bytes."""
        shape = self._shape(rel)
        if shape is None:
            return False
        if shape == self.files.get(rel):
            return True
        if not self._holds_its_bytes((rel, shape)):
            return False
        self.files[rel] = shape  # so the next build finds it by its shape again
        return True

    def _shape(self, rel: str) -> tuple | None:
        """Returns the size, time and inode of the file `rel` now; None if it is not there."""
        try:
            stat = os.stat(self.prefix + rel)
        except OSError:
            return None
        return (stat.st_size, stat.st_mtime_ns, stat.st_ino)

    def _holds_its_bytes(self, moved: tuple[str, tuple]) -> bool:
        """Returns whether a file whose shape changed, given as (file, its shape now), holds
        the bytes the last build left there: a copy of its file."""
        rel, shape = moved
        known = self.files.get(rel)
        if known is None or known[0] != shape[0]:
            return False
        return self._copy_holds(self.folder, rel)

    def _copy_holds(self, tree: Path, rel: str) -> bool:
        """Returns whether `tree`/`rel` holds the bytes the last build left at `rel`."""
        if rel not in self.files or rel not in self.digests:
            return False
        try:
            with open(f"{tree}{os.sep}{rel}", "rb") as file:
                data = file.read()
        except OSError:
            return False
        return len(data) == self.files[rel][0] and content_digest(data) == self.digests[rel]

    def edited_since(self, current: dict[str, str]) -> list[str] | None:
        """Returns the input files whose content changed since the last build, given this
        build's (file -> hash); None if files came or went."""
        if current.keys() != self.sources.keys():
            return None
        return [path for path, digest in current.items() if self.sources[path] != digest]

    def holds(self, rel: str, data: bytes) -> bool:
        """Returns whether the last build's `rel` holds exactly `data`."""
        if rel not in self.files:
            return False
        try:
            if os.stat(self.prefix + rel).st_size != len(data):
                return False
            with open(self.prefix + rel, "rb") as file:
                return file.read() == data
        except OSError:
            return False

    def link(self, rel: str, target: str) -> None:
        """Hard-links the last build's `rel` to `target`, where there is no file (copies it
        where links fail). Files are never written in place, so trees may share them."""
        try:  # the folder is there already most often (in a spare tree, always): try first
            os.link(self.prefix + rel, target)
            return
        except FileNotFoundError:
            if not os.path.exists(self.prefix + rel):
                raise
            os.makedirs(os.path.dirname(target), exist_ok=True)
        except OSError:  # a file system without hard links
            shutil.copy2(self.prefix + rel, target)
            return
        try:
            os.link(self.prefix + rel, target)
        except OSError:
            shutil.copy2(self.prefix + rel, target)

    def take_spare(self, stage: Path, trash: Path) -> bool:
        """Moves the spare tree (the build before this one) to `stage` and brings it up to
        date with the last build; returns False, leaving `stage` absent, if there is none.

        The files it replaces are moved into `trash` for the caller to delete: renaming is
        quick, where deleting a file's content can take longer than a whole small build."""
        spare = spare_path(self.folder, self.record["based_on"] or "none")
        try:
            spare.rename(stage)
        except OSError:
            return False
        trash.mkdir(exist_ok=True)  # hub/write/output.py makes it first, marked as the build's own
        outdated = [*self.record["removed"], *self.record["written"]]
        relink = self.record["written"]
        if os.stat(stage).st_ino != self.record.get("spare_inode"):
            # A copy (restored from a deploy server's cache), which may have been changed: its
            # other files are checked by content, on every core, as the output's are. Those
            # that differ from the last build's are replaced by links to the output's (which
            # the build has checked too), the missing are linked, the rest cleared out.
            start = len(str(stage)) + 1
            found = [path[start:].replace(os.sep, "/") for path, _ in walk(str(stage))]
            settled, there = set(outdated), set(found)
            unsure = [rel for rel in found if rel in self.files and rel not in settled]
            holding = map_in_workers(functools.partial(self._copy_holds, stage), unsure)
            spoilt = [rel for rel, same in zip(unsure, holding) if not same]
            strays = [rel for rel in found if rel not in self.files and rel not in settled]
            missing = [rel for rel in self.files if rel not in there and rel not in settled]
            outdated = [*outdated, *spoilt, *strays]
            relink = [*relink, *spoilt, *missing]
        for n, rel in enumerate(outdated):
            with contextlib.suppress(FileNotFoundError):
                os.rename(f"{stage}{os.sep}{rel}", f"{trash}{os.sep}{n}")
        for rel in set(outdated) - set(relink):
            remove_file(stage, rel)  # the folders it leaves empty go too
        for rel in relink:
            with contextlib.suppress(FileNotFoundError):  # deleted by hand: made again
                self.link(rel, f"{stage}{os.sep}{rel}")
        return True


class OutputRecords:
    """The record of each output folder built from this site."""

    def __init__(self, store: CacheFolder, site_dir: Path):
        self.store = store
        self.site_dir = site_dir

    def _name(self, out: Path) -> str:
        # Named by its place in the site folder, so a cache copied with the site (a deploy
        # server restores it into a fresh clone) still finds its record.
        return "output-" + fingerprint(site_relative(self.site_dir, str(out.resolve())))[:16]

    def previous(self, out: Path) -> PreviousOutput | None:
        """Returns what the last build of `out` recorded, or None if there is no record or
        no folder (each file is checked against the record before it is kept)."""
        record = self.store.load(self._name(out), None, RECORD)
        if record is None or not out.is_dir():
            return None
        return PreviousOutput(out.resolve(), record)

    def remember(self, out: Path, output, facts: dict) -> None:
        """Records the build just swapped into `out` (an Output), with `facts` about its
        inputs, and forgets folders now gone (such as those `check` builds into)."""
        name = self._name(out)
        files = output.files if output.files is not None else file_shapes(out.resolve())
        self.store.store(
            name,
            {
                "tree": output.tree,
                "based_on": output.based_on,
                "keys": output.keys,
                "files": files,
                "digests": output.digests,
                "written": sorted(output.fresh),
                "removed": sorted(output.removed),
                "spare_inode": output.spare_inode,
                "indexed": output.indexed,
                **facts,
            },
        )
        folders = dict(self.store.load("outputs", {}, dict[Name, str]))
        folders[name] = str(out.resolve())
        for gone in [n for n, folder in folders.items() if not Path(folder).is_dir()]:
            self.store.forget(gone)
            del folders[gone]
        self.store.store("outputs", folders)
