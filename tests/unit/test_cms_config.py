"""Parity between the browser editor's forms and the build's rules.

The expectations come from the rules the build validates with (the Field lists in hub/) and
from what the build does with sample values, never from the editor's config generator: the
test fails when a field the build knows is missing from a form, when required, type, allowed
values or pattern disagree, or when a form offers a field the build would reject as unknown.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
import re
import shutil
import subprocess
from dataclasses import replace

import pytest

from hub.core.errors import Problems
from hub.core.fields import Field, validate
from hub.core.languages import Language
from hub.core.overlay import words_fields
from hub.read.figures import read_figures
from hub.read.pages import HOME_FIELDS, page_fields
from hub.read.reports.fields import report_fields, summary_fields
from hub.read.settings import SITE_FIELDS, load_site_config
from hub.write.cms import cms_config
from tests.conftest import REPO

SITE = load_site_config(REPO / "data" / "site.yaml", "data/site.yaml", Problems())
FIGURES = read_figures(REPO / "data" / "figures.yaml", Problems())
# A report's figures and running totals name figures from data/figures.yaml: the build
# checks each key against that file, and a form offers them as a choice.
REPORT_FIELDS = report_fields(FIGURES)
# The page text below the front matter: the build requires some (hub/read/pages.py).
BODY = Field("body", "page text")
# Each file the editor writes, with the rules the build reads it by.
RULES = {
    "content/guidance": [*page_fields(SITE), BODY],
    "content/pages": [*page_fields(SITE), BODY],
    # The home page, index.en.md with its Welsh version: Decap keeps a files collection's
    # languages in one file only, so in a site with two languages it is a folder collection.
    "content": [*HOME_FIELDS, BODY],
    "data/patrols": REPORT_FIELDS,
    "data/patrols/summaries": summary_fields(FIGURES),
    "data/site.yaml": SITE_FIELDS,
    # The example is in English and Welsh: the settings' Welsh words are a file of their own.
    "data/site.cy.yaml": words_fields(SITE_FIELDS),
}
# The widgets that can hold each kind of value the way the build reads it.
WIDGETS = {
    "text": {"string", "text"},
    "whole number": {"whole_number"},  # assets/js/editor.js: saves a number only when it is one
    "date": {"day"},  # assets/js/editor.js: day, month and year boxes
    "yes/no": {"boolean"},
    "list": {"list"},
    "mapping": {"object"},
    "slug": {"string"},
    "https address": {"string"},
    "month": {"string"},
    "github repository": {"string"},
    "phone number": {"string"},
    "date or month": {"string"},
    "page text": {"markdown"},
}
# Values to try each pattern with: the form and the build must agree on every one.
SAMPLES = [
    "2025-08",
    "2025-13",
    "2025-00",
    "2025-8",
    "25-08",
    "2025-08-01",
    "2025-08-31",
    "2025-08-32",
    "2025-08-1",
    "community-safety",
    "Community-safety",
    "a--b",
    "-a",
    "a_b",
    "https://example.org/report",
    "http://example.org/report",
    "https://",
    "https://example.org/a b",
    "owner/name",
    "owner/name/more",
    "x" * 160,
    "x" * 161,
    "line one\nline two",
    "2025-08\n",
    # Phone numbers: digits in groups as said, a + only first.
    "999",
    "18001 101",
    "0808 2000 247",
    "+44 1234 567890",
    "0800  555 111",
    " 999",
    "999 ",
    "101 (free)",
    "0800-555-111",
    "44+1",
    "999\n",
]


def editor_files(config: dict) -> dict[str, list[dict]]:
    """Returns the form fields the editor has for each folder or file it writes."""
    found = {}
    for collection in config["collections"]:
        if "folder" in collection:
            found[collection["folder"]] = collection["fields"]
        for file in collection.get("files", []):
            found[file["file"]] = file["fields"]
    return found


def parity_problems(form: list[dict], rules: list[Field], where: str) -> list[str]:
    """Returns every way the form fields disagree with the build's rules."""
    found = []
    by_name = {field["name"]: field for field in form}
    names = {rule.name for rule in rules}
    found += [
        f"{where}{name}: offered by the form, but the build would reject it as unknown"
        for name in by_name
        if name not in names
    ]
    for rule in rules:
        field = by_name.get(rule.name)
        if field is None:
            found.append(f"{where}{rule.name}: the build knows it, the form lacks it")
            continue
        found += field_problems(field, rule, f"{where}{rule.name}")
    return found


