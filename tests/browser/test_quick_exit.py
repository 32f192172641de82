"""Leave this site: the link without JavaScript; Escape and Shift x3 with it, leaving no way
Back."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.browser.outside_hosts import EXIT_URL, START_URL, OutsideHosts, build_variant
from tests.support.netlify_server import NetlifyLikeServer

WIDTHS = [320, 1280]
HUB_PAGE = "/what-is-asb/"


def exit_link(page):
    return page.locator(".exit-this-page__button")


def open_hub_page_from_elsewhere(page, base_url, path: str = HUB_PAGE) -> int:
    """Opens a hub page after a neutral page; returns the tab's history length on the hub page."""
    page.goto(START_URL)
    page.goto(base_url + path)
    return page.evaluate("history.length")


def add_text_field(page, swallow_keys: bool = False):
    """Adds a text field at the top of the content and returns it.

    With `swallow_keys` it stops every keydown from reaching the document, as widgets that
    close on Escape often do.
    """
    page.evaluate(
        """(swallow) => {
        const field = document.createElement('input');
        field.id = 'test-field';
        if (swallow) field.addEventListener('keydown', (event) => event.stopPropagation());
        document.querySelector('main').prepend(field);
    }""",
        swallow_keys,
    )
    return page.locator("#test-field")


def assert_left_without_trace(page, history_before: int) -> None:
    """The tab shows the exit site, its history did not grow, and Back skips the hub page."""
    page.wait_for_url(EXIT_URL)
    assert page.evaluate("history.length") == history_before
    page.go_back()
    assert page.url == START_URL


@pytest.mark.parametrize("width", WIDTHS)
def test_exit_link_works_with_javascript_disabled(new_context, base_url, width):
    context = new_context(java_script_enabled=False, viewport={"width": width, "height": 568})
    OutsideHosts(context)
    page = context.new_page()
    page.goto(base_url + HUB_PAGE)
    link = exit_link(page)
    expect(link).to_be_in_viewport()
    assert link.get_attribute("href") == EXIT_URL
    assert link.get_attribute("rel") == "nofollow noreferrer"
    # Only the script makes the keyboard hint true, so without it the hint stays hidden.
    expect(page.locator(".exit-this-page__keys")).to_be_hidden()
    expect(page.locator(".exit-this-page a[href='/using-this-site-safely/']")).to_be_visible()
    link.click()
    page.wait_for_url(EXIT_URL)


@pytest.mark.parametrize("width", WIDTHS)
def test_keyboard_hint_names_the_configured_keys(page, base_url, width):
    page.set_viewport_size({"width": width, "height": 568})
    page.goto(base_url + HUB_PAGE)
    expect(page.locator(".exit-this-page__keys")).to_have_text(
        "To leave quickly, press Escape or press Shift 3 times."
    )
    expect(page.locator(".exit-this-page__keys")).to_be_in_viewport()


@pytest.mark.parametrize("width", WIDTHS)
def test_escape_from_the_page_leaves_with_replace(page, base_url, width):
    OutsideHosts(page)
    page.set_viewport_size({"width": width, "height": 568})
    history = open_hub_page_from_elsewhere(page, base_url)
    page.locator("h1").click()  # focus is on the page, not a control
    page.keyboard.press("Escape")
    assert_left_without_trace(page, history)


def test_escape_from_inside_the_search_box_leaves(page, base_url):
    OutsideHosts(page)
    history = open_hub_page_from_elsewhere(page, base_url, "/search/")
    search_box = page.get_by_role("searchbox", name="Search this site")
    search_box.fill("noise at night")
    search_box.press("Escape")
    assert_left_without_trace(page, history)


def test_escape_when_a_field_stops_the_key_still_leaves(page, base_url):
    OutsideHosts(page)
    history = open_hub_page_from_elsewhere(page, base_url)
    add_text_field(page, swallow_keys=True).press("Escape")
    assert_left_without_trace(page, history)


