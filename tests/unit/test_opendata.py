"""Patrol figures as CSV, JSON and chart geometry, from reports made in the test."""

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass

from hub.config import Record
from hub.opendata import (
    COLUMNS,
    HEIGHT,
    MIN_SLOTS,
    PLOT_HEIGHT,
    PLOT_TOP,
    SLOT,
    figure_rows,
    figures_csv,
    figures_json,
    patrol_trend,
)

SITE = Record({"name": "Test Hub", "organisation": "Test Police"})


@dataclass
class FakeReport:
    """The parts of hub.patrols.Report these functions read (the build tests use real ones)."""

    month: str
    figures: dict
    referrals_total: int | None

    published = property(lambda self: dt.date.fromisoformat(self.month + "-28"))
    url = property(lambda self: f"/news/{self.month}/")
    month_name = property(lambda self: f"{dt.date.fromisoformat(self.month + '-01'):%B %Y}")


def report(month: str, hours: int, arrests: int, percent=None, total=None) -> FakeReport:
    return FakeReport(
        month,
        {
            "patrol_hours": hours,
            "arrests": arrests,
            "groups_dispersed": 2,
            "immediate_justice_referrals": 5,
            "asb_reduction_percent": percent,
        },
        total,
    )


def test_rows_are_oldest_first_with_every_column():
    rows = figure_rows(
        [report("2025-09", 30, 3), report("2025-08", 20, 2, percent=12, total=9)],
        "https://hub.example.org",
    )
    assert [r["month"] for r in rows] == ["2025-08", "2025-09"]
    assert list(rows[0]) == [name for name, *_ in COLUMNS]
    assert rows[0]["report_url"] == "https://hub.example.org/news/2025-08/"
    assert rows[0]["asb_reduction_percent"] == 12 and rows[1]["asb_reduction_percent"] is None
    assert rows[0]["immediate_justice_referrals_total"] == 9


def test_csv_has_a_header_and_leaves_missing_figures_blank():
    rows = figure_rows([report("2025-08", 700, 15)], "https://hub.example.org")
    text = figures_csv(rows)
    assert text.endswith("\r\n")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == [name for name, *_ in COLUMNS]
    assert dict(zip(table[0], table[1])) == {
        "month": "2025-08",
        "published": "2025-08-28",
        "patrol_hours": "700",
        "arrests": "15",
        "groups_dispersed": "2",
        "immediate_justice_referrals": "5",
        "asb_reduction_percent": "",
        "immediate_justice_referrals_total": "",
        "report_url": "https://hub.example.org/news/2025-08/",
    }


def test_json_carries_its_own_data_dictionary():
    rows = figure_rows([report("2025-08", 700, 15)], "https://hub.example.org")
    document = json.loads(figures_json(rows, SITE, "https://hub.example.org"))
    assert document["publisher"] == "Test Police"
    assert document["dictionary"] == "https://hub.example.org/news/data/"
    assert [f["name"] for f in document["fields"]] == [name for name, *_ in COLUMNS]
    assert document["months"] == json.loads(json.dumps(rows))
    assert document["months"][0]["asb_reduction_percent"] is None


def test_no_reports_means_no_chart():
    assert patrol_trend([]) is None


def test_bars_are_scaled_to_the_largest_month_of_each_figure():
    trend = patrol_trend([report("2025-09", 50, 8), report("2025-08", 100, 2)])
    hours, arrests = trend["charts"][0], trend["charts"][1]
    assert (hours["key"], arrests["key"]) == ("patrol_hours", "arrests")
    assert [b["height"] for b in hours["bars"]] == [PLOT_HEIGHT, PLOT_HEIGHT / 2]
    assert [b["height"] for b in arrests["bars"]] == [round(PLOT_HEIGHT * 2 / 8, 1), PLOT_HEIGHT]
    assert [b["y"] + b["height"] for b in hours["bars"]] == [PLOT_TOP + PLOT_HEIGHT] * 2
    assert [b["x"] for b in hours["bars"]] == [
        (SLOT - hours["bar_width"]) / 2,
        SLOT + (SLOT - hours["bar_width"]) / 2,
    ]
    assert hours["width"] == SLOT * MIN_SLOTS and hours["height"] == HEIGHT
    assert trend["period"] == "August 2025 to September 2025"
    assert [b["year"] for b in hours["bars"]] == ["2025", ""]


def test_the_chart_shows_the_latest_twelve_months_and_labels_each_january_year():
    months = [f"2025-{m:02d}" for m in range(1, 13)] + ["2026-01", "2026-02"]
    trend = patrol_trend([report(m, 10 + n, 1) for n, m in enumerate(months)])
    assert [m["month"] for m in trend["months"]] == months[2:]
    bars = trend["charts"][0]["bars"]
    assert [b["text"] for b in bars] == [str(12 + n) for n in range(12)]
    assert [b["year"] for b in bars] == ["2025"] + [""] * 9 + ["2026", ""]
    assert trend["charts"][0]["width"] == SLOT * 12


def test_descriptions_say_the_highest_lowest_and_latest():
    trend = patrol_trend(
        [report("2025-08", 1200, 3), report("2025-09", 800, 3), report("2025-10", 950, 3)]
    )
    assert trend["charts"][0]["description"] == (
        "Extra patrol hours for each month from August 2025 to October 2025. Highest 1,200 in "
        "August 2025; lowest 800 in September 2025; latest 950 in October 2025."
    )
    single = patrol_trend([report("2025-07", 700, 15)])
    assert (
        single["charts"][1]["description"]
        == "Arrests: 15 in July 2025, the only month reported so far."
    )
