"""The report model, rule by rule, in small sites built in tmp folders.

Each site is the example's pages and settings with its own data/figures.yaml and reports, so
every expected value below is written by hand from the reports the test writes.
"""

import csv
import io
import json
import re
import shutil
import textwrap

import pytest

from tests.conftest import in_english_only, run_cli, write
from tests.support.builds import built, problems_for

FIGURES = """
figures:
  - key: patrol_hours
    label: Extra patrol hours
    unit: hours
    meaning: Hours of extra patrols.
    chart: true
  - key: arrests
    label: Arrests
    unit: arrests
    meaning: Arrests made on the patrols.
    chart: true
  - key: referrals
    label: Referrals to Immediate Justice
    unit: referrals
    meaning: People referred to Immediate Justice.
    cumulative: true
    total_label: Referrals since the scheme began
"""
SOURCE = """
source:
  publisher: Test Constabulary
  title: Patrols update
  published: "{month}"
"""


@pytest.fixture
def site(example_site):
    """Returns the example site in English only, with no reports of its own and FIGURES as
    its figures (tests/build/test_languages.py has reports in two languages)."""
    shutil.rmtree(example_site / "data" / "patrols")
    write(example_site / "data" / "figures.yaml", FIGURES)
    return in_english_only(example_site)


def add_report(site, month: str, *parts: str) -> str:
    """Writes a report for `month` holding `parts` (YAML, each dedented), with a source
    unless one of them gives it.

    Returns its path relative to the site, as messages name it."""
    text = (
        f'month: "{month}"\ntitle: Patrols in {month}\n'
        f"summary: What the patrols did in {month}.\npublished: {month}-28\n"
    )
    body = "".join(textwrap.dedent(part).strip("\n") + "\n" for part in parts)
    text += body + ("" if "source:" in body else SOURCE.format(month=month))
    path = site / "data" / "patrols" / f"{month}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path.relative_to(site).as_posix()


def figures(*items) -> str:
    """Returns a figures: list; each item is (key, value) or (key, value, qualifier)."""
    lines = ["figures:"]
    for key, value, *qualifier in items:
        lines += [f"  - figure: {key}", f"    value: {value}"]
        lines += [f"    qualifier: {qualifier[0]}"] if qualifier else []
    return "\n".join(lines) + "\n"


def text_of(path) -> str:
    """Returns a page's main text, tags removed and spaces collapsed."""
    html = path.read_text(encoding="utf-8").split("<main")[1].split("</main>")[0]
    html = re.sub(r"<svg.*?</svg>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'")


