"""Patrol figures as open data (CSV and JSON) and as static charts for the news index.

The columns follow data/figures.yaml: each figure has a column for its value and one for its
qualifier, and each figure with a running total three more. A figure a report did not give
is a blank cell in CSV and null in JSON: not reported, never 0. Statements (claims people
made) are not figures, so they are never in these files or charts.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from .addresses import NEWS, breadcrumbs
from .figures import Figure
from .patrols import QUALIFIERS, PatrolReports, Report, figure_words, month_name

DATA_URL = "/news/data/"
SERIES_CSV = "news/data/patrols.csv"
SERIES_JSON = "news/data/patrols.json"
QUALIFIER_TYPE = "text: " + ", ".join(QUALIFIERS[:-1]) + " or " + QUALIFIERS[-1]
CHART_MONTHS = 12  # the charts show the year up to the latest month; the files hold every month

# Chart geometry, in SVG user units, drawn 1 unit to 1 CSS pixel and shrunk on narrow screens.
# Each calendar month has a fixed-width slot, so a month with no figure is a visible gap.
# PLOT_TOP leaves room above the tallest bar for its value and qualifier ("more than").
SLOT, BAR, PLOT_TOP, PLOT_HEIGHT, LABELS = 48, 28, 40, 120, 34
HEIGHT = PLOT_TOP + PLOT_HEIGHT + LABELS


def columns(figures: list[Figure]) -> list[tuple[str, str, str]]:
    """Returns the data dictionary: every column of the CSV files (and key of the JSON rows),
    in order, with its type and meaning."""
    found = []
    for f in figures:
        found += [
            (
                f.key,
                f"whole number ({f.unit})",
                f"{f.label}: {f.meaning} Blank when the report did not give it (not reported, "
                "which is not 0).",
            ),
            (
                f"{f.key}_qualifier",
                QUALIFIER_TYPE,
                f'Whether the number of {f.unit} is exact, or the source said "more than" or '
                '"about" it. Blank when not reported.',
            ),
        ]
    for f in figures:
        if f.cumulative:
            found += [
                (
                    f"{f.key}_total",
                    f"whole number ({f.unit})",
                    f"{f.total_label}, as the report gives it. Blank when it gives none.",
                ),
                (f"{f.key}_total_qualifier", QUALIFIER_TYPE, "Whether that total is exact."),
                (
                    f"{f.key}_total_basis",
                    "text: worked out or stated",
                    "worked out: the opening balance plus each month's figure since, checked "
                    "against any total the source gave. stated: as the source stated it (at "
                    "the time of its release), because not every month since is published.",
                ),
            ]
    return [
        (
            "month",
            "text, YYYY-MM",
            "The month the figures cover (for a summary, the last month of its period).",
        ),
        (
            "period",
            "text",
            "The period the figures cover, in words: a month, or a longer period for a summary.",
        ),
        ("published", "date, YYYY-MM-DD", "The day the report was published on this site."),
        *found,
        ("source_publisher", "text", "Who published the source of the figures."),
        ("source_title", "text", "The source's title, as published."),
        ("source_url", "web address", "The source's address. Blank when it is not known."),
        ("source_where", "text", "Where the source was published, in words. Blank if not given."),
        (
            "source_published",
            "date, YYYY-MM-DD, or month, YYYY-MM",
            "When the source was published, as far as it is known: the day, or only the month.",
        ),
        (
            "source_date_assumed",
            "true or false",
            "true when the source's date is an estimate rather than known.",
        ),
        ("report_url", "web address", "The report on this site that the figures come from."),
    ]


def figure_row(report: Report, figures: list[Figure], base_url: str) -> dict:
    """Returns one report's row: every column of the data dictionary, in order."""
    values = {
        "month": report.month,
        "period": report.period,
        "published": report.published.isoformat(),
        "report_url": base_url + report.url,
    }
    for key, entry in report.values.items():
        values[key], values[f"{key}_qualifier"] = entry["value"], entry["qualifier"]
    for total in report.running:
        key = total["figure"]
        values[f"{key}_total"] = total["value"]
        values[f"{key}_total_qualifier"] = total["qualifier"]
        values[f"{key}_total_basis"] = total["basis"]
    release = report.release
    published = release.get("published")
    values.update(
        {
            "source_publisher": release.get("publisher"),
            "source_title": release.get("title"),
            "source_url": release.get("url") or None,
            "source_where": release.get("where") or None,
            "source_published": published.isoformat()
            if isinstance(published, dt.date)
            else published,
            "source_date_assumed": release.get("date_assumed", False),
        }
    )
    return {name: values.get(name) for name, *_ in columns(figures)}


