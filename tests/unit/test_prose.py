import jinja2
import pytest
from bs4 import BeautifulSoup

from hub import REPO
from hub.errors import Problems
from hub.interface import Words
from hub.prose import callout_markup, fill_placeholders, make_markdown, render_markdown


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


def test_placeholders_fill_from_data_and_unknown_ones_name_the_line():
    problems = Problems()
    site = {"contacts": {"non_emergency": "101"}}
    assert (
        fill_placeholders(
            "Call {{ site.contacts.non_emergency }}.", {"site": site}, "p.md", 5, problems
        )
        == "Call 101."
    )
    assert (
        fill_placeholders(
            "a\nb\nCall {{ site.contacts.nope }}.", {"site": site}, "p.md", 5, problems
        )
        is None
    )
    [problem] = problems.sorted()
    assert str(problem).startswith("p.md:7: unknown placeholder")


def test_placeholders_cannot_reach_python_internals():
    problems = Problems()
    assert (
        fill_placeholders("x\n{{ site.__class__.__mro__ }}", {"site": {}}, "p.md", 1, problems)
        is None
    )
    [problem] = problems.sorted()
    assert str(problem).startswith("p.md:2: placeholder not allowed")
