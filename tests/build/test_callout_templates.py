"""A site's own inset-text or warning-text component is also what its Markdown callouts look
like, and a build that reuses .cache/ sees a change to it (hub/read/pages.py puts the callouts'
markup in each parsed page's key)."""

from __future__ import annotations

import shutil

import pytest

import build
from hub.core.errors import ContentErrors
from hub.site import Options
from hub.speed.store import FOLDER
from tests.conftest import TODAY, write

OPTIONS = Options(today=TODAY, search=False)
SITE_WARNING = """
{% macro warning_text(params) %}
{% set words = params.html | safe if params.html is defined else params.text %}
<div class="warning-text warning-text--site">
<div class="warning-text__text">Take care: {{ words }}</div>
</div>
{%- endmacro %}
"""


def files(folder) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_a_sites_own_warning_text_reaches_its_callouts_past_the_cache(example_site, tmp_path):
    out = tmp_path / "public"
    build.build(example_site, out, OPTIONS)
    assert "warning-text--site" not in (out / "how-to-report" / "index.html").read_text()

    write(example_site / "templates" / "components" / "warning-text" / "macro.html", SITE_WARNING)
    build.build(example_site, out, OPTIONS)
    callout = (out / "how-to-report" / "index.html").read_text()  # from Markdown
    question = (out / "report" / "index.html").read_text()  # from a template
    for html in (callout, question):
        assert '<div class="warning-text warning-text--site">' in html
        assert '<div class="warning-text__text">Take care: ' in html
        assert "warning-text__icon" not in html
    clean = tmp_path / "clean"
    shutil.copytree(example_site, clean, ignore=shutil.ignore_patterns(FOLDER))
    assert files(out) == files(build.build(clean, tmp_path / "clean-public", OPTIONS))


def test_a_callout_component_with_no_place_for_the_text_names_its_file(example_site, tmp_path):
    write(
        example_site / "templates" / "components" / "inset-text" / "macro.html",
        '{% macro inset_text(params) %}<div class="inset-text"></div>{% endmacro %}',
    )
    with pytest.raises(ContentErrors) as raised:
        build.build(example_site, tmp_path / "public", OPTIONS)
    [problem] = raised.value.problems
    assert str(problem).startswith(
        "templates/components/inset-text/macro.html:1: template problem: `!!! inset` callouts"
    )
