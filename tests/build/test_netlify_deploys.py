"""Netlify deploys reuse the build cache, and give exactly what a cold build gives.

Netlify builds every deploy in a fresh clone at the same path (/opt/build/repo), where our
plugin (scripts/netlify-cache-plugin) restores .cache/, public/ and the spare copy before the
build and saves them after it, with Netlify's own cache utilities. These tests do the same:
the repository as it is now is committed into a scratch repository, each deploy is a fresh
`git clone` of it at one path, and Netlify's cache folder is all that is carried from one
deploy to the next (as Netlify's build servers keep it). The first test runs the real
`netlify build --offline` (netlify-cli, pinned in package.json); the others run the plugin's
events alone with the same cache utilities (tests/support/netlify_plugin.mjs), which is quicker.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hub.core.languages import split_name
from tests.conftest import REPO
from tests.support.files import tree

# A stress test of many builds: left out of tests/run --fast, run in full.
pytestmark = pytest.mark.slow

NETLIFY = REPO / "node_modules" / ".bin" / "netlify"
PLUGIN_EVENT = REPO / "tests" / "support" / "netlify_plugin.mjs"
PLUGIN = Path("scripts") / "netlify-cache-plugin"
# What a clone never holds: git's own folder, what git ignores, and what setup installs.
NOT_CLONED = (".git", ".venv", "node_modules", "public", ".public.*", ".cache", ".netlify")


def run(command: list, cwd: Path, env: dict | None = None) -> str:
    """Runs `command`, failing the test with its output if it fails; returns that output."""
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"{command} failed:\n{output[-4000:]}"
    return output


def git(cwd: Path, *args: str) -> str:
    return run(["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org", *args], cwd)


def make_source(folder: Path) -> Path:
    """Returns `folder`, made a git repository holding this repository's files as they are now."""
    shutil.copytree(REPO, folder, ignore=shutil.ignore_patterns(*NOT_CLONED, "__pycache__"))
    git(folder, "init", "-q")
    git(folder, "add", "-A")  # .gitignore leaves out what a clone would not have
    git(folder, "commit", "-q", "-m", "The site as it is now")
    return folder


@pytest.fixture
def source(tmp_path) -> Path:
    return make_source(tmp_path / "source")


@pytest.fixture
def site(tmp_path) -> Path:
    """Returns where every deploy is built: one path, as on Netlify."""
    return tmp_path / "opt" / "build" / "repo"


def fresh_clone(source: Path, site: Path) -> None:
    """Replaces `site` with a fresh clone of `source` (every file new, with new times)."""
    shutil.rmtree(site, ignore_errors=True)
    site.parent.mkdir(parents=True, exist_ok=True)
    git(site.parent, "clone", "-q", str(source), site.name)


