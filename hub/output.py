"""Writing the site: a staging folder swapped in at the end, fingerprinted assets."""
from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from pathlib import Path


class Output:
    """A folder the build writes into, refusing to write any path twice."""

    def __init__(self, root: Path):
        self.root = root
        self.written: dict[str, str] = {}

    def write(self, rel: str, content: str | bytes) -> None:
        # Case-insensitive, because a case-only clash would overwrite on macOS and Windows.
        key = rel.lower()
        if key in self.written:
            raise RuntimeError(f"two things would be written to {rel} "
                               f"(first {self.written[key]})")
        self.written[key] = rel
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        path.write_bytes(data)


@contextlib.contextmanager
def staging_dir(out: Path):
    """Yields an Output beside `out`; only when the block succeeds does it replace `out`.

    A failed or killed build leaves the previous `out` as it was.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    for leftover in out.parent.glob(f".{out.name}.*"):
        # Left by an earlier build that was killed part way.
        shutil.rmtree(leftover, ignore_errors=True)
    stage = out.parent / f".{out.name}.staging-{os.getpid()}"
    stage.mkdir()
    try:
        yield Output(stage)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        out.rename(old)
    stage.rename(out)
    shutil.rmtree(old, ignore_errors=True)


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
