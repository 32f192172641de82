"""The cache folder keeps values between builds as plain data, rebuilt only into the shapes the
build stores, and never lets a bad file make a build wrong or fail."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest

from hub.read.pages import Page, PageText
from hub.speed.shapes import Inside, Maybe, Misshapen, Name, Valid, encode, inside, rebuild
from hub.speed.store import FORMAT, CacheFolder

HASHES = dict[str, tuple[tuple[int, int], int, str]]


def again(value, shape):
    """Returns `value` written as the cache writes it and read back as `shape`."""
    return rebuild(json.loads(encode(value)), shape)


def test_a_stored_value_is_read_back_by_the_next_build(tmp_path):
    CacheFolder(tmp_path).store("answer", {"a": ((1, 2), 3, "x")})
    assert CacheFolder(tmp_path).load("answer", None, HASHES) == {"a": ((1, 2), 3, "x")}
    assert CacheFolder(tmp_path).load("missing", "default", HASHES) == "default"


def test_tuples_sets_dates_and_pages_come_back_as_themselves():
    text = PageText(html="<p>Dŵr</p>", toc=[{"id": "a", "name": "A"}], link_lines={"/dŵr/": 7})
    page = Page(
        "content/guidance/a.md", "guidance", "a", "A", "About a", text, {"x", "y"}, 6,
        last_reviewed=dt.date(2025, 7, 1),
    )  # fmt: skip
    shape = dict[str, tuple[tuple[int, ...], set[str], dt.date | None, Page]]
    value = {"k": ((1, 2, 3), {"b", "a"}, dt.date(2024, 2, 29), page)}
    assert again(value, shape) == value
    (numbers, names, day, same) = again(value, shape)["k"]
    assert type(numbers) is tuple and type(names) is set and type(day) is dt.date
    assert type(same.ids) is set and same.url == "/a/" and same.text.toc == text.toc


def test_free_data_keeps_its_dates_and_mappings_that_look_like_tags():
    # A contents list is free data: as a report's lists are, whatever its YAML file held.
    free = [{"$date": "2025-07-01"}, {"$dict": 1}, {"when": dt.date(2025, 7, 1), "n": [1, None]}]
    assert again(PageText(html="", toc=free, link_lines={}), PageText).toc == free


@pytest.mark.parametrize(
    "value, shape",
    [
        ({"a": [[1, 2], 3]}, HASHES),  # a tuple cut short
        ({"a": [[1, True], 3, "x"]}, HASHES),  # yes/no where a number belongs
        ({"a": [[1, 2], 3, None]}, HASHES),
        (["x"], dict[str, str]),
        ({"html": "", "toc": [], "source": "", "extra": 1}, PageText),  # a field it has not
        ({"html": "", "toc": {}, "source": ""}, PageText),  # a mapping where a list belongs
        ("2025-13-01", dt.date),
        ("../../home/user/.bashrc", Inside),
        ("/etc/passwd", Inside),
        ("a//b", Inside),
        ("news/../../x", Inside),
        ("..", Name),
        ("a/b", Name),
        ({"x": 1}, Maybe(str)),
        ({"x": 1}, str | None),
    ],
)
def test_a_value_of_another_shape_is_refused(value, shape):
    with pytest.raises(Misshapen):
        rebuild(value, shape)


def test_paths_inside_a_folder():
    assert inside("news/2025-07/index.html") and inside("a.b/..c/...")
    assert not any(map(inside, ["", ".", "a/.", "../a", "/a", "a/", "a\0b", "a\n../b"]))


def test_a_page_whose_address_leads_out_of_the_output_is_refused():
    text = PageText(html="", toc=[], link_lines={})
    page = Page("content/guidance/a.md", "guidance", "../../x", "A", "", text, set(), 6)
    shape = Valid(Page, lambda made: inside(made.output))
    with pytest.raises(Misshapen):
        again(page, shape)


def files_of(folder):
    return sorted(path.name for path in folder.iterdir())


def test_a_bad_or_foreign_file_is_ignored_with_one_warning(tmp_path, capsys):
    cache = CacheFolder(tmp_path)
    for name in ("cut", "junk", "old", "other-site", "renamed", "shape"):
        cache.store(name, {"a": ((1, 2), 3, "x")})
    folder = tmp_path / ".cache"
    (folder / "cut.json").write_bytes((folder / "cut.json").read_bytes()[:20])
    (folder / "junk.json").write_bytes(b"\x80\x05 not JSON at all")
    stored = json.loads((folder / "old.json").read_text())
    (folder / "old.json").write_text(json.dumps({**stored, "format": FORMAT - 1}))
    (folder / "other-site.json").write_text(json.dumps({**stored, "site": "https://x.org"}))
    (folder / "renamed.json").write_text(json.dumps({**stored, "name": "old"}))
    (folder / "shape.json").write_text(json.dumps({**stored, "value": {"a": "x"}}))
    later = CacheFolder(tmp_path)
    names = ("cut", "junk", "old", "other-site", "renamed", "shape")
    assert [later.load(name, "fresh", HASHES) for name in names] == ["fresh"] * 6
    said = capsys.readouterr().err.strip().splitlines()
    assert len(said) == 1 and "was not used" in said[0] and "the output is the same" in said[0]


def test_a_cache_that_cannot_be_written_is_noted_once_and_never_fails(tmp_path, capsys):
    (tmp_path / ".cache").write_text("a file where the cache folder would be")
    cache = CacheFolder(tmp_path)
    assert cache.load("hashes", None, HASHES) is None
    cache.store("hashes", {"a": ((1, 2), 3, "x")})
    cache.store("other", {"b": ((1, 2), 3, "x")})
    cache.forget("other")
    assert cache.load("hashes", None, HASHES) == {"a": ((1, 2), 3, "x")}  # kept in memory
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert (tmp_path / ".cache").read_text() == "a file where the cache folder would be"


def test_a_read_only_cache_reads_but_never_writes(tmp_path):
    CacheFolder(tmp_path).store("kept", {"a": "1"})
    reader = CacheFolder(tmp_path, writable=False)
    reader.store("kept", {"a": "2"})
    reader.store("new", {"a": "3"})
    assert reader.load("kept", None, dict[str, str]) == {"a": "2"}  # this build sees its own
    assert CacheFolder(tmp_path).load("kept", None, dict[str, str]) == {"a": "1"}
    assert files_of(tmp_path / ".cache") == ["kept.json"]


def test_a_deferred_cache_writes_only_when_flushed(tmp_path):
    cache = CacheFolder(tmp_path, deferred=True)
    cache.store("later", {"a": "value"})
    assert CacheFolder(tmp_path).load("later", None, dict[str, str]) is None
    cache.flush()
    assert CacheFolder(tmp_path).load("later", None, dict[str, str]) == {"a": "value"}


def test_forget_removes_a_value(tmp_path):
    cache = CacheFolder(tmp_path)
    cache.store("gone", {"a": "1"})
    cache.forget("gone")
    assert CacheFolder(tmp_path).load("gone", None, dict[str, str]) is None
    assert files_of(tmp_path / ".cache") == []


def test_a_full_disk_is_noted_once_and_leaves_the_last_value(tmp_path, capsys):
    CacheFolder(tmp_path).store("kept", {"a": "1"})
    cache = CacheFolder(tmp_path)
    for name in ("kept", "new"):
        # The file this process writes before renaming it is /dev/full: writing it fails as
        # on a full disk.
        (tmp_path / ".cache" / f".{name}.{os.getpid()}.part").symlink_to("/dev/full")
        cache.store(name, {"a": "2"})
    said = capsys.readouterr().err.strip().splitlines()
    assert len(said) == 1 and "could not be saved (No space left on device)" in said[0]
    assert CacheFolder(tmp_path).load("kept", None, dict[str, str]) == {"a": "1"}
    assert files_of(tmp_path / ".cache") == ["kept.json"]


def test_values_stored_while_held_are_written_together_at_the_end(tmp_path, capsys):
    cache = CacheFolder(tmp_path)
    names = [f"part-{n}" for n in range(100)]  # enough to be written on every core
    with cache.held():
        for n, name in enumerate(names):
            cache.store(name, {"n": str(n)})
        assert not (tmp_path / ".cache").exists()
    later = CacheFolder(tmp_path)
    assert [later.load(name, None, dict[str, str]) for name in names] == [
        {"n": str(n)} for n in range(len(names))
    ]
    assert files_of(tmp_path / ".cache") == sorted(f"{name}.json" for name in names)  # no .part
    assert capsys.readouterr().err == ""


def test_values_held_when_the_cache_cannot_be_written_are_noted_once(tmp_path, capsys):
    (tmp_path / ".cache").write_text("a file where the cache folder would be")
    cache = CacheFolder(tmp_path)
    with cache.held():
        for n in range(100):
            cache.store(f"part-{n}", {"n": str(n)})
    said = capsys.readouterr().err.strip().splitlines()
    assert len(said) == 1 and "could not be saved" in said[0]


def test_a_deferred_cache_keeps_what_is_held_until_flushed(tmp_path):
    cache = CacheFolder(tmp_path, deferred=True)
    with cache.held():
        cache.store("later", {"a": "value"})
    assert CacheFolder(tmp_path).load("later", None, dict[str, str]) is None
    cache.flush()
    assert CacheFolder(tmp_path).load("later", None, dict[str, str]) == {"a": "value"}
