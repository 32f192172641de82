"""Patrol figures published as open data and drawn on the news index, in built sites.

The example series is four real monthly releases and a twelve-month summary; the expected
values here are copied by hand from ../shared/content-facts.md, not from the build.
"""

import csv
import io
import json
import re
import shutil

import build
from hub.site import Options
from tests.conftest import TODAY, write

MONTH = """
month: "{month}"
title: Patrols in {month}
summary: What the extra patrols did in {month}.
published: {month}-28
figures:
  - {{figure: patrol_hours, value: {hours}}}
  - {{figure: arrests, value: {arrests}}}
source:
  publisher: Test Constabulary
  title: Patrols in {month}
  published: "{month}"
"""


def add_months(site, figures: dict[str, tuple[int, int]]) -> None:
    """Adds a report for each month, with (patrol hours, arrests)."""
    for month, (hours, arrests) in figures.items():
        write(
            site / "data" / "patrols" / f"{month}.yaml",
            MONTH.format(month=month, hours=hours, arrests=arrests),
        )


def rows_of(path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def given(row: dict) -> dict:
    """Returns the figures a row holds (value, qualifier), leaving out the blank ones."""
    return {
        name: (row[name], row[f"{name}_qualifier"])
        for name in row
        if f"{name}_qualifier" in row and not name.endswith("_total") and row[name] != ""
    }


def test_the_example_publishes_the_four_real_months_as_their_sources_gave_them(built_example):
    rows = rows_of(built_example / "news" / "data" / "patrols.csv")
    assert [r["month"] for r in rows] == ["2023-12", "2024-07", "2024-10", "2024-11"]
    december, july, october, november = rows
    assert given(december) == {
        "patrols": ("552", "exact"),
        "arrests": ("13", "exact"),
        "stop_searches": ("25", "exact"),
        "dispersals": ("2", "exact"),
    }
    assert given(july) == {
        "patrol_hours": ("700", "more than"),
        "arrests": ("15", "exact"),
        "groups_dispersed": ("15", "exact"),
        "immediate_justice_referrals": ("68", "exact"),
    }
    assert given(october) == {
        "patrols": ("8000", "more than"),
        "arrests": ("36", "exact"),
        "stop_searches": ("38", "exact"),
        "intelligence_logged": ("133", "exact"),
        "engagements": ("13000", "more than"),
    }
    assert given(november) == {
        "patrol_hours": ("1264", "exact"),
        "arrests": ("16", "exact"),
        "stop_searches": ("31", "exact"),
        "groups_dispersed": ("321", "exact"),
        "engagements": ("16353", "exact"),
    }
    # Running totals: 602 before July plus July's 68 is worked out; 786 and 1,899 are stated.
    totals = [
        (r["immediate_justice_referrals_total"], r["immediate_justice_referrals_total_basis"])
        for r in rows
    ]
    assert totals == [("", ""), ("670", "worked out"), ("786", "stated"), ("", "")]
    assert (december["patrols_total"], december["patrols_total_basis"]) == ("1899", "stated")
    assert [(r["source_publisher"], r["source_published"]) for r in rows] == [
        ("ITV News Central", "2024-02-18"),
        ("Derbyshire Constabulary", "2024-09"),
        ("ITV News Central", "2024-11-22"),
        ("Derbyshire Constabulary", "2024-12"),
    ]
    assert all(r["source_url"] == "" for r in rows)  # no full address is known
    # The 22% fall and the 77% who did not reoffend are claims, not figures.
    text = (built_example / "news" / "data" / "patrols.csv").read_text()
    assert "22" not in re.sub(r"\d{4}-\d{2}(-\d{2})?", "", text) and "77" not in text


def test_the_twelve_month_summary_is_its_own_report_not_a_month(built_example):
    [row] = rows_of(built_example / "news" / "year-to-2024-10" / "figures.csv")
    assert row["period"] == "the year to October 2024"
    assert given(row) == {
        "patrol_hours": ("9000", "more than"),
        "arrests": ("111", "exact"),
        "people_spoken_to": ("30000", "more than"),
    }
    series = json.loads((built_example / "news" / "data" / "patrols.json").read_text())
    assert "year-to-2024-10" not in json.dumps(series)


def test_each_month_file_is_its_row_of_the_series(built_example):
    series = (built_example / "news" / "data" / "patrols.csv").read_bytes().decode()
    header, *rows = series.split("\r\n")[:-1]
    november = (built_example / "news" / "2024-11" / "figures.csv").read_bytes().decode()
    assert november == f"{header}\r\n{rows[-1]}\r\n"
    document = json.loads((built_example / "news" / "2024-07" / "figures.json").read_text())
    assert document["months"][0]["immediate_justice_referrals_total"] == 670
    assert document["months"][0]["patrol_hours_qualifier"] == "more than"


def test_each_report_links_to_its_own_figures_and_the_dictionary(built_example):
    page = (built_example / "news" / "2024-07" / "index.html").read_text()
    for href in ("/news/2024-07/figures.csv", "/news/2024-07/figures.json", "/news/data/"):
        assert f'href="{href}"' in page
    assert 'href="/news/data/"' in (built_example / "news" / "index.html").read_text()
    dictionary = (built_example / "news" / "data" / "index.html").read_text()
    assert 'href="/news/data/patrols.csv"' in dictionary
    for column in ("immediate_justice_referrals_total_basis", "arrests_qualifier", "source_url"):
        assert f"<code>{column}</code>" in dictionary
    assert "4 months with a report, from December 2023 to November 2024" in dictionary


def test_the_news_index_charts_the_example_year_with_gaps(built_example):
    html = (built_example / "news" / "index.html").read_text()
    assert re.findall(r'<figcaption class="chart__caption">([^<]+)<', html) == [
        "Extra patrol hours",
        "Arrests",
        "Stop and searches",
    ]
    arrests = re.search(r"<svg[^>]*chart-arrests-title.*?</svg>", html, re.S).group(0)
    # December 2023 to November 2024: twelve slots, four of them with a bar.
    assert arrests.count('class="chart__month"') == 12
    assert re.findall(r'class="chart__value"[^>]*>([^<]+)<', arrests) == ["13", "15", "36", "16"]
    hours = re.search(r"<svg[^>]*chart-patrol_hours-title.*?</svg>", html, re.S).group(0)
    # Each figure follows its bar in words, with the source's "more than".
    assert re.findall(r'class="chart__value"[^>]*>([^<]+)<', hours) == ["more than 700", "1,264"]
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th>(.*?)</tr>', html)
    assert [(month, re.findall(r"<td>([^<]+)</td>", cells)) for month, cells in rows] == [
        ("December 2023", ["Not reported", "13", "25"]),
        ("July 2024", ["More than 700", "15", "Not reported"]),
        ("October 2024", ["Not reported", "36", "38"]),
        ("November 2024", ["1,264", "16", "31"]),
    ]
    assert "<script" not in html.split("</head>")[1]  # the charts need no script


def test_only_the_first_news_page_has_the_charts(example_site, tmp_path):
    shutil.rmtree(example_site / "data" / "patrols")
    months = [f"2025-{m:02d}" for m in range(1, 13)] + ["2026-01"]
    add_months(example_site, {m: (100 + n, n) for n, m in enumerate(months)})
    out = build.build(example_site, tmp_path / "out", Options(today=TODAY, search=False))
    first = (out / "news" / "index.html").read_text()
    assert first.count('class="chart__svg"') == 2  # hours and arrests: the figures given
    hours = re.search(r"<svg[^>]*chart-patrol_hours-title.*?</svg>", first, re.S).group(0)
    assert len(re.findall(r'class="chart__value"', hours)) == 12  # the latest year only
    assert 'class="chart__svg"' not in (out / "news" / "page" / "2" / "index.html").read_text()
    assert len(json.loads((out / "news" / "data" / "patrols.json").read_text())["months"]) == 13


def test_a_site_with_no_reports_still_publishes_empty_files(example_site, tmp_path):
    shutil.rmtree(example_site / "data" / "patrols")
    out = build.build(example_site, tmp_path / "out", Options(today=TODAY, search=False))
    assert (out / "news" / "data" / "patrols.csv").read_bytes().count(b"\r\n") == 1
    assert json.loads((out / "news" / "data" / "patrols.json").read_text())["months"] == []
    assert "chart__svg" not in (out / "news" / "index.html").read_text()
