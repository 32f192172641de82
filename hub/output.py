"""Writing the site: a staging folder swapped in at the end, fingerprinted assets."""
from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .cache import BuildCache, PreviousOutput, Unkeyable, environment_fingerprint, fingerprint
from .workers import map_in_workers


class Output:
    """A folder the build writes into, refusing to write any path twice.

    Given the build cache, pages made by `write_rendered` are hard-linked from the last build
    of the same folder (`previous`) when exactly the same inputs made them there.
    """

    def __init__(self, root: Path, cache: BuildCache | None = None,
                 previous: PreviousOutput | None = None):
        self.root = root
        self.written: dict[str, str] = {}
        self.cache = cache
        self.previous = previous
        self.keys: dict[str, str] = {}  # page -> fingerprint of what made it, for the next build
        self.shared: dict[int, str | None] = {}  # environment -> its fingerprint
        self.memo: dict = {}

    def _claim(self, rel: str) -> None:
        # Case-insensitive, because a case-only clash would overwrite on macOS and Windows.
        key = rel.lower()
        if key in self.written:
            raise RuntimeError(f"two things would be written to {rel} "
                               f"(first {self.written[key]})")
        self.written[key] = rel

    def write(self, rel: str, content: str | bytes) -> None:
        self._claim(rel)
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        path.write_bytes(data)


    def write_rendered(self, env, jobs: list[tuple[str, str, dict]]) -> None:
        """Writes each job (path, template name, values): the template rendered with the values.

        A page that the same template, settings and values made in the last build is linked
        from it; the others are rendered on every core when there are many.
        """
        if id(env) not in self.shared:
            self.shared[id(env)] = environment_fingerprint(env, self.cache) if self.cache else None
        shared = self.shared[id(env)]
        fresh = []
        for rel, template, values in jobs:
            self._claim(rel)
            key = self._key(shared, template, values)
            if key and self.previous and self.previous.link(rel, key, self.root / rel):
                self.keys[rel] = key
            else:
                fresh.append((rel, template, values, key))

        def render(job) -> None:
            rel, template, values, _ = job
            path = self.root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(env.get_template(template).render(**values).encode("utf-8"))

        map_in_workers(render, fresh)
        self.keys.update({rel: key for rel, _, _, key in fresh if key})

    def _key(self, shared: str | None, template: str, values: dict) -> str | None:
        """Returns the fingerprint of one page's inputs, or None when it cannot be made."""
        if shared is None:
            return None
        try:
            return fingerprint(shared, template, values, memo=self.memo)
        except Unkeyable:
            return None


@contextlib.contextmanager
def staging_dir(out: Path, cache: BuildCache | None = None):
    """Yields an Output beside `out`; only when the block succeeds does it replace `out`.

    A failed or killed build leaves the previous `out` as it was. With the build cache,
    unchanged pages are hard-linked from the previous `out` into the staging folder.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    for leftover in out.parent.glob(f".{out.name}.*"):
        # Left by an earlier build that was killed part way.
        shutil.rmtree(leftover, ignore_errors=True)
    stage = out.parent / f".{out.name}.staging-{os.getpid()}"
    stage.mkdir()
    try:
        yield Output(stage, cache, cache.previous_output(out) if cache else None)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    old = out.parent / f".{out.name}.old-{os.getpid()}"
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
    if not folder.exists():
        return
    if sum(1 for _ in zip(range(REMOVE_IN_BACKGROUND_AFTER), folder.iterdir())) \
            < REMOVE_IN_BACKGROUND_AFTER:
        shutil.rmtree(folder, ignore_errors=True)
        return
    subprocess.Popen([sys.executable, "-c", "import shutil, sys; "
                      "shutil.rmtree(sys.argv[1], ignore_errors=True)", str(folder)],
                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, start_new_session=True)


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