@pytest.mark.parametrize("width", WIDTHS)
def test_shift_three_times_leaves_with_replace(page, base_url, width):
    OutsideHosts(page)
    page.set_viewport_size({"width": width, "height": 568})
    history = open_hub_page_from_elsewhere(page, base_url)
    for _ in range(3):
        page.keyboard.press("Shift")
    assert_left_without_trace(page, history)


def test_shift_presses_are_counted_for_screen_readers(page, base_url):
    page.goto(base_url + HUB_PAGE)
    status = page.locator("[data-exit-status]")
    page.keyboard.press("Shift")
    expect(status).to_have_text("Shift, press 2 more times to leave this site.")
    page.keyboard.press("Shift")
    expect(status).to_have_text("Shift, press 1 more time to leave this site.")
    page.keyboard.press("a")
    expect(status).to_have_text("")


def test_typing_capital_letters_does_not_leave(page, base_url):
    page.goto(base_url + HUB_PAGE)
    field = add_text_field(page)
    for letter in "ASB":  # Shift down, letter, Shift up: three Shift presses in all
        field.press(f"Shift+{letter}")
    expect(field).to_have_value("ASB")
    # The exit hides the page before it leaves, and the keys were handled before press returned.
    assert page.evaluate("document.body.hidden") is False
    assert page.url == base_url + HUB_PAGE


def watch_content(page, event: str) -> None:
    """Records, in the tab's sessionStorage, whether the page's content is on screen when a
    window listener for `event` runs after the exit script's own.

    Checked inside the page, in the same task as the exit: once the next site is requested,
    Playwright cannot run code in the page that is leaving. sessionStorage outlives the visit
    to the other site, so `content_seen` reads it back from the same tab afterwards.
    """
    page.evaluate(
        """(event) => window.addEventListener(event, () => {
        const visible = document.querySelector('main').checkVisibility();
        sessionStorage.setItem('content-seen', JSON.stringify([visible]));
    })""",
        event,
    )


def content_seen(page, base_url) -> list[bool]:
    """Returns what `watch_content` recorded, by coming back to the hub in the same tab."""
    page.goto(base_url + "/")
    return json.loads(page.evaluate("sessionStorage.getItem('content-seen') || '[]'"))


def test_clicking_the_exit_hides_the_page_at_once_then_replaces_it(page, base_url):
    OutsideHosts(page)
    history = open_hub_page_from_elsewhere(page, base_url)
    watch_content(page, "click")
    exit_link(page).click()
    assert_left_without_trace(page, history)
    assert content_seen(page, base_url) == [False]  # hidden before the next site was asked for


def test_a_page_restored_from_the_back_forward_cache_is_usable_again(page, base_url):
    OutsideHosts(page)
    # A 204 answer is a navigation that never happens, so the exited page stays in the tab,
    # hidden, as it would be when the browser later restores it from its back-forward cache.
    page.route(EXIT_URL, lambda route: route.fulfill(status=204))
    page.goto(base_url + HUB_PAGE)
    main = page.locator("main")
    page.keyboard.press("Escape")
    expect(main).to_be_hidden()
    page.evaluate("window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))")
    expect(main).to_be_visible()


def test_only_the_configured_keys_leave(new_context, example_site, tmp_path):
    def shift_only(settings):
        settings["quick_exit"]["keys"] = ["ShiftShiftShift"]

    out = build_variant(example_site, tmp_path / "out", shift_only)
    with NetlifyLikeServer(out) as server:
        page = new_context().new_page()
        outside = OutsideHosts(page)
        page.goto(server.url + HUB_PAGE)
        expect(page.locator(".exit-this-page__keys")).to_have_text(
            "To leave quickly, press Shift 3 times."
        )
        page.keyboard.press("Escape")
        # The exit hides the page before it leaves, and the key was handled before press returned.
        assert page.evaluate("document.body.hidden") is False
        assert EXIT_URL not in outside.requests
        for _ in range(3):
            page.keyboard.press("Shift")
        page.wait_for_url(EXIT_URL)
