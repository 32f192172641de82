"""A search leaves no words behind: not in the address, not in the tab's history, and not on
the search page that Back brings back (issue 20, point 4).

The tab's history is read two ways: as the browser keeps it (the DevTools protocol's list of
the tab's entries) and as a reader meets it, by going Back and Forward through every entry.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.outside_hosts import OutsideHosts

SCREENS = {360: 740, 1280: 900}
BEFORE = "/what-is-asb/"  # the page the reader was on before the search page
QUERIES = ["domestic abuse", "Silent Solution"]
WORDS = ["domestic", "abuse", "silent", "solution", "q="]
SCREENSHOTS = Path(
    os.environ.get("HUB_SCREENSHOTS") or Path(__file__).resolve().parents[2] / "test-screenshots"
)


def open_search_page(new_context, base_url: str, width: int):
    """Returns a page on /search/, opened from BEFORE in a fresh tab, and the tab's history
    length there."""
    context = new_context(viewport={"width": width, "height": SCREENS[width]})
    OutsideHosts(context)
    page = context.new_page()
    page.goto(base_url + BEFORE)
    page.goto(base_url + "/search/")
    expect(page.locator("[data-module='site-search']")).to_be_visible()
    return page, page.evaluate("history.length")


def search_for(page, words: str, press_enter: bool = True) -> None:
    box = page.get_by_label("Search this site")
    box.fill(words)
    if press_enter:
        box.press("Enter")
    else:
        page.get_by_role("button", name="Search").click()
    expect(page.locator("[data-search-status]")).to_contain_text(f"for “{words}”")


def tab_history(page) -> tuple[list[str], int]:
    """Returns the address of every entry in the tab's history, as the browser keeps it, and
    the number of the entry shown."""
    session = page.context.new_cdp_session(page)
    try:
        history = session.send("Page.getNavigationHistory")
    finally:
        session.detach()
    return [entry["url"] for entry in history["entries"]], history["currentIndex"]


def words_in(address: str) -> list[str]:
    return [word for word in WORDS if word in address.lower()]


def walk_the_history(page) -> list[str]:
    """Goes Back to the first entry of the tab's history, then Forward to the last, and
    returns every address shown on the way."""
    entries, current = tab_history(page)
    seen = [page.url]
    for _ in range(current):
        page.go_back()  # (None for an entry made in the page itself: it still moves)
        seen.append(page.evaluate("location.href"))
    for _ in range(len(entries) - 1):
        page.go_forward()
        seen.append(page.evaluate("location.href"))
    assert tab_history(page)[1] == len(entries) - 1  # it reached the last entry
    return seen


@pytest.mark.parametrize("width", SCREENS)
def test_searching_leaves_no_words_in_the_address_or_the_tab_history(new_context, base_url, width):
    page, length = open_search_page(new_context, base_url, width)
    search_for(page, QUERIES[0])
    assert page.locator("[data-search-results] > li").count() > 0  # it did search
    search_for(page, QUERIES[1], press_enter=False)  # the button, this time
    assert page.url == base_url + "/search/"
    assert page.evaluate("location.href") == base_url + "/search/"
    assert page.evaluate("history.length") == length  # searching added no entry
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"search-results-{width}.png", full_page=True)
    entries, _ = tab_history(page)
    assert entries[-2:] == [base_url + BEFORE, base_url + "/search/"]
    assert [(url, words_in(url)) for url in entries if words_in(url)] == []
    # As the reader meets it: every entry, Back to the first and Forward to the last.
    seen = walk_the_history(page)
    assert base_url + BEFORE in seen and base_url + "/search/" in seen
    assert [(url, words_in(url)) for url in seen if words_in(url)] == []


@pytest.mark.parametrize("width", SCREENS)
def test_back_from_the_search_page_goes_to_the_page_before_it(new_context, base_url, width):
    page, _ = open_search_page(new_context, base_url, width)
    for query in QUERIES:
        search_for(page, query)
    page.go_back()
    assert page.url == base_url + BEFORE


@pytest.mark.parametrize("width", SCREENS)
def test_back_from_a_result_shows_the_search_page_empty(new_context, base_url, width):
    page, length = open_search_page(new_context, base_url, width)
    search_for(page, QUERIES[0])
    page.locator("[data-search-results] h2 a").first.click()
    page.wait_for_url(lambda url: "/search/" not in url)
    assert page.evaluate("history.length") == length + 1  # the result page, and only it
    page.go_back()
    assert page.url == base_url + "/search/"
    expect(page.get_by_label("Search this site")).to_have_value("")
    expect(page.locator("[data-search-results] > li")).to_have_count(0)
    expect(page.locator("[data-search-status]")).to_have_text("")
    assert "domestic" not in page.locator("main").inner_text().lower()


def test_leaving_the_page_clears_the_words_even_when_it_is_kept_for_back(page, base_url):
    # Whether this Chromium keeps pages in its back-forward cache or not, the page is emptied
    # as it is hidden: `pagehide` is what the browser sends before keeping it.
    page.goto(base_url + "/search/")
    search_for(page, QUERIES[0])
    page.evaluate("window.dispatchEvent(new PageTransitionEvent('pagehide', {persisted: true}))")
    expect(page.get_by_label("Search this site")).to_have_value("")
    expect(page.locator("[data-search-results] > li")).to_have_count(0)


@pytest.mark.parametrize("width", SCREENS)
def test_an_old_link_with_words_is_searched_and_the_words_leave_the_address(
    new_context, base_url, width
):
    context = new_context(viewport={"width": width, "height": SCREENS[width]})
    page = context.new_page()
    page.goto(base_url + BEFORE)
    length = page.evaluate("history.length")
    page.goto(base_url + "/search/?q=domestic%20abuse")
    expect(page.locator("[data-search-status]")).to_contain_text("for “domestic abuse”")
    assert page.url == base_url + "/search/"
    assert page.evaluate("history.length") == length + 1  # the search page, once
    assert [url for url in tab_history(page)[0] if words_in(url)] == []
    assert [url for url in walk_the_history(page) if words_in(url)] == []


def test_a_form_sent_without_the_script_carries_no_words(page, base_url):
    # form.submit() skips the script's submit handler: the box has no name, so nothing of
    # what was typed can go into the address.
    page.goto(base_url + "/search/")
    page.get_by_label("Search this site").fill(QUERIES[0])
    with page.expect_navigation():
        page.evaluate("document.querySelector('.site-search__form').submit()")
    assert words_in(page.url) == []
    assert [url for url in tab_history(page)[0] if words_in(url)] == []


def test_the_box_says_the_words_are_not_kept_and_keeps_no_autofill(page, base_url):
    page.goto(base_url + "/search/")
    box = page.get_by_label("Search this site")
    expect(box).to_have_attribute("autocomplete", "off")
    expect(box).to_have_accessible_description(
        "Your search words are not kept in the web address or in your browsing history."
    )
    page.goto(base_url + "/cy/search/")
    expect(page.get_by_label("Chwilio'r safle hwn")).to_have_accessible_description(
        "Nid yw eich geiriau chwilio'n cael eu cadw yn y cyfeiriad gwe nac yn hanes eich porwr."
    )


@pytest.mark.parametrize("width", SCREENS)
def test_without_javascript_the_safety_page_says_what_the_browser_remembers(
    new_context, base_url, width
):
    context = new_context(
        java_script_enabled=False, viewport={"width": width, "height": SCREENS[width]}
    )
    OutsideHosts(context)
    page = context.new_page()
    page.goto(base_url + "/using-this-site-safely/")
    expect(page.get_by_role("heading", name="What your browser remembers")).to_be_visible()
    said = " ".join(page.locator("h2#what-your-browser-remembers ~ p").all_inner_texts())
    assert "does not put your search words in the web address" in said
    assert "saves nothing on your device until you answer the question about cookies" in said
    assert "This is called the cache." in said
    page.get_by_role("link", name="Our cookies page").click()
    expect(page.locator("h1")).to_have_text("Cookies")
    page.goto(base_url + "/cy/using-this-site-safely/")
    expect(page.get_by_role("heading", name="Beth mae eich porwr yn ei gofio")).to_be_visible()
