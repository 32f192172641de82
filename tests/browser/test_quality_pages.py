"""Quality gates run on the pages the example site builds, served with netlify.toml's headers.

The page list comes from the committed golden output (tests/golden/example, which
tests/build/test_golden.py proves is what a build makes), so new pages (search, more reports)
are covered automatically and collecting these tests builds nothing. The structure check, which
needs no browser, reads every page there. The browser checks run on every page but the report
helper's steps, and on the fullest step of each of the helper's three layouts in each language:
the other steps differ only in words from data/report-routes.yaml, which
tests/build/test_report_helper.py checks on every step.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser_checks import (
    PageWatch,
    goto,
    reflow_problems,
    run_axe,
    text_zoom_problems,
)
from tests.support.site_checks import (
    GOLDEN,
    browser_checked_pages,
    example_page_addresses,
    helper_layout,
    inline_code_problems,
    page_addresses,
    page_weight,
    read_page,
    structure_problems,
    weight_problems,
)

PAGES = example_page_addresses()
CHECKED = browser_checked_pages()
BANNER = "[data-module='cookie-banner']"
SETTINGS_FORM = "[data-module='cookie-settings']"

every_page = pytest.mark.parametrize("address", PAGES)
checked_pages = pytest.mark.parametrize("address", CHECKED)


def banner_expected(page: Page) -> bool:
    """True when a first-time visitor should see the cookie banner on this page.

    The cookies page asks the same question in its own form, so it shows no banner.
    """
    return page.locator(BANNER).count() > 0 and page.locator(SETTINGS_FORM).count() == 0


def run_searches(page: Page) -> bool:
    """Searches with each search box in the page, waiting for its status message.

    Returns False when the page has no search box.
    """
    boxes = page.locator("main input[type='search']").all()
    for box in boxes:
        box.fill("patrol")
        box.press("Enter")  # search runs on submit, loading its runtime the first time
        expect(page.locator("main [role='status']").first).not_to_be_empty()
    return bool(boxes)


def give_consent(page: Page) -> None:
    """Accepts analytics as a reader would: in the banner, or in the cookies page's form."""
    if banner_expected(page):
        page.locator(BANNER).locator("[data-cookie-choice='accept']").click()  # in any language
        page.locator("[data-cookie-confirmation='accept'] [data-cookie-hide]").click()
    else:
        form = page.locator(SETTINGS_FORM)
        form.locator("input[type='radio'][value='yes']").first.check()
        form.locator("button[type='submit'], input[type='submit']").first.click()


def test_the_page_list_is_the_served_build(built_example):
    assert tuple(page_addresses(built_example)) == PAGES
    assert "/" in PAGES and len(PAGES) > 10


def test_the_browser_checks_run_on_every_page_but_the_helper_s_steps_and_one_of_each_layout():
    steps = [address for address in PAGES if helper_layout(GOLDEN, address)]
    assert len(steps) > 50 and set(PAGES) - set(steps) < set(CHECKED)
    chosen = {(address.startswith("/cy/"), helper_layout(GOLDEN, address)) for address in CHECKED}
    layouts = {"question", "result", "emergency"}
    assert chosen - {(False, None), (True, None)} == {
        (welsh, layout) for welsh in (False, True) for layout in layouts
    }


@every_page
def test_page_structure_and_no_inline_code(address):
    facts = read_page(GOLDEN, address)
    assert structure_problems(facts) + inline_code_problems(facts) == []


@checked_pages
def test_axe_finds_nothing_with_the_cookie_banner_showing_or_dismissed(page, base_url, address):
    goto(page, base_url + address)
    if banner_expected(page):
        expect(page.locator(BANNER)).to_be_visible()
        assert run_axe(page) == [], "with the cookie banner showing"
        page.locator(BANNER).locator("[data-cookie-choice='reject']").click()  # in any language
        expect(page.locator("[data-cookie-confirmation='reject']")).to_be_focused()
        assert run_axe(page) == [], "with the banner's confirmation showing"
        page.locator("[data-cookie-confirmation='reject'] [data-cookie-hide]").click()
        expect(page.locator(BANNER)).to_be_hidden()
    assert run_axe(page) == []
    if run_searches(page):
        assert run_axe(page) == [], "with search results showing"


@checked_pages
def test_scripts_run_with_no_console_error_csp_violation_or_early_third_party_request(
    page, base_url, built_example, address
):
    watch = PageWatch(page, base_url)
    goto(page, base_url + address)
    page.keyboard.press("Shift")  # the quick exit's key counter runs, and resets on the next key
    page.keyboard.press("a")
    run_searches(page)
    watch.settle()
    assert watch.outside_before_consent == [], "no request may leave the site before consent"
    watch.consent_given = True
    analytics = page.locator("body").get_attribute("data-analytics-src")
    if analytics and (banner_expected(page) or page.locator(SETTINGS_FORM).count()):
        with page.expect_request(analytics):
            give_consent(page)
    watch.settle()
    assert watch.problems() == []
    loaded = tuple(
        path
        for kind, path in watch.site_requests
        if kind in ("script", "stylesheet", "fetch", "font")
    )
    fonts = [path for kind, path in watch.site_requests if kind == "font"]
    assert fonts == [], "the site uses system fonts only"
    facts = read_page(built_example, address)
    assert weight_problems(page_weight(built_example, facts, loaded)) == []


@checked_pages
def test_page_reflows_at_320px_and_follows_200_percent_text_size(page, base_url, address):
    page.set_viewport_size({"width": 320, "height": 640})
    goto(page, base_url + address)
    assert reflow_problems(page, 320) == []
    page.set_viewport_size({"width": 1280, "height": 720})
    assert text_zoom_problems(page, 2.0) == []
