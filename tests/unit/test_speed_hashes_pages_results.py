"""File hashes, parsed pages and per-file results, each kept by the cache between builds."""

from __future__ import annotations

import os

from hub.read.pages import Page, PageText
from hub.speed.hashes import RACY_NS, FileHashes
from hub.speed.pages import PageStore, outline
from hub.speed.results import ResultStore
from hub.speed.store import CacheFolder


def hashes(tmp_path) -> FileHashes:
    return FileHashes(CacheFolder(tmp_path))


def settle(path) -> None:
    """Dates a file's last change to before the racy window, as if saved a while ago."""
    stat = os.stat(path)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - 2 * RACY_NS))


def test_an_unchanged_file_is_not_read_again(tmp_path, monkeypatch):
    path = tmp_path / "page.md"
    path.write_text("first")
    settle(path)
    first = hashes(tmp_path)
    digest = first.file_hash(path)
    first.save()
    opened = []
    real_open = open
    monkeypatch.setattr("builtins.open", lambda *a, **k: opened.append(a[0]) or real_open(*a, **k))
    assert hashes(tmp_path).file_hash(path) == digest
    assert str(path) not in [str(name) for name in opened]


def test_a_file_changed_just_before_it_was_hashed_is_hashed_again(tmp_path):
    path = tmp_path / "page.md"
    path.write_text("one")
    known = hashes(tmp_path)
    known.file_hash(path)
    known.save()
    stat = os.stat(path)
    path.write_text("two")  # same size, and the same times: only its content differs
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert hashes(tmp_path).file_hash(path) != known.known[str(path)][2]


def test_files_gone_since_the_last_walk_are_forgotten(tmp_path):
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    for name in ("a.md", "b.md"):
        (site / "content" / name).write_text(name)
    first = hashes(site)
    first.inputs(site)
    first.save()
    (site / "content" / "b.md").unlink()
    second = hashes(site)
    second.inputs(site)
    second.save()
    assert not any(path.endswith("b.md") for path in hashes(site).known)


def page(title="A page", html="<p>Words</p>") -> Page:
    text = PageText(html=html, toc=[{"id": "x", "name": "X"}], link_lines={"/b/": 6})
    return Page("content/guidance/a.md", "guidance", "a", title, "About a.", text, {"x"}, 6)


def test_a_kept_page_comes_back_with_its_text(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("page")
    store = CacheFolder(tmp_path)
    file_hashes = FileHashes(store)
    pages = PageStore(store, file_hashes, "code", Page)
    key = pages.key(str(path), "content/guidance/a.md", "guidance", {"settings": 1})
    pages.keep("content/guidance/a.md", key, page(), pages.parsed(page(), str(path)))
    pages.save()

    later = CacheFolder(tmp_path)
    again = PageStore(later, FileHashes(later), "code", Page)
    found = again.recall("content/guidance/a.md", key)
    assert found == page() and found.url == "/a/"
    assert again.recall("content/guidance/a.md", key) is found  # frozen: no copy is needed
    assert again.keys[id(found)] == (found, key)  # it stands for itself by its key
    assert again.recall("content/guidance/a.md", "another key") is None


def test_the_outline_leaves_out_the_text_alone():
    assert outline(page(html="<p>Other words</p>")) == outline(page())
    assert outline(page(title="Another title")) != outline(page())


def test_a_page_whose_file_changed_while_it_was_read_is_not_kept(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("page")
    store = CacheFolder(tmp_path)
    file_hashes = FileHashes(store)
    pages = PageStore(store, file_hashes, "code", Page)
    key = pages.key(str(path), "content/guidance/a.md", "guidance", {})
    path.write_text("saved again during the build")
    pages.keep("content/guidance/a.md", key, page(), pages.parsed(page(), str(path)))
    assert pages.recall("content/guidance/a.md", key) is None


def test_pages_not_listed_by_a_whole_build_are_forgotten(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("page")
    store = CacheFolder(tmp_path)
    pages = PageStore(store, FileHashes(store), "code", Page)
    key = pages.key(str(path), "content/guidance/a.md", "guidance", {})
    pages.keep("content/guidance/a.md", key, page(), pages.parsed(page(), str(path)))
    pages.save()
    later = CacheFolder(tmp_path)
    whole_build = PageStore(later, FileHashes(later), "code", Page)
    whole_build.listed = True  # it went through every page file, and a.md was not among them
    whole_build.recall("content/guidance/other.md", "key")
    whole_build.save()
    last = CacheFolder(tmp_path)
    forgotten = PageStore(last, FileHashes(last), "code", Page)
    assert forgotten.recall("content/guidance/a.md", key) is None


def test_a_result_comes_back_as_a_copy_under_its_key(tmp_path):
    path = tmp_path / "2025-07.yaml"
    path.write_text("month: 2025-07")
    store = CacheFolder(tmp_path)
    results = ResultStore("reports", list[dict[str, int]], store, FileHashes(store), "code")
    key = results.key(path, "data/patrols/2025-07.yaml", False)
    report = {"total": 1}
    results.keep("data/patrols/2025-07.yaml", key, ([report],), path)
    (recalled,) = results.recall("data/patrols/2025-07.yaml", key)
    recalled.append("changed by the build")
    assert results.recall("data/patrols/2025-07.yaml", key) == ([report],)
    assert results.key(path, "data/patrols/2025-07.yaml", True) != key  # options are in it
