"""`new-report YYYY-MM`: a report file with every field present and explained."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from .patrols import (
    FIGURE_FIELDS,
    HIGHLIGHT_FIELDS,
    IMMEDIATE_JUSTICE_FIELDS,
    QUOTE_FIELDS,
    REPORT_FIELDS,
)


def _comment(field, indent: str = "") -> str:
    # The browser editor writes the same note above each key it saves (hub/cms.py).
    return f"{indent}# {field.note}"


def report_scaffold(month: str) -> str:
    """Returns the text of a new, draft report for `month`, generated from the report's fields.

    Generating it from the field lists keeps the scaffold in step with what the build checks.
    """
    name = dt.date.fromisoformat(month + "-01").strftime("%B %Y")
    lines = [
        f"# Hotspot patrol report for {name}.",
        "# Fill in every value, then change `draft: true` to `draft: false` to publish.",
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
            lines.append("figures:")
            for figure in FIGURE_FIELDS:
                lines += [_comment(figure, "  "), f"  {figure.name}:"]
        elif field.name == "immediate_justice":
            lines.append("immediate_justice:")
            # The opening balance belongs only in the first report of the series.
            total = next(f for f in IMMEDIATE_JUSTICE_FIELDS if f.name == "stated_total")
            lines += [_comment(total, "  "), "  # stated_total:"]
        elif field.name == "highlights":
            lines.append("highlights:")
            lines += _list_item(HIGHLIGHT_FIELDS)
        elif field.name == "quotes":
            lines.append("quotes:")
            lines += _list_item(QUOTE_FIELDS)
        else:
            lines.append(f"{field.name}:")
        lines.append("")
    return "\n".join(lines)


def _list_item(fields) -> list[str]:
    lines = []
    for n, field in enumerate(fields):
        lines.append(_comment(field, "    "))
        value = " false" if field.kind == "yes/no" else ""
        lines.append(f"  {'- ' if n == 0 else '  '}{field.name}:{value}")
    return lines


def new_report(site_dir: Path, month: str) -> int:
    """Writes data/patrols/MONTH.yaml; returns the exit status (2 if the file already exists)."""
    path = site_dir / "data" / "patrols" / f"{month}.yaml"
    rel = path.relative_to(site_dir).as_posix()
    if path.exists():
        print(
            f"{rel} already exists, so nothing was written: edit that file instead.",
            file=sys.stderr,
        )
        return 2
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report_scaffold(month), encoding="utf-8")
    print(
        f"Wrote {rel}. Fill in each value, then set draft: false to publish.\n"
        f"Preview it with: python build.py serve"
    )
    return 0
