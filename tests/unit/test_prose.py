import sys

import jinja2
import pytest
from bs4 import BeautifulSoup

from hub import REPO, prose
from hub.errors import Problems
from hub.interface import Words
from hub.prose import (
    MAX_NESTING,
    callout_markup,
    check_markdown_source,
    make_markdown,
    render_markdown,
    render_page_text,
)


def render(text):
    return render_markdown(make_markdown(), text)


def test_headings_get_ids_and_contents_entries():
    html, toc = render("## Who to call\n\n### In an emergency\n\n## What happens next\n")
    assert '<h2 id="who-to-call">Who to call</h2>' in html
    assert [entry["id"] for entry in toc] == ["who-to-call", "what-happens-next"]


def shape(html: str) -> list:
    """Returns each element of `html` in order, as (tag, attributes, its own text, trimmed):
    what a browser builds from it, whatever the attributes' order or the space around tags."""
    return [
        (
            element.name,
            element.attrs,
            [s.strip() for s in element(string=True, recursive=False) if s.strip()],
        )
        for element in BeautifulSoup(html, "html.parser").find_all(True)
    ]


def component(name: str, params: dict) -> str:
    """Returns the markup of the component `name` in the repository's templates."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(REPO / "templates"), autoescape=True)
    module = env.get_template(f"components/{name}/macro.html").module
    return str(getattr(module, name.replace("-", "_"))(params))


def test_callouts_take_their_components_markup():
    html, _ = render("!!! inset\n    Apart.\n\n!!! warning\n    Do not miss this.\n\n    Or this.")
    assert shape(html) == shape(
        component("inset-text", {"html": "<p>Apart.</p>"})
        + component(
            "warning-text",
            {"html": "<p>Do not miss this.</p>\n<p>Or this.</p>", "icon_fallback_text": "Warning:"},
        )
    )
    assert "admonition" not in html


def test_a_callout_says_its_words_in_the_pages_language():
    words = Words({"warning": {"prefix": "Rhybudd:"}})
    md = make_markdown(callout_markup([REPO / "templates"], words))
    html, _ = render_markdown(md, "!!! warning\n    Peidiwch â cholli hyn.")
    assert '<span class="visually-hidden">Rhybudd: </span>' in html


def test_callouts_take_a_sites_own_component_and_the_sanitiser_admits_it(tmp_path):
    macro = tmp_path / "components" / "warning-text" / "macro.html"
    macro.parent.mkdir(parents=True)
    macro.write_text(
        '{% macro warning_text(params) %}<aside class="callout callout--warning" role="note">'
        "<strong>Take care:</strong> {{ params.html }}</aside>{% endmacro %}"
    )
    md = make_markdown(callout_markup([tmp_path, REPO / "templates"]))
    html, _ = render_markdown(md, "!!! warning\n    Do not miss this.\n\n!!! inset\n    Apart.")
    assert shape(html) == shape(
        '<aside class="callout callout--warning" role="note"><strong>Take care:</strong> '
        "<p>Do not miss this.</p></aside>" + component("inset-text", {"html": "<p>Apart.</p>"})
    )
    # The allow-list follows: raw HTML may use the site's classes, and no longer ours.
    raw = '<aside class="callout">a</aside><span class="visually-hidden">b</span>'
    assert md.sanitise(raw) == '<aside class="callout">a</aside><span>b</span>'


def test_a_callout_template_without_a_place_for_the_text_is_a_template_problem(tmp_path):
    macro = tmp_path / "components" / "inset-text" / "macro.html"
    macro.parent.mkdir(parents=True)
    macro.write_text('{% macro inset_text(params) %}<div class="inset-text"></div>{% endmacro %}')
    with pytest.raises(jinja2.TemplateSyntaxError) as raised:
        callout_markup([tmp_path, REPO / "templates"])
    assert raised.value.filename == str(macro) and raised.value.lineno == 1
    assert "params.html" in raised.value.message


def test_tables_have_column_headers_and_no_inline_style():
    html, _ = render("| Who | When |\n|:---|---:|\n| Police | Now |\n")
    assert '<th scope="col">Who</th>' in html
    assert "style=" not in html and "align=" not in html


def test_sanitiser_keeps_the_allow_list_and_the_callouts_markup_only():
    dirty = (
        '<p class="x" onmouseover="a()">Hi <a href="javascript:a()">x</a> '
        '<a href="/ok/">ok</a><img src="x" onerror="a()"></p><script>a()</script>'
        '<div class="inset-text evil">k</div><span class="visually-hidden" aria-hidden="true">'
        'v</span><p aria-hidden="true" class="warning-text">w</p>'
    )
    assert make_markdown().sanitise(dirty) == (
        '<p>Hi <a>x</a> <a href="/ok/">ok</a></p>'
        '<div class="inset-text">k</div>'
        '<span class="visually-hidden" aria-hidden="true">v</span><p>w</p>'
    )


def page_text(text: str) -> tuple[tuple[str, list[dict]], list[str]]:
    problems = Problems()
    rendered = render_page_text(make_markdown(), text, "p.md", 4, problems)
    return rendered, [str(p) for p in problems.sorted()]


def test_a_page_with_many_costly_marks_renders_the_same_in_a_child_process():
    # A long page full of links: past COSTLY_AT, so rendered in a forked child.
    text = "## Links\n\n" + "".join(f"- [Link {n}](/page-{n}/) and `code`\n" for n in range(800))
    assert len(text) * sum(map(text.count, prose.COSTLY_MARKS)) > prose.COSTLY_AT
    assert page_text(text) == (render(text), [])


def test_a_page_that_cannot_be_read_in_time_is_an_error(monkeypatch):
    monkeypatch.setattr(prose, "DEADLINE", 0.5)  # the real one is ten seconds
    (html, toc), problems = page_text("[a](" * 20_000)  # minutes of Python-Markdown
    assert (html, toc) == ("", [])
    assert problems == [
        "p.md:4: this page could not be read within 0.5 seconds (a real page takes "
        f"milliseconds): it has an unusual number of the marks {prose.COSTLY_MARKS} for its "
        "length, such as brackets or < left unclosed; look for a long run of them"
    ]


@pytest.mark.parametrize("where", ["here", "in a child"])
def test_nesting_too_deep_for_python_markdown_is_an_error(monkeypatch, where):
    if where == "in a child":
        monkeypatch.setattr(prose, "COSTLY_AT", -1)
    text = "".join("    " * level + "- x\n" for level in range(100))
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(250)  # so that 100 levels are too many, and it fails at once
    try:
        rendered = page_text(text)
    finally:
        sys.setrecursionlimit(limit)
    assert rendered == (
        ("", []),
        ["p.md:4: this page nests lists, quotes or HTML too deeply to be read: remove some levels"],
    )


@pytest.mark.parametrize(
    "line",
    [
        "  " * 50 + "- item",
        "> " * 51 + "quoted",
        "- " * 51 + "item",
        "1. " * 34 + "item",
        "\t" * 101 + "code",
    ],
)
def test_a_line_nested_past_the_limit_is_found_before_rendering(line):
    problems = Problems()
    text = f"## Fine\n\n- fine\n    - fine\n\n{line}\n\n{line}\n"
    assert check_markdown_source(text, "p.md", 3, problems) is False
    assert [str(p) for p in problems.sorted()] == [
        f"p.md:8: this line is nested too deeply: more than {MAX_NESTING} characters of "
        "indentation, > and list markers come before its text, and no page needs so many: "
        "remove some"
    ]


@pytest.mark.parametrize(
    "line",
    ["-" * 300, "*" * 300, "  " * 49 + "- item " + "word " * 50, "> " * 50 + "x", "| a " * 80],
)
def test_long_lines_that_do_not_nest_are_fine(line):
    problems = Problems()
    assert check_markdown_source(f"## Fine\n\n{line}\n", "p.md", 3, problems) is True
    assert not problems
