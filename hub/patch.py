"""Replacing only the changed files of an output folder, with a way back if cut short.

A build that changed a few pages of thousands need not recreate every folder of the site:
the changed files are renamed into place one by one (each rename is atomic), and the files
they replace are moved aside. Before the first rename, a journal beside the folder lists the
whole change, so that if the process is killed part way, the next build puts every moved
file back before it does anything else: the folder is then the last good build again.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path


def _journal(out: Path) -> Path:
    return out.parent / f".{out.name}.patch-journal.json"


def patch_folder(out: Path, stage: Path, changed: list[str], deleted: list[str]) -> None:
    """Moves each of `changed` (paths under `stage`) into `out`, and removes `deleted` from
    `out`, keeping the files they replace in a backup folder until the end."""
    backup = out.parent / f".{out.name}.backup-{os.getpid()}"
    replaced = [rel for rel in changed if os.path.lexists(os.path.join(out, rel))]
    added = [rel for rel in changed if rel not in set(replaced)]
    journal = _journal(out)
    journal.write_text(
        json.dumps(
            {"backup": backup.name, "replaced": replaced, "added": added, "deleted": deleted}
        ),
        encoding="utf-8",
    )
    for rel in replaced + deleted:
        _move(out / rel, backup / rel)
    for rel in replaced + added:
        _move(stage / rel, out / rel)
    for rel in deleted:
        _remove_empty_folders((out / rel).parent, out)
    journal.unlink()
    shutil.rmtree(backup, ignore_errors=True)


def undo_unfinished_patch(out: Path) -> None:
    """Puts back a patch that was cut short, leaving `out` as the build before it."""
    journal = _journal(out)
    if not journal.exists():
        return
    try:
        plan = json.loads(journal.read_text(encoding="utf-8"))
    except ValueError:  # cut short while the journal itself was written: nothing moved yet
        journal.unlink()
        return
    backup = out.parent / plan["backup"]
    for rel in plan["added"]:
        (out / rel).unlink(missing_ok=True)
        _remove_empty_folders((out / rel).parent, out)
    for rel in plan["replaced"] + plan["deleted"]:
        if (backup / rel).exists():  # moved aside before the cut: put it back
            _move(backup / rel, out / rel)
    shutil.rmtree(backup, ignore_errors=True)
    journal.unlink()


def _move(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source, target)


def _remove_empty_folders(folder: Path, root: Path) -> None:
    """Removes `folder` and its parents up to `root` while they are empty."""
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:  # not empty, or already gone
            return
        folder = folder.parent
