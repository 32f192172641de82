"""The figures a patrol report may carry, defined in data/figures.yaml.

Every part of the site that shows a figure (the report pages, the news index and its charts,
the CSV and JSON files, the data dictionary, `new-report`) reads this list, so a new figure is
a new entry in the file, not a change to the code.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import Problems
from ..core.fields import Field, validate, validate_list
from ..core.overlay import Gaps, overlay, words_fields
from ..core.sources import read_yaml

PATH = "data/figures.yaml"
KEY = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
# The open data files name their other columns so; a figure's key must not take one.
RESERVED_KEYS = {"month", "period", "published", "report_url"}
RESERVED_ENDINGS = ("_qualifier", "_total", "_basis")


def _key_problem(key: str) -> str | None:
    """Returns why `key` cannot name a figure, or None when it can."""
    if not KEY.match(key):
        return (
            "must use only lower-case letters, digits and single underscores, starting "
            f'with a letter, e.g. stop_searches, got "{key}"'
        )
    if key in RESERVED_KEYS or key.startswith("source_") or key.endswith(RESERVED_ENDINGS):
        return f'"{key}" is the name of another column in the open data files: choose another'
    return None


DEFINITION_FIELDS = [
    Field(
        "key",
        "text",
        help="the short name reports use, e.g. stop_searches (lower case, underscores)",
        check=_key_problem,
        i18n="duplicate",
    ),
    Field("label", "text", help="the figure's name on pages, e.g. Stop and searches", i18n=True),
    Field("unit", "text", help="what one of it is, e.g. hours or arrests", i18n=True),
    Field(
        "meaning",
        "text",
        help="what it counts, in a sentence (shown in the data dictionary)",
        i18n=True,
    ),
    Field(
        "cumulative",
        "yes/no",
        required=False,
        default=False,
        help="true when reports may give a running total of it (an opening balance, a stated "
        "total)",
    ),
    Field(
        "total_label",
        "text",
        required=False,
        default="",
        help="the running total's name, e.g. Referrals since the scheme began (needed when "
        "cumulative is true)",
        i18n=True,
    ),
    Field(
        "chart",
        "yes/no",
        required=False,
        default=False,
        help="true to draw it by month as a bar chart on the news page",
    ),
]
FILE_FIELDS = [
    Field("figures", "list", help="every figure a report may carry, in page order", i18n=True)
]


@dataclass(frozen=True)
class Figure:
    """One figure a report may carry."""

    key: str
    label: str
    unit: str
    meaning: str
    cumulative: bool = False
    total_label: str = ""
    chart: bool = False


def read_figures(path: Path, problems: Problems) -> list[Figure]:
    """Returns the figures defined in data/figures.yaml, in the order pages show them.

    Records each mistake with its line; a site without the file defines no figures.
    """
    if not path.exists():
        return []
    data = read_yaml(path, PATH, problems)
    if data is None:
        return []
    top = validate(data, FILE_FIELDS, PATH, problems)
    if not top.get("figures"):
        return []
    entries = validate_list(
        top["figures"], DEFINITION_FIELDS, PATH, problems, "figures", data.line_of("figures")
    )
    lines = top["figures"].lines
    figures: list[Figure] = []
    seen: dict[str, int] = {}
    for entry, line in zip(entries, lines):
        if not entry.get("key"):
            continue  # its problem is already recorded
        if entry["key"] in seen:
            problems.add(
                PATH,
                line,
                f'the key "{entry["key"]}" is used twice (first on line {seen[entry["key"]]}): '
                "give each figure its own key",
            )
            continue
        seen[entry["key"]] = line
        if entry["cumulative"] and not entry["total_label"]:
            problems.add(
                PATH,
                line,
                f'figure "{entry["key"]}" has cumulative: true, so it needs total_label: the '
                "running total's name, e.g. Referrals since the scheme began",
            )
        figures.append(Figure(**entry))
    return figures


def translate_figures(
    figures: list[Figure], folder: Path, language, name: str, problems: Problems
) -> list[Figure]:
    """Returns `figures` with their words in `language` (called `name`), from
    data/figures.KEY.yaml beside data/figures.yaml: every page, chart and data file in that
    language names the figures, so each must have its words there. Records the file
    missing, an unknown key (with the nearest) and each word it leaves out."""
    rel = f"data/figures.{language.key}.yaml"
    path = folder / f"figures.{language.key}.yaml"
    gaps = Gaps(rel, name, PATH)
    if not figures:
        return []
    if not path.is_file():
        problems.items.append(gaps.no_file(language.code))
        return figures
    data = read_yaml(path, rel, problems)
    if data is None:
        return figures
    top = validate(data, FILE_FIELDS, rel, problems)
    raw = top.get("figures") or []
    validate_list(
        raw, words_fields(DEFINITION_FIELDS), rel, problems, "figures", data.line_of("figures")
    )
    rules = [dataclasses.replace(FILE_FIELDS[0], fields=tuple(DEFINITION_FIELDS))]
    default = {"figures": [dataclasses.asdict(figure) for figure in figures]}
    words = overlay(rules, default, data, data.line_of("figures"), gaps)
    problems.items += gaps.found + gaps.extra
    return [Figure(**entry) for entry in words["figures"]]
