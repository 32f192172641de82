"""A cache that a stranger may have written runs nothing and cannot make a build fail or wrong.

On a deploy server .cache/ is handed from build to build, and a pull request's preview starts
from it. Each test damages a site's good cache in one way, edits a page, and builds: the
build exits 0, says so in exactly one line, and makes what a cold build makes. A cache file
crafted to run code when loaded (a pickle, Jinja's compiled templates) is never loaded: the
marker file that running it would make never appears.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import marshal
import os
import pickle
import random
import shutil
import subprocess
from pathlib import Path

import jinja2
import pytest

from bench.synth import make_corpus, write_hub
from hub.speed.store import FOLDER, FORMAT
from tests.conftest import REPO, run_cli
from tests.support.files import tree

# A stress test of many builds: left out of tests/run --fast, run in full.
pytestmark = pytest.mark.slow

MARKER_NAME = "ran-code-from-the-cache"


def build(site: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """Returns the finished `build.py build --no-search` of `site`, run in `site`."""
    return run_cli("build", "--site", str(site), "--no-search", cwd=site, env=env)


def cache_lines(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stderr.splitlines() if "build cache" in line]


def guide(site: Path, n: int) -> Path:
    return sorted((site / "content" / "guidance").glob("*-guide-*.md"))[n]


def edit_a_page(site: Path) -> None:
    page = guide(site, 2)
    page.write_text(page.read_text(encoding="utf-8") + "\nAn editor's sentence.\n")


def untouched_inode(site: Path) -> int:
    """Returns the inode of the file made of a page no edit touches. A build that reuses
    the last one keeps that file (the same inode); one that starts cold writes it anew."""
    return (site / "public" / guide(site, 5).stem / "index.html").stat().st_ino


def record_of(site: Path) -> dict:
    """Returns what the last build recorded of its output folder."""
    (path,) = (site / FOLDER).glob("output-*.json")
    return json.loads(path.read_bytes())["value"]


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """Returns a site built once (its .cache/ good), the cache of another site (another
    base_url), and what a cold build of the site makes once a page is edited."""
    base = tmp_path_factory.mktemp("cache-safety")
    pages, reports = make_corpus(12)
    site = write_hub(pages, reports, base / "site")
    assert build(site).returncode == 0
    other = base / "other"
    shutil.copytree(site, other, ignore=shutil.ignore_patterns(FOLDER, "public", ".public*"))
    settings = other / "data" / "site.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("base_url: https://", "base_url: https://other."))
    assert build(other).returncode == 0
    cold = base / "cold"
    shutil.copytree(site, cold, ignore=shutil.ignore_patterns(FOLDER, "public", ".public*"))
    edit_a_page(cold)
    assert build(cold).returncode == 0
    return site, other / FOLDER, tree(cold / "public")


@pytest.fixture
def copy(sites, tmp_path):
    """Returns a copy of the built site, its cache and output, with one page edited."""
    site = shutil.copytree(sites[0], tmp_path / "site", symlinks=True)
    edit_a_page(site)
    return site


def build_and_check(site: Path, cold: dict[str, bytes], reused: bool | None, env=None):
    """Builds `site`; checks that it succeeds, that its output is what a cold build makes,
    and that it reused the last build or not as `reused` says (None: either). Returns its
    lines about the cache."""
    inode = untouched_inode(site)
    result = build(site, env)
    assert result.returncode == 0, result.stderr
    assert tree(site / "public") == cold
    assert reused is None or (untouched_inode(site) == inode) == reused
    return cache_lines(result)


class RunsOnLoad:
    """Pickles as a call that makes the marker file: loading the pickle runs code."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def cache_files(site: Path) -> list[Path]:
    return sorted((site / FOLDER).glob("*.json"))


def test_a_good_cache_is_used_and_says_nothing(sites, copy):
    assert build_and_check(copy, sites[2], reused=True) == []
    assert record_of(copy)["written"] == [f"{guide(copy, 2).stem}/index.html"]


def test_a_crafted_pickle_is_never_loaded(sites, copy, tmp_path):
    marker = tmp_path / MARKER_NAME
    crafted = pickle.dumps(RunsOnLoad(marker))
    pickle.loads(crafted).close()  # it is live: loading it makes the marker
    assert marker.exists()
    marker.unlink()
    names = [path.stem for path in cache_files(copy)]
    for name in names:  # in every file the build reads, and under the old format's names
        (copy / FOLDER / f"{name}.json").write_bytes(crafted)
        (copy / FOLDER / f"{name}.pickle").write_bytes(crafted)
    assert len(build_and_check(copy, sites[2], reused=False)) == 1
    assert not marker.exists()


def crafted_template_code(folder: Path, marker: Path) -> list[str]:
    """Fills `folder` as Jinja's FileSystemBytecodeCache would, for every template the build
    uses, with code that makes the marker when it is loaded; returns the templates' names."""
    loader = jinja2.FileSystemLoader(str(REPO / "templates"))
    cache = jinja2.FileSystemBytecodeCache(str(folder))
    env = jinja2.Environment(loader=loader)
    code = marshal.dumps(compile(f"open({str(marker)!r}, 'w')", "crafted", "exec"))
    names = [name for name in loader.list_templates() if name.endswith((".html", ".xml"))]
    for name in names:
        source, filename, _ = loader.get_source(env, name)
        bucket = cache.get_bucket(env, name, filename, source)
        checksum = pickle.dumps(bucket.checksum, 2)
        crafted = jinja2.bccache.bc_magic + checksum + code
        (folder / f"__jinja2_{bucket.key}.cache").write_bytes(crafted)
    return names


