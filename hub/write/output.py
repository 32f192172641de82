"""Writing the site: into a staging folder beside the output, which replaces it in one atomic
step once every part of the build has succeeded. At every moment the output folder holds the
whole last good build or the whole new one.

With the speed layer (hub/speed/), the staging folder is the spare copy of an earlier build
brought up to date, and files made from unchanged inputs are kept rather than made again; the
result is the same, file for file.

The build replaces or deletes only folders it made itself: each holds its marker file
(OUTPUT_MARKER). `output_refusal` says why an output folder cannot be used, before anything
is touched.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import os
import re
import secrets
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

from .. import REPO
from ..core.errors import ContentErrors, Problems
from ..core.sources import (
    CACHE_FOLDER,
    OUTPUT_MARKER,
    REPO_INPUTS,
    SITE_INPUTS,
    check_inside,
    walk,
)
from ..core.workers import MIN_ITEMS_TO_SHARE, Batch, map_in_workers

# Written into every folder the build makes (the output, its staging folder, spare copy and
# trash): a folder is replaced or deleted only when it holds this file. A dot file, so Netlify
# does not publish it (netlify deploy skips names that start with a dot, .well-known apart).
MARKER_TEXT = (
    "This folder was made by the ASB hub's build (build.py), which replaces or deletes it\n"
    "whole. Without this file, the build leaves the folder alone.\n"
)


class Output:
    """A folder the build writes into, refusing to write any path twice.

    Given the last build of the same folder (`previous`) and a way to fingerprint what makes
    each file (`keys`), a file made from exactly the same inputs (write_rendered, write_made)
    or holding exactly the same bytes (write) is kept from that build instead.
    """

    def __init__(self, root: Path, previous=None, keys=None, from_spare=False):
        self.root = root
        self.previous = previous  # hub.speed.outputs.PreviousOutput, or None for a first build
        self.render_keys = keys  # hub.speed.render_keys.RenderKeys, or None to make every file
        self.from_spare = from_spare  # the folder starts as a copy of the previous build
        self.claimed: dict[str, str] = {}  # lower-case path -> path, of every file made
        self.keys: dict[str, str] = {}  # path -> fingerprint of what made it, for next time
        self.kept: list[str] = []  # files kept from the previous build
        self.fresh: set[str] = set()  # files this build wrote
        self.digests: dict[str, str] = {}  # file -> a digest of its bytes, to check a copy by
        self.addresses: list[tuple[str, object]] = []  # (address, last changed) for the sitemap
        self.tree = new_tree_name()
        self.based_on = previous.tree if previous else None
        self.files: dict[str, tuple] | None = None  # every file's shape, once finished
        self.removed: list[str] = []  # files of the previous build this one does not make
        self.spare_inode: int | None = None  # the spare copy's folder, once swapped in
        self.indexed: dict[str, list[str]] | None = None  # the search index's pages, if made
        self.completed = False
        # Inside rendering_meanwhile(): the batch of files rendering on the other cores (at most
        # one), with its jobs; None outside it, where every file is written before its step ends.
        self.meanwhile: list[tuple[Batch, list]] | None = None

    def add_address(self, url: str, updated=None) -> None:
        """Registers a page address for the sitemap, with the date it last changed if known."""
        self.addresses.append((url, updated))

    def _claim(self, rel: str) -> None:
        # Case-insensitive, because a case-only clash would overwrite on macOS and Windows.
        key = rel.lower()
        if key in self.claimed:
            raise RuntimeError(f"two things would be written to {rel} (first {self.claimed[key]})")
        self.claimed[key] = rel

    def _keep(self, rel: str, key: str | None = None) -> None:
        self.kept.append(rel)
        self.digests[rel] = self.previous.digests[rel]
        if key:
            self.keys[rel] = key

    def _write(self, rel: str, data: bytes) -> None:
        write_file(f"{self.root}{os.sep}{rel}", data)
        self.fresh.add(rel)
        self.digests[rel] = content_digest(data)

    def write(self, rel: str, content: str | bytes) -> None:
        """Writes `content` to `rel`, unless the last build wrote these very bytes there."""
        self.write_many({rel: content.encode("utf-8") if isinstance(content, str) else content})

    def write_many(self, files: dict[str, bytes]) -> None:
        """Writes each file of `files` (path -> bytes) as `write` does, on every core when
        there are many: creating a file is the costly part on some file systems."""
        for rel in files:
            self._claim(rel)
        previous, root = self.previous, f"{self.root}{os.sep}"

        def write(rel: str) -> str | None:
            """Returns the file's digest, or None where the last build's holds these bytes."""
            data = files[rel]
            if previous is not None and previous.holds(rel, data):
                return None
            write_file(root + rel, data)
            return content_digest(data)

        names = list(files)
        for rel, digest in zip(names, map_in_workers(write, names)):
            if digest is None:
                self._keep(rel)
            else:
                self.fresh.add(rel)
                self.digests[rel] = digest

    def write_rendered(self, env, jobs: list[tuple[str, str, dict]]) -> None:
        """Writes each job (path, template name, values): the template rendered with the values.

        A file that the same template, settings and values made in the last build is kept;
        the others are rendered, on every core when there are many. Inside
        rendering_meanwhile(), a big batch may still be rendering when this returns.
        """
        keyer = self.render_keys.keyer(env, jobs) if self.render_keys else None
        # With no last build, nothing can be kept: each file's key (for the next build) is
        # worked out where it is rendered, on every core, rather than all here beforehand.
        keyed_later = keyer is not None and self.previous is None
        fresh = []
        for rel, template, values in jobs:
            self._claim(rel)
            key = keyer(template, values) if keyer and not keyed_later else None
            if key and self.previous and self.previous.unchanged(rel, key):
                self._keep(rel, key)
            else:
                fresh.append((rel, template, values, key))
        root = f"{self.root}{os.sep}"

        def render(job) -> tuple[str, str | None]:
            """Returns the file's digest and its key."""
            rel, template, values, key = job
            data = env.get_template(template).render(**values).encode("utf-8")
            write_file(root + rel, data)
            if keyer and keyed_later:
                key = keyer(template, values)
            return content_digest(data), key

        # The first file of each template is made here, so that every template it uses (the
        # one it names, the layout that extends, the macros it imports) is compiled once, here,
        # not again in every worker.
        first = {job[1]: job for job in reversed(fresh)}
        here = list(first.values())
        self._rendered(here, [render(job) for job in here])
        fresh = [job for job in fresh if first[job[1]] is not job]
        if self.meanwhile is None:
            self._rendered(fresh, map_in_workers(render, fresh))
        elif self.meanwhile or len(fresh) < MIN_ITEMS_TO_SHARE:  # the other cores are busy
            self._rendered(fresh, [render(job) for job in fresh])
        else:
            self.meanwhile.append((Batch(render, fresh, meanwhile=True), fresh))

    @contextlib.contextmanager
    def rendering_meanwhile(self):
        """Within the block, the first big batch of files to render (the guidance pages) is
        rendered on the other cores while the steps after it go on in this process; the
        block's end waits for it. The files, and any error, are the same as without it."""
        self.meanwhile = []
        try:
            yield
            for batch, fresh in self.meanwhile:
                self._rendered(fresh, batch.results())
        finally:
            for batch, _ in self.meanwhile:
                batch.stop()  # only still running when the block failed
            self.meanwhile = None

    def _rendered(self, fresh: list[tuple], made: list[tuple[str, str | None]]) -> None:
        """Records the files of `fresh` (path, template, values, key) as written, given the
        (digest, key) of each."""
        for (rel, _, _, _), (digest, key) in zip(fresh, made):
            self.fresh.add(rel)
            self.digests[rel] = digest
            if key:
                self.keys[rel] = key

    def write_made(self, rel: str, inputs, make) -> None:
        """Writes what `make()` returns, unless the same `inputs` made `rel` in the last build
        (that file is then kept). For files made by code rather than a template."""
        self._claim(rel)
        key = self.render_keys.for_made(rel, inputs) if self.render_keys else None
        if key and self.previous and self.previous.unchanged(rel, key):
            self._keep(rel, key)
            return
        content = make()
        self._write(rel, content.encode("utf-8") if isinstance(content, str) else content)
        if key:
            self.keys[rel] = key

    def keep_the_rest(self, leave_out: tuple[str, ...] = ()) -> None:
        """Keeps every other file of the previous build as it is, except those that start
        with a path in `leave_out` (files, and folders ending in /, that the build makes again
        or no longer makes): for a build that knows that only what it has written, or will
        write, has changed."""
        for rel in self.previous.files:
            if rel.lower() not in self.claimed and not rel.startswith(leave_out):
                self._claim(rel)
                self._keep(rel, self.previous.keys.get(rel))

    def complete(self) -> None:
        """Makes the folder hold exactly this build's files: links in what it keeps from the
        previous build, or, started from the spare copy, removes what this build does not make."""
        if self.completed:
            return
        self.completed = True
        previous = self.previous
        if previous is None:
            return
        made = set(self.claimed.values())
        if self.from_spare:
            for rel in previous.files:
                if rel not in made:
                    remove_file(self.root, rel)
        else:
            root = f"{self.root}{os.sep}"
            for rel in self.kept:
                previous.link(rel, root + rel)

    def finish(self) -> None:
        """Completes the folder and records the shape of every file in it."""
        self.complete()
        if self.previous is not None:
            made = set(self.claimed.values())
            self.removed = [rel for rel in self.previous.files if rel not in made]
        if self.previous is None or not self.from_spare:
            self.files = file_shapes(self.root)
            return
        # Kept files share their inode with the previous build's: their shapes are known.
        self.files = {rel: self.previous.files[rel] for rel in self.kept}
        for rel in self.fresh:
            stat = os.stat(f"{self.root}{os.sep}{rel}")
            self.files[rel] = (stat.st_size, stat.st_mtime_ns, stat.st_ino)


