"""Writing the site: a staging folder swapped in at the end (or, when few files changed,
just those moved in), keeping what the last build made from the same inputs, and
fingerprinted assets."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .cache import (
    STANDS_FOR,
    BuildCache,
    PreviousOutput,
    Unkeyable,
    environment_fingerprint,
    fingerprint,
    stand_in,
    walk,
)
from .patch import patch_folder, undo_unfinished_patch
from .workers import map_in_workers


class Output:
    """A folder the build writes into, refusing to write any path twice.

    Given the build cache and the last build of the same folder (`previous`), a file made
    there from exactly the same inputs (write_rendered, write_made) or holding exactly the
    same bytes (write) is not written again: it is kept from that build (see staging_dir).
    """

    def __init__(
        self, root: Path, cache: BuildCache | None = None, previous: PreviousOutput | None = None
    ):
        self.root = root
        self.written: dict[str, str] = {}
        self.cache = cache
        self.previous = previous
        self.keys: dict[str, str] = {}  # page -> fingerprint of what made it, for the next build
        self.reused: list[str] = []  # pages kept from the previous build
        self.files: dict[str, tuple] | None = None  # every file's shape, once swapped in
        self.shared: dict[int, str | None] = {}  # environment -> its fingerprint

    def _claim(self, rel: str) -> None:
        # Case-insensitive, because a case-only clash would overwrite on macOS and Windows.
        key = rel.lower()
        if key in self.written:
            raise RuntimeError(f"two things would be written to {rel} (first {self.written[key]})")
        self.written[key] = rel

    def write(self, rel: str, content: str | bytes) -> None:
        self._claim(rel)
        data = content.encode("utf-8") if isinstance(content, str) else content
        if self.previous is not None and self.previous.holds(rel, data):
            self.reused.append(rel)  # the last build wrote these very bytes: keep its file
            return
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def write_rendered(self, env, jobs: list[tuple[str, str, dict]]) -> None:
        """Writes each job (path, template name, values): the template rendered with the values.

        A page that the same template, settings and values made in the last build is kept
        from it; the others are rendered on every core when there are many.
        """
        if id(env) not in self.shared:
            self.shared[id(env)] = environment_fingerprint(env, self.cache) if self.cache else None
            if self.cache is not None and env.bytecode_cache is None:
                env.bytecode_cache = self.cache.template_bytecode()  # compiled once, kept
        shared = self.shared[id(env)]
        containers = _container_fingerprints(jobs)
        fresh = []
        for rel, template, values in jobs:
            self._claim(rel)
            key = self._key(
                shared,
                template,
                {
                    name: containers.get(id(value)) or stand_in(value)
                    for name, value in values.items()
                },
            )
            if key and self.previous and self.previous.unchanged(rel, key):
                self.keys[rel] = key
                self.reused.append(rel)
            else:
                fresh.append((rel, template, values, key))
        for template in {job[1] for job in fresh}:
            env.get_template(template)  # compiled here, not once in every worker

        def render(job) -> None:
            rel, template, values, _ = job
            path = self.root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(env.get_template(template).render(**values).encode("utf-8"))

        map_in_workers(render, fresh)
        self.keys.update({rel: key for rel, _, _, key in fresh if key})

    def write_made(self, rel: str, inputs, make) -> None:
        """Writes what `make()` returns, unless the same `inputs` made `rel` in the last build
        (then that file is kept). For files made by code rather than a template."""
        self._claim(rel)
        key = None
        if self.cache is not None:
            with contextlib.suppress(Unkeyable):
                key = fingerprint(self.cache.code_version(), rel, inputs)
        if key and self.previous and self.previous.unchanged(rel, key):
            self.reused.append(rel)
        else:
            path = self.root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            content = make()
            path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        if key:
            self.keys[rel] = key

    def _key(self, shared: str | None, template: str, values: dict) -> str | None:
        """Returns the fingerprint of one page's inputs, or None when it cannot be made."""
        if shared is None:
            return None
        try:
            return fingerprint(shared, template, values)
        except Unkeyable:
            return None

    def patch(self, out: Path) -> bool:
        """Moves just the files that changed into `out`, when few did; returns whether it did.

        Files written again with the same bytes (the feed, the assets) are left alone.
        """
        previous = self.previous
        if previous is None or previous.folder != out:
            return False
        start = len(str(self.root)) + 1
        staged = [path[start:].replace(os.sep, "/") for path, _ in walk(str(self.root))]
        made = set(self.written.values()) | set(staged)
        deleted = [rel for rel in previous.files if rel not in made and os.path.lexists(out / rel)]
        if len(staged) + len(deleted) > PATCH_AT_MOST:
            return False
        # Files made outside write() (the search index) may come out the same as last time.
        changed = [rel for rel in staged if not _same_file(self.root / rel, out / rel)]
        patch_folder(out, self.root, changed, deleted)
        shutil.rmtree(self.root, ignore_errors=True)
        self.files = {rel: shape for rel, shape in previous.files.items() if rel in made}
        for rel in changed:
            stat = os.stat(out / rel)
            self.files[rel] = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
        return True

    def keep_the_rest(self) -> None:
        """Keeps every other file of the previous build, as it is: for a build that knows
        that only what it has written has changed."""
        for rel in self.previous.files:
            if rel.lower() not in self.written:
                self._claim(rel)
                self.reused.append(rel)
                if rel in self.previous.keys:
                    self.keys[rel] = self.previous.keys[rel]

    def keep_reused(self) -> None:
        """Hard-links each file kept from the previous build into this folder, so that the
        folder holds the whole site (each file once, however often this is called)."""
        while self.reused:
            rel = self.reused.pop()
            self.previous.link(rel, os.path.join(self.root, rel))


