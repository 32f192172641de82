"""Patrol figures as CSV, JSON and chart geometry, from reports made in the test."""

import csv
import datetime as dt
import io
import json
from dataclasses import replace

from hub.read.figures import Figure
from hub.read.reports.model import (
    FigureGiven,
    FigureValue,
    PatrolReports,
    Report,
    RunningTotal,
    Source,
    month_name,
)
from hub.read.settings import Settings
from hub.write.open_data import (
    CHAR,
    FONT,
    ROW,
    WIDTH,
    columns,
    figure_row,
    figures_csv,
    figures_json,
    patrol_trend,
)

SITE = Settings(name="Test Hub", organisation="Test Police")
BASE = "https://hub.example.org"
FIGURES = [
    Figure("hours", "Patrol hours", "hours", "Hours on patrol.", chart=True),
    Figure("arrests", "Arrests", "arrests", "Arrests made.", chart=True),
    Figure("groups", "Groups dispersed", "groups", "Groups moved on."),
    Figure(
        "referrals",
        "Referrals",
        "referrals",
        "People referred.",
        cumulative=True,
        total_label="Referrals since the start",
    ),
]
SOURCE = Source(publisher="Test Police", title="Patrols update", published="2025-09")


def report(month: str, running=(), **values) -> Report:
    """Returns a monthly report giving `values` (figure key: number, or (number, qualifier))."""
    given, entries = [], {}
    for key, value in values.items():
        number, qualifier = value if isinstance(value, tuple) else (value, "exact")
        given.append(FigureGiven(key, number, qualifier, ""))
        entries[key] = FigureValue(number, qualifier, "")
    return Report(
        source=f"data/patrols/{month}.yaml",
        key=month,
        kind="month",
        month=month,
        period=month_name(month),
        title=f"Patrols in {month}",
        summary="What happened.",
        published=dt.date.fromisoformat(month + "-28"),
        figures=given,
        totals=[],
        statements=[],
        highlights=[],
        quotes=[],
        release=SOURCE,
        values=entries,
        running=list(running),
    )


def series(*reports) -> PatrolReports:
    return PatrolReports(sorted(reports, key=lambda r: r.month, reverse=True), FIGURES)


def test_every_figure_has_a_value_a_qualifier_and_a_note_column_and_each_total_four_more():
    names = [name for name, *_ in columns(FIGURES)]
    assert names[:3] == ["month", "period", "published"]
    assert names[3:15] == [
        "hours",
        "hours_qualifier",
        "hours_note",
        "arrests",
        "arrests_qualifier",
        "arrests_note",
        "groups",
        "groups_qualifier",
        "groups_note",
        "referrals",
        "referrals_qualifier",
        "referrals_note",
    ]
    assert names[15:19] == [
        "referrals_total",
        "referrals_total_qualifier",
        "referrals_total_basis",
        "referrals_total_stated_on",
    ]
    assert names[19:] == [
        "source_publisher",
        "source_title",
        "source_url",
        "source_where",
        "source_published",
        "source_date_assumed",
        "report_url",
    ]


def test_how_the_source_described_a_figure_is_in_csv_and_json():
    month = report("2025-08", hours=700)
    noted = {"hours": replace(month.values["hours"], note="double-crewed")}
    row = figure_row(replace(month, values=noted), FIGURES, BASE)
    table = list(csv.reader(io.StringIO(figures_csv([row], FIGURES))))
    assert dict(zip(table[0], table[1]))["hours_note"] == "double-crewed"
    assert row["hours_note"] == "double-crewed" and row["arrests_note"] is None


def test_a_summary_has_its_period_and_no_month_to_clash_with_its_last_months_row():
    summary = replace(report("2025-08", hours=9000), kind="summary", period="the year to August")
    row = figure_row(summary, FIGURES, BASE)
    assert row["month"] is None and row["period"] == "the year to August"
    assert figure_row(report("2025-08"), FIGURES, BASE)["month"] == "2025-08"


def test_a_total_given_so_far_carries_its_day():
    total = RunningTotal(
        figure="referrals",
        label="Referrals so far",
        stated=True,
        stated_on=dt.date(2025, 9, 22),
        value=786,
        qualifier="exact",
        basis="stated",
    )
    row = figure_row(report("2025-08", running=[total]), FIGURES, BASE)
    assert row["referrals_total"] == 786 and row["referrals_total_stated_on"] == "2025-09-22"


