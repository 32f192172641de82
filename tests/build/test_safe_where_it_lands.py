"""What leaves the site is safe where it lands: a spreadsheet opening any CSV file finds no
formula in it, and every feed reader and XML parser reads every XML file, whatever text the
editors wrote.

A copy of the example site gets six months and six summaries whose every text field (each
report's title, summary, figure notes, statements, highlights, quotes and source, a summary's
period, the figures' labels and the site's names) starts as a spreadsheet formula would and
holds text that XML escapes or that XML readers trip on. The files are read back with real
parsers: the csv module, expat (xml.etree.ElementTree) and feedparser.
"""

from __future__ import annotations

import csv
import dataclasses
import html
import json
import re
import shutil
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import feedparser
import pytest

import build
from hub.site import Options
from tests.conftest import REPO, TODAY

# Texts a spreadsheet runs as formulas (OWASP's "CSV Injection" examples among them).
FORMULAS = [
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
]
# Text that is legal everywhere but that XML must escape, or that tests a reader's encoding;
# and separators and quotes that could end a CSV cell early (OWASP's second example).
AWKWARD = [
    "]]> <b>bold</b> &amp; & < >",
    "\"double\" and 'single' quotes",
    "emoji 🚓👮🏽\u200d♀️ and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "RTL \u200fمرحبا\u200e and \u202ereversed\u202c",
    "=1+2'\" ;,=1+2",
    'a,b;c"d',
]
MONTHS = [f"2025-{n:02d}" for n in range(1, 7)]
# Where a spreadsheet takes a cell as a formula: its first character (OWASP's list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def hostile(report: int, field: int) -> str:
    """Returns the text of field number `field` of report number `report`: across the six
    reports, each field starts with each formula once."""
    n = report + field
    return f"{FORMULAS[n % len(FORMULAS)]} {AWKWARD[n % len(AWKWARD)]}"


def quoted(text: str) -> str:
    """Returns `text` as a YAML text between double quotes (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def month_report(n: int) -> dict[str, str]:
    """Returns the text fields of hostile month report `n` by their path in its file."""
    names = [
        "title",
        "summary",
        "figures.note",
        "statements.text",
        "statements.speaker",
        "statements.period",
        "highlights.title",
        "highlights.text",
        "quotes.name",
        "quotes.role",
        "quotes.text",
        "source.publisher",
        "source.title",
        "source.where",
        "period",
    ]
    return {name: hostile(n, field) for field, name in enumerate(names)}


# The digits in the hostile texts (A0, -2+3, A1, =1+2): a title's or summary's numbers must be
# among the report's figures, so each report gives these too.
HEADLINE_FIGURES = """  - {figure: stop_searches, value: 0}
  - {figure: groups_dispersed, value: 1}
  - {figure: dispersals, value: 2}
  - {figure: engagements, value: 3}"""


def report_file(texts: dict[str, str], head: str, published: str) -> str:
    """Returns a report file with `head` (its month, or period and end) and `texts`."""
    q = {name: quoted(text) for name, text in texts.items()}
    return f"""{head}
title: {q["title"]}
summary: {q["summary"]}
published: {published}
figures:
  - {{figure: patrol_hours, value: 120, note: {q["figures.note"]}}}
  - {{figure: arrests, value: 4}}
{HEADLINE_FIGURES}
statements:
  - text: {q["statements.text"]}
    speaker: {q["statements.speaker"]}
    period: {q["statements.period"]}
highlights:
  - {{title: {q["highlights.title"]}, text: {q["highlights.text"]}}}
quotes:
  - {{name: {q["quotes.name"]}, role: {q["quotes.role"]}, text: {q["quotes.text"]}}}
source:
  publisher: {q["source.publisher"]}
  title: {q["source.title"]}
  where: {q["source.where"]}
  published: "{published[:7]}"
"""


def welsh_file(texts: dict[str, str]) -> str:
    """Returns the Welsh words of a report: the same hostile texts, reversed in order."""
    q = {name: quoted(text[::-1]) for name, text in texts.items()}
    return f"""title: {q["title"]}
summary: {q["summary"]}
figures:
  - {{figure: patrol_hours, note: {q["figures.note"]}}}
  - {{figure: arrests}}
statements:
  - text: {q["statements.text"]}
    speaker: {q["statements.speaker"]}
    period: {q["statements.period"]}