def _container_fingerprints(jobs: list[tuple[str, str, dict]]) -> dict[int, tuple[str, str]]:
    """Returns what stands for each list or mapping the jobs are given: its fingerprint,
    worked out once however many jobs share it (a list of every page title, say). A job's key
    is then the same whether or not other jobs in the batch share its values."""
    containers = {}
    for _, _, values in jobs:
        for value in values.values():
            if isinstance(value, (list, dict)) and id(value) not in containers:
                try:
                    containers[id(value)] = (STANDS_FOR, fingerprint(value))
                except Unkeyable:
                    containers[id(value)] = None  # so the job has no key, and is rendered
    return containers


# A build that changed at most this many files moves them into the output folder one by one;
# one that changed more makes a whole new folder and swaps it in. Each way is undone if cut
# short; moving a handful of files saves recreating thousands of folders.
PATCH_AT_MOST = 400


def _same_file(new: Path, old: Path) -> bool:
    try:
        new_stat, old_stat = new.stat(), old.stat()
    except FileNotFoundError:
        return False
    if (new_stat.st_ino, new_stat.st_dev) == (old_stat.st_ino, old_stat.st_dev):
        return True  # a file kept from the last build, linked in
    return new_stat.st_size == old_stat.st_size and new.read_bytes() == old.read_bytes()


@contextlib.contextmanager
def staging_dir(out: Path, cache: BuildCache | None = None):
    """Yields an Output beside `out`; only when the block succeeds does it change `out`.

    A failed or killed build leaves the previous `out` as it was. With the build cache, a
    build that changed few files moves just those into `out` (hub/patch.py); otherwise
    pages kept from the previous build are hard-linked into the staging folder, which then
    replaces `out` whole.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    undo_unfinished_patch(out)  # before leftovers are cleared: they hold what it puts back
    for leftover in out.parent.glob(f".{out.name}.*"):
        # Left by an earlier build that was killed part way, or still being deleted.
        remove_folder(leftover)
    tag = f"{os.getpid()}-{time.time_ns()}"  # never the name of a leftover still being deleted
    stage = out.parent / f".{out.name}.staging-{tag}"
    stage.mkdir()
    output = Output(stage, cache, cache.previous_output(out) if cache else None)
    try:
        yield output
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    if output.patch(out):
        return
    output.keep_reused()
    old = out.parent / f".{out.name}.old-{tag}"
    if out.exists():
        out.rename(old)
    stage.rename(out)
    remove_folder(old)


# Deleting a few thousand files takes longer than a build that changed one page; past this
# many, the old output is deleted by a process of its own once the new one is in place.
REMOVE_IN_BACKGROUND_AFTER = 1000


def remove_folder(folder: Path) -> None:
    """Deletes `folder`, in a detached process when it is big. Nothing reads it any more, and a
    deletion cut short is finished by the next build, which clears leftovers first."""
    if not folder.is_dir():
        folder.unlink(missing_ok=True)
        return
    if (
        sum(1 for _ in zip(range(REMOVE_IN_BACKGROUND_AFTER), folder.iterdir()))
        < REMOVE_IN_BACKGROUND_AFTER
    ):
        shutil.rmtree(folder, ignore_errors=True)
        return
    subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)",
            str(folder),
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def copy_assets(sources: list[Path], output: Output) -> dict[str, str]:
    """Copies CSS, JS and images with a content hash in each name.

    Returns a map from each asset's plain path (css/site.css) to its published address.
    Later folders in `sources` override files of the same name in earlier ones.
    """
    files: dict[str, Path] = {}
    for folder in sources:
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and not path.name.startswith("."):
                    files[path.relative_to(folder).as_posix()] = path
    urls = {}
    for rel, path in sorted(files.items()):
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()[:10]
        stem, dot, suffix = rel.rpartition(".")
        published = f"assets/{stem}.{digest}.{suffix}" if dot else f"assets/{rel}.{digest}"
        output.write(published, data)
        urls[rel] = "/" + published
    return urls
