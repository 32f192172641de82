"""The site layer. Here: what a build reads, as one object (the site's settings, pages, reports
and helper), and how to build it (Options); editions.py gives the site in each language and
the table of its addresses; checks.py the checks across files.
Imports from hub.read and hub.core."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .. import REPO
from ..read.helper.model import Helper
from ..read.pages import Page
from ..read.reports.model import PatrolReports
from ..read.settings import Settings
from ..read.templates import template_folders


@dataclass(frozen=True)
class Options:
    """How to build: with drafts and future items, for which address, as of which day, and
    whether to make the search index (slower; previews and benchmarks go without)."""

    drafts: bool = False
    base_url: str | None = None  # None: the base_url in data/site.yaml
    today: dt.date | None = None  # None: the day the build runs
    search: bool = True


@dataclass(frozen=True)
class Site:
    """Everything a build has read and checked, ready to be written."""

    folder: Path
    settings: Settings  # of data/site.yaml
    pages: list[Page]  # the home page, guidance and statutory pages
    reports: PatrolReports  # newest first
    helper: Helper | None  # None for a site without one
    # What is missing in a language (hub.core.errors.Problem): a page, a report or the helper with
    # no version in it, or a word a translation leaves out. `check` lists them; with
    # all_languages_required in the settings, each is a problem that stops the build.
    missing: list = field(default_factory=list)
    # The table of every address the build makes (editions.site_addresses), made on first use
    # and kept here under "addresses": the build's steps all ask for it, and a site does not
    # change once read. A fresh one for each copy dataclasses.replace makes, so a site in one
    # language never carries the whole site's table.
    made_once: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __getstate__(self) -> dict:
        """Returns the site as pickled, without what was made once from it: the render keys
        fingerprint pages' values by pickling them, and the address table's sets pickle in a
        different order in every process, so a kept page would never match an earlier build."""
        return {**self.__dict__, "made_once": {}}

    @property
    def template_folders(self) -> list[Path]:
        return template_folders(self.folder)

    @property
    def asset_folders(self) -> list[Path]:
        """Returns where assets come from; a file in a later folder replaces the same name
        in an earlier one."""
        return [REPO / "assets", self.folder / "assets"]
