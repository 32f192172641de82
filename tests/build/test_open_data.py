"""Patrol figures published as open data and drawn on the news index, in built sites.

The example has one real month; multi-month sites are made here in tmp folders only.
"""

import csv
import io
import json
import re

import build
from hub.site import Options
from tests.conftest import TODAY, write

MONTH = """
month: "{month}"
title: Patrols in {month}
summary: What the extra patrols did in {month}.
published: {month}-28
figures:
  patrol_hours: {hours}
  arrests: {arrests}
  groups_dispersed: 4
  immediate_justice_referrals: 10
"""


def add_months(site, figures: dict[str, tuple[int, int]]) -> None:
    """Adds a report for each month, with (patrol hours, arrests)."""
    for month, (hours, arrests) in figures.items():
        write(
            site / "data" / "patrols" / f"{month}.yaml",
            MONTH.format(month=month, hours=hours, arrests=arrests),
        )


def test_the_example_publishes_its_one_month(built_example):
    rows = list(
        csv.DictReader(
            io.StringIO(
                (built_example / "news" / "data" / "patrols.csv").read_text(encoding="utf-8")
            )
        )
    )
    assert rows == [
        {
            "month": "2025-07",
            "published": "2025-08-12",
            "patrol_hours": "700",
            "arrests": "15",
            "groups_dispersed": "15",
            "immediate_justice_referrals": "68",
            "asb_reduction_percent": "22",
            "immediate_justice_referrals_total": "670",
            "report_url": "https://asb-hub.example.org/news/2025-07/",
        }
    ]
    month = (built_example / "news" / "2025-07" / "figures.csv").read_text(encoding="utf-8")
    assert month == (built_example / "news" / "data" / "patrols.csv").read_text(encoding="utf-8")
    document = json.loads((built_example / "news" / "2025-07" / "figures.json").read_text())
    assert document["months"][0]["immediate_justice_referrals_total"] == 670


def test_a_multi_month_site_publishes_every_month_and_the_series(example_site, tmp_path):
    add_months(example_site, {"2025-08": (650, 12), "2025-09": (720, 9)})
    out = build.build(example_site, tmp_path / "out", Options(today=TODAY, search=False))
    series = json.loads((out / "news" / "data" / "patrols.json").read_text(encoding="utf-8"))
    assert [(m["month"], m["patrol_hours"], m["arrests"]) for m in series["months"]] == [
        ("2025-07", 700, 15),
        ("2025-08", 650, 12),
        ("2025-09", 720, 9),
    ]
    assert [m["immediate_justice_referrals_total"] for m in series["months"]] == [670, 680, 690]
    rows = list(csv.DictReader(io.StringIO((out / "news" / "data" / "patrols.csv").read_text())))
    assert [r["month"] for r in rows] == ["2025-07", "2025-08", "2025-09"]
    september = list(
        csv.DictReader(io.StringIO((out / "news" / "2025-09" / "figures.csv").read_text()))
    )
    assert september == [rows[2]]


def test_each_report_links_to_its_own_figures_and_the_dictionary(example_site, tmp_path):
    add_months(example_site, {"2025-08": (650, 12)})
    out = build.build(example_site, tmp_path / "out", Options(today=TODAY, search=False))
    page = (out / "news" / "2025-08" / "index.html").read_text()
    for href in ("/news/2025-08/figures.csv", "/news/2025-08/figures.json", "/news/data/"):
        assert f'href="{href}"' in page
    index = (out / "news" / "index.html").read_text()
    assert 'href="/news/data/"' in index
    dictionary = (out / "news" / "data" / "index.html").read_text()
    assert 'href="/news/data/patrols.csv"' in dictionary
    assert "<code>immediate_justice_referrals_total</code>" in dictionary
    assert "from July 2025 to August 2025" in dictionary


def chart_values(html: str, key: str) -> list[str]:
    svg = re.search(rf"<svg[^>]*chart-{key}-title.*?</svg>", html, re.S).group(0)
    return re.findall(r'class="chart__value"[^>]*>([^<]+)<', svg)


def test_the_news_index_draws_each_figure_and_tables_the_same_numbers(example_site, tmp_path):
    add_months(example_site, {"2025-08": (650, 12), "2025-09": (1720, 9)})
    out = build.build(example_site, tmp_path / "out", Options(today=TODAY, search=False))
    html = (out / "news" / "index.html").read_text()
    assert chart_values(html, "patrol_hours") == ["700", "650", "1,720"]
    assert chart_values(html, "arrests") == ["15", "12", "9"]
    svg = re.search(r"<svg[^>]*>", html).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="chart-patrol_hours-title ' in svg
    assert (
        '<desc id="chart-patrol_hours-desc">Extra patrol hours for each month from July '
        "2025 to September 2025. Highest 1,720 in September 2025" in html
    )
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th>(.*?)</tr>', html)
    assert [(month, re.findall(r"<td>([^<]+)</td>", cells)) for month, cells in rows] == [
        ("July 2025", ["700", "15", "15", "68"]),
        ("August 2025", ["650", "12", "4", "10"]),
        ("September 2025", ["1,720", "9", "4", "10"]),
    ]
    assert "<script" not in html.split("</head>")[1]  # the chart needs no script


def test_only_the_first_news_page_has_the_chart(example_site, tmp_path):
    months = [f"2025-{m:02d}" for m in range(8, 13)] + [f"2026-{m:02d}" for m in range(1, 8)]
    add_months(example_site, {m: (100 + n, n) for n, m in enumerate(months)})
    out = build.build(example_site, tmp_path / "out", Options(today=TODAY, search=False))
    first = (out / "news" / "index.html").read_text()
    assert first.count('class="chart__svg"') == 4
    assert len(chart_values(first, "patrol_hours")) == 12  # the latest year only
    assert 'class="chart__svg"' not in (out / "news" / "page" / "2" / "index.html").read_text()
    assert len(json.loads((out / "news" / "data" / "patrols.json").read_text())["months"]) == 13


def test_a_site_with_no_reports_still_publishes_empty_files(example_site, tmp_path):
    (example_site / "data" / "patrols" / "2025-07.yaml").unlink()
    out = build.build(example_site, tmp_path / "out", Options(today=TODAY, search=False))
    assert (out / "news" / "data" / "patrols.csv").read_bytes().count(b"\r\n") == 1
    assert json.loads((out / "news" / "data" / "patrols.json").read_text())["months"] == []
    assert "chart__svg" not in (out / "news" / "index.html").read_text()
