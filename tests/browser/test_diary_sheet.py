"""The diary sheet (issue 21, item 6): filled in on screen at a phone's width and a desktop's,
printed on A4 with no site chrome but the site's name, and nothing typed ever leaving the
browser or being kept: no request while typing or printing, no cookie, nothing in local or
session storage, and empty boxes when Back brings the page back."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser_checks import goto, open_page

SCREENS = {360: 740, 1280: 900}
DIARY = "/keep-a-diary/"
SECRET = "Blue van outside number 12"  # what a reader types, looked for everywhere after
A4_POINTS = (595, 842)  # 210 x 297 mm in PDF points, rounded
# The site's own parts that must not be on paper; the site's name is kept.
CHROME = [
    ".exit-this-page",
    ".cookie-banner",
    ".phase-banner",
    ".breadcrumbs",
    ".language-links",
    ".footer",
    ".contents",
    ".page-dates",
    "[data-diary-print]",
]


def page_sizes(pdf: bytes) -> set[tuple[int, int]]:
    """Returns the size of each page of `pdf`, in points, rounded."""
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    return {(round(float(width)), round(float(height))) for width, height in boxes}


def boxes(page):
    return page.locator("[data-module='diary-sheet'] input, [data-module='diary-sheet'] textarea")


def fill_the_sheet(page) -> int:
    """Types into every box of the sheet, key by key in the first; returns how many."""
    count = boxes(page).count()
    boxes(page).first.press_sequentially(SECRET)
    for n in range(1, count):
        boxes(page).nth(n).fill(f"{SECRET} ({n})")
    return count


def nothing_kept(page) -> None:
    """Fails if the browser holds anything from the site: storage, cookies."""
    stored = page.evaluate("() => [localStorage.length, sessionStorage.length, document.cookie]")
    assert stored == [0, 0, ""]
    assert page.context.cookies() == []


@pytest.mark.parametrize("width", SCREENS)
def test_typing_and_printing_send_and_keep_nothing(new_context, base_url, width):
    page, outside = open_page(new_context, base_url + DIARY, width, SCREENS[width])
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("button", name="Print this sheet")).to_be_visible()
    expect(page.locator("[data-diary-print-hint]")).to_be_hidden()
    loaded = list(outside.requests)

    count = fill_the_sheet(page)
    assert count == 24
    page.keyboard.press("Enter")  # in a one-line box: no form, so nothing is submitted
    page.evaluate("() => { window.print = () => { window.printed = true; }; }")
    page.get_by_role("button", name="Print this sheet").click()
    assert page.evaluate("() => window.printed") is True
    page.emulate_media(media="print")
    pdf = page.pdf(prefer_css_page_size=True)  # the print itself, as Chromium lays it out
    page.wait_for_timeout(300)

    assert outside.requests == loaded  # not one request since the page loaded
    assert page.url == base_url + DIARY
    assert boxes(page).first.input_value() == SECRET  # still on screen while the page is open
    assert page_sizes(pdf) == {A4_POINTS}
    nothing_kept(page)
    # Back to the sheet from another page: the boxes are empty.
    goto(page, base_url + "/what-is-asb/")
    page.go_back()
    expect(page.locator("[data-module='diary-sheet']")).to_be_visible()
    assert all(value == "" for value in boxes(page).evaluate_all("els => els.map(e => e.value)"))
    nothing_kept(page)
    assert not [url for url in outside.requests if "Blue" in url or "van" in url]


@pytest.mark.parametrize("width", SCREENS)
def test_on_paper_only_the_sites_name_and_the_sheet(new_context, base_url, width):
    page, _ = open_page(new_context, base_url + DIARY, width, SCREENS[width])
    fill_the_sheet(page)
    page.emulate_media(media="print")
    expect(page.locator(".header__name")).to_be_visible()
    expect(page.locator(".header__name")).to_have_text("Derbyshire ASB Hub")
    for chrome in CHROME:
        for part in page.locator(chrome).all():
            expect(part).to_be_hidden()
    expect(page.locator("main .prose")).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator(".diary-sheet__entry")).to_have_count(4)
    for entry in page.locator(".diary-sheet__entry").all():
        expect(entry).to_be_visible()
    assert boxes(page).last.input_value().startswith(SECRET)  # what was typed prints


def test_without_javascript_the_sheet_is_filled_in_and_printed_by_the_browser(
    no_javascript, base_url
):
    page = no_javascript
    page.set_viewport_size({"width": 360, "height": SCREENS[360]})
    goto(page, base_url + "/cy" + DIARY)
    expect(page.locator("[data-diary-print-hint]")).to_be_visible()
    expect(page.locator("[data-diary-print]")).to_be_hidden()
    fill_the_sheet(page)
    page.keyboard.press("Enter")
    assert page.url == base_url + "/cy" + DIARY
    page.emulate_media(media="print")
    expect(page.locator(".exit-this-page")).to_be_hidden()
    expect(page.locator(".header__name")).to_be_visible()
    assert page_sizes(page.pdf(prefer_css_page_size=True)) == {A4_POINTS}


def test_leaving_the_page_empties_the_boxes(new_context, base_url):
    # A browser that keeps the page in memory for Back (the back/forward cache) shows it as it
    # was left; the script empties the boxes as the page is hidden, so it shows them empty.
    page, _ = open_page(new_context, base_url + DIARY, 360, SCREENS[360])
    fill_the_sheet(page)
    page.evaluate("() => window.dispatchEvent(new PageTransitionEvent('pagehide'))")
    assert set(boxes(page).evaluate_all("els => els.map(e => e.value)")) == {""}