def write_file(path: str, data: bytes) -> None:
    """Writes `data` to a new file at `path`, replacing any file there rather than writing
    into it: a file may be shared (hard-linked) with another build's tree."""
    try:
        with open(path, "xb") as file:
            file.write(data)
            return
    except FileExistsError:
        os.unlink(path)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "xb") as file:
        file.write(data)


class OutputRefused(Exception):
    """The output folder is one the build must not replace; the message says what to do."""


@contextlib.contextmanager
def staging_dir(out: Path, run=None):
    """Yields an Output beside `out`; when the block succeeds it replaces `out` atomically.

    A failed or killed build leaves `out` as it was. `run` (hub.speed.incremental.Run) supplies the
    last build of `out` and the fingerprints that let unchanged files be kept. Raises
    OutputRefused, having touched nothing, if `out` holds files the build did not make.
    """
    out = Path(os.path.realpath(out))
    if refusal := not_ours(out):
        raise OutputRefused(refusal)
    out.parent.mkdir(parents=True, exist_ok=True)
    previous = run.previous if run else None
    wanted = spare_path(out, previous.record["based_on"] or "none") if previous else None
    clear_leftovers(out, keep=wanted)
    tag = f"{os.getpid()}-{time.time_ns()}"
    stage, trash = (out.parent / f".{out.name}.{part}-{tag}" for part in ("staging", "trash"))
    from_spare = False
    if previous is not None and is_ours(wanted):  # a spare the build did not mark is left be
        make_folder(trash)
        from_spare = previous.take_spare(stage, trash)
        remove_folder(trash)
    if not from_spare:
        make_folder(stage)
    output = Output(stage, previous, run.render_keys if run else None, from_spare)
    try:
        yield output
        output.finish()
    except BaseException:
        remove_folder(stage)
        raise
    spare = spare_path(out, previous.tree) if previous else None
    swap_in(stage, out, spare)
    if spare is not None and spare.is_dir():
        output.spare_inode = spare.stat().st_ino
    if run:
        run.staged(output)


