"""Output folders: records of what made each file, the spare copy, and the atomic swap."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import jinja2

from hub.core import workers
from hub.read.settings import Settings
from hub.speed.hashes import FileHashes
from hub.speed.outputs import OutputRecords, PreviousOutput
from hub.speed.render_keys import RenderKeys
from hub.speed.store import CacheFolder
from hub.write.output import (
    Output,
    content_digest,
    exchange,
    file_shapes,
    make_folder,
    spare_path,
    staging_dir,
    swap_in,
    write_file,
)


def record_of(folder, **more) -> dict:
    """Returns a record of the build that left `folder` as it is now."""
    files = file_shapes(folder)
    return {
        "tree": "t2",
        "based_on": "t1",
        "keys": {},
        "files": files,
        "digests": {rel: content_digest((folder / rel).read_bytes()) for rel in files},
        "written": [],
        "removed": [],
        "spare_inode": None,
        "indexed": None,
        "settings": "s",
        "sources": {},
        "outlines": {},
        **more,
    }


def test_a_file_changed_by_hand_is_not_as_left_but_a_copy_is(tmp_path):
    out = tmp_path / "public"
    out.mkdir()
    for name in ("a.html", "b.html", "c.html", "d.html"):
        (out / name).write_text(name)
    previous = PreviousOutput(out, record_of(out, keys={"a.html": "k"}))
    assert previous.untouched() and previous.unchanged("a.html", "k")
    assert not previous.unchanged("a.html", "another key")
    (out / "b.html").write_text("edited by hand, longer")
    (out / "c.html").write_text("C.html")  # the same size and different bytes
    (out / "d.html").unlink()
    (out / "d.html").write_text("d.html")  # a copy: the same bytes, a new inode and time
    assert not previous.as_left("b.html") and not previous.as_left("c.html")
    assert previous.as_left("d.html")
    assert not previous.untouched()


def test_a_copy_of_a_big_output_is_checked_file_by_file_on_every_core(tmp_path):
    out, copy = tmp_path / "public", tmp_path / "copy"
    for n in range(200):  # enough for the check to be shared between processes
        write_file(str(out / f"page-{n}" / "index.html"), f"page {n:03d}".encode())
    record = record_of(out)
    shutil.copytree(out, copy, copy_function=shutil.copy)  # new inodes and times
    previous = PreviousOutput(copy, record)
    assert previous.untouched()
    assert previous.files == file_shapes(copy)  # known by their shapes from now on
    (copy / "page-150" / "index.html").unlink()
    (copy / "page-150" / "index.html").write_text("page 999")  # same size, other bytes
    assert not PreviousOutput(copy, record).untouched()


def test_the_spare_copy_is_brought_up_to_date_with_the_last_build(tmp_path):
    out, spare = tmp_path / "public", spare_path(tmp_path / "public", "t1")
    for folder, text in ((spare, "old"), (out, "new")):
        (folder / "page").mkdir(parents=True)
        (folder / "page" / "index.html").write_text(text)
        (folder / "same.html").write_text("same")
    (spare / "gone").mkdir()
    (spare / "gone" / "index.html").write_text("a page the last build removed")
    previous = PreviousOutput(
        out,
        record_of(
            out,
            written=["page/index.html"],
            removed=["gone/index.html"],
            spare_inode=spare.stat().st_ino,  # the spare this build of `out` left
        ),
    )
    stage, trash = tmp_path / "stage", tmp_path / "trash"
    assert previous.take_spare(stage, trash)
    assert not spare.exists()
    assert sorted(file_shapes(stage)) == ["page/index.html", "same.html"]  # "gone/" too is gone
    assert (stage / "page" / "index.html").read_text() == "new"
    assert os.path.samefile(stage / "page" / "index.html", out / "page" / "index.html")
    assert sorted(p.read_text() for p in trash.iterdir()) == [
        "a page the last build removed",
        "old",
    ]


def test_a_copied_spare_is_relinked_to_the_output_and_cleared_of_anything_else(tmp_path):
    out, spare = tmp_path / "public", spare_path(tmp_path / "public", "t1")
    for folder in (spare, out):
        (folder / "page").mkdir(parents=True)
        (folder / "page" / "index.html").write_text(folder.name)
    (spare / "stray.html").write_text("not in either build")
    previous = PreviousOutput(out, record_of(out, spare_inode=12345))  # a copy's inode differs
    stage = tmp_path / "stage"
    assert previous.take_spare(stage, tmp_path / "trash")
    assert sorted(file_shapes(stage)) == ["page/index.html"]
    assert os.path.samefile(stage / "page" / "index.html", out / "page" / "index.html")


def test_no_spare_means_staging_afresh(tmp_path):
    out = tmp_path / "public"
    out.mkdir()
    assert not PreviousOutput(out, record_of(out)).take_spare(tmp_path / "s", tmp_path / "t")
    assert not (tmp_path / "s").exists()


def test_a_record_is_found_in_a_copy_of_the_site_in_another_folder(tmp_path):
    class Made:  # what remember() reads of an Output
        tree, based_on, keys, files, digests, fresh, removed = "t", None, {}, {}, {}, set(), []
        spare_inode = indexed = None

    site = tmp_path / "site"
    (site / "public").mkdir(parents=True)
    OutputRecords(CacheFolder(site), site).remember(
        site / "public", Made(), {"inputs": "i", "settings": "s", "sources": {}, "outlines": {}}
    )
    copy = tmp_path / "fresh-clone"
    shutil.copytree(site, copy)
    assert OutputRecords(CacheFolder(copy), copy).previous(copy / "public").tree == "t"
    assert OutputRecords(CacheFolder(copy), copy).previous(copy / "elsewhere") is None


def test_exchange_swaps_two_folders_in_one_step(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "from-a").write_text("")
    (tmp_path / "b").mkdir()
    exchange(tmp_path / "a", tmp_path / "b")
    assert os.listdir(tmp_path / "b") == ["from-a"] and os.listdir(tmp_path / "a") == []


def test_swap_in_keeps_the_replaced_tree_as_the_spare(tmp_path):
    out, stage, spare = tmp_path / "public", tmp_path / "stage", tmp_path / "spare"
    for folder in (out, stage):
        folder.mkdir()
        (folder / "which").write_text(folder.name)
    swap_in(stage, out, spare)
    assert (out / "which").read_text() == "stage" and (spare / "which").read_text() == "public"
    assert not stage.exists()


def test_a_file_shared_with_another_tree_is_replaced_not_written_into(tmp_path):
    (tmp_path / "one").write_text("kept by the other tree")
    os.link(tmp_path / "one", tmp_path / "two")
    write_file(str(tmp_path / "two"), b"new")
    assert (tmp_path / "one").read_text() == "kept by the other tree"
    assert (tmp_path / "two").read_text() == "new"


def test_a_failed_build_leaves_the_output_and_no_staging_folder(tmp_path):
    out = tmp_path / "public"
    make_folder(out)  # marked as the build's own, as a build leaves it
    (out / "index.html").write_text("last good build")
    try:
        with staging_dir(out) as stage:
            stage.write("index.html", "half made")
            raise RuntimeError("a step failed")
    except RuntimeError:
        pass
    assert (out / "index.html").read_text() == "last good build"
    assert [p.name for p in tmp_path.iterdir()] == ["public"]


def keys_for(jobs, known=None):
    """Returns the key of each job, for templates that need no files."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([]))
    no_files = FileHashes(CacheFolder(Path("/no/such/site"), writable=False))
    key = RenderKeys("code", no_files, known or {}).keyer(env, jobs)
    return [key(template, values) for _, template, values in jobs]


