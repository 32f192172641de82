"""Monthly hotspot patrol reports from data/patrols/YYYY-MM.yaml, with computed figures."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from .cache import BuildCache
from .errors import Problems
from .schema import Field, validate
from .sources import read_yaml

# Each monthly figure: its key in the file, its label on the page, and whether it is required.
FIGURES = [
    ("patrol_hours", "Extra patrol hours", True),
    ("arrests", "Arrests", True),
    ("groups_dispersed", "Groups dispersed", True),
    ("immediate_justice_referrals", "Referrals to Immediate Justice", True),
    ("asb_reduction_percent", "Fall in ASB incidents in the patrol areas (%)", False),
]
FIGURE_FIELDS = [
    Field(key, "whole number", required=required, label=label, help=f"{label}, this month")
    for key, label, required in FIGURES
]
HIGHLIGHT_FIELDS = [
    Field("title", "text", label="Heading", help="a short heading for the highlight"),
    Field("text", "text", label="Text", multiline=True, help="one or two sentences"),
]
QUOTE_FIELDS = [
    Field("name", "text", label="Name", help="who said it"),
    Field("role", "text", label="Role", help="their job title"),
    Field("text", "text", label="What they said", multiline=True, help="what they said"),
    Field(
        "example",
        "yes/no",
        required=False,
        default=False,
        label="Example text",
        help="true when the quote is example text, not a real quotation",
    ),
]
IMMEDIATE_JUSTICE_FIELDS = [
    Field(
        "opening_balance",
        "whole number",
        required=False,
        label="Referrals before this month",
        help="referrals made before this month, since the scheme began (first report only)",
    ),
    Field(
        "stated_total",
        "whole number",
        required=False,
        label="Total quoted in the release",
        help="the running total quoted in the news release; the build checks it",
    ),
]
REPORT_FIELDS = [
    Field("month", "month", label="Month", help='the month the report covers, e.g. "2025-07"'),
    Field("title", "text", label="Headline", help="the report's headline"),
    Field(
        "summary",
        "text",
        label="Summary",
        help="one sentence for the news list and search results",
        max_length=160,
    ),
    Field(
        "published",
        "date",
        label="Publish on",
        help="the day the report goes live (YYYY-MM-DD)",
    ),
    Field(
        "draft",
        "yes/no",
        required=False,
        default=False,
        label="Draft",
        help="true to keep it unpublished",
    ),
    Field(
        "figures",
        "mapping",
        label="Figures",
        fields=tuple(FIGURE_FIELDS),
        help="the month's numbers",
    ),
    Field(
        "immediate_justice",
        "mapping",
        required=False,
        default={},
        label="Immediate Justice totals",
        fields=tuple(IMMEDIATE_JUSTICE_FIELDS),
        help="opening balance and stated total for Immediate Justice referrals",
    ),
    Field(
        "highlights",
        "list",
        required=False,
        default=[],
        label="Highlights",
        fields=tuple(HIGHLIGHT_FIELDS),
        help="notable moments this month",
    ),
    Field(
        "quotes",
        "list",
        required=False,
        default=[],
        label="Quotes",
        fields=tuple(QUOTE_FIELDS),
        help="what people said",
    ),
]


@dataclass
class Report:
    """One month's patrol report, with figures computed from the whole series."""

    source: str
    month: str
    title: str
    summary: str
    published: dt.date
    figures: dict
    highlights: list
    quotes: list
    immediate_justice: dict
    lines: dict  # where the opening balance and stated total are, for error messages
    changes: dict | None = None  # figure -> change on the previous month, when there is one
    referrals_total: int | None = None
    draft: bool = False

    @property
    def url(self) -> str:
        return f"/news/{self.month}/"

    @property
    def output(self) -> str:
        return f"news/{self.month}/index.html"

    @property
    def month_name(self) -> str:
        return dt.date.fromisoformat(self.month + "-01").strftime("%B %Y")