def csv_rows(path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def table_rows(html: str) -> dict[str, list[str]]:
    """Returns the news index's figures table: month -> its cells."""
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th>(.*?)</tr>', html)
    return {month: re.findall(r"<td>([^<]+)</td>", cells) for month, cells in rows}


def chart(html: str, key: str) -> str:
    return re.search(rf"<svg[^>]*chart-{key}-title.*?</svg>", html, re.S).group(0)


def chart_months(svg: str) -> list[tuple[str, list[str]]]:
    """Returns each month of a chart with the figure drawn in its row, and whether it has a
    bar."""
    slots = re.findall(r'<g class="chart__month">(.*?)</g>', svg, re.S)
    found = []
    for slot in slots:
        month = re.search(r'class="chart__label"[^>]*>([^<]+)<', slot).group(1)
        texts = re.findall(r'class="chart__value"[^>]*>([^<]+)<', slot)
        found.append((month, texts, "<rect" in slot))
    return found


def line_of(site, rel: str, text: str, after: str = "") -> int:
    """Returns the line of the first `text` in the file (after the first `after`)."""
    lines = (site / rel).read_text().split("\n")
    start = next(n for n, line in enumerate(lines) if after in line) if after else 0
    return next(n for n, line in enumerate(lines) if n >= start and text in line) + 1


def test_not_reported_is_not_0_in_the_page_table_chart_csv_and_json(site, tmp_path):
    add_report(site, "2024-07", figures(("patrol_hours", 100), ("arrests", 0)))
    add_report(site, "2024-08", figures(("patrol_hours", 50)))
    out = built(site, tmp_path)
    july, august = (text_of(out / "news" / m / "index.html") for m in ("2024-07", "2024-08"))
    assert "Arrests 0" in july
    assert "Arrests" not in august.split("Not reported by this source")[0]
    assert "Not reported by this source (which is not the same as none): Arrests, " in august
    index = (out / "news" / "index.html").read_text()
    assert table_rows(index) == {"July 2024": ["100", "0"], "August 2024": ["50", "Not reported"]}
    # July's 0 is drawn as a value; August has no bar and no value at all: a gap.
    assert chart_months(chart(index, "arrests")) == [("Jul", ["0"], True), ("Aug", [], False)]
    rows = csv_rows(out / "news" / "data" / "patrols.csv")
    assert [(r["arrests"], r["arrests_qualifier"]) for r in rows] == [("0", "exact"), ("", "")]
    months = json.loads((out / "news" / "data" / "patrols.json").read_text())["months"]
    assert [m["arrests"] for m in months] == [0, None]
    assert [m["arrests_qualifier"] for m in months] == ["exact", None]


def test_a_month_with_no_report_is_a_gap_in_the_chart_and_not_a_row(site, tmp_path):
    add_report(site, "2024-07", figures(("arrests", 15)))
    add_report(site, "2024-10", figures(("arrests", 36)))
    index = (built(site, tmp_path) / "news" / "index.html").read_text()
    assert chart_months(chart(index, "arrests")) == [
        ("Jul", ["15"], True),
        ("Aug", [], False),
        ("Sep", [], False),
        ("Oct", ["36"], True),
    ]
    assert list(table_rows(index)) == ["July 2024", "October 2024"]


def test_a_figure_too_long_for_a_phone_widens_its_chart_and_keeps_its_bar(site, tmp_path):
    # The chart is drawn 320px wide, to fit a phone at full size; the longest figure a count
    # may have (15 digits) with "more than" cannot fit after a bar in that.
    add_report(site, "2024-07", figures(("arrests", 999_999_999_999_999, "more than")))
    add_report(site, "2024-08", figures(("arrests", 1)))
    svg = chart((built(site, tmp_path) / "news" / "index.html").read_text(), "arrests")
    width = float(re.search(r'<svg[^>]* width="([\d.]+)"', svg).group(1))
    assert width > 320
    assert re.search(rf'viewBox="0 0 {width:g} ', svg)
    [longest, shortest] = re.findall(r'<rect class="chart__bar"[^>]* width="([\d.]+)"', svg)
    assert float(longest) >= 60 and float(shortest) == 0  # 1 is nothing beside 999 trillion
    figures_drawn = re.findall(r'class="chart__value" x="([\d.]+)"[^>]*>([^<]+)<', svg)
    assert [words for _, words in figures_drawn] == ["more than 999,999,999,999,999", "1"]
    # 29 characters from where the figure starts, at 16px each no wider than 0.7 of that:
    assert float(figures_drawn[0][0]) + 29 * 16 * 0.7 <= width


def test_a_qualifier_is_shown_everywhere_the_figure_is(site, tmp_path):
    add_report(
        site, "2024-07", figures(("patrol_hours", 700, "more than"), ("arrests", 90, "about"))
    )
    out = built(site, tmp_path)
    page = text_of(out / "news" / "2024-07" / "index.html")
    assert "Extra patrol hours More than 700" in page and "Arrests About 90" in page
    index = (out / "news" / "index.html").read_text()
    assert table_rows(index) == {"July 2024": ["More than 700", "About 90"]}
    assert chart_months(chart(index, "patrol_hours")) == [("Jul", ["more than 700"], True)]
    assert "more than 700 in July 2024" in chart(index, "patrol_hours")  # its description
    feed = (out / "news" / "feed.xml").read_text()
    assert "<li>Extra patrol hours: more than 700</li>" in feed
    assert "<li>Arrests: about 90</li>" in feed
    [row] = csv_rows(out / "news" / "2024-07" / "figures.csv")
    assert (row["patrol_hours"], row["patrol_hours_qualifier"]) == ("700", "more than")
    assert (row["arrests"], row["arrests_qualifier"]) == ("90", "about")
    [month] = json.loads((out / "news" / "2024-07" / "figures.json").read_text())["months"]
    assert (month["patrol_hours"], month["patrol_hours_qualifier"]) == (700, "more than")


def test_a_statement_is_attributed_text_and_never_a_figure(site, tmp_path):
    add_report(
        site,
        "2024-07",
        figures(("arrests", 15)),
        """
        statements:
          - text: ASB incidents across the target areas fell by 22%.
            speaker: The force's Hotspot Policing manager
          - text: Fewer incidents than a year before.
            speaker: A news report
            period: July 2024 compared with July 2023
        """,
    )
    out = built(site, tmp_path)
    page = text_of(out / "news" / "2024-07" / "index.html")
    assert (
        "ASB incidents across the target areas fell by 22%. Who said it: The force's Hotspot "
        "Policing manager. Period or baseline: not given by the source." in page
    )
    assert "Period or baseline: July 2024 compared with July 2023." in page
    assert "22%" not in page.split("Claims made in the source")[0]
    for data in ("news/data/patrols.csv", "news/data/patrols.json", "news/2024-07/figures.csv"):
        assert "22%" not in (out / data).read_text(), data
        assert "fell by" not in (out / data).read_text(), data
    assert "22%" not in (out / "news" / "index.html").read_text()


def test_running_totals_are_worked_out_from_the_opening_balance_and_checked(site, tmp_path):
    add_report(
        site,
        "2024-07",
        figures(("referrals", 68)),
        """
        totals:
          - figure: referrals
            opening_balance: 602
            stated: 670
        """,
    )
    add_report(site, "2024-08", figures(("referrals", 10)))
    add_report(
        site,
        "2024-09",
        figures(("referrals", 5)),
        "totals:\n  - {figure: referrals, stated: 685}\n",
    )
    out = built(site, tmp_path)
    rows = csv_rows(out / "news" / "data" / "patrols.csv")
    assert [(r["referrals_total"], r["referrals_total_basis"]) for r in rows] == [
        ("670", "worked out"),
        ("680", "worked out"),
        ("685", "worked out"),
    ]
    page = text_of(out / "news" / "2024-09" / "index.html")
    assert (
        "Referrals since the scheme began 685 (worked out: 602 before July 2024, plus each "
        "month's figure since; it agrees with the total the source gave)" in page
    )


def test_a_stated_total_that_disagrees_is_an_error_at_its_line(site):
    rel = add_report(
        site,
        "2024-07",
        figures(("referrals", 68)),
        "totals:\n  - figure: referrals\n    opening_balance: 602\n    stated: 671\n",
    )
    assert problems_for(site) == [
        f"{rel}:{line_of(site, rel, 'stated: 671')}: totals: the stated total for referrals is "
        "671, but the opening balance plus each month's figure adds up to 670: check the figures"
    ]


def test_a_total_with_a_more_than_part_says_so_and_is_checked_as_a_bound(site, tmp_path):
    add_report(
        site,
        "2024-07",
        figures(("referrals", 68, "more than")),
        "totals:\n  - {figure: referrals, opening_balance: 602}\n",
    )
    page = text_of(built(site, tmp_path) / "news" / "2024-07" / "index.html")
    assert "Referrals since the scheme began More than 670" in page
    # A stated 650 cannot be true when the count is more than 670 + 10.
    rel = add_report(
        site,
        "2024-08",
        figures(("referrals", 10)),
        "totals:\n  - figure: referrals\n    stated: 650\n",
    )
    assert problems_for(site) == [
        f"{rel}:{line_of(site, rel, 'stated: 650')}: totals: the stated total for referrals is "
        "650, but the opening balance plus each month's figure adds up to more than 680: check "
        "the figures"
    ]


def test_a_stated_total_after_missing_months_is_shown_as_stated_with_nothing_invented(
    site, tmp_path
):
    add_report(
        site,
        "2024-07",
        figures(("referrals", 68)),
        "totals:\n  - {figure: referrals, opening_balance: 602}\n",
    )
    # No reports for August or September: their referrals were never published.
    add_report(site, "2024-10", "totals:\n  - {figure: referrals, stated: 786}\n")
    add_report(site, "2024-11", figures(("referrals", 20)))
    out = built(site, tmp_path)
    assert not (out / "news" / "2024-08").exists()
    rows = csv_rows(out / "news" / "data" / "patrols.csv")
    assert [(r["month"], r["referrals_total"], r["referrals_total_basis"]) for r in rows] == [
        ("2024-07", "670", "worked out"),
        ("2024-10", "786", "stated"),
        ("2024-11", "", ""),  # the count cannot be followed across the missing months
    ]
    october = text_of(out / "news" / "2024-10" / "index.html")
    assert "Referrals since the scheme began 786 (as the source stated it" in october
    assert "Referrals since the scheme began" not in text_of(
        out / "news" / "2024-11" / "index.html"
    )


def test_the_count_never_crosses_a_month_with_no_report(site, tmp_path):
    add_report(
        site,
        "2024-07",
        figures(("referrals", 68)),
        "totals:\n  - {figure: referrals, opening_balance: 602}\n",
    )
    add_report(site, "2024-09", figures(("referrals", 5)))  # August's referrals are unknown
    rows = csv_rows(built(site, tmp_path) / "news" / "data" / "patrols.csv")
    assert [r["referrals_total"] for r in rows] == ["670", ""]


def test_a_month_that_does_not_give_the_figure_stops_the_count(site, tmp_path):
    add_report(
        site,
        "2024-07",
        figures(("referrals", 68)),
        "totals:\n  - {figure: referrals, opening_balance: 602}\n",
    )
    add_report(site, "2024-08", figures(("arrests", 3)))
    add_report(site, "2024-09", figures(("referrals", 5)))
    rows = csv_rows(built(site, tmp_path) / "news" / "data" / "patrols.csv")
    assert [r["referrals_total"] for r in rows] == ["670", "", ""]


def test_an_opening_balance_must_agree_with_the_count_it_continues(site):
    add_report(
        site,
        "2024-07",
        figures(("referrals", 68)),
        "totals:\n  - {figure: referrals, opening_balance: 602}\n",
    )
    rel = add_report(
        site,
        "2024-08",
        figures(("referrals", 10)),
        "totals:\n  - figure: referrals\n    opening_balance: 600\n",
    )
    assert problems_for(site) == [
        f"{rel}:{line_of(site, rel, 'opening_balance: 600')}: totals: the opening balance for "
        "referrals is 600, but the reports before this one add up to 670: check the figures"
    ]


def test_a_change_on_the_month_before_needs_both_months_exact_and_names_the_month(site, tmp_path):
    add_report(
        site,
        "2024-07",
        figures(("patrol_hours", 700, "more than"), ("arrests", 15), ("referrals", 5)),
    )
    add_report(
        site, "2024-08", figures(("patrol_hours", 650), ("arrests", 12), ("referrals", 9, "about"))
    )
    add_report(site, "2024-10", figures(("arrests", 20)))  # September has no report
    out = built(site, tmp_path)
    august = text_of(out / "news" / "2024-08" / "index.html")
    assert "Arrests 12 (down 3 on July 2024)" in august
    # No change on "more than 700", nor from 5 to "about 9": neither is known.
    assert "Extra patrol hours 650 Arrests" in august
    assert "Referrals to Immediate Justice About 9 Download these figures" in august
    october = text_of(out / "news" / "2024-10" / "index.html")
    assert "Arrests 20" in october and "(down" not in october and "(up" not in october


def test_an_unknown_figure_key_is_an_error_at_its_line_with_the_near_match(site):
    rel = add_report(site, "2024-07", figures(("arrests", 15), ("arests", 3)))
    assert problems_for(site) == [
        f'{rel}:{line_of(site, rel, "figure: arests")}: figures[2].figure "arests" is not a '
        'figure in data/figures.yaml: did you mean "arrests"?'
    ]


def test_an_unknown_figure_with_no_near_match_lists_the_figures(site):
    rel = add_report(site, "2024-07", figures(("weapons_seized", 2)))
    assert problems_for(site) == [
        f"{rel}:{line_of(site, rel, 'figure: weapons_seized')}: figures[1].figure "
        '"weapons_seized" is not a figure in data/figures.yaml: use one of: patrol_hours, '
        "arrests, referrals, or add it there first"
    ]


def test_a_wrong_value_or_qualifier_is_an_error_at_its_line(site):
    rel = add_report(
        site, "2024-07", figures(("arrests", '"fifteen"'), ("patrol_hours", 700, "over"))
    )
    assert problems_for(site) == [
        f"{rel}:{line_of(site, rel, 'fifteen')}: figures[1].value must be a whole number "
        '(0 or more), got "fifteen"',
        f"{rel}:{line_of(site, rel, 'qualifier: over')}: figures[2].qualifier must be one of "
        '"exact", "more than", "about", got "over"',
    ]


def test_a_figure_listed_twice_or_a_total_of_a_figure_without_one_is_an_error(site):
    rel = add_report(
        site,
        "2024-07",
        figures(("arrests", 15), ("arrests", 16)),
        "totals:\n  - {figure: arrests, stated: 40}\n",
    )
    first = line_of(site, rel, "figure: arrests")
    assert problems_for(site) == [
        f'{rel}:{first + 2}: figures[2]: "arrests" is listed twice (first on line {first}): '
        "keep one",
        f'{rel}:{line_of(site, rel, "totals:") + 1}: totals[1]: "arrests" has no running '
        "total: only figures with cumulative: true in data/figures.yaml have one (referrals)",
    ]


def test_a_new_figure_is_a_data_edit_only(site, tmp_path):
    (site / "data" / "figures.yaml").write_text(
        textwrap.dedent(FIGURES)
        + "  - key: weapons_seized\n    label: Weapons seized\n    unit: weapons\n"
        "    meaning: Weapons taken from people on the patrols.\n    chart: true\n"
    )
    add_report(site, "2024-07", figures(("weapons_seized", 4, "more than")))
    out = built(site, tmp_path)
    assert "Weapons seized More than 4" in text_of(out / "news" / "2024-07" / "index.html")
    index = (out / "news" / "index.html").read_text()
    assert chart_months(chart(index, "weapons_seized")) == [("Jul", ["more than 4"], True)]
    [row] = csv_rows(out / "news" / "data" / "patrols.csv")
    assert (row["weapons_seized"], row["weapons_seized_qualifier"]) == ("4", "more than")
    dictionary = (out / "news" / "data" / "index.html").read_text()
    assert "<code>weapons_seized</code>" in dictionary and "Weapons taken from people" in dictionary
    result = run_cli("new-report", "2024-08", "--site", str(site))
    assert result.returncode == 0, result.stderr
    assert (
        "#   weapons_seized: Weapons seized (weapons)"
        in (site / "data" / "patrols" / "2024-08.yaml").read_text()
    )


def test_mistakes_in_the_figures_file_are_errors_at_their_lines(site):
    (site / "data" / "figures.yaml").write_text(
        textwrap.dedent(FIGURES)
        + "  - key: arrests\n    label: Again\n    unit: arrests\n    meaning: Twice.\n"
        "  - key: seized\n    label: Seized\n    unit: items\n    meaning: Things.\n"
        "    cumulative: true\n"
        "  - key: month\n    label: Month\n    unit: months\n    meaning: A clash.\n"
    )
    add_report(site, "2024-07", figures(("arests", 1)))  # not repeated for every report
    rel = "data/figures.yaml"
    assert problems_for(site) == [
        f'{rel}:{line_of(site, rel, "label: Again") - 1}: the key "arrests" is used twice '
        f"(first on line {line_of(site, rel, 'key: arrests')}): give each figure its own key",
        f'{rel}:{line_of(site, rel, "key: seized")}: figure "seized" has cumulative: true, so '
        "it needs total_label: the running total's name, e.g. Referrals since the scheme began",
        f'{rel}:{line_of(site, rel, "key: month")}: figures[6].key "month" is the name of '
        "another column in the open data files: choose another",
    ]


def test_the_source_is_on_the_page_and_in_the_open_data(site, tmp_path):
    add_report(
        site,
        "2024-07",
        figures(("arrests", 15)),
        """
        source:
          publisher: Test Constabulary
          title: Patrols in July
          url: https://example.org/patrols-july
          where: the force's news pages
          published: 2024-09-14
          date_assumed: true
        """,
    )
    add_report(site, "2024-08", figures(("arrests", 4)))
    out = built(site, tmp_path)
    html = (out / "news" / "2024-07" / "index.html").read_text()
    page = text_of(out / "news" / "2024-07" / "index.html")
    assert "Figures from Test Constabulary, 14 September 2024 (date assumed)." in page
    assert "Title Patrols in July Where the force's news pages Date 14 September 2024" in page
    assert '<a href="https://example.org/patrols-july">Read the source</a>' in html
    august = text_of(out / "news" / "2024-08" / "index.html")
    assert "Date August 2024" in august and "(date assumed)" not in august
    assert "we do not have the source's full web address" in august
    news = text_of(out / "news" / "index.html")
    assert "July 2024. Figures from Test Constabulary, 14 September 2024 (date assumed)." in news
    rows = csv_rows(out / "news" / "data" / "patrols.csv")
    assert [
        (r["source_title"], r["source_url"], r["source_published"], r["source_date_assumed"])
        for r in rows
    ] == [
        ("Patrols in July", "https://example.org/patrols-july", "2024-09-14", "true"),
        ("Patrols update", "", "2024-08", "false"),
    ]


def test_a_summary_has_its_own_page_and_stays_out_of_the_monthly_series(site, tmp_path):
    add_report(site, "2024-10", figures(("arrests", 36)))
    write(
        site / "data" / "patrols" / "summaries" / "year-to-2024-10.yaml",
        """
        period: the year to October 2024
        ends: "2024-10"
        title: A year of patrols
        summary: What a year of patrols did.
        published: 2024-10-30
        figures:
          - {figure: arrests, value: 111}
        source:
          publisher: Test Constabulary
          title: One year on
          published: "2024-10"
        """,
    )
    out = built(site, tmp_path)
    page = text_of(out / "news" / "year-to-2024-10" / "index.html")
    assert "The year to October 2024 in figures Arrests 111" in page
    index = (out / "news" / "index.html").read_text()
    assert re.findall(r'<h2><a href="/news/([^/]+)/">', index) == ["2024-10", "year-to-2024-10"]
    assert table_rows(index) == {"October 2024": ["36"]}  # only arrests has a figure to chart
    assert [r["month"] for r in csv_rows(out / "news" / "data" / "patrols.csv")] == ["2024-10"]
    [row] = csv_rows(out / "news" / "year-to-2024-10" / "figures.csv")
    assert (row["period"], row["arrests"]) == ("the year to October 2024", "111")
    document = json.loads((out / "news" / "year-to-2024-10" / "figures.json").read_text())
    assert [s["arrests"] for s in document["summaries"]] == [111]
    assert 'href="/news/year-to-2024-10/"' in (out / "news" / "data" / "index.html").read_text()


def test_a_total_given_so_far_after_its_month_is_shown_with_its_day_not_as_the_months(
    site, tmp_path
):
    source = "source:\n  publisher: ITV\n  title: Patrols\n  published: 2024-11-22\n"
    total = "totals:\n  - figure: referrals\n    stated: 786\n"
    rel = add_report(site, "2024-10", figures(("arrests", 36)), total, source)
    assert problems_for(site) == [
        f"{rel}:{line_of(site, rel, 'stated: 786')}: totals: the source gave the total for "
        "referrals after 2024-10, so it is a total so far on the day it was given, not the "
        "month's: add stated_on: with that day (YYYY-MM-DD)"
    ]
    add_report(
        site, "2024-10", figures(("arrests", 36)), total + "    stated_on: 2024-11-22\n", source
    )
    out = built(site, tmp_path)
    page = text_of(out / "news" / "2024-10" / "index.html")
    month_figures = page.split("October 2024 in figures")[1].split("Totals so far")[0]
    assert "786" not in month_figures
    assert (
        "Totals so far Referrals since the scheme began 786 (as the source stated it on "
        "22 November 2024: a total so far on that day, not a figure for October 2024)" in page
    )
    row = csv_rows(out / "news" / "data" / "patrols.csv")[0]
    assert row["referrals_total_stated_on"] == "2024-11-22"
    feed = (out / "news" / "feed.xml").read_text(encoding="utf-8")
    assert "786 (as the source stated it on 22 November 2024)" in feed


def test_a_total_given_in_the_month_its_opening_balance_comes_from_is_not_called_worked_out(
    site, tmp_path
):
    add_report(
        site,
        "2024-07",
        figures(("referrals", 68)),
        "totals:\n  - {figure: referrals, opening_balance: 602, stated: 670}\n",
    )
    page = text_of(built(site, tmp_path) / "news" / "2024-07" / "index.html")
    assert (
        "Referrals since the scheme began 670 (the total the source gave: less this month's "
        "figure, 602 came before July 2024)" in page
    )
    assert "worked out" not in page


QUOTES = """
quotes:
  - role: Police and Crime Commissioner
    text: An example paraphrase.
    example: true
    subject: {subject}
speakers:
  - role: Hotspot Policing manager
    subject: Immediate Justice
  - role: Police and Crime Commissioner
    subject: visible patrols
"""


def test_an_example_quotation_keeps_its_speaker_on_their_own_subject(site, tmp_path):
    rel = add_report(site, "2024-07", QUOTES.format(subject="Immediate Justice"))
    assert problems_for(site) == [
        f"{rel}:{line_of(site, rel, 'subject: Immediate Justice')}: quotes[0]: subject is "
        '"Immediate Justice", but the source has Police and Crime Commissioner speak about '
        "visible patrols: keep each speaker on their own subject"
    ]
    rel = add_report(site, "2024-07", QUOTES.format(subject="x").split("speakers:")[0])
    assert problems_for(site) == [
        f"{rel}:{line_of(site, rel, '- role: Police')}: quotes[0]: an example quotation needs "
        "its speaker from the source: add Police and Crime Commissioner and what they speak "
        "about to speakers:"
    ]
    add_report(site, "2024-07", QUOTES.format(subject="visible patrols"))
    assert "An example paraphrase." in text_of(
        built(site, tmp_path) / "news" / "2024-07" / "index.html"
    )


def headline(title: str, summary: str) -> str:
    """Returns a report's title and summary lines, to replace add_report's own."""
    return f"title: {json.dumps(title)}\nsummary: {json.dumps(summary)}\n"


def add_headlined_report(site, month: str, title: str, summary: str, *parts: str) -> str:
    """Writes a report as add_report does, with this title and summary."""
    rel = add_report(site, month, *parts)
    path = site / rel
    text = path.read_text()
    text = re.sub(r"title: .*\nsummary: .*\n", headline(title, summary), text)
    path.write_text(text)
    return rel


def test_a_headline_that_agrees_with_its_figures_and_totals_builds(site, tmp_path):
    add_headlined_report(
        site,
        "2024-07",
        "July 2024: more than 700 hours and 15 arrests",
        "On 28 July 2024 (2024-07-28) officers had made 670 referrals.",
        figures(("patrol_hours", 700, "more than"), ("arrests", 15), ("referrals", 68)),
        "totals:\n  - figure: referrals\n    opening_balance: 602\n",
    )
    assert (built(site, tmp_path) / "news" / "2024-07" / "index.html").is_file()


def test_a_headline_number_that_is_not_the_figure_names_the_figure_at_its_line(site):
    rel = add_headlined_report(
        site,
        "2024-07",
        "Patrols led to 9 arrests",
        "Officers made 9 arrests and spent 700 hours on patrol.",
        figures(("patrol_hours", 700, "more than"), ("arrests", 10)),
    )
    title, summary = line_of(site, rel, "title:"), line_of(site, rel, "summary:")
    assert problems_for(site) == [
        f'{rel}:{title}: the title says "9", but this report\'s arrests figure is "10": '
        "write that in the title, or correct the figure",
        f'{rel}:{summary}: the summary says "700", but this report\'s patrol_hours figure is '
        '"more than 700": write that in the summary, or correct the figure',
        f'{rel}:{summary}: the summary says "9", but this report\'s arrests figure is "10": '
        "write that in the summary, or correct the figure",
    ]


def test_a_headline_number_that_names_no_figure_lists_what_the_report_gives(site):
    rel = add_headlined_report(
        site,
        "2024-07",
        "Calls fell by 22% in July 2024",
        "Officers made 15 arrests.",
        figures(("arrests", 15), ("patrol_hours", 700, "about")),
    )
    assert problems_for(site) == [
        f'{rel}:{line_of(site, rel, "title:")}: the title says "22", which is none of this '
        "report's figures or totals (patrol_hours about 700; arrests 15): each number in it "
        'must be one of the report\'s figures or running totals, with its "more than" or '
        '"about" where the figure has one (a date is not a number)'
    ]
