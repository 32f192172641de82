"""Checks across files, made once the whole site is read: what no one reader can see alone."""

from __future__ import annotations

from ..core.errors import Problems
from ..read.helper.pages import check_helper_links
from ..read.pages import Page, check_internal_links
from ..read.reports.model import Report
from . import Site
from .editions import editions, site_addresses


def check_links_and_titles(site: Site, problems: Problems) -> None:
    """Records every link to an address or #fragment the site does not have, and every
    title used twice in one language."""
    targets = {
        url: ids for addresses in site_addresses(site).values() for url, ids in addresses.items()
    }
    check_internal_links(site.pages, targets, problems)
    check_helper_links(site.helper, targets, problems)
    for _, part in editions(site):
        seen: dict[str, Page | Report] = {}
        for item in [*part.pages, *part.reports]:
            other = seen.setdefault(item.title.lower(), item)
            if other is not item and item.title:
                problems.add(
                    item.source,
                    2,
                    f'the title "{item.title}" is already used by {other.source}: '
                    "give each page its own title",
                )