def test_a_figure_not_reported_is_blank_in_csv_and_null_in_json_but_0_is_0():
    row = figure_row(report("2025-08", hours=(700, "more than"), arrests=0), FIGURES, BASE)
    table = list(csv.reader(io.StringIO(figures_csv([row], FIGURES))))
    cells = dict(zip(table[0], table[1]))
    assert (cells["hours"], cells["hours_qualifier"]) == ("700", "more than")
    assert (cells["arrests"], cells["arrests_qualifier"]) == ("0", "exact")
    assert (cells["groups"], cells["groups_qualifier"]) == ("", "")
    assert cells["referrals_total"] == "" and cells["source_date_assumed"] == "false"
    assert cells["source_published"] == "2025-09" and cells["source_url"] == ""
    assert cells["report_url"] == "https://hub.example.org/news/2025-08/"
    dictionary = BASE + "/news/data/"
    document = json.loads(figures_json([row], FIGURES, SITE, dictionary, "months"))
    [month] = document["months"]
    assert month["arrests"] == 0 and month["groups"] is None and month["groups_qualifier"] is None
    assert month["source_date_assumed"] is False and month["source_url"] is None
    assert [f["name"] for f in document["fields"]] == [name for name, *_ in columns(FIGURES)]
    assert document["dictionary"] == "https://hub.example.org/news/data/"


def test_csv_has_a_header_and_crlf_line_ends():
    rows = [figure_row(report("2025-08", hours=5), FIGURES, BASE)]
    text = figures_csv(rows, FIGURES)
    assert text.count("\r\n") == 2 and text.endswith("\r\n")


def test_a_running_total_fills_its_three_columns():
    total = RunningTotal(
        figure="referrals",
        label="Referrals since the start",
        stated=False,
        stated_on=None,
        value=670,
        qualifier="exact",
        basis="worked out",
        balance=602,
        start="2025-07",
    )
    row = figure_row(report("2025-08", referrals=68, running=[total]), FIGURES, BASE)
    assert (row["referrals_total"], row["referrals_total_qualifier"]) == (670, "exact")
    assert row["referrals_total_basis"] == "worked out"


def test_no_monthly_reports_means_no_chart():
    assert patrol_trend(series()) is None


def test_every_month_of_the_year_has_a_slot_and_a_month_without_a_figure_is_a_gap():
    trend = patrol_trend(
        series(report("2025-05", hours=100, arrests=2), report("2025-08", hours=50, arrests=8))
    )
    hours, arrests = trend["charts"]  # groups is not charted; referrals has chart: false
    assert (hours["key"], arrests["key"]) == ("hours", "arrests")
    # May, June, July, August: June and July had no report, so they are gaps.
    assert [b["short"] for b in hours["bars"]] == ["May", "Jun", "Jul", "Aug"]
    assert [b["value"] for b in hours["bars"]] == [100, None, None, 50]
    lengths = [b["length"] for b in hours["bars"]]
    assert lengths[1:3] == [0, 0] and lengths[3] == round(lengths[0] / 2, 1) > 0
    assert arrests["bars"][-1]["length"] == max(b["length"] for b in arrests["bars"])
    # A row for the year above May, then a row for each month, each below the one before.
    assert hours["bars"][0]["year"] == "2025" and hours["height"] == ROW * 5
    tops = [b["bar_y"] for b in hours["bars"]]
    assert tops == sorted(tops) and len(set(tops)) == 4
    # Each figure's words fit in the drawing after its bar, and the drawing fits a phone.
    assert hours["width"] == WIDTH
    assert all(b["end"] + len(b["figure"]) * CHAR * FONT <= WIDTH for b in hours["bars"])
    assert trend["period"] == "May 2025 to August 2025"
    # The table has a row for each month with a report, and the same numbers.
    assert trend["rows"] == [
        {"name": "May 2025", "cells": ["100", "2"]},
        {"name": "August 2025", "cells": ["50", "8"]},
    ]


def test_the_chart_covers_the_year_up_to_the_latest_month_and_labels_each_january():
    months = [f"2025-{m:02d}" for m in range(1, 13)] + ["2026-01", "2026-02"]
    trend = patrol_trend(series(*[report(m, hours=10 + n) for n, m in enumerate(months)]))
    bars = trend["charts"][0]["bars"]
    assert [b["figure"] for b in bars] == [str(12 + n) for n in range(12)]
    assert [b["year"] for b in bars] == ["2025"] + [""] * 9 + ["2026", ""]


def test_a_figure_no_month_gave_has_no_chart_and_a_qualifier_reaches_bar_and_table():
    trend = patrol_trend(series(report("2025-07", hours=(700, "more than"))))
    [hours] = trend["charts"]  # no month gave arrests: no empty chart
    assert hours["bars"][0]["figure"] == "more than 700"
    assert trend["rows"] == [{"name": "July 2025", "cells": ["More than 700"]}]


def test_descriptions_give_each_months_figure_with_its_qualifier_and_count_the_gaps():
    trend = patrol_trend(
        series(
            report("2025-06", hours=(1200, "about"), arrests=3),
            report("2025-08", hours=800, arrests=3),
            report("2025-09", hours=(950, "more than")),
        )
    )
    hours, arrests = trend["charts"]
    assert hours["description"] == (
        "Patrol hours by month: about 1,200 in June 2025; 800 in August 2025; more than 950 "
        "in September 2025. No figure for 1 other month."
    )
    assert arrests["description"] == (
        "Arrests by month: 3 in June 2025; 3 in August 2025. No figure for 2 other months."
    )
