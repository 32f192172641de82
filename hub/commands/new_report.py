"""`new-report YYYY-MM`: a report file with every field present and explained."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from ..core.errors import Problems
from ..core.languages import in_language, split_name
from ..read.figures import PATH as FIGURES_PATH
from ..read.figures import Figure, read_figures
from ..read.reports.fields import (
    FIGURE_FIELDS,
    HIGHLIGHT_FIELDS,
    LISTS,
    QUOTE_FIELDS,
    REPORT_FIELDS,
    SOURCE_FIELDS,
    SPEAKER_FIELDS,
    STATEMENT_FIELDS,
    figure_fields,
)
from ..read.settings import read_settings


def _comment(field, indent: str = "") -> str:
    # The browser editor writes the same note above each key it saves (hub/write/cms.py).
    return f"{indent}# {field.note}"


def report_scaffold(month: str, figures: list[Figure]) -> str:
    """Returns the text of a new, draft report for `month`, generated from the report's fields
    and the figures in data/figures.yaml.

    Generating it from the field lists keeps the scaffold in step with what the build checks.
    """
    name = dt.date.fromisoformat(month + "-01").strftime("%B %Y")
    rules = {**LISTS, **figure_fields(figures)}
    lines = [
        f"# Hotspot patrol report for {name}.",
        "# Fill in what the source gave, then change `draft: true` to `draft: false` to publish.",
        "# Check your work with: python build.py check",
        "",
    ]
    for field in REPORT_FIELDS:
        lines.append(_comment(field))
        if field.name == "month":
            lines.append(f'month: "{month}"')
        elif field.name == "draft":
            lines.append("draft: true")
        elif field.name == "figures":
            lines += _figures(rules["figures"], figures)
        elif field.name == "totals":
            lines += ["# totals:", *_list_item(rules["totals"], "# ")]
        elif field.name == "statements":
            lines += ["statements:", *_list_item(STATEMENT_FIELDS)]
        elif field.name == "highlights":
            lines += ["highlights:", *_list_item(HIGHLIGHT_FIELDS)]
        elif field.name == "quotes":
            lines += ["quotes:", *_list_item(QUOTE_FIELDS)]
        elif field.name == "speakers":
            lines += ["# speakers:", *_list_item(SPEAKER_FIELDS, "# ")]
        elif field.name == "source":
            lines.append("source:")
            for source_field in SOURCE_FIELDS:
                value = " false" if source_field.kind == "yes/no" else ""
                lines += [_comment(source_field, "  "), f"  {source_field.name}:{value}"]
        else:
            lines.append(f"{field.name}:")
        lines.append("")
    return "\n".join(lines)


def _figures(fields, figures: list[Figure]) -> list[str]:
    """Returns the figures list: one item to fill in, and every figure there is to choose from.

    A figure the source did not give is left out, never written as 0.
    """
    lines = [
        f"# The figures you can use, from {FIGURES_PATH} (leave out any the source did not give):"
    ]
    lines += [f"#   {f.key}: {f.label} ({f.unit})" for f in figures]
    return ["figures:", *_list_item(fields), *[f"  {line}" for line in lines]]


def _list_item(fields, prefix: str = "") -> list[str]:
    lines = []
    for n, field in enumerate(fields):
        lines.append(prefix + _comment(field, "    "))
        if field.kind == "yes/no":
            value = " false"
        elif field.default and field.choices:
            value = f" {field.default}"
        else:
            value = ""
        lines.append(f"{prefix}  {'- ' if n == 0 else '  '}{field.name}:{value}")
    return lines


def words_scaffold(month: str, default_file: str, language_name: str) -> str:
    """Returns the text of a new words file for the report of `month` in another language
    (called `language_name`), generated from the report's fields that are words."""
    name = dt.date.fromisoformat(month + "-01").strftime("%B %Y")
    lines = [
        f"# The words of the hotspot patrol report for {name} ({default_file}) in {language_name}.",
        f"# Only words go here: the figures, dates and source come from {default_file}.",
        "# Lists (statements, highlights, quotes) give each item's words in the same order",
        "# as there, and a figure's note names the figure. Until every word the report has",
        f"# is here, the report has no {language_name} version (check lists what is missing).",
        "",
    ]
    for field in _words(REPORT_FIELDS):
        if field.kind == "text":
            lines += [_comment(field), f"{field.name}:", ""]
        else:
            item = {
                "figures": FIGURE_FIELDS,
                "statements": STATEMENT_FIELDS,
                "highlights": HIGHLIGHT_FIELDS,
                "quotes": QUOTE_FIELDS,
            }.get(field.name)
            lines.append(_comment(field))
            if item is None:  # the source: where it was published is in words
                lines += [f"# {field.name}:", *(f"#   {f.name}:" for f in _words(SOURCE_FIELDS))]
            else:
                lines += [f"# {field.name}:", *_list_item(_words(item), "# ")]
            lines.append("")
    return "\n".join(lines)


def _words(fields):
    """Returns the fields that a file in another language gives (hub.core.fields.Field i18n)."""
    return [field for field in fields if field.i18n]


def new_report(site_dir: Path, month: str) -> int:
    """Writes data/patrols/MONTH.yaml; in a site with more than one language, MONTH.KEY.yaml
    for the default language (as Decap CMS names it) and a words file for each other one.
    Returns the exit status (2 if the report already exists, 1 if the settings or
    data/figures.yaml have problems)."""
    problems = Problems()
    settings = read_settings(site_dir, problems)
    if problems:
        return _stop(problems, "data/site.yaml")
    languages = settings.languages
    folder = site_dir / "data" / "patrols"
    existing = [p for p in sorted(folder.glob(f"{month}*.yaml")) if split_name(p.stem)[0] == month]
    if existing:
        rel = existing[0].relative_to(site_dir).as_posix()
        print(
            f"{rel} already exists, so nothing was written: edit that file instead.",
            file=sys.stderr,
        )
        return 2
    figures = read_figures(site_dir / FIGURES_PATH, problems)
    if problems:
        return _stop(problems, FIGURES_PATH)
    several = len(languages) > 1
    path = folder / (f"{month}.{languages[0].key}.yaml" if several else f"{month}.yaml")
    rel = path.relative_to(site_dir).as_posix()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report_scaffold(month, figures), encoding="utf-8")
    written = [rel]
    for language in languages[1:]:
        other = folder / f"{month}.{language.key}.yaml"
        name = in_language(settings, language).words("language.name")
        other.write_text(words_scaffold(month, path.name, name), encoding="utf-8")
        written.append(other.relative_to(site_dir).as_posix())
    print(
        f"Wrote {' and '.join(written)}. Fill in each value, then set draft: false to "
        f"publish.\nPreview it with: python build.py serve"
    )
    return 0


def _stop(problems: Problems, first: str) -> int:
    for problem in problems.sorted():
        print(problem, file=sys.stderr)
    print(f"\nFix {first} first: nothing was written.", file=sys.stderr)
    return 1
