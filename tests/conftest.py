"""Shared fixtures: a copy of the example site, and a way to build small sites in tmp folders."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

TODAY = dt.date(2026, 11, 26)


def run_cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    """Returns the finished `python build.py ARGS` process, with output captured as text."""
    return subprocess.run(
        [sys.executable, str(REPO / "build.py"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def example_site(tmp_path) -> Path:
    """Returns a private copy of the example site's content/ and data/ to change freely."""
    site = tmp_path / "site"
    for folder in ("content", "data"):
        shutil.copytree(REPO / folder, site / folder)
    return site


def in_english_only(site: Path) -> Path:
    """Switches the second language of a copy of the example site off in its settings (its
    Welsh files stay), for tests of one thing in one language; returns `site`."""
    settings = site / "data" / "site.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "languages: [en-GB, cy]" in text
    settings.write_text(text.replace("languages: [en-GB, cy]", "languages: [en-GB]"))
    return site


def tree(folder: Path) -> dict[str, bytes]:
    """Returns every file under `folder` by its relative path, with its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(Path(folder).rglob("*"))
        if path.is_file()
    }


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