def make_folder(folder: Path) -> None:
    """Makes `folder`, marked as the build's own."""
    folder.mkdir()
    (folder / OUTPUT_MARKER).write_text(MARKER_TEXT, encoding="utf-8")


def is_ours(folder: Path | None) -> bool:
    """Returns whether `folder` is a folder (not a link to one) that the build made: one that
    holds the build's marker, as a plain file."""
    if folder is None:
        return False
    try:
        marked = stat.S_ISREG(os.lstat(folder / OUTPUT_MARKER).st_mode)
        return marked and stat.S_ISDIR(os.lstat(folder).st_mode)
    except OSError:  # not there, or not a folder
        return False


def not_ours(out: Path) -> str | None:
    """Returns why the folder `out` must not be replaced, in a sentence that says what to do;
    None when it may: it is not there, it is empty, or the build made it."""
    try:
        with os.scandir(out) as entries:
            empty = next(entries, None) is None
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"{out} cannot be listed ({error.strerror}): choose another folder"
    if empty or is_ours(out):
        return None
    return (
        f"{out} is not empty and this build did not make it (it has no {OUTPUT_MARKER} file, "
        "which builds before that file existed did not write either): delete it, or choose "
        "another folder"
    )


def output_refusal(out: Path, site_dir: Path) -> str | None:
    """Returns why `out` cannot be the output folder of a build of `site_dir`, in one line
    that says what to do; None when it can.

    The build replaces its output whole, so `out` must not be, hold or be inside anything else
    that matters: the site folder, the repository, a folder the build reads (content/, data/,
    templates/, assets/, .cache/), the home folder or the root. Nor may it be a file, or a
    folder holding files the build did not make. Paths are compared with every link followed.
    """
    real = Path(os.path.realpath(out))
    said = f"--out {out}"
    advice = (
        f"the output is replaced whole, so give it a folder of its own, such as {site_dir}/public"
    )
    places = [  # (folder, what it is): the output may not be one of these, nor hold one
        (Path("/"), "the root folder"),
        (Path.home(), "your home folder"),
        (site_dir, "the site folder"),
        (REPO, "the repository, with the build's own code"),
    ]
    folders = [name for name in SITE_INPUTS if "." not in name]  # netlify.toml is a file
    read = [(site_dir / name, f"the site's {name}/ folder") for name in [*folders, CACHE_FOLDER]]
    read += [
        (REPO / name, f"the repository's {name}/ folder") for name in [*REPO_INPUTS, CACHE_FOLDER]
    ]
    known = [(Path(os.path.realpath(path)), what) for path, what in places + read]
    for folder, what in known:
        if real == folder:
            return f"{said} is {what}: {advice}"
    for folder, what in known[len(places) :]:
        if real.is_relative_to(folder):
            return f"{said} is inside {what}, which the build reads: {advice}"
    for folder, what in known:
        if folder.is_relative_to(real):
            return f"{said} holds {what}: {advice}"
    there = real
    while not os.path.lexists(there):
        there = there.parent
    if not there.is_dir():
        return f"{said}: {there} is not a folder: {advice}"
    refusal = not_ours(real)
    return f"{said}: {refusal}" if refusal else None


