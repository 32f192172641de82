"""The language overlay (hub/core/overlay.py): a file in another language gives only the
words, the rest comes from the default language, and each word left out is named once, in
one wording, at its line."""

from hub.core.fields import Field
from hub.core.overlay import Gaps, overlay, words_fields
from hub.core.yamlfile import load_yaml

ITEM = [
    Field("id", "slug", i18n="duplicate"),
    Field("name", "text", i18n=True),
    Field("phone", "text"),
]
FIELDS = [
    Field("title", "text", i18n=True),
    Field("count", "whole number"),
    Field("items", "list", fields=tuple(ITEM), i18n=True),
    Field("steps", "list", i18n=True),
    Field("contact", "mapping", fields=(Field("where", "text", i18n=True),), i18n=True),
    Field("teams", "mapping", i18n=True),
]
DEFAULT = {
    "title": "Noise",
    "count": 3,
    "items": [
        {"id": "police", "name": "The police", "phone": "101"},
        {"id": "council", "name": "The council", "phone": "0800 1"},
    ],
    "steps": ["Write it down", "Call"],
    "contact": {"where": "The town hall"},
    "teams": {"comms": "Communications"},
}


def overlaid(text: str) -> tuple[dict, list[str]]:
    gaps = Gaps("f.cy.yaml", "Cymraeg", "f.yaml")
    data = load_yaml(text)
    result = overlay(FIELDS, DEFAULT, data, data.line, gaps)
    return result, [str(problem) for problem in gaps.found + gaps.extra]


WELSH = """\
title: Sŵn
items:
  - id: council
    name: Y cyngor
  - id: police
    name: Yr heddlu
steps:
  - Ysgrifennwch
  - Ffoniwch
contact:
  where: Neuadd y dref
teams:
  comms: Cyfathrebu
"""


def test_a_complete_file_gives_every_word_and_nothing_else():
    result, gaps = overlaid(WELSH)
    assert gaps == []
    assert result == {
        "title": "Sŵn",
        "count": 3,
        "items": [
            {"id": "police", "name": "Yr heddlu", "phone": "101"},
            {"id": "council", "name": "Y cyngor", "phone": "0800 1"},
        ],
        "steps": ["Ysgrifennwch", "Ffoniwch"],
        "contact": {"where": "Neuadd y dref"},
        "teams": {"comms": "Cyfathrebu"},
    }
    assert DEFAULT["items"][0]["name"] == "The police"  # the default is not changed


def test_each_word_left_out_is_named_at_its_line_in_one_wording():
    result, gaps = overlaid(
        "title: Sŵn\nitems:\n  - id: police\n    phone: 999\nsteps:\n  - Ysgrifennwch\n"
        "contact:\n  other: x\n"
    )
    assert gaps == [
        'f.cy.yaml:3: items[police].name is missing: give it in Cymraeg, as f.yaml gives "The '
        'police"',
        'f.cy.yaml:2: items[council].name is missing: give it in Cymraeg, as f.yaml gives "The '
        'council"',
        'f.cy.yaml:5: steps[2] is missing: give it in Cymraeg, as f.yaml gives "Call"',
        'f.cy.yaml:8: contact.where is missing: give it in Cymraeg, as f.yaml gives "The town '
        'hall"',
        'f.cy.yaml:1: teams.comms is missing: give it in Cymraeg, as f.yaml gives "Communications"',
    ]
    # What is left out keeps the default's words; what is not words is never taken.
    assert result["items"][0] == {"id": "police", "name": "The police", "phone": "101"}
    assert result["steps"] == ["Ysgrifennwch", "Call"]


def test_a_default_that_knows_its_lines_names_them():
    gaps = Gaps("f.cy.yaml", "Cymraeg", "f.yaml")
    default = {"steps": [{"text": "Call", "line": 4, "lines": {"text": 5}}]}
    rules = [Field("steps", "list", fields=(Field("text", "text", i18n=True),), i18n=True)]
    overlay(rules, default, load_yaml("steps:\n  - other: x\n"), 1, gaps)
    assert [str(p) for p in gaps.found] == [
        'f.cy.yaml:2: steps[1].text is missing: give it in Cymraeg, as f.yaml:5 gives "Call"'
    ]


def test_more_items_than_the_default_in_a_list_matched_by_place_is_a_mistake():
    _, gaps = overlaid(WELSH.replace("  - Ffoniwch\n", "  - Ffoniwch\n  - Mwy\n"))
    assert gaps == [
        "f.cy.yaml:10: steps[3]: f.yaml has only 2 in steps: give the words of each, in the "
        "same order, and no more"
    ]


def test_the_fields_a_words_file_gives_are_the_words_and_what_names_an_item():
    fields = words_fields(FIELDS)
    assert [(f.name, f.required) for f in fields] == [
        ("title", False),
        ("items", False),
        ("steps", False),
        ("contact", False),
        ("teams", False),
    ]
    assert [(f.name, f.required) for f in fields[1].fields] == [("id", True), ("name", False)]


def test_an_item_named_as_no_item_of_the_default_is_a_mistake():
    _, gaps = overlaid(WELSH.replace("steps:\n", "  - id: polise\n    name: Heddlu\nsteps:\n"))
    assert gaps == ['f.cy.yaml:7: items: f.yaml has no "polise": did you mean "police"?']
    _, gaps = overlaid(WELSH.replace("steps:\n", "  - id: fire\n    name: Tân\nsteps:\n"))
    assert gaps == ['f.cy.yaml:7: items: f.yaml has no "fire": use one of: police, council']