def _read_report(path: Path, rel: str, problems: Problems, include_drafts: bool):
    """Returns the Report in one file, or None when it is unreadable or left out as a draft."""
    data = read_yaml(path, rel, problems)
    if data is None:
        return None
    if isinstance(data, dict) and data.get("draft") is True and not include_drafts:
        return None  # an unfinished draft may be incomplete: it is checked once it is previewed
    values = validate(data, REPORT_FIELDS, rel, problems)
    if values.get("month") and values["month"] != path.stem:
        problems.add(
            rel,
            data.line_of("month"),
            f'month is "{values["month"]}" but the file is named {path.name}: make them match',
        )
    # validate() has checked inside figures, immediate_justice, highlights and quotes too.
    ij = values["immediate_justice"] or {}
    ij_data = data.get("immediate_justice") if ij else {}
    if not values.get("published"):
        return None
    return Report(
        source=rel,
        month=path.stem,
        title=values["title"] or "",
        summary=values["summary"] or "",
        published=values["published"],
        figures=values["figures"] or {},
        highlights=values["highlights"],
        quotes=values["quotes"],
        immediate_justice=ij,
        draft=values["draft"],
        lines={key: ij_data.line_of(key) for key in ij} if ij_data else {},
    )


def _read_remembered(
    path: Path, rel: str, problems: Problems, include_drafts: bool, cache: BuildCache | None
):
    """Returns _read_report's result, taken from the cache when the file has not changed."""
    if cache is None:
        return _read_report(path, rel, problems, include_drafts)
    key = cache.file_key(path, rel, include_drafts)
    known = cache.recall("reports", rel, key)
    if known is not None:
        return known[0]
    found = Problems()
    report = _read_report(path, rel, found, include_drafts)
    for problem in found.items:
        problems.add(problem.path, problem.line, problem.message)
    if not found and cache.still_as_hashed(path):
        cache.keep("reports", rel, key, (report,))
    return report


def read_patrol_reports(
    folder: Path,
    root: Path,
    problems: Problems,
    include_drafts: bool,
    today: dt.date,
    cache: BuildCache | None = None,
) -> list[Report]:
    """Returns the published reports, newest first, with running totals and monthly changes.

    With the build cache, a file read before in the same state is not parsed again.
    """
    reports = []
    for path in sorted(folder.glob("*")):
        rel = path.relative_to(root).as_posix()
        if path.name.startswith(".") or path.is_dir():
            continue
        if not re.match(r"^\d{4}-(0[1-9]|1[0-2])\.yaml$", path.name):
            problems.add(
                rel, 1, "patrol report files must be named YYYY-MM.yaml, for example 2025-07.yaml"
            )
            continue
        report = _read_remembered(path, rel, problems, include_drafts, cache)
        if report and (include_drafts or report.published <= today):
            reports.append(report)
    reports.sort(key=lambda r: r.month)
    _compute_changes(reports)
    _compute_referral_totals(reports, problems)
    return list(reversed(reports))


def _previous_month(month: str) -> str:
    year, number = map(int, month.split("-"))
    return f"{year - 1}-12" if number == 1 else f"{year}-{number - 1:02d}"


def _compute_changes(reports: list[Report]) -> None:
    """Sets each report's change on the month before, where that month has a report."""
    by_month = {r.month: r for r in reports}
    for report in reports:
        before = by_month.get(_previous_month(report.month))
        if before:
            report.changes = {
                key: report.figures[key] - before.figures[key]
                for key, _, _ in FIGURES
                if report.figures.get(key) is not None and before.figures.get(key) is not None
            }


def _compute_referral_totals(reports: list[Report], problems: Problems) -> None:
    """Sets the running total of Immediate Justice referrals and checks any stated total.

    The series starts from the opening balance stated on the earliest report.
    """
    if not reports:
        return
    total = None
    for n, report in enumerate(reports):
        balance = report.immediate_justice.get("opening_balance")
        if balance is not None and n > 0:
            problems.add(
                report.source,
                report.lines["opening_balance"],
                "immediate_justice.opening_balance belongs only in "
                f"the first report ({reports[0].source}): remove it",
            )
        if n == 0:
            total = balance
        referrals = report.figures.get("immediate_justice_referrals")
        if total is None or referrals is None:
            continue
        total += referrals
        report.referrals_total = total
        stated = report.immediate_justice.get("stated_total")
        if stated is not None and stated != total:
            problems.add(
                report.source,
                report.lines["stated_total"],
                f"immediate_justice.stated_total is {stated}, but the opening balance "
                f"plus each month's referrals adds up to {total}: check the figures",
            )
