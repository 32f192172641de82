"""Folders in tests: what a folder holds, compared whole, and copies of the example site."""

from __future__ import annotations

import fnmatch
import os
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def tree(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, bytes | str | None]:
    """Returns everything under `folder` by its relative path: a file's bytes, None for a
    folder, and "-> " and where it points for a symlink (not followed). Paths matching a
    pattern in `skip` (such as .cache or .public.spare-*) are left out with what they hold."""
    found: dict[str, bytes | str | None] = {}
    for top, folders, files in os.walk(folder):  # a symlink to a folder is listed, not entered
        for name in folders + files:
            path = Path(top, name)
            rel = path.relative_to(folder).as_posix()
            if any(fnmatch.fnmatch(rel, pattern) for pattern in skip):
                if name in folders:
                    folders.remove(name)
                continue
            if path.is_symlink():
                found[rel] = "-> " + os.readlink(path)
            else:
                found[rel] = path.read_bytes() if path.is_file() else None
    return dict(sorted(found.items()))


def copy_example(folder: Path) -> Path:
    """Returns `folder`, made a private copy of the example site's content/ and data/."""
    for name in ("content", "data"):
        shutil.copytree(REPO / name, folder / name)
    return folder