def test_compiled_templates_are_never_loaded_from_any_cache_folder(sites, copy, tmp_path):
    marker = tmp_path / MARKER_NAME
    home = tmp_path / "home-cache"
    for folder in (home / "asb-hub" / "templates", copy / FOLDER / "templates"):
        folder.mkdir(parents=True)
        names = crafted_template_code(folder, marker)
    # They are live: a Jinja environment that uses such a folder runs them.
    loader = jinja2.FileSystemLoader(str(REPO / "templates"))
    bytecode = jinja2.FileSystemBytecodeCache(str(folder))
    with contextlib.suppress(KeyError):  # (what ran is no template: after it had run)
        jinja2.Environment(loader=loader, bytecode_cache=bytecode).get_template(names[0])
    assert marker.exists()
    marker.unlink()
    env = {**os.environ, "XDG_CACHE_HOME": str(home)}
    assert build_and_check(copy, sites[2], reused=True, env=env) == []
    assert not marker.exists()


@pytest.mark.parametrize(
    "damage",
    ["random bytes", "cut short", "another shape", "another version", "a folder"],
)
def test_a_damaged_cache_is_ignored_with_one_note(sites, copy, damage):
    noise = random.Random(25)
    for path in cache_files(copy):
        data = path.read_bytes()
        stored = json.loads(data)
        if damage == "random bytes":
            path.write_bytes(noise.randbytes(len(data)))
        elif damage == "cut short":
            path.write_bytes(data[: noise.randrange(len(data))])
        elif damage == "another shape":  # JSON, in the right file, of the wrong shape
            path.write_text(json.dumps({**stored, "value": [stored["value"]]}))
        elif damage == "another version":
            path.write_text(json.dumps({**stored, "format": FORMAT - 1}))
        else:
            path.unlink()
            path.mkdir()
    assert len(build_and_check(copy, sites[2], reused=False)) == 1


@pytest.mark.parametrize("kind", ["hashes", "output-", "outputs", "pages-", "reports"])
def test_one_damaged_file_among_good_ones_is_ignored_with_one_note(sites, copy, kind):
    damaged = [path for path in cache_files(copy) if path.name.startswith(kind)]
    for path in damaged[::2]:
        path.write_bytes(path.read_bytes()[:-9])  # cut short
    # Every page is rendered again (a comment in their template changes nothing they show),
    # from what the cache kept of it or, where that was damaged, from its file.
    (copy / "templates" / "layouts").mkdir(parents=True)
    page = (REPO / "templates" / "layouts" / "page.html").read_text(encoding="utf-8")
    (copy / "templates" / "layouts" / "page.html").write_text(page + "{# touched #}")
    (said,) = build_and_check(copy, sites[2], reused=None)
    assert kind in said


def test_a_cache_from_another_site_is_ignored_with_one_note(sites, copy):
    shutil.rmtree(copy / FOLDER)
    shutil.copytree(sites[1], copy / FOLDER)
    (said,) = build_and_check(copy, sites[2], reused=False)
    assert "another site" in said


def test_a_record_naming_files_outside_the_output_touches_none_of_them(sites, copy, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("a file of the user's")
    outside = os.path.relpath(victim, copy / "public")
    (path,) = (copy / FOLDER).glob("output-*.json")
    stored = json.loads(path.read_bytes())
    record = stored["value"]
    record["removed"].append(outside)
    record["written"].append(outside)
    record["files"][outside] = [victim.stat().st_size, 0, 0]
    record["digests"][outside] = hashlib.blake2b(victim.read_bytes(), digest_size=16).hexdigest()
    path.write_text(json.dumps(stored))
    (said,) = build_and_check(copy, sites[2], reused=False)
    assert "output-" in said
    assert victim.read_text() == "a file of the user's"


def test_a_record_that_does_not_hold_together_is_ignored_with_one_note(sites, copy):
    (path,) = (copy / FOLDER).glob("output-*.json")
    stored = json.loads(path.read_bytes())
    # A file the build would keep, with no digest to check it by.
    del stored["value"]["digests"][f"{guide(copy, 5).stem}/index.html"]
    path.write_text(json.dumps(stored))
    (said,) = build_and_check(copy, sites[2], reused=False)
    assert "output-" in said


def test_a_plain_file_where_the_cache_folder_would_be_is_left_alone(sites, copy):
    shutil.rmtree(copy / FOLDER)
    (copy / FOLDER).write_text("not a folder\n")
    (said,) = build_and_check(copy, sites[2], reused=False)
    assert "not a folder" in said
    assert (copy / FOLDER).read_text() == "not a folder\n"


@contextlib.contextmanager
def read_only(folder: Path):
    """Makes `folder` refuse new files for the block. Root ignores permissions, so as root
    the folder is made immutable (chattr +i, which root obeys); otherwise it is chmod-ed."""
    as_root = os.geteuid() == 0
    if as_root:
        subprocess.run(["chattr", "+i", str(folder)], check=True)
    else:
        folder.chmod(0o555)
    try:
        with pytest.raises(PermissionError):  # the folder really refuses a new file
            (folder / "probe").write_text("x")
        yield
    finally:
        if as_root:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        else:
            folder.chmod(0o755)


def test_a_read_only_cache_is_used_and_its_saving_noted_once(sites, copy):
    before = tree(copy / FOLDER)
    with read_only(copy / FOLDER):
        (said,) = build_and_check(copy, sites[2], reused=True)
    assert "could not be saved" in said
    assert tree(copy / FOLDER) == before