def figures_csv(rows: list[dict], figures: list[Figure]) -> str:
    """Returns the rows as CSV text (RFC 4180: a header row, CRLF line ends, blank for none)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    names = [name for name, *_ in columns(figures)]
    writer.writerow(names)
    for row in rows:
        writer.writerow([_cell(row[name]) for name in names])
    return buffer.getvalue()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def figures_json(rows: list[dict], figures: list[Figure], site, base_url: str, key: str):
    """Returns the rows (under `key`) as a JSON document that carries its own dictionary."""
    document = {
        "title": f"Hotspot patrol figures from {site.name}",
        "publisher": site.organisation,
        "dictionary": base_url + DATA_URL,
        "fields": [
            {"name": name, "type": kind, "description": meaning}
            for name, kind, meaning in columns(figures)
        ],
        key: rows,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_patrol_data(env, site, output) -> None:
    """Writes the figures as CSV and JSON, for every report and for the monthly series,
    and the data dictionary page."""
    reports: PatrolReports = site.reports
    settings, base_url = site.settings, env.globals["base_url"]
    figures = reports.figures
    rows = [figure_row(r, figures, base_url) for r in reports.months]
    # write_made skips making a file whose inputs are those of the last build (hub/output.py).
    output.write_made(SERIES_CSV, (rows, figures), lambda: figures_csv(rows, figures))
    output.write_made(
        SERIES_JSON,
        (rows, figures, settings, base_url),
        lambda: figures_json(rows, figures, settings, base_url, "months"),
    )
    for report in reports:
        row = figure_row(report, figures, base_url)
        key = "months" if report.kind == "month" else "summaries"
        folder = report.output.rpartition("/")[0]
        output.write_made(
            f"{folder}/figures.csv", (row, figures), lambda row=row: figures_csv([row], figures)
        )
        output.write_made(
            f"{folder}/figures.json",
            (row, figures, settings, base_url, key),
            lambda row=row, key=key: figures_json([row], figures, settings, base_url, key),
        )
    output.write(
        DATA_URL.lstrip("/") + "index.html",
        env.get_template("layouts/patrol-data.html").render(
            url=DATA_URL,
            columns=columns(figures),
            months=[r.month_name for r in reports.months],
            summaries=[{"period": r.period, "url": r.url} for r in reports if r.kind != "month"],
            breadcrumbs=breadcrumbs(("Patrol news", NEWS)),
        ),
    )
    output.add_address(DATA_URL)


def data_urls(reports: list[Report]) -> list[str]:
    """Returns the address of every data file and the dictionary page, for link checks."""
    return [
        DATA_URL,
        "/" + SERIES_CSV,
        "/" + SERIES_JSON,
        *[f"{r.url}figures.{ext}" for r in reports for ext in ("csv", "json")],
    ]


def _window(last: str) -> list[str]:
    """Returns the CHART_MONTHS calendar months ending with `last`, oldest first."""
    year, number = map(int, last.split("-"))
    months = []
    for _ in range(CHART_MONTHS):
        months.append(f"{year}-{number:02d}")
        year, number = (year - 1, 12) if number == 1 else (year, number - 1)
    return months[::-1]


def patrol_trend(reports: PatrolReports) -> dict | None:
    """Returns what the news index needs to draw the charted figures for the year up to the
    latest monthly report, or None when there is nothing to chart.

    One bar chart per figure with `chart: true` that the year gave at least once, each on its
    own scale, plus a table of the same numbers. Every calendar month from the year's first
    report has a slot: a month with no report, or whose report did not give the figure, is a
    gap, never a bar of 0.
    """
    by_month = {r.month: r for r in reports.months}
    if not by_month:
        return None
    window = _window(max(by_month))
    window = window[next(n for n, m in enumerate(window) if m in by_month) :]
    shown = [by_month[m] for m in window if m in by_month]
    period = shown[0].month_name + (f" to {shown[-1].month_name}" if len(shown) > 1 else "")
    charts = []
    for figure in reports.figures:
        entries = [by_month[m].values.get(figure.key) if m in by_month else None for m in window]
        if figure.chart and any(entries):
            charts.append(_chart(figure, window, entries, period))
    if not charts:
        return None
    rows = [
        {
            "name": report.month_name,
            "cells": [_table_cell(report.values.get(chart["key"])) for chart in charts],
        }
        for report in shown
    ]
    return {"charts": charts, "rows": rows, "period": period}


def _chart(figure: Figure, window: list[str], entries: list[dict | None], period: str) -> dict:
    """Returns one figure's bar chart: a slot for each month of `window`, a bar where the
    month gave the figure, scaled to the largest."""
    top = max(e["value"] for e in entries if e)
    bars = []
    for n, (month, entry) in enumerate(zip(window, entries)):
        day = dt.date.fromisoformat(month + "-01")
        height = round(PLOT_HEIGHT * entry["value"] / top, 1) if entry and top else 0
        x = n * SLOT + (SLOT - BAR) / 2
        bars.append(
            {
                "value": entry["value"] if entry else None,
                "number": f"{entry['value']:,}" if entry else "",
                "qualifier": entry["qualifier"] if entry else "exact",
                "short": day.strftime("%b"),
                # The year is shown under the first month and under each January.
                "year": day.strftime("%Y") if n == 0 or month.endswith("-01") else "",
                "x": x,
                "centre": x + BAR / 2,
                "y": PLOT_TOP + PLOT_HEIGHT - height,
                "height": height,
            }
        )
    return {
        "key": figure.key,
        "label": figure.label,
        "bars": bars,
        "period": period,
        "description": _describe(figure, window, entries),
        "width": SLOT * len(bars),
        "height": HEIGHT,
        "baseline": PLOT_TOP + PLOT_HEIGHT,
        "bar_width": BAR,
    }


def _table_cell(entry: dict | None) -> str:
    if entry is None:
        return "Not reported"
    words = figure_words(entry["value"], entry["qualifier"])
    return words[0].upper() + words[1:]


def _describe(figure: Figure, window: list[str], entries: list[dict | None]) -> str:
    """Returns a sentence saying what the chart shows, for screen readers: every month's
    figure, with its qualifier. (No highest or lowest: "more than 700" may be either.)"""
    known = [
        f"{figure_words(entry['value'], entry['qualifier'])} in {month_name(month)}"
        for month, entry in zip(window, entries)
        if entry
    ]
    gaps = len(window) - len(known)
    return f"{figure.label} by month: {'; '.join(known)}." + (
        f" No figure for {gaps} other month{'s' if gaps > 1 else ''}." if gaps else ""
    )
