"""Building a test site in-process: its problems, its output, and the lines they name."""

from __future__ import annotations

import pytest

import build
from hub.core.errors import ContentErrors
from hub.site import Options
from tests.conftest import TODAY


def problems_for(site) -> list[str]:
    """Returns the printed problems from checking `site` (failing if it passes)."""
    with pytest.raises(ContentErrors) as caught:
        build.read_site(site, Options(today=TODAY))
    return [str(p) for p in caught.value.problems]


def built(site, tmp_path):
    """Returns the output folder of a build of `site` (no search index) in `tmp_path`."""
    return build.build(site, tmp_path / "out", Options(today=TODAY, search=False))


def line_number(path, fragment: str) -> int:
    """Returns the number of the first line of `path` that holds `fragment`."""
    return next(n for n, line in enumerate(path.read_text().split("\n"), 1) if fragment in line)


def first_report(site):
    """Returns the site's first monthly report file (the example series changes)."""
    return sorted((site / "data" / "patrols").glob("*.yaml"))[0]