highlights:
  - {{title: {q["highlights.title"]}, text: {q["highlights.text"]}}}
quotes:
  - {{role: {q["quotes.role"]}, text: {q["quotes.text"]}}}
source:
  where: {q["source.where"]}
"""


def replace_line(path: Path, start: str, value: str) -> None:
    """Gives the first line of `path` that starts with `start` the text `value` instead."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    n = next(n for n, line in enumerate(lines) if line.startswith(start))
    lines[n] = f"{start} {quoted(value)}\n"
    path.write_text("".join(lines), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> tuple[Path, dict]:
    """Returns (the output of a build of the example with hostile reports, the texts of
    each report by its key)."""
    site = tmp_path_factory.mktemp("hostile") / "site"
    for folder in ("content", "data"):
        shutil.copytree(REPO / folder, site / folder)
    patrols = site / "data" / "patrols"
    written = {}
    for n, month in enumerate(MONTHS):
        texts = month_report(n)
        head = f'month: "{month}"'
        (patrols / f"{month}.en.yaml").write_text(
            report_file(texts, head, f"{month}-28"), encoding="utf-8"
        )
        (patrols / f"{month}.cy.yaml").write_text(welsh_file(texts), encoding="utf-8")
        written[month] = texts
        # Titles are the site's page titles, each its own.
        summary = {**month_report(n + 3), "period": hostile(n, 99)}
        summary["title"] += " (a summary)"
        head = f'period: {quoted(summary["period"])}\nends: "{month}"'
        (patrols / "summaries" / f"hostile-{n}.en.yaml").write_text(
            report_file(summary, head, f"{month}-28"), encoding="utf-8"
        )
        written[f"hostile-{n}"] = summary
    replace_line(site / "data" / "site.yaml", "organisation:", hostile(0, 7))
    replace_line(site / "data" / "site.yaml", "name:", hostile(1, 8))
    replace_line(site / "data" / "figures.yaml", "    label:", hostile(2, 9))  # patrol_hours
    out = build.build(site, tmp_path_factory.mktemp("out") / "public", Options(today=TODAY))
    return out, written


def files(out: Path, *suffixes: str) -> list[Path]:
    found = sorted(p for p in out.rglob("*") if p.suffix in suffixes)
    assert found, f"no {suffixes} files in {out}"
    return found


def rows_of(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.reader(file, strict=True))


def by_month(path: Path) -> dict[str, dict]:
    """Returns the rows of a CSV file by their month."""
    with path.open(encoding="utf-8", newline="") as file:
        return {row["month"]: row for row in csv.DictReader(file)}


def test_no_cell_of_any_csv_file_is_a_formula(hostile_site):
    out, _ = hostile_site
    for path in files(out, ".csv"):
        header, *rows = rows_of(path)
        assert rows and all(len(row) == len(header) for row in rows), path
        for row in [header, *rows]:
            for cell in row:
                # The build's own numbers are bare whole numbers; a text never is one.
                number = re.fullmatch(r"-?[0-9]+", cell)
                assert number or not cell.startswith(FORMULA_START), f"{path}: {cell!r}"


def test_every_text_reaches_the_csv_files_whole_behind_one_mark(hostile_site):
    out, written = hostile_site
    series = by_month(out / "news/data/patrols.csv")
    welsh = by_month(out / "cy/news/data/patrols.csv")
    for month in MONTHS:
        texts = written[month]
        for row in (series[month], welsh[month]):
            assert row["source_title"] == "'" + texts["source.title"]
        assert series[month]["source_publisher"] == "'" + texts["source.publisher"]
        # A source the site's own organisation published is named as the Welsh settings do.
        own = texts["source.publisher"] == hostile(0, 7)  # data/site.yaml's organisation
        expected = "Heddlu Swydd Derby" if own else "'" + texts["source.publisher"]
        assert welsh[month]["source_publisher"] == expected
        assert series[month]["source_where"] == "'" + texts["source.where"]
        # The Welsh words are the English ones reversed, which start with no formula.
        assert welsh[month]["source_where"] == texts["source.where"][::-1]
    for n in range(len(MONTHS)):
        key = f"hostile-{n}"
        [row] = by_month(out / "news" / key / "figures.csv").values()
        assert row["period"] == "'" + written[key]["period"]
        assert row["source_title"] == "'" + written[key]["source.title"]
        assert (row["patrol_hours"], row["arrests"]) == ("120", "4")


def test_numbers_are_bare_and_every_text_is_quoted_in_the_file(hostile_site):
    out, written = hostile_site
    raw = (out / "news/2025-01/figures.csv").read_bytes().decode("utf-8")
    header, row = raw.split("\r\n", 1)
    assert header.startswith('"month","period","published","patrol_hours",')
    assert row.startswith('"2025-01","January 2025","2025-01-28",120,"exact",')
    title = written["2025-01"]["source.title"].replace('"', '""')
    assert f',"\'{title}",' in row  # marked, quoted, its quotes doubled


def test_every_xml_file_is_well_formed(hostile_site):
    out, _ = hostile_site
    found = files(out, ".xml", ".svg")
    assert {p.relative_to(out).as_posix() for p in found} >= {
        "sitemap.xml",
        "news/feed.xml",
        "cy/news/feed.xml",
    }
    for path in found:
        ElementTree.parse(path)  # expat: raises on anything not well-formed


def test_each_feed_reads_in_a_feed_reader_with_its_words_as_written(hostile_site):
    out, written = hostile_site
    for feed_path, welsh in (("news/feed.xml", False), ("cy/news/feed.xml", True)):
        feed = feedparser.parse((out / feed_path).read_bytes())
        assert not feed.bozo, f"{feed_path}: {feed.get('bozo_exception')}"
        entries = {entry.link.rstrip("/").rsplit("/", 1)[1]: entry for entry in feed.entries}
        for key, texts in written.items():
            if welsh and key not in MONTHS:
                continue  # the summaries have no Welsh version
            # As written (the Welsh reversed), but for the ends, which a feed reader trims:
            # the formula's tab or carriage return.
            title, summary = (texts[name][:: -1 if welsh else 1] for name in ("title", "summary"))
            assert entries[key].title == title.strip(), (feed_path, key)
            assert entries[key].summary == summary.strip(), (feed_path, key)
        if not welsh:  # the Welsh settings and figures have their own words
            assert feed.feed.author == hostile(0, 7).strip()
            content = html.unescape(entries["2025-01"].content[0].value)
            assert f"{hostile(2, 9).strip()}: 120" in content  # the figure's label


def test_the_sitemap_lists_every_hostile_report(hostile_site):
    out, written = hostile_site
    names = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ElementTree.parse(out / "sitemap.xml").getroot()
    listed = {loc.text for loc in root.iterfind("s:url/s:loc", names)}
    assert {f"https://asb-hub.example.org/news/{key}/" for key in written} <= listed


# Every character XML 1.0 forbids that a Python text can hold and write as UTF-8 (the C0
# controls but tab, line feed and carriage return; U+FFFE and U+FFFF). Lone surrogates
# cannot be written as UTF-8 at all, so no page could be: tests/unit test them.
FORBIDDEN = "".join(chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
FORBIDDEN += "\ufffe\uffff"


def test_forbidden_characters_that_get_past_the_readers_never_reach_an_xml_file(
    example_site, tmp_path, monkeypatch
):
    """The readers refuse these characters at their line; this is what happens if one ever
    gets past them: the feed and sitemap leave it out and stay well-formed."""
    read_site = build.read_site

    def poisoned(*args, **kwargs):
        site = read_site(*args, **kwargs)
        for n, report in enumerate(site.reports):  # a Report is frozen: each one replaced
            site.reports[n] = dataclasses.replace(
                report,
                title=f"{FORBIDDEN}{report.title}{FORBIDDEN}",
                summary=f"A{FORBIDDEN}B",
                release=dataclasses.replace(
                    report.release, publisher=f"{FORBIDDEN}{report.release.publisher}"
                ),
            )
        return site

    monkeypatch.setattr(build, "read_site", poisoned)
    options = Options(today=TODAY, search=False, base_url=f"https://x.example/{FORBIDDEN}")
    out = build.build(example_site, tmp_path / "out", options)
    feed = (out / "news" / "feed.xml").read_text(encoding="utf-8")
    assert "July 2024: more than 700 extra patrol hours and 15 arrests" in feed
    for path in files(out, ".xml"):
        text = path.read_text(encoding="utf-8")
        assert not set(FORBIDDEN) & set(text), path
        ElementTree.parse(path)
    parsed = feedparser.parse((out / "news" / "feed.xml").read_bytes())
    assert not parsed.bozo and parsed.entries[0].summary == "AB"