# How the build names what it leaves beside an output folder called NAME: .NAME.staging-*,
# .NAME.trash-* and .NAME.old-* (here), .NAME.spare-* (hub/speed/outputs.py), and any of them
# being deleted (.deleting).
LEFTOVER = r"\.{name}\.(staging|trash|old|spare)-[0-9A-Za-z-]+(\.deleting)?"


def clear_leftovers(out: Path, keep: Path | None) -> None:
    """Removes what earlier builds left beside `out` when killed part way, and spare copies
    of trees the next build cannot use: every folder but `keep` that is named as the build
    names them (LEFTOVER) and is the build's own (is_ours). One so named but not marked is
    removed only when empty (made by a build killed before it marked it): a folder of anyone
    else's is never touched."""
    named = re.compile(LEFTOVER.format(name=re.escape(out.name)))
    for leftover in out.parent.glob(f".{out.name}.*"):
        if leftover == keep or not named.fullmatch(leftover.name):
            continue
        if is_ours(leftover):
            remove_folder(leftover)
        else:
            with contextlib.suppress(OSError):
                leftover.rmdir()


def swap_in(stage: Path, out: Path, spare: Path | None) -> None:
    """Puts `stage` in the place of `out` in one step, then keeps the tree it replaced as
    `spare` (or deletes it when there is nowhere to keep it)."""
    if not out.exists():
        stage.rename(out)
        return
    try:
        exchange(stage, out)
    except OSError as error:
        if error.errno not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
            raise
        # No atomic exchange on this system: the output is missing for a moment instead.
        old = stage.with_name(stage.name.replace(".staging-", ".old-"))
        out.rename(old)
        stage.rename(out)
        stage = old
    if spare is None:
        remove_folder(stage)
    else:
        stage.rename(spare)