def field_problems(field: dict, rule: Field, name: str) -> list[str]:
    """Returns how one form field disagrees with its rule."""
    widget = field.get("widget", "string")
    if not rule.editable:
        return [] if widget == "hidden" else [f"{name}: should be kept as it is (hidden)"]
    found = []
    if field.get("required", True) != rule.required:
        found.append(
            f"{name}: required is {field.get('required', True)}, the build says {rule.required}"
        )
    if rule.choices:
        options = field.get("options") or []
        values = [option["value"] if isinstance(option, dict) else option for option in options]
        if widget != "select" or values != list(rule.choices):
            found.append(f"{name}: should be a select of {list(rule.choices)}")
        labels = [option["label"] if isinstance(option, dict) else option for option in options]
        if rule.choice_labels and labels != list(rule.choice_labels):
            found.append(f"{name}: should show the choices as {list(rule.choice_labels)}")
        if field.get("multiple", False) != (rule.kind == "list"):
            found.append(f"{name}: should allow several choices only for a list")
        return found
    if widget not in WIDGETS[rule.kind]:
        found.append(f"{name}: widget {widget} cannot hold {rule.kind}")
    if rule.kind == "whole number":
        return found + typed_problems(field, name, COUNTS)
    if rule.kind == "date":
        return found + typed_problems(field, name, DAYS)
    if rule.kind == "page text" and field.get("modes") != ["raw"]:
        found.append(f"{name}: the page text must be edited as Markdown source")
    found += pattern_problems(field, rule, name)
    inside = field.get("fields", [])
    if rule.fields:
        found += parity_problems(inside, list(rule.fields), f"{name}.")
    elif rule.kind == "mapping":  # free keys (owners): a box for each key the file has now
        keys = [sub["name"] for sub in inside]
        if keys != list(getattr(SITE, rule.name) or {}):
            found.append(
                f"{name}: should offer the keys {list(getattr(SITE, rule.name))}, has {keys}"
            )
    return found


def builds_accept(rule: Field, value) -> bool:
    """Returns whether the build accepts `value` for the rule (asking validate() itself)."""
    problems = Problems()
    validate({rule.name: as_read_back(rule, value)}, [rule], "f.yaml", problems)
    return not problems


def as_read_back(rule: Field, text: str):
    """Returns what the build reads from a file in which the editor saved `text`: Decap
    writes a date-shaped text unquoted, and YAML reads a full date as a date (only the
    "date or month" kind takes both a date and a text)."""
    if rule.kind == "date or month" and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text  # YAML would not read it as a date either
    return text


# What a count box may hold, as typed, and whether the form must take it: only what the build
# reads as that same whole number, so nothing typed is ever cut or read as another number.
COUNTS = {
    "0": True,
    "7": True,
    "450": True,
    "16353": True,
    "450.5": False,
    "1e3": False,
    "fifteen": False,
    "-1": False,
    "+5": False,
    "007": False,
    " 5": False,
    "5 ": False,
    "1,000": False,
    "": False,
    "5\n": False,
}


# What a date's widget may hand the form, and whether the form must take it: only a date
# written as the build reads it (the widget gives anything else as typed).
DAYS = {
    "2025-01-10": True,
    "2024-02-29": True,
    "2025-1-10": False,
    "10 / 1 / 2025": False,
    "2025-13-01": False,
    "2025-00-10": False,
    "2025-01-32": False,
    "2025-01-10T00:00": False,
    "": False,
}


def typed_problems(field: dict, name: str, wanted: dict) -> list[str]:
    """Returns the values on which the form's pattern disagrees with `wanted` (COUNTS or
    DAYS): a value the build cannot read back as it was typed must be refused."""
    if "pattern" not in field:
        return [f"{name}: needs a pattern"]
    verdicts = javascript_matches(field["pattern"][0], tuple(wanted))
    return [
        f"{name}: the form says {verdict} for {typed!r}, it should say {wanted[typed]}"
        for typed, verdict in zip(wanted, verdicts)
        if verdict != wanted[typed]
    ]


