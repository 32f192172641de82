"""Patrol figures as open data (CSV and JSON) and as static charts for the news index.

The columns follow data/figures.yaml: each figure has a column for its value and one for its
qualifier, and each figure with a running total three more. A figure a report did not give
is a blank cell in CSV and null in JSON: not reported, never 0. Statements (claims people
made) are not figures, so they are never in these files or charts. Every CSV file is written
by csv_text, which keeps a spreadsheet from running any text in it as a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from dataclasses import replace
from typing import Any

from ..core.addresses import DATA_URL, NEWS, SERIES_CSV, SERIES_JSON, breadcrumbs, home_crumb
from ..core.interface import Words, english
from ..read.figures import Figure
from ..read.reports.model import FigureValue, PatrolReports, Report
from ..site.editions import Versions, editions

CHART_MONTHS = 12  # the charts show the year up to the latest month; the files hold every month

# Chart geometry, in SVG user units drawn 1 unit to 1 CSS pixel. The months run down the
# chart, a row each, so that a year of months fits a phone with its words as large as the
# body's small print (FONT, the size site.css gives .chart__label and .chart__value): WIDTH is
# no wider than the text on a 360px screen, so the drawing is not shrunk there. Each calendar
# month has its row, so a month with no figure is a visible gap. A year's number has a row of
# its own above the year's first month.
WIDTH, ROW, BAR, FONT, GAP = 320, 28, 18, 16, 6
INSET = GAP / 2  # the months' names start a little in: a J reaches left of where it starts
SHORTEST_TOP = 60  # the top figure's bar is never shorter: a longer figure widens the drawing
# The most room one character of the chart's words may take, in ems: a bold digit of DejaVu
# Sans, the widest of the usual system fonts. A figure's words are measured with it, so the
# longest bar still leaves room for them inside the drawing.
CHAR = 0.7


def _column_rules(figures: list[Figure]) -> list[tuple[str, str, dict, str, dict]]:
    """Returns every column of the CSV files (and key of the JSON rows), in order, as (name,
    its type's string and values, its meaning's string and values): the data dictionary
    before it is put into words."""
    number, qualifier, text = "type_number", "type_qualifier", "type_text"
    found = []
    for f in figures:
        unit = {"unit": f.unit}
        found += [
            (f.key, number, unit, "figure_meaning", {"label": f.label, "meaning": f.meaning}),
            (f"{f.key}_qualifier", qualifier, {}, "qualifier_meaning", unit),
            (f"{f.key}_note", text, {}, "note_meaning", {}),
        ]
    for f in figures:
        if f.cumulative:
            found += [
                (
                    f"{f.key}_total",
                    number,
                    {"unit": f.unit},
                    "total_meaning",
                    {"total_label": f.total_label},
                ),
                (f"{f.key}_total_qualifier", qualifier, {}, "total_qualifier_meaning", {}),
                (f"{f.key}_total_basis", "type_basis", {}, "basis_meaning", {}),
                (f"{f.key}_total_stated_on", "type_date", {}, "total_stated_on_meaning", {}),
            ]
    return [
        ("month", "type_month", {}, "month_meaning", {}),
        ("period", text, {}, "period_meaning", {}),
        ("published", "type_date", {}, "published_meaning", {}),
        *found,
        ("source_publisher", text, {}, "source_publisher_meaning", {}),
        ("source_title", text, {}, "source_title_meaning", {}),
        ("source_url", "type_address", {}, "source_url_meaning", {}),
        ("source_where", text, {}, "source_where_meaning", {}),
        ("source_published", "type_date_or_month", {}, "source_published_meaning", {}),
        ("source_date_assumed", "type_yes_no", {}, "source_date_assumed_meaning", {}),
        ("report_url", "type_address", {}, "report_url_meaning", {}),
    ]


def column_names(figures: list[Figure]) -> list[str]:
    """Returns the name of every column, in order."""
    return [rule[0] for rule in _column_rules(figures)]


def columns(figures: list[Figure], words: Words | None = None) -> list[tuple[str, str, str]]:
    """Returns the data dictionary: every column's name, type and meaning, in `words`'
    language (by default the generator's English)."""
    words = words or english()
    return [
        (name, words(f"open_data.{kind}", **kind_values), words(f"open_data.{meaning}", **values))
        for name, kind, kind_values, meaning, values in _column_rules(figures)
    ]


def figure_row(report: Report, figures: list[Figure], base_url: str) -> dict:
    """Returns one report's row: every column of the data dictionary, in order."""
    values: dict[str, Any] = {  # a column's name -> its value in this report's row
        # A summary covers a longer period, named in `period`: a month here would read as
        # another row for its last month.
        "month": report.month if report.kind == "month" else None,
        "period": report.period,
        "published": report.published.isoformat(),
        "report_url": base_url + report.url,
    }
    for key, entry in report.values.items():
        values[key], values[f"{key}_qualifier"] = entry.value, entry.qualifier
        values[f"{key}_note"] = entry.note or None
    for total in report.running:
        key = total.figure
        values[f"{key}_total"] = total.value
        values[f"{key}_total_qualifier"] = total.qualifier
        values[f"{key}_total_basis"] = total.basis
        values[f"{key}_total_stated_on"] = total.stated_on.isoformat() if total.stated_on else None
    release = report.release
    published = release.published
    values.update(
        {
            "source_publisher": release.publisher,
            "source_title": release.title,
            "source_url": release.url or None,
            "source_where": release.where or None,
            "source_published": published.isoformat()
            if isinstance(published, dt.date)
            else published,
            "source_date_assumed": release.date_assumed,
        }
    )
    return {name: values.get(name) for name in column_names(figures)}


def figures_csv(rows: list[dict], figures: list[Figure]) -> str:
    """Returns the rows as CSV text, under a header row of the column names."""
    names = column_names(figures)
    return csv_text([names, *([row[name] for name in names] for row in rows)])


# A cell whose text starts with one of these is a formula to a spreadsheet, which runs it when
# the file is opened (OWASP, "CSV Injection"): =HYPERLINK(...), +cmd|..., @SUM(...).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
# The mark put in front of such a text. A text that already starts with it gets one more, so
# that taking one mark off any text that starts with it always gives the text as written.
TEXT_MARK = "'"


def csv_text(rows) -> str:
    """Returns `rows` (lists of cells, the header first) as CSV text that a spreadsheet opens
    as data and never as formulas, as OWASP advises: a number bare, every other cell between
    double quotes (a double quote inside it doubled), a text that starts as a formula would
    with TEXT_MARK in front. RFC 4180, with CRLF line ends. Every CSV file goes through here."""
    buffer = io.StringIO()
    # Every cell but a number is quoted, as OWASP advises: whatever separators and quotes a
    # text holds, it is one cell to a reader that follows RFC 4180, and a reader can tell
    # a number (bare) from a text (quoted) without guessing from its look.
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return buffer.getvalue()


def _cell(value) -> int | str:
    """Returns `value` as the CSV writer should take it: a whole number (which the build
    counted) as it is, None as "" (blank: not reported), a yes or no as true or false, and any
    text as text, with TEXT_MARK in front where it starts as a formula would or with the mark.

    Whether a text is marked goes by its type, never its look: a text "-3" is marked too, since
    only the build's own numbers are numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return value
    text = str(value)
    return TEXT_MARK + text if text.startswith((*FORMULA_START, TEXT_MARK)) else text


def figures_json(rows: list[dict], figures: list[Figure], site, dictionary: str, key: str):
    """Returns the rows (under `key`) as a JSON document that carries its own dictionary (and
    the address of the page that explains it), in the language of `site` (its settings)."""
    words = site.words
    document = {
        "title": words("open_data.json_title", site_name=site.name),
        "publisher": site.organisation,
        "dictionary": dictionary,
        "fields": [
            {"name": name, "type": kind, "description": meaning}
            for name, kind, meaning in columns(figures, words)
        ],
        key: rows,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_patrol_data(env, site, output) -> None:
    """Writes the figures as CSV and JSON, for every report and for the monthly series,
    and the data dictionary page, in each language: the figures are the same, their
    descriptions and periods are in the language, and each row links to the report in it
    where it has one."""
    versions = Versions(site)
    months = site.reports.months
    for language, part in editions(site):
        _write_patrol_data(
            env.for_language(language), part, language.prefix, months, versions, output
        )


def _write_patrol_data(env, site, prefix: str, months: list, versions, output) -> None:
    reports: PatrolReports = site.reports
    settings, base_url = site.settings, env.globals["base_url"]
    words, figures = settings.words, reports.figures
    here = {report.key: report for report in reports}
    # Every month is in the series, in this language's words where its report has none.
    series = [here.get(r.key) or replace(r, period=words.month(r.month)) for r in months]
    rows = [figure_row(r, figures, base_url) for r in series]
    dictionary = base_url + prefix + DATA_URL
    # write_made skips making a file whose inputs are those of the last build (hub/write/output.py).
    output.write_made(_in(prefix, SERIES_CSV), (rows, figures), lambda: figures_csv(rows, figures))
    output.write_made(
        _in(prefix, SERIES_JSON),
        (rows, figures, settings, dictionary),
        lambda: figures_json(rows, figures, settings, dictionary, "months"),
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
            (row, figures, settings, dictionary, key),
            lambda row=row, key=key: figures_json([row], figures, settings, dictionary, key),
        )
    url = prefix + DATA_URL
    output.write(
        url.lstrip("/") + "index.html",
        env.get_template("layouts/patrol-data.html").render(
            url=url,
            columns=columns(figures, words),
            months=[words.month(r.month) for r in months],
            summaries=[{"period": r.period, "url": r.url} for r in reports if r.kind != "month"],
            breadcrumbs=breadcrumbs(
                home_crumb(words, prefix), (words("news.title"), prefix + NEWS)
            ),
            versions=versions.of(url),
        ),
    )
    output.add_address(url)


def _in(prefix: str, rel: str) -> str:
    """Returns the file `rel` (written as in the default language) in the language whose
    addresses start with `prefix`."""
    return f"{prefix.lstrip('/')}/{rel}" if prefix else rel


def _window(last: str) -> list[str]:
    """Returns the CHART_MONTHS calendar months ending with `last`, oldest first."""
    year, number = map(int, last.split("-"))
    months = []
    for _ in range(CHART_MONTHS):
        months.append(f"{year}-{number:02d}")
        year, number = (year - 1, 12) if number == 1 else (year, number - 1)
    return months[::-1]


def patrol_trend(reports: PatrolReports, words: Words | None = None) -> dict | None:
    """Returns what the news index needs to draw the charted figures for the year up to the
    latest monthly report, in `words`' language, or None when there is nothing to chart.

    One bar chart per figure with `chart: true` that the year gave at least once, each on its
    own scale, plus a table of the same numbers. Every calendar month from the year's first
    report has a slot: a month with no report, or whose report did not give the figure, is a
    gap, never a bar of 0.
    """
    words = words or english()
    by_month = {r.month: r for r in reports.months}
    if not by_month:
        return None
    window = _window(max(by_month))
    window = window[next(n for n, m in enumerate(window) if m in by_month) :]
    shown = [by_month[m] for m in window if m in by_month]
    first, last = words.month(shown[0].month), words.month(shown[-1].month)
    period = words("news.period", first=first, last=last) if len(shown) > 1 else first
    charts = []
    for figure in reports.figures:
        entries = [by_month[m].values.get(figure.key) if m in by_month else None for m in window]
        if figure.chart and any(entries):
            charts.append(_chart(figure, window, entries, period, words))
    if not charts:
        return None
    rows = [
        {
            "name": words.month(report.month),
            "cells": [_table_cell(report.values.get(chart["key"]), words) for chart in charts],
        }
        for report in shown
    ]
    return {"charts": charts, "rows": rows, "period": period}


def _chart(
    figure: Figure, window: list[str], entries: list[FigureValue | None], period: str, words: Words
) -> dict:
    """Returns one figure's bar chart: a row for each month of `window`, a bar where the month
    gave the figure, its length in proportion to the figure, with the figure in words after
    it ("more than 700")."""
    shorts = [words.short_month(int(month[5:])) for month in window]
    # The year is shown above the first month and above each January.
    years = [m[:4] if n == 0 or m.endswith("-01") else "" for n, m in enumerate(window)]
    figures = [words.figure(e.value, e.qualifier) if e else "" for e in entries]
    axis = round(INSET + max(_text_width(t) for t in shorts + years) + GAP, 1)
    room = WIDTH - axis - GAP  # for a bar and the figure after it
    top = max(e.value for e in entries if e)
    # The longest bar (the top figure's) is as long as every bar's figure still fits after it.
    fits = min(
        (
            (room - _text_width(f)) * top / e.value
            for e, f in zip(entries, figures)
            if e and e.value
        ),
        default=0,
    )
    longest = max(fits, SHORTEST_TOP) if top else 0
    bars: list[dict[str, Any]] = []
    row = 0
    for entry, short, year, words_of_figure in zip(entries, shorts, years, figures):
        year_y = _baseline(row) if year else None
        row += 1 if year else 0
        length = round(longest * entry.value / top, 1) if entry and top else 0
        bars.append(
            {
                "value": entry.value if entry else None,
                "figure": words_of_figure,
                "short": short,
                "year": year,
                "year_y": year_y,
                "label_y": _baseline(row),
                "bar_y": row * ROW + (ROW - BAR) / 2,
                "length": length,
                "end": round(axis + length + GAP, 1),
            }
        )
        row += 1
    return {
        "key": figure.key,
        "label": figure.label,
        "title": words("news.chart_title", label=figure.label, period=period),
        "bars": bars,
        "description": _describe(figure, window, entries, words),
        # Wider than WIDTH only for a figure too long for it (then it shrinks on a phone).
        "width": max(WIDTH, *(math.ceil(b["end"] + _text_width(b["figure"])) for b in bars)),
        "height": row * ROW,
        "inset": INSET,
        "axis": axis,
        "bar_height": BAR,
    }


def _text_width(text: str) -> float:
    """Returns the most room `text` can take in the chart, in user units."""
    return len(text) * CHAR * FONT


def _baseline(row: int) -> float:
    """Returns where the words of row number `row` stand: centred on the row."""
    return round(row * ROW + ROW / 2 + 0.35 * FONT, 1)  # 0.35 em: half a capital's height


def _table_cell(entry: FigureValue | None, words: Words) -> str:
    if entry is None:
        return words("news.not_reported")
    figure = words.figure(entry.value, entry.qualifier)
    return figure[0].upper() + figure[1:]


def _describe(
    figure: Figure, window: list[str], entries: list[FigureValue | None], words: Words
) -> str:
    """Returns a sentence saying what the chart shows, for screen readers: every month's
    figure, with its qualifier. (No highest or lowest: "more than 700" may be either.)"""
    known = [
        words(
            "news.chart_month",
            figure=words.figure(entry.value, entry.qualifier),
            month=words.month(month),
        )
        for month, entry in zip(window, entries)
        if entry
    ]
    gaps = len(window) - len(known)
    sentence = words("news.chart_description", label=figure.label, months="; ".join(known))
    return sentence + (" " + words.count("news.chart_gaps", gaps) if gaps else "")
