"""Building a test site in-process: its problems, its output, and the lines they name."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

import build
from hub.core.errors import ContentErrors
from hub.site import Options
from hub.speed.store import FOLDER
from tests.conftest import TODAY
from tests.support.files import tree


def problems_for(site) -> list[str]:
    """Returns the printed problems from checking `site` (failing if it passes)."""
    with pytest.raises(ContentErrors) as caught:
        build.read_site(site, Options(today=TODAY))
    return [str(p) for p in caught.value.problems]


def build_problems(site, out, options: Options | None = None) -> list[str]:
    """Returns the printed problems a build of `site` into `out` stops at (failing if it builds),
    by default as of TODAY with no search index."""
    with pytest.raises(ContentErrors) as caught:
        build.build(site, out, options or Options(today=TODAY, search=False))
    return [str(p) for p in caught.value.problems]


def built(site, tmp_path):
    """Returns the output folder of a build of `site` (no search index) in `tmp_path`."""
    return build.build(site, tmp_path / "out", Options(today=TODAY, search=False))


def clean_build(
    site: Path, scratch: Path, today: dt.date | None = None, search: bool = False
) -> dict[str, bytes | str | None]:
    """Returns the tree() of a build from nothing of a copy of `site` made in `scratch` (a
    folder that does not exist yet, deleted afterwards): no cache, no earlier output, no spare
    copy; as of `today` (by default the day it runs, as the command builds), with the search
    index if `search`. It builds in this process: the command's code, without starting Python
    again."""
    copy = scratch / "site"
    leave_out = shutil.ignore_patterns(FOLDER, "public", ".public*")
    shutil.copytree(site, copy, symlinks=True, ignore=leave_out)
    found = tree(build.build(copy, scratch / "public", Options(today=today, search=search)))
    shutil.rmtree(scratch)
    return found


def line_number(path, fragment: str) -> int:
    """Returns the number of the first line of `path` that holds `fragment`."""
    return next(n for n, line in enumerate(path.read_text().split("\n"), 1) if fragment in line)


def first_report(site):
    """Returns the site's first monthly report file (the example series changes)."""
    return sorted((site / "data" / "patrols").glob("*.yaml"))[0]
