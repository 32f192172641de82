"""Overdue reviews: worked out from a `today` passed in, never from the clock."""

import datetime as dt
from types import SimpleNamespace

from hub.read.reviews import overdue_reviews
from tests.conftest import write


def page(site, name: str, review_by: dt.date):
    """Returns a page stand-in whose source file has review_by on line 4."""
    rel = f"content/guidance/{name}.md"
    write(site / rel, f"---\ntitle: {name}\nsummary: s\nreview_by: {review_by}\n---\nText.\n")
    return SimpleNamespace(source=rel, review_by=review_by)


def test_only_pages_past_their_review_date_are_listed(tmp_path):
    pages = [
        page(tmp_path, "late", dt.date(2026, 3, 1)),
        page(tmp_path, "due-today", dt.date(2026, 3, 10)),
        page(tmp_path, "later", dt.date(2026, 9, 1)),
        SimpleNamespace(source="content/index.md", review_by=None),
    ]
    warnings = overdue_reviews(pages, tmp_path, dt.date(2026, 3, 10))
    assert [str(w) for w in warnings] == [
        "content/guidance/late.md:4: review was due on 1 March 2026 (9 days ago): check the "
        "page is still right, then update last_reviewed and review_by"
    ]


def test_a_day_later_the_page_due_today_is_overdue_too(tmp_path):
    pages = [page(tmp_path, "due", dt.date(2026, 3, 10))]
    assert overdue_reviews(pages, tmp_path, dt.date(2026, 3, 10)) == []
    [warning] = overdue_reviews(pages, tmp_path, dt.date(2026, 3, 11))
    assert "(1 day ago)" in warning.message