def commit_edit(source: Path, n: int) -> tuple[str, str]:
    """Commits one edited guidance page to `source`; returns its address folder and the
    sentence added."""
    page = sorted((source / "content" / "guidance").glob("*.en.md"))[n]
    sentence = f"An editor added this sentence before deploy {n}."
    page.write_text(page.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")
    git(source, "commit", "-q", "-am", f"Edit {page.name}")
    return split_name(page.stem)[0], sentence


def build(site: Path) -> str:
    """Runs the build command netlify.toml gives for production, in `site`."""
    return run([sys.executable, "build.py", "build"], site)


def cold_build(source: Path, folder: Path) -> dict[str, bytes]:
    """Returns the files a cold build of a fresh clone of `source` makes."""
    fresh_clone(source, folder)
    build(folder)
    return tree(folder / "public")


def spares(site: Path) -> list[Path]:
    return sorted(site.glob(".public.spare-*"))


def plugin_event(site: Path, event: str, cache: Path, on_netlify: bool = False) -> str:
    """Runs the plugin's `event` in `site` with Netlify's cache utilities on `cache`, as
    `netlify build` runs it on a developer's machine, or as Netlify's servers do."""
    where = ["--on-netlify"] if on_netlify else []
    return run(["node", PLUGIN_EVENT, site / PLUGIN, event, cache, *where], site)


@pytest.mark.slow
def test_netlify_build_offline_restores_the_cache_and_matches_a_cold_build(source, site, tmp_path):
    home = tmp_path / "home"  # the CLI keeps its settings in the home folder: not the user's
    home.mkdir()
    env = {
        **os.environ,
        "HOME": str(home),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",  # `python`
    }

    def netlify_build() -> str:
        return run([NETLIFY, "build", "--offline"], site, env)

    fresh_clone(source, site)
    first = netlify_build()
    assert "No build cache saved yet: this build starts cold." in first
    assert "Saved the build cache: .cache, public." in first

    # The next deploy: a fresh clone with one page changed, and only Netlify's cache kept.
    page, sentence = commit_edit(source, 3)
    netlify_cache = tmp_path / "netlify-cache"
    (site / ".netlify" / "cache").rename(netlify_cache)  # the CLI's cache folder
    fresh_clone(source, site)
    (site / ".netlify").mkdir()
    netlify_cache.rename(site / ".netlify" / "cache")
    second = netlify_build()
    assert "Restored the build cache: .cache/ and public." in second
    assert "was not used" not in second  # the build read the restored cache
    assert sentence in (site / "public" / page / "index.html").read_text(encoding="utf-8")
    assert tree(site / "public") == cold_build(source, tmp_path / "cold")


@pytest.mark.slow
def test_the_plugin_saves_the_spare_copy_by_name_and_restores_it(source, site, tmp_path):
    # As `netlify build` runs it on a developer's machine: folders are copied, and stay.
    cache = tmp_path / "netlify-cache"
    fresh_clone(source, site)
    build(site)
    for n in (1, 2):  # two builds that each keep the tree they replace as the spare
        commit_edit(source, n)
        git(site, "pull", "-q")
        build(site)
        [spare] = spares(site)
        plugin_event(site, "onSuccess", cache)
        listed = json.loads((site / ".cache" / "netlify-spares.json").read_text())
        assert listed == {"spares": [spare.name]}
        # Netlify's cache holds this build's spare only: an older one would never be used.
        cached = [p.name for p in (cache / "cwd").glob(".public.spare-*") if p.is_dir()]
        assert cached == [spare.name]
    saved = {name: tree(site / name) for name in (".cache", "public", spare.name)}

    fresh_clone(source, site)
    assert not (site / "public").exists()
    log = plugin_event(site, "onPreBuild", cache)
    assert f"Restored the build cache: .cache/ and public, {spare.name}." in log
    assert {name: tree(site / name) for name in saved} == saved
    build(site)
    assert tree(site / "public") == cold_build(source, tmp_path / "cold")


def test_the_plugin_starts_cold_when_nothing_was_saved(source, site, tmp_path):
    fresh_clone(source, site)
    log = plugin_event(site, "onPreBuild", tmp_path / "netlify-cache")
    assert "No build cache saved yet: this build starts cold." in log
    assert not (site / ".cache").exists() and not (site / "public").exists()


def test_the_plugin_restores_only_spare_copies_named_in_its_list(source, site, tmp_path):
    cache = tmp_path / "netlify-cache"
    fresh_clone(source, site)
    build(site)
    plugin_event(site, "onSuccess", cache)
    # Restoring a folder replaces it: a list naming other folders that the cache holds (here
    # content/, cached as a single file) must not make a restore replace them.
    (cache / "cwd" / "content").mkdir()
    (cache / "cwd" / "content" / "stray.md").write_text("not the site's content")
    listed = cache / "cwd" / ".cache" / "netlify-spares.json"
    listed.write_text(json.dumps({"spares": ["content", ".public.spare-/../content", ".."]}))
    fresh_clone(source, site)
    plugin_event(site, "onPreBuild", cache)
    assert (site / "content" / "guidance").is_dir()
    assert (site / "public" / "index.html").is_file()


def test_on_netlify_the_plugin_moves_the_folders_rather_than_copying_them(source, site, tmp_path):
    cache = tmp_path / "netlify-cache"
    fresh_clone(source, site)
    build(site)
    page = site / "public" / "index.html"
    inode, saved = page.stat().st_ino, tree(site / "public")
    plugin_event(site, "onSuccess", cache, on_netlify=True)
    assert not (site / "public").exists() and not (site / ".cache").exists()
    fresh_clone(source, site)
    plugin_event(site, "onPreBuild", cache, on_netlify=True)
    assert page.stat().st_ino == inode  # the very file the build made, renamed twice
    assert tree(site / "public") == saved
    assert not (cache / "cwd" / "public").exists()


class Saved:
    """What a deploy on Netlify saved in its cache (with a spare copy), where it was built, and
    the source with one more page edited since, with a cold build of that."""

    def __init__(self, root: Path):
        self.source = make_source(root / "source")
        self.site = root / "opt" / "build" / "repo"
        self.cache = root / "netlify-cache"
        fresh_clone(self.source, self.site)
        build(self.site)
        commit_edit(self.source, 1)
        git(self.site, "pull", "-q")
        build(self.site)  # keeps the tree it replaced as the spare copy
        plugin_event(self.site, "onSuccess", self.cache, on_netlify=True)
        self.page, _ = commit_edit(self.source, 2)
        self.cold = cold_build(self.source, root / "cold")

    def restore(self, scratch: Path) -> Path:
        """Returns the site folder: a fresh clone, with the cache restored into it as Netlify's
        servers restore it (a restore moves the folders out of a copy of the cache, made in
        `scratch`, which keeps the files' times as an archive would)."""
        shutil.copytree(self.cache, scratch / "netlify-cache")
        fresh_clone(self.source, self.site)
        plugin_event(self.site, "onPreBuild", scratch / "netlify-cache", on_netlify=True)
        return self.site


@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> Saved:
    return Saved(tmp_path_factory.mktemp("deploys"))


def damage_nothing(site: Path) -> None:
    pass


def spoil(page: Path) -> None:
    """Changes a page's bytes, keeping its size and time: only its content tells."""
    stat, data = page.stat(), page.read_bytes()
    page.write_bytes(data.replace(b"<main", b"<MAIN", 1))
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def damage_a_page(site: Path) -> None:
    spoil(next((site / "public").glob("*/index.html")))


def lose_a_page(site: Path) -> None:
    next((site / "public").glob("*/index.html")).unlink()


def lose_the_spare_copy(site: Path) -> None:
    [spare] = spares(site)
    shutil.rmtree(spare)


# The home page: no build since the spare copy was made has written it, so only the check of
# the copy's content can find these.
def damage_a_page_of_the_spare(site: Path) -> None:
    [spare] = spares(site)
    spoil(spare / "index.html")


def lose_a_page_of_the_spare(site: Path) -> None:
    [spare] = spares(site)
    (spare / "index.html").unlink()


def add_a_stray_to_the_spare(site: Path) -> None:
    [spare] = spares(site)
    (spare / "stray" / "index.html").parent.mkdir()
    (spare / "stray" / "index.html").write_text("a page no build made")


def cut_a_cache_file_short(site: Path) -> None:
    hashes = site / ".cache" / "hashes.json"
    hashes.write_bytes(hashes.read_bytes()[:100])


@pytest.mark.parametrize(
    "damage",
    [
        damage_nothing,
        damage_a_page,
        lose_a_page,
        lose_the_spare_copy,
        damage_a_page_of_the_spare,
        lose_a_page_of_the_spare,
        add_a_stray_to_the_spare,
        cut_a_cache_file_short,
    ],
)
def test_a_deploy_from_a_restored_cache_matches_a_cold_build(saved, damage, tmp_path):
    site = saved.restore(tmp_path)
    damage(site)
    build(site)
    assert tree(site / "public") == saved.cold


def test_a_deploy_from_a_restored_cache_reuses_the_restored_output(saved, tmp_path):
    site = saved.restore(tmp_path)
    restored = {
        p.stat().st_ino
        for folder in [site / "public", *spares(site)]
        for p in folder.rglob("*")
        if p.is_file()
    }
    build(site)
    # Checked by content and kept, not made again: what restoring the output is for.
    untouched = [p for p in (site / "public").glob("*/index.html") if p.parent.name != saved.page]
    made_again = [str(p.relative_to(site)) for p in untouched if p.stat().st_ino not in restored]
    assert made_again == []  # kept, not made again
    assert spares(site), "no spare copy is kept for the next deploy"
