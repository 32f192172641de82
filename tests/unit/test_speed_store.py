"""The cache folder keeps values between builds, and never lets a bad file make a build wrong."""

from __future__ import annotations

import pickle

from hub.speed.store import FORMAT, CacheFolder


def test_a_stored_value_is_read_back_by_the_next_build(tmp_path):
    CacheFolder(tmp_path).store("answer", {"a": [1, 2]})
    assert CacheFolder(tmp_path).load("answer", None) == {"a": [1, 2]}
    assert CacheFolder(tmp_path).load("missing", "default") == "default"


def test_a_corrupt_or_foreign_file_is_ignored_with_one_warning(tmp_path, capsys):
    folder = tmp_path / ".cache"
    folder.mkdir()
    (folder / "cut.pickle").write_bytes(pickle.dumps((FORMAT, "x" * 100))[:20])
    (folder / "old.pickle").write_bytes(pickle.dumps((FORMAT - 1, "from an older build")))
    (folder / "junk.pickle").write_bytes(b"not a pickle at all")
    cache = CacheFolder(tmp_path)
    assert [cache.load(name, "fresh") for name in ("cut", "old", "junk")] == ["fresh"] * 3
    said = capsys.readouterr().err.strip().splitlines()
    assert len(said) == 1 and "was not used" in said[0] and "the output is the same" in said[0]


def test_a_read_only_cache_reads_but_never_writes(tmp_path):
    CacheFolder(tmp_path).store("kept", 1)
    reader = CacheFolder(tmp_path, writable=False)
    reader.store("kept", 2)
    reader.store("new", 3)
    assert reader.load("kept", None) == 2  # this build sees its own value
    assert CacheFolder(tmp_path).load("kept", None) == 1
    assert not (tmp_path / ".cache" / "new.pickle").exists()


def test_a_deferred_cache_writes_only_when_flushed(tmp_path):
    cache = CacheFolder(tmp_path, deferred=True)
    cache.store("later", "value")
    assert CacheFolder(tmp_path).load("later", None) is None
    cache.flush()
    assert CacheFolder(tmp_path).load("later", None) == "value"


def test_forget_removes_a_value(tmp_path):
    cache = CacheFolder(tmp_path)
    cache.store("gone", 1)
    cache.forget("gone")
    assert CacheFolder(tmp_path).load("gone", None) is None
