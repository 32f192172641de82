"""The reports as the build holds them: each Report as a frozen dataclass, and PatrolReports,
the published ones in order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..figures import Figure


def month_name(month: str) -> str:
    """Returns "July 2024" for "2024-07"."""
    return dt.date.fromisoformat(month + "-01").strftime("%B %Y")


# What a report's file gives in each of its lists, as checked against its rules (fields.py): a
# value a rule refused is None there, and the problem is recorded.


@dataclass(frozen=True, kw_only=True)
class InFile:
    """Where an item of a report's list is in its file: its line, and its keys' lines, for
    messages."""

    line: int = 1
    lines: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class FigureGiven(InFile):
    """A figure the source gave (figures:)."""

    figure: str | None  # its key in data/figures.yaml
    value: int | None
    qualifier: str  # exact | more than | about
    note: str  # how the source described it


@dataclass(frozen=True)
class TotalGiven(InFile):
    """A running total's start or a total the source stated (totals:)."""

    figure: str | None
    opening_balance: int | None
    stated: int | None
    stated_qualifier: str
    stated_on: dt.date | None  # the day a total "so far" was given, after the month


@dataclass(frozen=True)
class Statement(InFile):
    """A claim someone made, shown attributed to them (statements:)."""

    text: str | None
    speaker: str | None
    period: str  # what it is measured against, or ""


@dataclass(frozen=True)
class Highlight(InFile):
    """A notable moment (highlights:)."""

    title: str | None
    text: str | None


@dataclass(frozen=True)
class Quote(InFile):
    """What someone said, or example text standing for it (quotes:)."""

    name: str
    role: str | None
    text: str | None
    example: bool
    subject: str  # for example text: what the source has this person speak about


@dataclass(frozen=True)
class Speaker(InFile):
    """Someone the source quoted, and on what (speakers:)."""

    role: str | None
    subject: str | None


@dataclass(frozen=True)
class Source:
    """Where a report's figures come from (source:): all None when the file gives none."""

    publisher: str | None = None
    title: str | None = None
    url: str = ""
    where: str = ""
    note: str = ""
    published: dt.date | str | None = None  # a day, or "YYYY-MM" when only the month is known
    date_assumed: bool = False


# The type of each item of a report's lists, by the list's name (fields.LISTS).
ITEMS: dict[str, type] = {
    "figures": FigureGiven,
    "totals": TotalGiven,
    "statements": Statement,
    "highlights": Highlight,
    "quotes": Quote,
    "speakers": Speaker,
}


@dataclass(frozen=True)
class FigureValue:
    """A figure a report gives, with its value (report.values, by key)."""

    value: int
    qualifier: str  # exact | more than | about
    note: str  # how the source described it, or ""


@dataclass(frozen=True)
class Change:
    """A figure's change on the month before: `by` (up or down), since the month `since`."""

    by: int
    since: str  # "YYYY-MM"


@dataclass(frozen=True)
class RunningTotal:
    """A running total as a report shows it: worked out from an opening balance and each
    month's figure, or as the source stated it."""

    figure: str  # the figure's key
    label: str  # the total's label, in the report's language
    stated: bool  # whether the source stated a total (it agrees, where worked out)
    stated_on: dt.date | None  # the day a total "so far" was given, after the month
    value: int
    qualifier: str
    basis: str  # worked out | stated
    balance: int | None = None  # worked out: the opening balance it started from
    start: str | None = None  # worked out: the month of that balance, "YYYY-MM"


@dataclass(frozen=True)
class Report:
    """One report as its file gives it, plus what the build works out from the series."""

    source: str  # the file, for messages
    key: str  # "2024-07", or a summary's name: its address is /news/KEY/
    kind: str  # month | summary
    month: str  # the month covered; for a summary, the last month of its period
    period: str  # "July 2024", or a summary's period, e.g. "the year to October 2024"
    title: str
    summary: str
    published: dt.date
    figures: list[FigureGiven]
    totals: list[TotalGiven]
    statements: list[Statement]
    highlights: list[Highlight]
    quotes: list[Quote]
    release: Source
    draft: bool = False
    speakers: list[Speaker] = field(default_factory=list)  # who the source quoted, on what
    lines: dict[str, int] = field(default_factory=dict)  # its title's and summary's lines
    # Worked out from data/figures.yaml and the whole series (read_patrol_reports):
    values: dict[str, FigureValue] = field(default_factory=dict)  # by key, in figures.yaml order
    changes: dict[str, Change] = field(default_factory=dict)  # by key: on the month before
    running: list[RunningTotal] = field(default_factory=list)  # the running totals it shows
    prefix: str = ""  # what its language's addresses start with: "" or "/cy"

    @property
    def url(self) -> str:
        return f"{self.prefix}/news/{self.key}/"

    @property
    def output(self) -> str:
        return f"{self.url.lstrip('/')}index.html"

    @property
    def month_name(self) -> str:
        return month_name(self.month)


class PatrolReports(list[Report]):
    """The published reports, newest first, with the figure definitions they were read
    against (`figures`): the pages that list no report still show every figure. In a site
    with more than one language, `translations` holds them in each other language (by its
    key): the reports that have a version in it, and the figures' words in it.

    A list, not a dataclass holding one: pages, feeds, open data and the templates use it
    as the list of reports it is (in order, sliced, counted); its two fields are declared."""

    figures: list[Figure]
    translations: dict[str, PatrolReports]

    def __init__(self, reports: Iterable[Report] = (), figures: Iterable[Figure] = ()):
        super().__init__(reports)
        self.figures = list(figures)
        self.translations = {}

    @property
    def months(self) -> list[Report]:
        """Returns the monthly reports (not summaries), oldest first."""
        return sorted((r for r in self if r.kind == "month"), key=lambda r: r.month)
