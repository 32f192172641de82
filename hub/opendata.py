"""Patrol figures as open data (CSV and JSON) and as a static chart for the news index."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from .addresses import NEWS, breadcrumbs
from .patrols import FIGURES, Report

DATA_URL = "/news/data/"
SERIES_CSV = "news/data/patrols.csv"
SERIES_JSON = "news/data/patrols.json"

# The data dictionary: every column in the CSV files and every key in the JSON, in order.
COLUMNS = [
    ("month", "text, YYYY-MM", "The month the figures cover."),
    ("published", "date, YYYY-MM-DD", "The day the month's report was published."),
    *[
        (
            key,
            "whole number",
            f"{label.removesuffix(' (%)')} in the month"
            + (", as a percentage" if key.endswith("_percent") else "")
            + ("." if required else ". Blank when the report did not give it."),
        )
        for key, label, required in FIGURES
    ],
    (
        "immediate_justice_referrals_total",
        "whole number",
        "Referrals to Immediate Justice since the scheme began, up to the end of the month. "
        "Worked out from the opening balance and each month's referrals.",
    ),
    ("report_url", "web address", "The news report the figures come from."),
]
# The figures drawn on the news index; the optional percentage is left to the files.
CHARTED = [(key, label) for key, label, required in FIGURES if required]
CHART_MONTHS = 12  # the chart and its table show the latest year; the files hold every month

# Chart geometry, in SVG user units, drawn 1 unit to 1 CSS pixel and shrunk on narrow screens.
# Each month has a fixed-width slot; a chart is never narrower than MIN_SLOTS slots, so a single
# month is a bar in a chart, not a block filling the page.
SLOT, BAR, PLOT_TOP, PLOT_HEIGHT, LABELS, MIN_SLOTS = 40, 24, 22, 120, 34, 6
HEIGHT = PLOT_TOP + PLOT_HEIGHT + LABELS


def figure_rows(reports: list[Report], base_url: str) -> list[dict]:
    """Returns one row per report, oldest first, with every column of the data dictionary."""
    rows = []
    for report in sorted(reports, key=lambda r: r.month):
        row = {"month": report.month, "published": report.published.isoformat()}
        row.update({key: report.figures.get(key) for key, _, _ in FIGURES})
        row["immediate_justice_referrals_total"] = report.referrals_total
        row["report_url"] = base_url + report.url
        rows.append(row)
    return rows


def figures_csv(rows: list[dict]) -> str:
    """Returns the rows as CSV text (RFC 4180: a header row, CRLF line ends, blank for none)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([name for name, *_ in COLUMNS])
    for row in rows:
        writer.writerow(["" if row[name] is None else row[name] for name, *_ in COLUMNS])
    return buffer.getvalue()


def figures_json(rows: list[dict], site, base_url: str) -> str:
    """Returns the rows as a JSON document that carries its own data dictionary."""
    document = {
        "title": f"Hotspot patrol figures from {site.name}",
        "publisher": site.organisation,
        "dictionary": base_url + DATA_URL,
        "fields": [
            {"name": name, "type": kind, "description": meaning} for name, kind, meaning in COLUMNS
        ],
        "months": rows,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_patrol_data(env, site, output) -> None:
    """Writes the figures as CSV and JSON, for every month and for the whole series,
    and the data dictionary page."""
    reports = site.reports
    settings, base_url = site.settings, env.globals["base_url"]
    rows = figure_rows(reports, base_url)
    # write_made skips making a file whose inputs are those of the last build (hub/output.py).
    output.write_made(SERIES_CSV, rows, lambda: figures_csv(rows))
    output.write_made(
        SERIES_JSON, (rows, settings, base_url), lambda: figures_json(rows, settings, base_url)
    )
    for row, report in zip(rows, sorted(reports, key=lambda r: r.month)):
        folder = report.output.rpartition("/")[0]
        output.write_made(f"{folder}/figures.csv", row, lambda row=row: figures_csv([row]))
        output.write_made(
            f"{folder}/figures.json",
            (row, settings, base_url),
            lambda row=row: figures_json([row], settings, base_url),
        )
    output.write(
        DATA_URL.lstrip("/") + "index.html",
        env.get_template("layouts/patrol-data.html").render(
            url=DATA_URL,
            columns=COLUMNS,
            months=[r.month_name for r in reports],
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


def _month_label(month: str) -> tuple[str, str]:
    """Returns the month's short name and, for the axis, its year."""
    day = dt.date.fromisoformat(month + "-01")
    return day.strftime("%b"), day.strftime("%Y")


def patrol_trend(reports: list[Report]) -> dict | None:
    """Returns what the news index needs to draw the latest months' figures, or None if
    there are no reports.

    One small bar chart per figure, each with its own scale (hours and arrests differ
    a hundredfold), plus the table of the same numbers.
    """
    recent = sorted(reports, key=lambda r: r.month)[-CHART_MONTHS:]
    if not recent:
        return None
    months = [{"month": r.month, "name": r.month_name} for r in recent]
    period = (
        months[0]["name"] if len(months) == 1 else f"{months[0]['name']} to {months[-1]['name']}"
    )
    charts = []
    for key, label in CHARTED:
        values = [r.figures.get(key) for r in recent]
        top = max((v for v in values if v is not None), default=0)
        bars = []
        for n, (report, value) in enumerate(zip(recent, values)):
            short, year = _month_label(report.month)
            height = 0 if not top or value is None else round(PLOT_HEIGHT * value / top, 1)
            x = n * SLOT + (SLOT - BAR) / 2
            bars.append(
                {
                    "value": value,
                    "text": "none" if value is None else f"{value:,}",
                    "name": report.month_name,
                    "short": short,
                    # The year is shown under the first bar and under each January.
                    "year": year if n == 0 or report.month.endswith("-01") else "",
                    "x": x,
                    "centre": x + BAR / 2,
                    "y": PLOT_TOP + PLOT_HEIGHT - height,
                    "height": height,
                }
            )
        charts.append(
            {
                "key": key,
                "label": label,
                "bars": bars,
                "period": period,
                "description": _describe(label, recent, values),
                "width": SLOT * max(len(recent), MIN_SLOTS),
                "height": HEIGHT,
                "baseline": PLOT_TOP + PLOT_HEIGHT,
                "bar_width": BAR,
            }
        )
    return {"months": months, "charts": charts, "period": period}


def _describe(label: str, recent: list[Report], values: list) -> str:
    """Returns a sentence saying what the chart shows, for screen readers."""
    known = [(v, r.month_name) for v, r in zip(values, recent) if v is not None]
    if not known:
        return f"No figures for {label.lower()} yet."
    latest_value, latest_month = known[-1]
    if len(known) == 1:
        return f"{label}: {latest_value:,} in {latest_month}, the only month reported so far."
    high_value, high_month = max(known, key=lambda k: k[0])
    low_value, low_month = min(known, key=lambda k: k[0])
    return (
        f"{label} for each month from {known[0][1]} to {latest_month}. "
        f"Highest {high_value:,} in {high_month}; lowest {low_value:,} in {low_month}; "
        f"latest {latest_value:,} in {latest_month}."
    )
