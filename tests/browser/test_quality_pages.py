"""Quality gates run on every page the example site builds, served with netlify.toml's headers.

The page list comes from a build, so new pages (search, more reports) are covered automatically.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser_checks import PageWatch, reflow_problems, run_axe, text_zoom_problems
from tests.support.site_checks import (
    example_page_addresses,
    inline_code_problems,
    page_addresses,
    page_weight,
    read_page,
    structure_problems,
    weight_problems,
)

PAGES = example_page_addresses()
BANNER = "[data-module='cookie-banner']"
SETTINGS_FORM = "[data-module='cookie-settings']"

every_page = pytest.mark.parametrize("address", PAGES)


def open_page(page: Page, base_url: str, address: str) -> None:
    response = page.goto(base_url + address)
    assert response is not None and response.status == 200, f"{address} did not load"


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


@every_page
def test_page_structure_and_no_inline_code(built_example, address):
    facts = read_page(built_example, address)
    assert structure_problems(facts) + inline_code_problems(facts) == []


@every_page
def test_axe_finds_nothing_with_the_cookie_banner_showing_or_dismissed(page, base_url, address):
    open_page(page, base_url, address)
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


@every_page
def test_scripts_run_with_no_console_error_csp_violation_or_early_third_party_request(
    page, base_url, built_example, address
):
    watch = PageWatch(page, base_url)
    open_page(page, base_url, address)
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


@every_page
def test_page_reflows_at_320px_and_follows_200_percent_text_size(page, base_url, address):
    page.set_viewport_size({"width": 320, "height": 640})
    open_page(page, base_url, address)
    assert reflow_problems(page, 320) == []
    page.set_viewport_size({"width": 1280, "height": 720})
    assert text_zoom_problems(page, 2.0) == []
