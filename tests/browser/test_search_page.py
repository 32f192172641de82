"""/search/ in a real browser under netlify.toml's CSP: search.js in the site's own index.

With JavaScript the page searches and announces the count in a live region; without it (or
without an index) the reader still gets every page in the A to Z.
"""

import re

import pytest
from playwright.sync_api import expect

import build
from hub.site import Options
from tests.conftest import TODAY
from tests.support.browser_checks import PageWatch
from tests.support.netlify_server import NetlifyLikeServer

SEARCH = "[data-module='site-search']"


def search_for(page, words: str) -> None:
    box = page.get_by_label("Search this site")
    box.fill(words)
    box.press("Enter")


def test_search_finds_pages_and_announces_how_many(page, base_url):
    watch = PageWatch(page, base_url)
    page.goto(base_url + "/search/")
    expect(page.locator(SEARCH)).to_be_visible()
    expect(page.locator("[data-search-no-js]")).to_be_hidden()
    search_for(page, "graffiti")
    status = page.locator("[data-search-status]")
    expect(status).to_have_text(re.compile(r"^\d+ results? for “graffiti”\."))
    results = page.locator("[data-search-results] > li")
    count = int(status.inner_text().split()[0])
    expect(results).to_have_count(count)
    assert count >= 2
    hrefs = [link.get_attribute("href") for link in results.locator("h2 a").all()]
    assert "/who-to-report-to/" in hrefs
    for item in results.all():  # each with its title and its summary
        expect(item.locator("p").first).not_to_be_empty()
    assert page.url == base_url + "/search/"  # the words stay out of the address and history
    watch.settle()
    assert watch.problems() == []  # no CSP violation, console or script error


def test_the_count_is_announced_in_a_polite_live_region_and_focus_stays_put(page, base_url):
    page.goto(base_url + "/search/")
    status = page.locator("[data-search-status]")
    assert status.get_attribute("role") == "status"
    assert status.get_attribute("aria-live") == "polite"
    search_for(page, "noise")
    expect(status).to_contain_text("for “noise”")
    expect(page.get_by_label("Search this site")).to_be_focused()
    # Keyboard: the button, then the first result.
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Search")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("[data-search-results] a").first).to_be_focused()


def test_an_old_address_with_a_query_shows_its_results_then_drops_the_words(page, base_url):
    page.goto(base_url + "/search/?q=Immediate%20Justice")
    assert page.url == base_url + "/search/"
    expect(page.get_by_label("Search this site")).to_have_value("Immediate Justice")
    expect(page.locator("[data-search-status]")).to_contain_text("for “Immediate Justice”")
    hrefs = [a.get_attribute("href") for a in page.locator("[data-search-results] h2 a").all()]
    assert "/action-that-can-be-taken/" in hrefs


def test_a_word_finds_the_words_it_starts_and_they_are_marked(page, base_url):
    page.goto(base_url + "/search/?q=REPORT")
    expect(page.locator("[data-search-status]")).to_contain_text("for “REPORT”")
    marks = page.locator("[data-search-results] mark")
    assert marks.count() > 1
    found = {text.lower() for text in marks.all_inner_texts()}
    assert all(word.startswith("report") for word in found), found
    assert {"report", "reported"} <= found  # a word the query starts is found, and marked


def results_for(page, base_url, words: str, prefix: str = "") -> list[str]:
    """Returns the addresses the search page lists for `words`, in order."""
    page.goto(f"{base_url}{prefix}/search/")
    box = page.locator("[data-search-input]")  # its label is in the page's language
    box.fill(words)
    box.press("Enter")
    expect(page.locator("[data-search-status]")).to_contain_text(f"“{words}”")
    return [a.get_attribute("href") for a in page.locator("[data-search-results] h2 a").all()]


def test_a_word_no_page_has_is_left_out_and_the_page_says_so(page, base_url):
    alone = results_for(page, base_url, "graffiti")
    assert results_for(page, base_url, "graffiti qwertyzzz") == alone
    expect(page.locator("[data-search-status]")).to_contain_text(
        "No page has “qwertyzzz”, so it was left out."
    )
    # Pages with both words come before pages with one.
    both = results_for(page, base_url, "graffiti council")
    assert both[0] in alone and set(alone) <= set(both)


def test_a_word_one_letter_away_is_searched_for_instead(page, base_url):
    assert results_for(page, base_url, "grafiti")[:3] == results_for(page, base_url, "graffiti")[:3]
    page.goto(base_url + "/search/")
    search_for(page, "grafiti")
    expect(page.locator("[data-search-status]")).to_contain_text(
        "No page has “grafiti”, so the search used “graffiti” instead."
    )