_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def exchange(first: Path, second: Path) -> None:
    """Swaps two folders' names in one step (Linux's renameat2 with RENAME_EXCHANGE): no
    reader ever finds neither. Raises OSError(ENOSYS) where the system has no such call."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available")
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE):
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(first))


# Deleting a few thousand files takes longer than a build that changed one page; past this
# many entries, a folder is deleted by a process of its own.
REMOVE_IN_BACKGROUND_AFTER = 1000


def remove_folder(folder: Path) -> None:
    """Deletes `folder`, in a detached process when it is big. Nothing reads it any more, and a
    deletion cut short is finished by the next build, which clears leftovers first."""
    if not folder.is_dir():
        folder.unlink(missing_ok=True)
        return
    entries = sum(1 for _ in zip(range(REMOVE_IN_BACKGROUND_AFTER), folder.iterdir()))
    if entries < REMOVE_IN_BACKGROUND_AFTER:
        delete_tree(str(folder))
        return
    gone = folder
    if not folder.name.endswith(".deleting"):  # renamed, so no later build takes it as a spare
        gone = folder.with_name(folder.name + ".deleting")
        folder.rename(gone)
    subprocess.Popen(
        [sys.executable, "-c", DELETE_TREE, str(gone), str(REPO)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


# What the detached process runs: delete_tree(FOLDER), given FOLDER and the repository.
DELETE_TREE = (
    "import sys; sys.path.insert(0, sys.argv[2]); "
    "import hub.write.output as o; o.delete_tree(sys.argv[1])"
)


def delete_tree(folder: str) -> None:
    """Deletes `folder` and all it holds, its marker last: a deletion cut short leaves a folder
    still marked as the build's own, for the next build to delete."""
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:  # deleted meanwhile by another build's deletion of it
        return
    for entry in entries:
        if entry.name == OUTPUT_MARKER:
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
    with contextlib.suppress(OSError):
        if os.listdir(folder) == [OUTPUT_MARKER]:  # else it stays marked, for the next build
            os.unlink(os.path.join(folder, OUTPUT_MARKER))
        os.rmdir(folder)


def copy_assets(sources: list[Path], output: Output) -> dict[str, str]:
    """Copies CSS, JS and images with a content hash in each name.

    Returns a map from each asset's plain path (css/site.css) to its published address.
    Later folders in `sources` override files of the same name in earlier ones. Raises
    ContentErrors naming each link that walk does not follow: out of its site (or the
    repository, for the repository's own assets), to nothing, or round in a circle.
    """
    files: dict[str, str] = {}
    problems = Problems()
    for folder in sources:
        start = len(str(folder)) + 1
        for path, found in walk(str(folder)):
            rel = path[start:].replace(os.sep, "/")
            if stat.S_ISLNK(found.st_mode):
                where = f"{folder.name}/{rel}"
                if check_inside(path, folder.parent, where, problems) and os.path.isdir(path):
                    problems.add(where, 1, LINK_TO_ITS_FOLDER)  # walk stopped at it
            elif not os.path.basename(path).startswith("."):
                files[rel] = path
    if problems:
        raise ContentErrors(problems.sorted())
    urls = {}
    for rel, path in sorted(files.items()):
        with open(path, "rb") as file:
            data = file.read()
        digest = hashlib.sha256(data).hexdigest()[:10]
        stem, dot, suffix = rel.rpartition(".")
        published = f"assets/{stem}.{digest}.{suffix}" if dot else f"assets/{rel}.{digest}"
        output.write(published, data)
        urls[rel] = "/" + published
    return urls


LINK_TO_ITS_FOLDER = (
    "this is a link to a folder it is in, so it leads round in a circle: delete it, or link to "
    "the files it should hold"
)


def content_digest(data: bytes) -> str:
    """Returns a digest of a file's bytes: what a copy of the file is checked against."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


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
