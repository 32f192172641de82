"""Page text allows `{{ site.dotted.name }}` and nothing else: every other template syntax is
an error at its line, and nothing in it is ever evaluated."""

from __future__ import annotations

import pytest

from hub.core.errors import Problems
from hub.core.yamlfile import Located
from hub.read.placeholders import fill_placeholders
from hub.read.settings import Contacts, Settings

SITE = Located(1)
SITE.update(
    {
        "name": "Hub",
        "contacts": {"emergency": "999", "items": "a key that is also a dict method"},
        "owners": {"community-safety": "Community Safety Team"},
        "threshold": 3,
        "ratio": 1.5,
        "flag": True,
        "cookies": [{"name": "consent"}],
        "nothing": None,
    }
)


def fill(body: str, first_line: int = 1):
    """Returns (filled text or None, the problems as printed)."""
    problems = Problems()
    filled = fill_placeholders(body, {"site": SITE}, "p.md", first_line, problems)
    return filled, [str(p) for p in problems.sorted()]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Call {{ site.contacts.emergency }} now.\n", "Call 999 now.\n"),
        ("{{site.name}}|{{  site.name  }}|{{\tsite.name\t}}", "Hub|Hub|Hub"),
        ("{{ site.threshold }} times, {{ site.ratio }} a day", "3 times, 1.5 a day"),
        ("Two: {{ site.name }}{{ site.name }}\n\n", "Two: HubHub\n\n"),
        ("{{ site.contacts.items }}", "a key that is also a dict method"),
        ("{{ site.owners.community-safety }}", "Community Safety Team"),
        ("No placeholder, a stray }} brace, %} and #} and { alone.", None),
        ("line one\rline two {{ site.name }}", "line one\rline two Hub"),
        ("", None),
    ],
)
def test_placeholders_are_replaced_by_their_setting(body, expected):
    assert fill(body) == (body if expected is None else expected, [])


def test_a_value_is_not_read_again_for_placeholders():
    site = {"name": "{{ site.name }} {% for x in y %}"}
    problems = Problems()
    assert fill_placeholders("{{ site.name }}!", {"site": site}, "p.md", 1, problems) == (
        "{{ site.name }} {% for x in y %}!"
    )
    assert not problems


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "{% if site.name %}x{% endif %}",
            "p.md:3: template tags ({% ... %}) are not allowed: page text may only use "
            "placeholders such as {{ site.contacts.non_emergency }}",
        ),
        (
            "{# hidden #}",
            "p.md:3: template comments ({# ... #}) are not allowed: page text may only use "
            "placeholders such as {{ site.contacts.non_emergency }}",
        ),
        (
            "{{ site.name | upper }}",
            'p.md:3: "{{ site.name | upper }}" is not a placeholder: write only the name of a '
            "setting between the braces, such as {{ site.contacts.non_emergency }} "
            "(no filters, sums or calls)",
        ),
        (
            "Call {{ site.name",
            'p.md:3: "{{" is not closed with }} on the same line: page text may only use '
            "placeholders such as {{ site.contacts.non_emergency }}",
        ),
        (
            "{{ site.contacts.emergancy }}",
            'p.md:3: unknown placeholder "site.contacts.emergancy": did you mean '
            '"site.contacts.emergency"?',
        ),
        (
            "{{ contacts.emergency }}",
            'p.md:3: unknown placeholder "contacts.emergency": did you mean '
            '"site.contacts.emergency"?',
        ),
        (
            "{{ site.zzzzzzzzzzzz }}",
            'p.md:3: unknown placeholder "site.zzzzzzzzzzzz": use the name of a setting, '
            "such as site.contacts.non_emergency",
        ),
        (
            "{{ site.contacts }}",
            'p.md:3: placeholder "site.contacts" names a group of settings, not one: name one '
            "of them, such as site.contacts.emergency",
        ),
        (
            "{{ site.flag }}",
            'p.md:3: placeholder "site.flag" is not text or a number, so it cannot be shown '
            "in a page: use a setting that is",
        ),
    ],
)
def test_each_mistake_is_named_at_its_line(body, message):
    assert fill("one\ntwo\n" + body) == (None, [message])


