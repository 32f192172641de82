"""The quality gates fail when they should: each builds a small broken site and runs the gate's
own checker on it (missing alt text, an invalid element, a broken link, an inline script...).

The breakage goes into a copy of the page layout in the site's own templates/ folder, which the
build prefers to the repository's.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli, write
from tests.support.browser_checks import PageWatch, run_axe
from tests.support.netlify_server import NetlifyLikeServer
from tests.support.node_tools import run_vnu
from tests.support.site_checks import (
    all_pages,
    inline_code_problems,
    link_problems,
    orphan_problems,
    page_weight,
    read_page,
    structure_problems,
    weight_problems,
)

GUIDANCE = "/what-is-asb/"  # any page drawn with layouts/page.html


def build_with_layout_snippet(site: Path, snippet: str) -> Path:
    """Returns the output of building `site` with `snippet` at the top of every guidance page."""
    layout = (REPO / "templates" / "layouts" / "page.html").read_text(encoding="utf-8")
    assert "{% block content %}" in layout
    broken = layout.replace("{% block content %}", "{% block content %}\n" + snippet, 1)
    (site / "templates" / "layouts").mkdir(parents=True)
    (site / "templates" / "layouts" / "page.html").write_text(broken, encoding="utf-8")
    out = site.parent / "public"
    result = run_cli("build", "--site", str(site), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def serve():
    """Returns a function that serves a built folder with netlify.toml's headers."""
    servers = []

    def start(out: Path) -> str:
        servers.append(NetlifyLikeServer(out).__enter__())
        return servers[-1].url

    yield start
    for server in servers:
        server.__exit__(None, None, None)


def test_missing_alt_text_is_caught_by_axe_and_vnu(example_site, page, serve):
    out = build_with_layout_snippet(
        example_site, '<img src="{{ asset(\'images/favicon.svg\') }}" width="20" height="20">'
    )
    page.goto(serve(out) + GUIDANCE)
    assert any(line.startswith("image-alt:") for line in run_axe(page))
    assert any(
        "what-is-asb/index.html" in line and "“alt” attribute" in line for line in run_vnu(out)
    )


def test_invalid_element_is_caught_by_vnu(example_site):
    out = build_with_layout_snippet(example_site, "<span><div>A block inside a phrase</div></span>")
    errors = run_vnu(out)
    assert any(
        line.startswith("what-is-asb/index.html:") and "Element “div” not allowed" in line
        for line in errors
    ), errors


def test_broken_link_and_missing_fragment_are_caught(example_site):
    out = build_with_layout_snippet(
        example_site,
        '<p><a href="/no-such-page/">Gone</a> <a href="/how-to-report/#nowhere">'
        'Nowhere</a> <img alt="" src="/assets/images/missing.png"></p>',
    )
    found = link_problems(out, all_pages(out))
    assert (
        f"{GUIDANCE}: link /no-such-page/ leads nowhere (no no-such-page/index.html in the "
        "build)" in found
    )
    assert (
        f"{GUIDANCE}: link /how-to-report/#nowhere points at #nowhere, which that page does "
        "not have" in found
    )
    assert any(
        line.startswith(f"{GUIDANCE}: resource /assets/images/missing.png leads nowhere")
        for line in found
    )


def test_inline_script_is_caught_in_the_html_and_by_the_browser_csp(example_site, page, serve):
    out = build_with_layout_snippet(
        example_site,
        '<script>document.title = "changed";</script>'
        '<p style="color: red" onclick="alert(1)">Styled</p>',
    )
    facts = read_page(out, GUIDANCE)
    assert inline_code_problems(facts) == [
        f"{GUIDANCE}: an inline <script> (move it into assets/js/)",
        f"{GUIDANCE}: a style= attribute on <p>",
        f"{GUIDANCE}: an onclick= attribute on <p>",
    ]
    url = serve(out)
    watch = PageWatch(page, url)
    page.goto(url + GUIDANCE)
    assert page.title() != "changed", "the CSP let an inline script run"
    problems = watch.problems()
    assert any(
        line.startswith("CSP violation: script-src-elem blocked inline") for line in problems
    )
    assert any(line.startswith("CSP violation: style-src-attr blocked inline") for line in problems)


def test_a_third_party_request_before_consent_is_caught(example_site, page, serve):
    out = build_with_layout_snippet(
        example_site, '<img alt="A tracking pixel" src="https://tracker.example.com/p.gif">'
    )
    url = serve(out)
    watch = PageWatch(page, url)
    page.goto(url + GUIDANCE)
    assert (
        "request to https://tracker.example.com/p.gif before the reader consented"
        in watch.problems()
    )


def test_page_weight_over_budget_is_caught(example_site):
    # Random-looking text, so gzip cannot shrink it under the budget.
    noise = "".join(hashlib.sha256(str(n).encode()).hexdigest() for n in range(400))
    write(
        example_site / "assets" / "css" / "site.css",
        (REPO / "assets" / "css" / "site.css").read_text(encoding="utf-8") + f"\n/* {noise} */\n",
    )
    out = build_with_layout_snippet(example_site, "<p>" + "Long words. " * 2700 + "</p>")
    found = weight_problems(page_weight(out, read_page(out, GUIDANCE)))
    assert [line.split(":")[0] for line in found] == [GUIDANCE, GUIDANCE]
    assert "HTML is" in found[0] and "of CSS and JS gzipped, over" in found[1]


def test_structure_problems_are_named(tmp_path):
    write(
        tmp_path / "index.html",
        """
        <!DOCTYPE html>
        <html><head><title>Home</title></head>
        <body><header>Site</header><main><h1>One</h1><h3>Skipped</h3><h1>Two</h1></main>
        </body></html>
        """,
    )
    found = structure_problems(read_page(tmp_path, "/"))
    assert found == [
        "/: <html> has no lang attribute",
        "/: needs exactly one non-empty <meta name=description>",
        "/: has 2 <h1> elements, needs exactly one",
        "/: an <h3> follows an <h1>, skipping a level",
        '/: no skip link (<a href="#main">) before the page header',
        '/: the skip link target <main id="main"> is missing',
        "/: needs exactly one top-level contentinfo landmark, has 0",
    ]


def test_a_page_nothing_links_to_is_an_orphan(tmp_path):
    write(tmp_path / "index.html", '<a href="/linked/">Linked</a>')
    write(tmp_path / "linked" / "index.html", '<a href="/">Home</a>')
    write(tmp_path / "forgotten" / "index.html", '<a href="/">Home</a>')
    assert orphan_problems(tmp_path, all_pages(tmp_path)) == [
        "/forgotten/: no link from the home page or its navigation leads here"
    ]
