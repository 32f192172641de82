"""Shared fixtures: a copy of the example site, and a way to build small sites in tmp folders.

tests/run runs the tests on every core (pytest-xdist, `-n auto --dist loadgroup`): each worker
is a separate pytest session with its own tmp folders, so session fixtures are made once per
worker and must be cheap; tests that share a module's costly fixture stay on one worker (see
pytest_collection_modifyitems). Servers listen on free ports only.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

TODAY = dt.date(2026, 11, 26)

# Imported after sys.path names the repository; kept here too for the tests that import them
# from this module.
from tests.support.files import copy_example, tree  # noqa: E402, F401
from tests.support.serve import serving  # noqa: E402


def run_cli(*args: str, cwd: Path = REPO, env: dict | None = None) -> subprocess.CompletedProcess:
    """Returns the finished `python build.py ARGS` process, run in `cwd` with the environment
    `env` (by default this one's), with its output captured as text."""
    return subprocess.run(
        [sys.executable, str(REPO / "build.py"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def example_site(tmp_path) -> Path:
    """Returns a private copy of the example site's content/ and data/ to change freely."""
    return copy_example(tmp_path / "site")


# The small site's one guidance page, to which every guidance link of the helper's data goes.
SMALL_GUIDANCE = """
## What it is

Behaviour that causes, or is likely to cause, harassment, alarm or distress.
"""


@pytest.fixture
def small_site(tmp_path) -> Path:
    """Returns a small site to change freely, for a test of one mistake or one feature that
    needs no more: the example's settings in one language (English) and its figures, the report
    helper's data with each guidance link going to the one guidance page (/what-is-asb/), one
    monthly report (data/patrols/2024-07.en.yaml) and the home page. Reading it takes a tenth
    of the example's time, and building it under half."""
    site = tmp_path / "site"
    for rel in ("data/figures.yaml", "data/patrols/2024-07.en.yaml", "content/index.en.md"):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REPO / rel, site / rel)
    settings = (REPO / "data" / "site.yaml").read_text(encoding="utf-8")
    assert "languages: [en-GB, cy]" in settings, "the example's settings no longer say this"
    (site / "data" / "site.yaml").write_text(settings.replace("[en-GB, cy]", "[en-GB]"), "utf-8")
    routes = (REPO / "data" / "report-routes.yaml").read_text(encoding="utf-8")
    one_page = re.sub(r"(?m)^( +guidance: ).*$", r"\1[/what-is-asb/]", routes)
    (site / "data" / "report-routes.yaml").write_text(one_page, encoding="utf-8")
    page = guidance_page(
        "What is anti-social behaviour?", SMALL_GUIDANCE, section="Understanding ASB"
    )
    write(site / "content" / "guidance" / "what-is-asb.en.md", page)
    return site


@pytest.fixture
def served(example_site, tmp_path):
    """Yields `build.py serve` running on `example_site` (a Served), its temporary files in
    tmp_path/serve-tmp; killed after the test if it is still running."""
    with serving(example_site, tmp_path / "serve-tmp") as server:
        yield server


def in_english_only(site: Path) -> Path:
    """Switches the second language of a copy of the example site off in its settings (its
    Welsh files stay), for tests of one thing in one language; returns `site`."""
    settings = site / "data" / "site.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "languages: [en-GB, cy]" in text
    settings.write_text(text.replace("languages: [en-GB, cy]", "languages: [en-GB]"))
    return site


def write(path: Path, text: str) -> Path:
    """Writes dedented `text` to `path`, making folders; returns the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def guidance_page(title: str, body: str, **settings) -> str:
    """Returns the text of a valid guidance page; `settings` add or replace front matter."""
    meta = {
        "title": title,
        "summary": f"A test page called {title}.",
        "section": "About this site",
        "order": 9,
        "last_reviewed": "2026-11-01",
        "review_by": "2027-05-01",
        "owner": "digital",
        **settings,
    }
    lines = [f"{key}: {value}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n" + textwrap.dedent(body).lstrip("\n")


@pytest.fixture(scope="session")
def built_example(tmp_path_factory) -> Path:
    """Returns the output folder of one build of the example site (shared across tests)."""
    out = tmp_path_factory.mktemp("example") / "public"
    result = run_cli("build", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


SHARED_SCOPES = ("module", "class", "package")


def shared_fixtures(item) -> set[str]:
    """Returns the fixtures made once for many tests (module, class or package scope) that
    `item` uses, each named with its test file: tests/build/test_x.py::name."""
    definitions = getattr(item, "_fixtureinfo", None)
    if definitions is None:
        return set()
    module = item.nodeid.split("::")[0]
    return {
        f"{module}::{name}"
        for name in item.fixturenames
        for definition in definitions.name2fixturedefs.get(name, ())
        if definition.scope in SHARED_SCOPES
    }


def pytest_collection_modifyitems(items) -> None:
    """Keeps the tests that share a module-scoped fixture (a server, a built site) on one worker
    when tests run in parallel, so it is made once: with `--dist loadgroup`, as tests/run runs
    them, pytest-xdist sends a group's tests to one worker. Tests of one file that share no
    fixture, directly or through other tests, go in separate groups, so that a big file's
    costly fixtures are made on both workers at once."""
    leader: dict[str, str] = {}  # a fixture -> another of its group, up to the group's name

    def group(name: str) -> str:
        while leader.setdefault(name, name) != name:
            name = leader[name]
        return name

    uses = [(item, sorted(shared_fixtures(item))) for item in items]
    for _, names in uses:
        for name in names[1:]:
            leader[group(name)] = group(names[0])
    for item, names in uses:
        if names:
            item.add_marker(pytest.mark.xdist_group(group(names[0])))