@pytest.mark.parametrize(
    "body",
    [
        "{{ site.threshold + 1 }}",  # a sum
        "{{ site.name() }}",  # a call
        "{{ site['name'] }}",  # a subscript
        "{{ site.name ~ site.name }}",  # joining
        "{{ 7 * 7 }}",  # arithmetic
        "{{-site.name-}}",  # whitespace control
        "{{{ site.name }}}",  # braces parsed differently elsewhere
        "{{ site. name }}",  # spaces inside the name
        "{{ site.name\n}}",  # a placeholder across lines
        "{{ site.name }",  # closed with one brace
        "{{}}",  # empty
        "{{ site.name }}{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{% include '/etc/passwd' %}",
        "{% for a in range(99999) %}{% for b in range(99999) %}x{% endfor %}{% endfor %}",
        "{% raw %}{{ site.name }}{% endraw %}",
    ],
)
def test_anything_else_is_an_error_and_nothing_is_evaluated(body):
    filled, problems = fill(body)
    assert filled is None
    assert problems and all(p.startswith("p.md:1: ") for p in problems)


@pytest.mark.parametrize(
    "name",
    [
        "site.__class__",
        "site.__class__.__mro__",
        "site.contacts.__class__.__init__.__globals__",
        "site.line",  # an attribute of the settings' mapping, not a key in it
        "site.lines",
        "site.contacts.keys",
        "site.cookies.0",  # lists cannot be indexed
        "site.nothing",
        "site.owners.community-safety.x",
    ],
)
def test_only_keys_of_the_settings_are_reachable(name):
    filled, problems = fill("{{ " + name + " }}")
    assert filled is None
    [problem] = problems
    assert problem.startswith("p.md:1: ") and f'"{name}"' in problem


def test_every_mistake_in_a_text_is_reported_at_once():
    _, problems = fill("{{ site.nope }}\nfine {{ site.name }}\n{% x %} and {# y #}\n{{", 10)
    assert [p.split(": ")[0] for p in problems] == ["p.md:10", "p.md:12", "p.md:12", "p.md:13"]


def test_the_settings_records_are_read_by_their_fields_only():
    settings = Settings(name="Hub", contacts=Contacts(emergency="999"), owners={})
    problems = Problems()
    values = {"site": settings}
    body = "Call {{ site.contacts.emergency }} ({{ site.name }})."
    assert fill_placeholders(body, values, "p.md", 1, problems) == "Call 999 (Hub)."
    for name in ("site.__class__", "site.__dict__", "site.contacts.__init__", "site.__repr__"):
        assert fill_placeholders("{{ " + name + " }}", values, "p.md", 1, problems) is None
    assert [p.message.split('"')[1] for p in problems.items] == [
        "site.__class__",
        "site.__dict__",
        "site.contacts.__init__",
        "site.__repr__",
    ]
    assert fill_placeholders("{{ site.contacts }}", values, "p.md", 1, problems) is None
    assert "names a group of settings, not one: name one of them, such as " in str(
        problems.items[-1]
    )
    assert "site.contacts.emergency" in str(problems.items[-1])


def test_shown_says_what_stands_for_a_setting_with_its_name_and_line():
    seen = []

    def shown(name, value, line):
        seen.append((name, value, line))
        return f"[{value}]" if name == "site.contacts.emergency" else value

    problems = Problems()
    body = "{{ site.name }}\n\nCall {{ site.contacts.emergency }}, {{site.contacts.emergency}}."
    assert fill_placeholders(body, {"site": SITE}, "p.md", 7, problems, shown) == (
        "Hub\n\nCall [999], [999]."
    )
    assert not problems
    assert seen == [
        ("site.name", "Hub", 7),
        ("site.contacts.emergency", "999", 9),
        ("site.contacts.emergency", "999", 9),
    ]
