"""Cookie consent: nothing before a choice, analytics only after Accept, and a cookies page
that works."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.browser.outside_hosts import (
    ANALYTICS_COOKIE,
    ANALYTICS_SCRIPT,
    CONSENT_COOKIE,
    OutsideHosts,
    consent,
    cookie,
)
from tests.support.browser_checks import open_page

WIDTHS = [320, 1280]
PAGES = ["/", "/what-is-asb/", "/news/", "/cookies/"]


def banner(page):
    return page.locator("[data-module='cookie-banner']")


def answer_banner(page, choice: str) -> None:
    """Presses Accept or Reject and checks the confirmation that replaces the question."""
    verb = {"Accept": "accepted", "Reject": "rejected"}[choice]
    banner(page).get_by_role("button", name=f"{choice} additional cookies").click()
    confirmation = banner(page).locator(f"[data-cookie-confirmation='{choice.lower()}']")
    expect(confirmation).to_be_visible()
    expect(confirmation).to_contain_text(f"You've {verb} additional cookies.")
    expect(confirmation.get_by_role("link", name="change your cookie settings")).to_have_attribute(
        "href", "/cookies/"
    )
    expect(confirmation).to_be_focused()  # screen readers hear what was chosen
    expect(banner(page).locator("[data-cookie-question]")).to_be_hidden()


def settings_form(page):
    return page.locator("[data-module='cookie-settings']")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("width", WIDTHS)
def test_before_any_choice_nothing_leaves_the_site_and_no_cookie_is_set(
    new_context, base_url, width, javascript
):
    page, outside = open_page(new_context, base_url + "/", width, java_script_enabled=javascript)
    for path in PAGES[1:]:
        page.goto(base_url + path)
    assert outside.hosts_other_than(base_url) == set()
    assert page.context.cookies() == []


@pytest.mark.parametrize("width", WIDTHS)
def test_banner_asks_with_equal_buttons_when_javascript_runs(new_context, base_url, width):
    page, _ = open_page(new_context, base_url + "/what-is-asb/", width)
    expect(banner(page)).to_be_visible()
    expect(banner(page)).to_contain_text("We use some essential cookies to make this site work.")
    expect(banner(page)).to_contain_text(
        "We'd like to set additional cookies to understand how you use the site."
    )
    accept = banner(page).get_by_role("button", name="Accept additional cookies").bounding_box()
    reject = banner(page).get_by_role("button", name="Reject additional cookies").bounding_box()
    # Equally prominent: the same height, and neither much wider than the other.
    assert accept["height"] == reject["height"]
    assert abs(accept["width"] - reject["width"]) <= 0.15 * max(accept["width"], reject["width"])
    accept_style = (
        banner(page)
        .get_by_role("button", name="Accept additional cookies")
        .evaluate("b => [getComputedStyle(b).backgroundColor, getComputedStyle(b).fontSize]")
    )
    reject_style = (
        banner(page)
        .get_by_role("button", name="Reject additional cookies")
        .evaluate("b => [getComputedStyle(b).backgroundColor, getComputedStyle(b).fontSize]")
    )
    assert accept_style == reject_style
    expect(banner(page).get_by_role("link", name="View cookies")).to_have_attribute(
        "href", "/cookies/"
    )


def test_banner_stays_hidden_without_javascript(new_context, base_url):
    page, _ = open_page(new_context, base_url + "/", java_script_enabled=False)
    expect(banner(page)).to_be_hidden()


@pytest.mark.parametrize("width", WIDTHS)
def test_accept_saves_consent_and_loads_analytics(new_context, base_url, width):
    page, outside = open_page(new_context, base_url + "/what-is-asb/", width)
    with page.expect_request(ANALYTICS_SCRIPT):
        answer_banner(page, "Accept")
    assert consent(page.context) == {"analytics": True}
    saved = cookie(page.context, CONSENT_COOKIE)
    assert saved["path"] == "/"
    assert saved["sameSite"] == "Lax"
    assert saved["secure"] is False  # plain http here; see the https test below
    lifetime = dt.datetime.fromtimestamp(saved["expires"]) - dt.datetime.now()
    assert dt.timedelta(days=364) < lifetime <= dt.timedelta(days=366)
    script = page.locator(f"script[src='{ANALYTICS_SCRIPT}']")
    expect(script).to_have_attribute("data-measurement-id", "EXAMPLE-123")
    expect(page.locator(f"script[src='{ANALYTICS_SCRIPT}']")).to_have_count(1)

    banner(page).get_by_role("button", name="Hide cookie message").click()
    expect(banner(page)).to_be_hidden()

    # The next page remembers the answer: no question, analytics loaded straight away.
    outside.requests.clear()
    with page.expect_request(ANALYTICS_SCRIPT):
        page.goto(base_url + "/news/")
    expect(banner(page)).to_be_hidden()
    assert outside.hosts_other_than(base_url) == {"analytics.example.org"}
    assert cookie(page.context, ANALYTICS_COOKIE) is not None


@pytest.mark.parametrize("width", WIDTHS)
def test_reject_saves_no_and_loads_no_analytics(new_context, base_url, width):
    page, outside = open_page(new_context, base_url + "/what-is-asb/", width)
    answer_banner(page, "Reject")
    assert consent(page.context) == {"analytics": False}
    page.goto(base_url + "/news/")
    expect(banner(page)).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
    assert outside.hosts_other_than(base_url) == set()
    assert not outside.analytics_requested()
    assert [c["name"] for c in page.context.cookies()] == [CONSENT_COOKIE]


def test_consent_cookie_is_secure_on_https(new_context, site_server):
    # Serve the same built site under an https address, so the browser treats it as secure.
    live = "https://asb-hub.example.org"
    context = new_context()
    OutsideHosts(context)
    context.route(
        f"{live}/**",
        lambda route: route.fulfill(
            response=route.fetch(url=site_server.url + route.request.url[len(live) :])
        ),
    )
    page = context.new_page()
    page.goto(live + "/")
    answer_banner(page, "Reject")
    assert cookie(context, CONSENT_COOKIE)["secure"] is True


def test_cookies_page_without_javascript_explains_and_hides_the_form(new_context, base_url):
    page, _ = open_page(new_context, base_url + "/cookies/", java_script_enabled=False)
    expect(page.locator("[data-cookie-settings-no-js]")).to_be_visible()
    expect(settings_form(page)).to_be_hidden()
    expect(page.get_by_role("cell", name=CONSENT_COOKIE)).to_be_visible()
    expect(page.get_by_role("cell", name=ANALYTICS_COOKIE)).to_be_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_cookies_page_defaults_to_no_and_saving_yes_loads_analytics(new_context, base_url, width):
    page, outside = open_page(new_context, base_url + "/what-is-asb/", width)
    page.get_by_role("link", name="View cookies").click()
    # The page asks the question in full, so the banner does not ask it too.
    expect(banner(page)).to_be_hidden()
    expect(page.locator("[data-cookie-settings-no-js]")).to_be_hidden()
    expect(settings_form(page)).to_be_visible()
    expect(page.get_by_label("No", exact=True)).to_be_checked()
    page.get_by_label("Yes", exact=True).check()
    with page.expect_request(ANALYTICS_SCRIPT):
        page.get_by_role("button", name="Save cookie settings").click()
    saved = page.locator("[data-cookie-saved]")
    expect(saved).to_be_visible()
    expect(saved).to_contain_text("Your cookie preferences have been saved")
    expect(saved).to_be_focused()
    expect(page.locator("[data-cookie-failed]")).to_be_hidden()
    back = saved.get_by_role("link", name="Go back to the page you were looking at")
    expect(back).to_have_attribute("href", "/what-is-asb/")
    assert consent(page.context) == {"analytics": True}
    back.click()
    page.wait_for_url(base_url + "/what-is-asb/")
    assert outside.analytics_requested()


def test_changing_to_no_on_the_cookies_page_deletes_analytics_cookies(new_context, base_url):
    page, outside = open_page(new_context, base_url + "/news/")
    with page.expect_request(ANALYTICS_SCRIPT):
        answer_banner(page, "Accept")
    expect(banner(page).locator("[data-cookie-confirmation='accept']")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert cookie(page.context, ANALYTICS_COOKIE) is not None

    page.goto(base_url + "/cookies/")
    expect(page.get_by_label("Yes", exact=True)).to_be_checked()  # the form shows the saved answer
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Save cookie settings").click()
    expect(page.locator("[data-cookie-saved]")).to_be_visible()
    assert consent(page.context) == {"analytics": False}
    assert cookie(page.context, ANALYTICS_COOKIE) is None

    outside.requests.clear()
    page.goto(base_url + "/what-is-asb/")
    expect(banner(page)).to_be_hidden()
    assert not outside.analytics_requested()
    page.goto(base_url + "/cookies/")
    expect(page.get_by_label("No", exact=True)).to_be_checked()


def test_no_back_link_when_the_reader_did_not_come_from_this_site(new_context, base_url):
    page, _ = open_page(new_context, base_url + "/cookies/")
    page.get_by_role("button", name="Save cookie settings").click()
    expect(page.locator("[data-cookie-saved]")).to_be_visible()
    expect(page.get_by_role("link", name="Go back to the page you were looking at")).to_be_hidden()
    assert consent(page.context) == {"analytics": False}


def test_saving_when_cookies_are_blocked_says_so(new_context, base_url):
    context = new_context()
    OutsideHosts(context)
    # What a browser that blocks cookies looks like to a page: writes vanish, reads are empty.
    context.add_init_script("""Object.defineProperty(Document.prototype, 'cookie', {
        configurable: true, get() { return ''; }, set(value) {} });""")
    page = context.new_page()
    page.goto(base_url + "/cookies/")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Save cookie settings").click()
    failed = page.locator("[data-cookie-failed]")
    expect(failed).to_have_text("Sorry, there was a technical problem. Please try again.")
    expect(failed).to_be_visible()
    expect(failed).to_be_focused()
    expect(page.locator("[data-cookie-saved]")).to_be_hidden()
    assert context.cookies() == []


def test_banner_asks_again_when_a_saved_choice_lacks_a_category(new_context, base_url):
    context = new_context()
    # Saved before analytics cookies existed on the site, so it says nothing about them.
    context.add_cookies([{"name": CONSENT_COOKIE, "value": "{}", "url": base_url}])
    outside = OutsideHosts(context)
    page = context.new_page()
    page.goto(base_url + "/")
    expect(banner(page)).to_be_visible()
    assert not outside.analytics_requested()
