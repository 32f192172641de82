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
    figures: list[dict]  # as listed in the file, each with its `line`
    totals: list[dict]  # as listed in the file, each with its `line` and `lines`
    statements: list[dict]
    highlights: list[dict]
    quotes: list[dict]
    release: dict  # the source: publisher, title, url, where, published, date_assumed
    draft: bool = False
    speakers: list[dict] = field(default_factory=list)  # who the source quoted, on what
    lines: dict = field(default_factory=dict)  # the lines of its title and summary, for messages
    # Worked out from data/figures.yaml and the whole series (read_patrol_reports):
    values: dict = field(default_factory=dict)  # figure key -> its entry, in figures.yaml order
    changes: dict = field(default_factory=dict)  # figure key -> change on the month before
    running: list = field(default_factory=list)  # the running totals the page shows
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
