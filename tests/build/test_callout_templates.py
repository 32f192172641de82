"""A site's own inset-text or warning-text component is also what its Markdown callouts look
like, and a build that reuses .cache/ sees a change to it (hub/read/pages.py puts the callouts'
markup in each parsed page's key)."""

from __future__ import annotations

import build
from hub.site import Options
from tests.conftest import TODAY, write
from tests.support.builds import build_problems, clean_build
from tests.support.files import tree

OPTIONS = Options(today=TODAY, search=False)
SITE_WARNING = """
{% macro warning_text(params) %}
{% set words = params.html | safe if params.html is defined else params.text %}
<div class="warning-text warning-text--site">
<div class="warning-text__text">Take care: {{ words }}</div>
</div>
{%- endmacro %}
"""


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
    assert tree(out) == clean_build(example_site, tmp_path / "clean", TODAY)


def test_a_callout_component_with_no_place_for_the_text_names_its_file(small_site, tmp_path):
    write(
        small_site / "templates" / "components" / "inset-text" / "macro.html",
        '{% macro inset_text(params) %}<div class="inset-text"></div>{% endmacro %}',
    )
    [problem] = build_problems(small_site, tmp_path / "public", OPTIONS)
    assert problem.startswith(
        "templates/components/inset-text/macro.html:1: template problem: `!!! inset` callouts"
    )
