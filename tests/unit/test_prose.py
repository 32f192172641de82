import re
import sys

import jinja2
import pytest
from bs4 import BeautifulSoup

from hub import REPO
from hub.core.errors import Problems
from hub.core.interface import Words
from hub.read import prose
from hub.read.prose import (
    MAX_NESTING,
    callout_markup,
    check_markdown_source,
    check_typed_numbers,
    fill_page_text,
    make_markdown,
    render_markdown,
    render_page_text,
)
from hub.read.settings import Contacts, Settings, phone_numbers


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


# Phone numbers: a placeholder naming a phone number setting becomes a tel: link.

SITE = Settings(
    name="Hub",
    contacts=Contacts(
        emergency="999",
        non_emergency="101",
        relay_non_emergency="18001 101",
        silent_solution="55",
        victim_service_name="Victim Care 101",
        online_report_url="https://example.org/report",
    ),
)


def phone_page(text: str) -> tuple[str, list[str]]:
    """Returns a page text's HTML, filled from SITE, and its problems as printed."""
    problems = Problems()
    filled = fill_page_text(text, SITE, "p.md", 4, problems)
    html, _ = render_page_text(make_markdown(), filled or "", "p.md", 4, problems)
    return html, [str(p) for p in problems.sorted()]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Call {{ site.contacts.emergency }} now.",
            '<p>Call <a class="phone" href="tel:999">999</a> now.</p>',
        ),
        (
            "Relay: **{{ site.contacts.relay_non_emergency }}**, "
            "or {{ site.contacts.non_emergency }}",
            '<p>Relay: <strong><a class="phone" href="tel:18001101">18001 101</a></strong>, or '
            '<a class="phone" href="tel:101">101</a></p>',
        ),
        (
            "- {{ site.contacts.emergency }}{{ site.contacts.non_emergency }}",
            '<ul>\n<li><a class="phone" href="tel:999">999</a>'
            '<a class="phone" href="tel:101">101</a></li>\n</ul>',
        ),
        (
            "| Who | Call |\n| --- | --- |\n| Police | {{ site.contacts.non_emergency }} |",
            '<table>\n<thead>\n<tr>\n<th scope="col">Who</th>\n<th scope="col">Call</th>\n'
            '</tr>\n</thead>\n<tbody>\n<tr>\n<td>Police</td>\n<td><a class="phone" '
            'href="tel:101">101</a></td>\n</tr>\n</tbody>\n</table>',
        ),
        # Settings that are not phone numbers are text, as they were: the Silent Solution is
        # pressed during a call, never dialled.
        (
            "Press {{ site.contacts.silent_solution }}. [{{ site.contacts.victim_service_name }}]"
            "({{ site.contacts.online_report_url }})",
            '<p>Press 55. <a href="https://example.org/report">Victim Care 101</a></p>',
        ),
    ],
)
def test_a_phone_number_placeholder_becomes_a_tel_link(text, expected):
    assert phone_page(text) == (expected, [])


def test_a_phone_number_in_a_callout_is_a_link_inside_its_markup():
    html, problems = phone_page("!!! warning\n    Call {{ site.contacts.emergency }}.")
    assert problems == []
    assert '<p>Call <a class="phone" href="tel:999">999</a>.</p>' in html
    assert html.startswith('<div class="warning-text">')


@pytest.mark.parametrize(
    ("text", "place", "shown"),
    [
        ("## Call {{ site.contacts.emergency }}", "heading", '<h2 id="call-999">Call 999</h2>'),
        (
            "[Call {{ site.contacts.emergency }}](/help/)",
            "link",
            '<p><a href="/help/">Call 999</a></p>',
        ),
        ("[Call](tel:{{ site.contacts.emergency }})", "link", '<p><a href="tel:999">Call</a></p>'),
        ("<div>Call {{ site.contacts.emergency }}</div>", "html", "<div>Call 999</div>"),
    ],
)
def test_a_phone_number_where_a_link_cannot_go_is_text_and_a_problem(text, place, shown):
    html, problems = phone_page(f"Words.\n\n{text}\n")
    assert html == f"<p>Words.</p>\n{shown}"
    assert problems == [f"p.md:6: the phone number 999 {prose.NOT_A_LINK_HERE[place]}"]


def test_the_problems_of_a_page_rendered_in_a_child_process_are_kept():
    text = "[Call {{ site.contacts.emergency }}](/x/)\n\n" + "- [a](/b/) `c`\n" * 800
    problems = Problems()
    filled = fill_page_text(text, SITE, "p.md", 4, problems)
    assert len(filled) * sum(map(filled.count, prose.COSTLY_MARKS)) > prose.COSTLY_AT
    render_page_text(make_markdown(), filled, "p.md", 4, problems)
    assert [str(p) for p in problems.sorted()] == [
        f"p.md:4: the phone number 999 {prose.NOT_A_LINK_HERE['link']}"
    ]


def test_a_mark_cannot_be_typed():
    # The private use characters a mark is made of are taken out of the text first.
    html, problems = phone_page("Call \ue0004\ue001999\ue002, \ue001 or \ue002.")
    assert (html, problems) == ("<p>Call 4999,  or .</p>", [])


def test_the_sanitiser_admits_the_phone_class_on_links_only():
    dirty = '<a class="phone evil" href="tel:999">999</a><p class="phone">x</p>'
    assert make_markdown().sanitise(dirty) == '<a class="phone" href="tel:999">999</a><p>x</p>'


@pytest.mark.parametrize(
    ("text", "typed"),
    [
        ("Call 999.", ["999"]),
        ("Call 101, or (101), or tel:101 or 101!", ["101", "101", "101", "101"]),
        ("Relay UK: 18001 101", ["18001 101"]),
        ("Not 1,101 or 101.5 or 1101 or A101 or /101/ or id=101 or £101 or 101% or 2101", []),
        ("Press 55. Victim Care 101 is a name: only the number is found.", ["101"]),
        ("{{ site.owners.team-101 }} and {{ site.contacts.emergency }}", []),
    ],
)
def test_a_typed_phone_number_is_a_problem(text, typed):
    problems = Problems()
    check_typed_numbers(text, phone_numbers(SITE), "p.md", 4, problems)
    found = [re.match("the phone number (.+?) is typed", p.message) for p in problems.items]
    assert [number[1] for number in found] == typed


def test_a_typed_phone_number_names_its_placeholder_and_line():
    _, problems = phone_page("Fine.\n\nCall 999 or {{ site.contacts.non_emergency }}.")
    assert problems == [
        "p.md:6: the phone number 999 is typed here: write {{ site.contacts.emergency }} "
        "instead, which shows it as a link that phones it and follows data/site.yaml (if this "
        "999 is not that phone number but, say, a count, write it in words)"
    ]
