"""`new-report YYYY-MM`: a report file with every field present and explained."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from .errors import Problems
from .figures import PATH as FIGURES_PATH
from .figures import Figure, read_figures
from .patrols import (
    HIGHLIGHT_FIELDS,
    LISTS,
    QUOTE_FIELDS,
    REPORT_FIELDS,
    SOURCE_FIELDS,
    STATEMENT_FIELDS,
    figure_fields,
)


def _comment(field, indent: str = "") -> str:
    # The browser editor writes the same note above each key it saves (hub/cms.py).
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


def new_report(site_dir: Path, month: str) -> int:
    """Writes data/patrols/MONTH.yaml; returns the exit status (2 if the file already exists,
    1 if data/figures.yaml has problems)."""
    path = site_dir / "data" / "patrols" / f"{month}.yaml"
    rel = path.relative_to(site_dir).as_posix()
    if path.exists():
        print(
            f"{rel} already exists, so nothing was written: edit that file instead.",
            file=sys.stderr,
        )
        return 2
    problems = Problems()
    figures = read_figures(site_dir / FIGURES_PATH, problems)
    if problems:
        for problem in problems.sorted():
            print(problem, file=sys.stderr)
        print(f"\nFix {FIGURES_PATH} first: nothing was written.", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report_scaffold(month, figures), encoding="utf-8")
    print(
        f"Wrote {rel}. Fill in each value, then set draft: false to publish.\n"
        f"Preview it with: python build.py serve"
    )
    return 0