def test_word_endings_and_joined_spellings_find_the_same_pages(page, base_url):
    arrested = results_for(page, base_url, "arrested")
    assert all(url.startswith("/news/") for url in arrested[:3]), arrested
    marks = {m.lower() for m in page.locator("[data-search-results] mark").all_inner_texts()}
    assert "arrests" in marks  # "arrested" found "arrests", and marked it
    for words in ("antisocial behaviour", "anti-social behaviour", "anti social behaviour"):
        assert (
            results_for(page, base_url, words)[:2]
            == results_for(page, base_url, "anti-social behaviour")[:2]
        ), words
    for words in ("flytipping", "fly tipping", "fly-tipping"):
        assert results_for(page, base_url, words)[0] == "/report/fly-tipping/", words


def test_the_helper_page_for_a_problem_comes_first(page, base_url):
    assert results_for(page, base_url, "noise")[0] == "/report/noise/"
    assert results_for(page, base_url, "graffiti")[0] == "/report/graffiti/"
    assert results_for(page, base_url, "cymydog", "/cy")[0] == "/cy/report/neighbour-problems/"


def test_guidance_comes_before_the_open_data_for_a_common_word(page, base_url):
    for words in ("patrols", "immediate justice", "reported"):
        found = results_for(page, base_url, words)
        assert found[0] != "/news/data/", words
    assert results_for(page, base_url, "patrol data csv")[0] == "/news/data/"


@pytest.mark.parametrize("width", [360, 1280])
def test_a_result_links_to_the_section_whose_heading_matched(page, base_url, width):
    page.set_viewport_size({"width": width, "height": 800})
    results_for(page, base_url, "immediate justice")
    section = page.locator(
        ".site-search__section a[href='/action-that-can-be-taken/#immediate-justice']"
    )
    expect(section).to_have_text("Immediate Justice")
    expect(section.locator("mark")).to_have_count(2)
    scroll = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert scroll <= 0  # nothing wider than a phone's screen
    section.click()
    assert page.url == base_url + "/action-that-can-be-taken/#immediate-justice"


@pytest.mark.parametrize("width", [360, 1280])
def test_a_result_links_to_the_section_its_words_are_in(page, base_url, width):
    page.set_viewport_size({"width": width, "height": 800})
    # "incognito" is only in the text of the sixth section, not in any heading, title or summary.
    assert results_for(page, base_url, "incognito")[0] == "/using-this-site-safely/"
    section = page.locator(".site-search__section a")
    expect(section).to_have_count(1)
    expect(section).to_have_text("Use private browsing")
    assert section.get_attribute("href") == "/using-this-site-safely/#use-private-browsing"
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    section.click()
    assert page.url == base_url + "/using-this-site-safely/#use-private-browsing"
    expect(page.locator("h2#use-private-browsing")).to_be_in_viewport()


def test_no_results_says_what_to_do_next(page, base_url):
    page.goto(base_url + "/search/")
    search_for(page, "qwertyzzz")
    expect(page.locator("[data-search-status]")).to_have_text(
        "No results for “qwertyzzz”. Check the spelling, try other words, or use the A to Z below."
    )
    expect(page.locator("[data-search-results] > li")).to_have_count(0)


def test_markup_typed_into_the_box_is_shown_as_text(page, base_url):
    page.goto(base_url + "/search/")
    search_for(page, "<img src=x>")
    status = page.locator("[data-search-status]")
    expect(status).to_contain_text("<img src=x>")
    assert page.locator("main img").count() == 0


def test_without_javascript_the_a_to_z_lists_every_page(no_javascript, base_url, built_example):
    page = no_javascript
    page.goto(base_url + "/search/")
    expect(page.locator(SEARCH)).to_be_hidden()
    expect(page.locator("[data-search-no-js]")).to_be_visible()
    links = page.locator("main .link-list a")
    assert links.count() >= 15
    page.get_by_role("link", name="What is anti-social behaviour?").click()
    expect(page.locator("h1")).to_have_text("What is anti-social behaviour?")


def test_a_build_without_search_still_explains_and_offers_the_a_to_z(page, example_site, tmp_path):
    out = build.build(example_site, tmp_path / "out", Options(today=TODAY, search=False))
    with NetlifyLikeServer(out) as server:
        page.goto(server.url + "/search/")
        search_for(page, "noise")
        expect(page.locator("[data-search-status]")).to_have_text(
            "Search is not working at the moment. Use the A to Z list below to find a page."
        )
        expect(page.get_by_role("heading", name="All pages from A to Z")).to_be_visible()