def test_a_files_key_follows_the_content_of_its_values_alone():
    settings = Settings(name="Hub")
    shared = [{"text": "Home"}]
    one = keys_for([("a", "t.html", {"site": settings, "crumbs": shared})])
    same = keys_for([("a", "t.html", {"site": Settings(name="Hub"), "crumbs": [{"text": "Home"}]})])
    other = keys_for([("a", "t.html", {"site": Settings(name="Other"), "crumbs": shared})])
    assert one == same and one != other
    # Shared with another job or not, a value gives the same key.
    both = keys_for([("a", "t.html", {"site": settings, "crumbs": shared}),
                     ("b", "t.html", {"site": settings, "crumbs": shared})])  # fmt: skip
    assert both[0] == one[0]


def test_an_object_with_a_known_fingerprint_stands_in_by_it():
    page = object()  # cannot be pickled, but its fingerprint is known
    first = keys_for([("a", "t.html", {"page": page})], known={id(page): (page, "k1")})
    second = keys_for([("a", "t.html", {"page": page})], known={id(page): (page, "k2")})
    assert first[0] and second[0] and first != second
    assert keys_for([("a", "t.html", {"page": lambda: None})]) == [None]  # no key: always made


def test_output_refuses_to_write_one_path_twice_in_any_case(tmp_path):
    output = Output(tmp_path)
    output.write("news/index.html", "one")
    try:
        output.write("News/index.html", "two")
    except RuntimeError as error:
        assert "two things would be written to News/index.html" in str(error)
    else:
        raise AssertionError("a case-only clash was written")


def test_a_first_build_records_the_keys_it_would_compare_next_time(tmp_path, monkeypatch):
    # With no last build, the keys are worked out where the files are rendered, on every core.
    monkeypatch.setattr(workers, "cores", lambda: 2)  # shared even on a one-core machine
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "t.html").write_text("<p>{{ n }} {{ crumbs | length }}</p>\n")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([tmp_path / "templates"]))
    no_files = FileHashes(CacheFolder(Path("/no/such/site"), writable=False))
    crumbs = [{"text": "Home"}]
    jobs = [(f"p/{n}/index.html", "t.html", {"n": n, "crumbs": crumbs}) for n in range(100)]
    first = Output(tmp_path / "first", keys=RenderKeys("code", no_files, {}))
    first.write_rendered(env, jobs)
    key = RenderKeys("code", no_files, {}).keyer(env, jobs)
    assert first.keys == {rel: key(template, values) for rel, template, values in jobs}
    assert len(set(first.keys.values())) == len(jobs)
    assert (
        tmp_path / "first" / "p/7/index.html"
    ).read_text() == "<p>7 1</p>"  # Jinja drops the last newline