def pattern_problems(field: dict, rule: Field, name: str) -> list[str]:
    """Returns the samples on which the form's pattern and the build disagree, when the
    build's rule for this field is one a pattern stands for (a kind of text, a limit)."""
    patterned = (
        "slug",
        "https address",
        "month",
        "github repository",
        "phone number",
        "date or month",
    )
    if rule.kind not in patterned and not rule.max_length:
        return [] if "pattern" not in field else [f"{name}: has a pattern the build lacks"]
    if "pattern" not in field:
        return [f"{name}: the build checks a pattern, the form does not"]
    verdicts = javascript_matches(field["pattern"][0])
    return [
        f"{name}: the form says {verdict} for {sample!r}, the build says {not verdict}"
        for sample, verdict in zip(SAMPLES, verdicts)
        if verdict != builds_accept(rule, sample)
    ]


NODE = shutil.which("node")


@functools.cache
def javascript_matches(pattern: str, samples: tuple = tuple(SAMPLES)) -> list[bool]:
    """Returns RegExp(pattern).test(sample) for each sample, as the editor runs it."""
    if NODE is None:
        pytest.fail("node is needed to run the editor's patterns: run scripts/setup --test")
    script = (
        "const [p, s] = JSON.parse(process.argv[1]);"
        "console.log(JSON.stringify(s.map(x => new RegExp(p).test(x))))"
    )
    result = subprocess.run(
        [NODE, "-e", script, json.dumps([pattern, samples])],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def config():
    return cms_config(SITE, FIGURES)


def test_every_file_the_editor_writes_has_the_build_s_rules(config):
    assert set(editor_files(config)) == set(RULES)


@pytest.mark.parametrize("target", sorted(RULES))
def test_the_form_matches_the_build_s_rules(config, target):
    assert parity_problems(editor_files(config)[target], RULES[target], f"{target}: ") == []


# --- languages: Decap's i18n writes each language's file as the build reads it ---------


def written_in_another_language(form: list[dict]) -> dict:
    """Returns the names of the fields Decap writes in a file in another language than the
    default (i18n true or duplicate; it leaves out i18n false), with those inside each."""
    return {
        field["name"]: written_in_another_language(field.get("fields", []))
        for field in form
        if field.get("i18n", False) is not False
    }


def names(rules) -> dict:
    """Returns the names of `rules`, with the names inside each."""
    return {rule.name: names(rule.fields) for rule in rules}


def test_each_language_s_file_is_kept_beside_the_default_one(config):
    # data/site.yaml lists en-GB (the default) and cy; files are named what-is-asb.cy.md.
    assert config["i18n"] == {
        "structure": "multiple_files",
        "locales": ["en", "cy"],
        "default_locale": "en",
    }
    in_languages = {c["name"] for c in config["collections"] if c.get("i18n") is True}
    assert in_languages == {"guidance", "pages", "home", "reports", "summaries"}
    home = next(c for c in config["collections"] if c["name"] == "home")
    # Only index.en.md and index.cy.md: the other pages are in content/'s own folders.
    assert (home["create"], home["delete"], "nested" in home) == (False, False, False)


@pytest.mark.parametrize("target", ["content/guidance", "content/pages", "content"])
def test_a_page_in_another_language_is_a_whole_page(config, target):
    # The build reads a Welsh page as a page with all its fields (hub/read/pages.py), its
    # section, order and owner as the English page has them.
    form = editor_files(config)[target]
    assert written_in_another_language(form) == names(RULES[target])
    copied = {field["name"] for field in form if field["i18n"] == "duplicate"}
    assert copied == {rule.name for rule in RULES[target] if rule.i18n == "duplicate"}


@pytest.mark.parametrize(
    "target, rules",
    [("data/patrols", REPORT_FIELDS), ("data/patrols/summaries", summary_fields(FIGURES))],
)
def test_a_report_in_another_language_holds_only_its_words(config, target, rules):
    # The build reads 2024-07.cy.yaml as the words of 2024-07.en.yaml: no figures' numbers,
    # dates or sources of its own, and a figure named in each item of its list.
    form = editor_files(config)[target]
    assert written_in_another_language(form) == names(words_fields(rules))
    figures = by_name(form, "figures")["fields"]
    assert by_name(figures, "figure")["i18n"] is True and by_name(figures, "value")["i18n"] is False


def test_a_site_in_one_language_has_no_language_settings():
    site = replace(SITE, languages=[Language("en-GB", "en", True)], translations={})
    config = cms_config(site, FIGURES)

    def marked(fields):
        return any("i18n" in field or marked(field.get("fields", [])) for field in fields)

    assert "i18n" not in config
    assert not any("i18n" in c or marked(c.get("fields", [])) for c in config["collections"])
    assert not any(marked(form) for form in editor_files(config).values())
    assert set(editor_files(config)) == set(RULES) - {"data/site.cy.yaml", "content"} | {
        "content/index.md"
    }


def test_the_report_helper_is_left_to_be_edited_as_a_file(config):
    # Its areas hold contacts keyed by organisation id, a mapping of free keys Decap cannot
    # offer as a form, and its ids cross-refer between lists (docs/comms-staff.md, "The
    # report helper").
    assert "data/report-routes.yaml" not in editor_files(config)


def test_a_new_report_is_named_by_its_month(config):
    reports = next(c for c in config["collections"] if c.get("folder") == "data/patrols")
    # Decap's own {{month}} is today's month; the report's field is {{fields.month}}.
    assert reports["slug"] == "{{fields.month}}" and reports["create"] is True
    assert (reports["extension"], reports["format"]) == ("yaml", "yaml")


def test_changes_are_reviewed_before_they_go_live(config):
    assert config["publish_mode"] == "editorial_workflow"
    assert "local_backend" not in config
    assert config["backend"] == {
        "name": SITE.editor.backend,
        "branch": SITE.editor.branch,
        "repo": SITE.editor.repo,
    }


def test_help_becomes_each_field_s_hint(config):
    for field in editor_files(config)["data/patrols"]:
        rule = next(r for r in REPORT_FIELDS if r.name == field["name"])
        assert field["hint"].lower().startswith(rule.help.lower()[:20]), rule.name
        assert field["comment"] == rule.note  # what the new-report scaffold writes too


# --- the parity check itself must catch each kind of drift -----------------------------


def drifted(config, change) -> list[str]:
    """Returns the parity problems of the reports form after `change(fields)`."""
    broken = copy.deepcopy(config)
    fields = editor_files(broken)["data/patrols"]
    change(fields)
    return parity_problems(fields, REPORT_FIELDS, "")


def by_name(fields, name):
    return next(field for field in fields if field["name"] == name)


def test_a_missing_field_is_caught(config):
    assert drifted(config, lambda f: f.remove(by_name(f, "summary"))) == [
        "summary: the build knows it, the form lacks it"
    ]


def test_a_field_the_build_would_reject_is_caught(config):
    assert drifted(config, lambda f: f.append({"name": "sumary", "widget": "string"})) == [
        "sumary: offered by the form, but the build would reject it as unknown"
    ]


def test_a_nested_field_is_checked_too(config):
    found = drifted(config, lambda f: by_name(f, "source")["fields"].pop())
    assert found == ["source.date_assumed: the build knows it, the form lacks it"]
    found = drifted(config, lambda f: by_name(f, "figures")["fields"].pop())
    assert found == ["figures.note: the build knows it, the form lacks it"]


def test_required_disagreeing_is_caught(config):
    found = drifted(config, lambda f: by_name(f, "draft").update(required=True))
    assert found == ["draft: required is True, the build says False"]


def test_a_widget_of_the_wrong_type_is_caught(config):
    def to_text(fields):
        by_name(by_name(fields, "figures")["fields"], "value").update(widget="string")

    assert "figures.value: widget string cannot hold whole number" in drifted(config, to_text)


def test_a_count_that_allows_decimals_is_caught(config):
    def decimals(fields):
        by_name(by_name(fields, "figures")["fields"], "value")["pattern"][0] = r"^[0-9.]+$"

    assert drifted(config, decimals) == [
        "figures.value: the form says True for '450.5', it should say False",
        "figures.value: the form says True for '007', it should say False",
    ]


def test_a_pattern_that_lets_more_through_than_the_build_is_caught(config):
    found = drifted(config, lambda f: by_name(f, "month")["pattern"].__setitem__(0, "^.+$"))
    assert "month: the form says True for '2025-13', the build says False" in found


def test_allowed_values_disagreeing_are_caught():
    rule = page_fields(SITE)[2]
    assert rule.name == "section"
    wrong = {"name": "section", "widget": "select", "options": ["Understanding ASB"]}
    assert field_problems(wrong, rule, "section") == [
        f"section: should be a select of {list(rule.choices)}"
    ]


def test_the_owner_select_shows_the_team_names_in_the_settings_and_saves_their_keys():
    site = replace(SITE, owners={"comms": "Communications", "digital": "Digital"})
    owner = next(
        f
        for f in editor_files(cms_config(site, FIGURES))["content/guidance"]
        if f["name"] == "owner"
    )
    assert owner["options"] == [
        {"label": "Communications", "value": "comms"},
        {"label": "Digital", "value": "digital"},
    ]


def test_a_figure_is_chosen_by_its_label_from_the_figures_file(config):
    def choice(list_name):
        fields = by_name(editor_files(config)["data/patrols"], list_name)["fields"]
        return by_name(fields, "figure")["options"]

    assert choice("figures") == [{"label": f.label, "value": f.key} for f in FIGURES]
    # Only a figure that has a running total can have one.
    running = [f for f in FIGURES if f.cumulative]
    assert running and len(running) < len(FIGURES)
    assert choice("totals") == [{"label": f.label, "value": f.key} for f in running]


def test_a_figure_choice_the_figures_file_lacks_is_caught(config):
    def add_a_figure(fields):
        options = by_name(by_name(fields, "figures")["fields"], "figure")["options"]
        options.append({"label": "Weapons seized", "value": "weapons_seized"})

    values, labels = drifted(config, add_a_figure)
    assert values.startswith("figures.figure: should be a select of ['patrol_hours', ")
    assert labels.startswith("figures.figure: should show the choices as ['Extra patrol hours',")


def test_a_source_date_may_be_a_day_or_only_a_month(config):
    fields = by_name(editor_files(config)["data/patrols"], "source")["fields"]
    published = by_name(fields, "published")
    assert published["widget"] == "string" and published["required"] is True
    verdicts = javascript_matches(published["pattern"][0])
    accepted = {sample for sample, verdict in zip(SAMPLES, verdicts) if verdict}
    assert accepted == {"2025-08", "2025-08-01", "2025-08-31"}


def test_every_field_has_a_plain_english_label(config):
    def labels(fields):
        for field in fields:
            yield field["label"]
            yield from labels(field.get("fields", []))

    for target, fields in editor_files(config).items():
        for label in labels(fields):
            assert re.fullmatch(r"[A-Z][^_]*", label), f"{target}: {label}"


def every_field(fields: list[dict], where: str = ""):
    """Yields each form field with its dotted name, those inside lists and mappings too."""
    for field in fields:
        yield f"{where}{field['name']}", field
        yield from every_field(field.get("fields", []), f"{where}{field['name']}.")


def test_the_form_s_help_names_no_files_or_keys(config):
    # Files and keys mean nothing to a comms officer; the saved file's comments may name them.
    # A placeholder, {{ site.x }}, is what the officer types, so it may be shown.
    found = [
        f"{target}: {name}: {field['hint']}"
        for target, fields in editor_files(config).items()
        for name, field in every_field(fields)
        if re.search(
            r"data/|content/|\.ya?ml\b|\bkey(ed)?\b|_",
            re.sub(r"\{\{.*?\}\}", "", field.get("hint", "")),
        )
    ]
    assert found == []


def test_a_list_names_one_of_its_items_in_the_singular(config):
    fields = editor_files(config)["data/patrols"]
    singular = {
        name: field["label_singular"]
        for name, field in every_field(fields)
        if field.get("widget") == "list"
    }
    assert singular == {
        "figures": "Figure",
        "totals": "Running total",
        "statements": "Statement",
        "highlights": "Highlight",
        "quotes": "Quote",
        "speakers": "Speaker",
    }
