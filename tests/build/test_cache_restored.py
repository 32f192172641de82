"""The cache can never make a build wrong: a cache restored into a fresh copy of the site (as
a deploy server restores it, with every file new to the file system, in another folder) is
used and gives what a cold build gives, and a cache that is cut short, corrupt or from another
version is ignored with one line saying so (tests/build/test_cache_safety.py has the rest)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time

import pytest

from bench.synth import make_corpus, write_hub
from hub.speed.store import FOLDER, FORMAT
from tests.conftest import run_cli
from tests.support.builds import clean_build
from tests.support.files import tree

# A stress test of many builds: left out of tests/run --fast, run in full.
pytestmark = pytest.mark.slow


def build(site, out=None) -> subprocess.CompletedProcess:
    out = out or site / "public"
    result = run_cli("build", "--site", str(site), "--out", str(out), "--no-search")
    assert result.returncode == 0, result.stderr
    return result


def edit_a_page(site, words: str) -> None:
    page = sorted((site / "content" / "guidance").glob("*-guide-*.md"))[4]
    page.write_text(page.read_text(encoding="utf-8") + f"\n{words}\n", encoding="utf-8")


def fresh_copy(site, where):
    """Copies the site with its cache, its output and the output's spare copy, giving every
    file new times and a new inode, as a fresh clone with a restored cache has them."""
    shutil.copytree(site, where, copy_function=shutil.copy)
    later = time.time() + 60
    for root, _, names in os.walk(where):
        for name in names:
            os.utime(os.path.join(root, name), (later, later))
    return where


def test_a_cache_restored_into_a_fresh_copy_is_used_and_gives_a_cold_builds_output(tmp_path):
    pages, reports = make_corpus(60)
    site = write_hub(pages, reports, tmp_path / "first" / "site")
    build(site)
    edit_a_page(site, "A first edit, so that the output has its spare copy.")
    build(site)
    assert list((site.parent).glob(".public.spare-*")) == []  # it sits beside the output
    assert list(site.glob(".public.spare-*")), "the output should have a spare copy"

    restored = fresh_copy(site, tmp_path / "second" / "site")
    edit_a_page(restored, "An edit made after the cache was restored.")
    build(restored)
    assert tree(restored / "public") == clean_build(restored, tmp_path / "cold")
    # The cache was used: the build wrote only what the edit changed.
    (path,) = (restored / FOLDER).glob("output-*.json")
    record = json.loads(path.read_bytes())["value"]
    edited = sorted((restored / "content" / "guidance").glob("*-guide-*.md"))[4]
    assert record["written"] == [f"{edited.stem}/index.html"]


def test_a_cache_cut_short_corrupt_or_from_another_version_is_ignored_with_one_line(tmp_path):
    pages, reports = make_corpus(30)
    site = write_hub(pages, reports, tmp_path / "site")
    build(site)
    edit_a_page(site, "An edit.")
    files = sorted((site / FOLDER).glob("*.json"))
    for n, path in enumerate(files):
        data = path.read_bytes()
        if n % 3 == 0:
            path.write_bytes(data[: len(data) // 2])  # cut short
        elif n % 3 == 1:
            path.write_bytes(b"\x80\x05junk" + data[10:])  # corrupt
        else:
            path.write_text(json.dumps({**json.loads(data), "format": FORMAT + 1}))
    said = build(site).stderr.splitlines()
    assert [line for line in said if "build cache" in line] == [said[0]]
    assert "was not used" in said[0] and "the output is the same" in said[0]
    assert tree(site / "public") == clean_build(site, tmp_path / "cold")
