"""Moving changed files into an output folder, and undoing a move that was cut short."""

from __future__ import annotations

import pytest

import hub.patch
from hub.patch import patch_folder, undo_unfinished_patch


def files(folder) -> dict:
    return {
        p.relative_to(folder).as_posix(): p.read_text()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def folders(tmp_path):
    out, stage = tmp_path / "public", tmp_path / ".public.staging"
    for rel, text in {
        "index.html": "old home",
        "a/index.html": "old a",
        "gone/index.html": "deleted page",
        "b/index.html": "kept",
    }.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text)
    for rel, text in {
        "index.html": "new home",
        "a/index.html": "new a",
        "new/index.html": "added page",
    }.items():
        (stage / rel).parent.mkdir(parents=True, exist_ok=True)
        (stage / rel).write_text(text)
    return out, stage


CHANGED = ["index.html", "a/index.html", "new/index.html"]


def test_a_patch_replaces_adds_and_deletes(folders):
    out, stage = folders
    patch_folder(out, stage, CHANGED, ["gone/index.html"])
    assert files(out) == {
        "index.html": "new home",
        "a/index.html": "new a",
        "new/index.html": "added page",
        "b/index.html": "kept",
    }
    assert not (out / "gone").exists()  # its emptied folder goes too
    assert sorted(p.name for p in out.parent.iterdir()) == [".public.staging", "public"]


@pytest.mark.parametrize("moves_before_the_cut", range(6))  # it makes six moves
def test_a_patch_cut_short_is_undone_by_the_next_build(folders, monkeypatch, moves_before_the_cut):
    out, stage = folders
    before = files(out)
    real_move, count = hub.patch._move, [0]

    def move_then_die(source, target):
        if count[0] == moves_before_the_cut:
            raise KeyboardInterrupt  # the process killed part way
        count[0] += 1
        real_move(source, target)

    monkeypatch.setattr(hub.patch, "_move", move_then_die)
    with pytest.raises(KeyboardInterrupt):
        patch_folder(out, stage, CHANGED, ["gone/index.html"])
    monkeypatch.setattr(hub.patch, "_move", real_move)
    undo_unfinished_patch(out)
    assert files(out) == before
    assert not any(p.name.startswith(".public.backup") for p in out.parent.iterdir())
    assert not (out.parent / ".public.patch-journal.json").exists()
