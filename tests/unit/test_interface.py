"""Interface strings: each file checked against the rules, with every mistake at its line."""

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from hub.core.errors import Problems
from hub.core.interface import BUILT_IN, GROUPS, Words, fill, markup_strings, read_strings
from tests.conftest import REPO, write


def problems_reading(site: Path, keys=("en",)) -> list[str]:
    problems = Problems()
    read_strings(site, list(keys), problems)
    return [str(p) for p in problems.sorted()]


@pytest.mark.parametrize("language", sorted(p.stem for p in BUILT_IN.glob("*.yaml")))
def test_each_built_in_language_gives_every_string_by_its_rule(tmp_path, language):
    assert problems_reading(tmp_path, [language]) == []
    data = yaml.safe_load((BUILT_IN / f"{language}.yaml").read_text(encoding="utf-8"))
    assert sorted(data) == sorted(GROUPS)
    for group, fields in GROUPS.items():
        assert sorted(data[group]) == sorted(f.name for f in fields), group


def test_every_string_a_template_or_script_uses_has_a_rule():
    used = set()
    for path in [*(REPO / "templates").rglob("*.html"), REPO / "templates" / "feed.xml"]:
        used |= set(re.findall(r"\bt\.([a-z_]+)\.([a-z_]+)", path.read_text(encoding="utf-8")))
        used |= set(re.findall(r'text\("([a-z_]+)\.([a-z_]+)"', path.read_text(encoding="utf-8")))
    known = {(group, field.name) for group, fields in GROUPS.items() for field in fields}
    assert used, "the templates read their words as t.group.name"
    assert used - known == set()


def test_a_site_rewords_one_string_and_keeps_the_rest(tmp_path):
    write(tmp_path / "data" / "strings" / "en.yaml", "exit:\n  button: Quick exit\n")
    strings = read_strings(tmp_path, ["en"], Problems())["en"]
    assert strings["exit"]["button"] == "Quick exit"
    assert strings["exit"]["safety_link"] == "Using this site safely"
    assert strings["cookie_banner"]["accept"] == "Accept additional cookies"


def test_an_empty_string_in_a_rewording_keeps_the_generators_words(tmp_path):
    # As a browser editor's form leaves a string nobody rewords.
    write(tmp_path / "data" / "strings" / "en.yaml", 'exit:\n  button: ""\n  hint: Go, {keys}.\n')
    problems = Problems()
    strings = read_strings(tmp_path, ["en"], problems)["en"]
    assert not problems
    assert strings["exit"]["button"] == "Leave this site"
    assert strings["exit"]["hint"] == "Go, {keys}."


def test_an_unknown_string_is_named_with_the_nearest_one(tmp_path):
    write(tmp_path / "data" / "strings" / "en.yaml", "cookie_banner:\n  veiw: Customise cookies\n")
    assert problems_reading(tmp_path) == [
        'data/strings/en.yaml:2: unknown field "cookie_banner.veiw"; '
        'did you mean "cookie_banner.view"?'
    ]


def test_an_unknown_group_is_named_with_the_nearest_one(tmp_path):
    write(tmp_path / "data" / "strings" / "en.yaml", "cookie_baner:\n  view: Customise cookies\n")
    [problem] = problems_reading(tmp_path)
    assert problem.startswith('data/strings/en.yaml:1: unknown field "cookie_baner"; ')
    assert 'did you mean "cookie_banner"?' in problem


def test_a_language_without_built_in_words_must_give_every_string(tmp_path):
    write(tmp_path / "data" / "strings" / "pl.yaml", "exit:\n  button: Opuść stronę\n")
    found = problems_reading(tmp_path, ["pl"])
    assert 'data/strings/pl.yaml:2: missing field "exit.safety_link"' in "\n".join(found)
    assert any(p.startswith('data/strings/pl.yaml:1: missing field "cookie_banner"') for p in found)


def test_a_language_with_no_strings_at_all_is_named(tmp_path):
    assert problems_reading(tmp_path, ["pl"]) == [
        'data/site.yaml:1: the site has no interface strings for "pl": write '
        "data/strings/pl.yaml with every string (copy templates/strings/en.yaml and translate it)"
    ]


def test_a_placeholder_the_string_cannot_fill_is_named_with_the_nearest(tmp_path):
    write(
        tmp_path / "data" / "strings" / "en.yaml", "cookie_banner:\n  heading: Cookies on {site}\n"
    )
    assert problems_reading(tmp_path) == [
        "data/strings/en.yaml:2: cookie_banner.heading uses {site}, which this string cannot "
        'fill in: did you mean "{site_name}"?'
    ]


def test_a_needed_placeholder_left_out_is_named(tmp_path):
    write(tmp_path / "data" / "strings" / "en.yaml", "cookie_banner:\n  accepted: Thank you.\n")
    assert problems_reading(tmp_path) == [
        "data/strings/en.yaml:2: cookie_banner.accepted must include {link}, where the link goes"
    ]


def test_a_string_shown_in_an_attribute_cannot_hold_a_double_quote(tmp_path):
    write(tmp_path / "data" / "strings" / "en.yaml", 'news:\n  title: The "news"\n')
    [problem] = problems_reading(tmp_path)
    assert problem.startswith(
        "data/strings/en.yaml:2: news.title is shown inside an HTML attribute"
    )


def test_months_must_be_twelve(tmp_path):
    write(tmp_path / "data" / "strings" / "en.yaml", "dates:\n  months: [Jan, Feb]\n")
    assert problems_reading(tmp_path) == [
        "data/strings/en.yaml:2: dates.months must list 12 names, got 2"
    ]


def test_words_fill_in_dates_months_and_figures():
    strings = read_strings(REPO, ["cy"], Problems())["cy"]
    words = Words(strings)
    assert words.date(dt.date(2024, 2, 18)) == "18 Chwefror 2024"
    assert words.month("2024-07") == "Gorffennaf 2024"
    assert words.figure(700, "more than") == "mwy na 700"
    assert words.figure(1264, "exact") == "1,264"
    assert words.change(-20, "2024-10") == "i lawr 20 ers Hydref 2024"


def test_a_string_for_html_is_escaped_once_and_its_values_escaped_unless_markup():
    t = markup_strings({"g": {"s": "Fish & chips <b> {x} {y}"}})
    from markupsafe import Markup

    filled = fill(t["g"]["s"], x="<i>", y=Markup("<a href='/'>here</a>"))
    assert filled == "Fish &amp; chips &lt;b&gt; &lt;i&gt; <a href='/'>here</a>"
    assert fill("{n} results", n=3) == "3 results"  # plain text stays plain
