"""What the last build of an output folder made, and the spare copy that makes the next one
quick.

Each build of a folder records, in the cache, every file it left there (size, time and inode),
the fingerprint of what made each one, and which files it wrote or removed. A file whose
fingerprint and state are as recorded is kept instead of being made again.

The output is double-buffered. A build is staged beside the folder and swapped in whole
(hub/output.py); the tree it replaces is kept as the spare, named for the build that made it.
The next build takes the spare as its staging folder, brings it up to date with the files the
last build wrote (hard links: the trees share every file neither build changed), writes only
what it changes itself, and swaps it in. So a build that changes one page moves a handful of
files, yet the output folder is always one whole build.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from pathlib import Path

from .fingerprints import fingerprint
from .hashes import walk
from .store import CacheFolder


def file_shapes(folder: Path) -> dict[str, tuple]:
    """Returns each file under `folder` (as a /-separated path) with its size, modification
    time and inode."""
    start = len(str(folder)) + 1
    return {
        path[start:].replace(os.sep, "/"): (stat.st_size, stat.st_mtime_ns, stat.st_ino)
        for path, stat in walk(str(folder))
    }


def spare_path(out: Path, tree: str) -> Path:
    """Returns where the spare copy of the tree `tree`, once the output `out`, is kept."""
    return out.parent / f".{out.name}.spare-{tree}"


class PreviousOutput:
    """The last build of an output folder, as its record describes it."""

    def __init__(self, folder: Path, record: dict):
        self.folder = folder
        self.record = record
        self.tree: str = record["tree"]  # names this build's tree, and its spare later
        self.keys: dict[str, str] = record["keys"]  # file -> fingerprint of what made it
        self.files: dict[str, tuple] = record["files"]  # file -> its size, time and inode
        self.settings: str = record["settings"]  # the code and options it was built with
        self.sources: dict[str, str] = record["sources"]  # each input file -> its hash
        self.outlines: dict[str, str] = record["outlines"]  # page source -> its outline
        self.prefix = str(folder) + "/"  # joined by hand: os.path.join is slow 4000 times over
        self.made_folders: set[str] = set()

    def unchanged(self, rel: str, key: str) -> bool:
        """Returns whether `key` made the last build's `rel`, and the file is as it was left."""
        return self.keys.get(rel) == key and self.as_left(rel)

    def untouched(self) -> bool:
        """Returns whether every file of the last build is still as that build left it."""
        return all(self.as_left(rel) for rel in self.files)

    def as_left(self, rel: str) -> bool:
        """Returns whether the last build's file `rel` has the size, time and inode it had."""
        try:
            stat = os.stat(self.prefix + rel)
        except OSError:
            return False
        return (stat.st_size, stat.st_mtime_ns, stat.st_ino) == self.files.get(rel)

    def edited_since(self, current: dict[str, tuple]) -> list[str] | None:
        """Returns the input files (as paths) whose content changed since the last build,
        given this build's hashes (path -> (shape, hash)); None if files came or went."""
        if current.keys() != self.sources.keys():
            return None
        return [path for path, (_, digest) in current.items() if self.sources[path] != digest]

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
        parent = os.path.dirname(target)
        if parent not in self.made_folders:
            os.makedirs(parent, exist_ok=True)
            self.made_folders.add(parent)
        try:
            os.link(self.prefix + rel, target)
        except OSError:  # a file system without hard links
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
        trash.mkdir()
        for n, rel in enumerate([*self.record["removed"], *self.record["written"]]):
            with contextlib.suppress(FileNotFoundError):
                os.rename(f"{stage}{os.sep}{rel}", f"{trash}{os.sep}{n}")
        for rel in self.record["removed"]:
            remove_file(stage, rel)  # and the folders it leaves empty
        for rel in self.record["written"]:
            with contextlib.suppress(FileNotFoundError):  # deleted by hand: made again
                self.link(rel, f"{stage}{os.sep}{rel}")
        return True


class OutputRecords:
    """The record of each output folder built from this site."""

    def __init__(self, store: CacheFolder):
        self.store = store

    @staticmethod
    def _name(out: Path) -> str:
        return "output-" + fingerprint(str(out.resolve()))[:16]

    def previous(self, out: Path) -> PreviousOutput | None:
        """Returns what the last build of `out` recorded, or None if there is no record, or
        `out` is not the folder it recorded (swapped or replaced since)."""
        record = self.store.load(self._name(out), None)
        try:
            if record is None or record["folder_inode"] != os.stat(out).st_ino:
                return None
        except OSError:
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
                "written": sorted(output.fresh),
                "removed": sorted(output.removed),
                "folder_inode": os.stat(out).st_ino,
                **facts,
            },
        )
        folders = dict(self.store.load("outputs", {}))
        folders[name] = str(out.resolve())
        for gone in [n for n, folder in folders.items() if not Path(folder).is_dir()]:
            self.store.forget(gone)
            del folders[gone]
        self.store.store("outputs", folders)


def remove_file(root: Path, rel: str) -> None:
    """Removes `root`/`rel`, and each folder above it up to `root` that is left empty."""
    path = root / rel
    path.unlink(missing_ok=True)
    folder = path.parent
    while folder != root:
        try:
            folder.rmdir()
        except OSError:  # not empty, or already gone
            return
        folder = folder.parent


def new_tree_name() -> str:
    """Returns a name for a new output tree, unique to it."""
    return secrets.token_hex(8)
