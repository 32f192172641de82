"""Review dates: which pages are overdue for their content review."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..core.errors import Problem


def overdue_reviews(pages, site_dir: Path, today: dt.date) -> list[Problem]:
    """Returns one warning per page whose review_by date is before `today`, pointing at the
    review_by line. A date never stops a build: these are for `check` to list."""
    warnings = []
    for page in pages:
        if page.review_by is None or page.review_by >= today:
            continue
        late = (today - page.review_by).days
        warnings.append(
            Problem(
                page.source,
                _review_line(site_dir / page.source),
                f"review was due on {page.review_by.day} "
                f"{page.review_by:%B %Y} ({late} day{'s' if late != 1 else ''} "
                "ago): check the page is still right, then update "
                "last_reviewed and review_by",
            )
        )
    return sorted(warnings)


def _review_line(path: Path) -> int:
    """Returns the line of `review_by:` in the page's settings (1 if it cannot be found)."""
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").split("\n"), start=1):
        if line.startswith("review_by:"):
            return number
    return 1
