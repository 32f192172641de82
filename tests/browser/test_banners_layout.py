"""Banners and layout: nothing covers the exit, keyboard focus is visible, every page fits 320px.

The exit staying at the top of the screen as the page scrolls: test_reader_on_a_phone.py."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.outside_hosts import CONSENT_COOKIE, OutsideHosts, build_variant
from tests.support.browser_checks import open_page as open_page_at
from tests.support.netlify_server import NetlifyLikeServer

# Phone and desktop, each with the height of a common screen.
SCREENS = {320: 568, 1280: 800}

# What a focus style can change; a visible one changes at least one of them.
LOOK = """el => {
    const s = getComputedStyle(el);
    return {outline: [s.outlineStyle, s.outlineWidth, s.outlineColor].join(' '),
            shadow: s.boxShadow, background: s.backgroundColor, colour: s.color};
}"""


def open_page(new_context, url: str, width: int, **options):
    """Returns a fresh page at `url`, which must load, `width` wide and a screen tall."""
    return open_page_at(new_context, url, width, SCREENS.get(width, 800), **options)[0]


def answered(new_context, base_url: str, width: int):
    """Returns a fresh page whose reader has already answered the cookie question."""
    context = new_context(viewport={"width": width, "height": SCREENS[width]})
    context.add_cookies([{"name": CONSENT_COOKIE, "value": '{"analytics":false}', "url": base_url}])
    OutsideHosts(context)
    return context.new_page()


def assert_focus_is_visible(before: dict, after: dict, what: str) -> None:
    """The focused look differs from the resting one and adds a solid outline of at least 2px
    or a shadow (the browser's own thin focus ring is not enough)."""
    assert after != before, f"{what} looks the same with and without focus"
    outline_width = float(re.search(r"([\d.]+)px", after["outline"]).group(1))
    solid_outline = (
        not after["outline"].startswith("none")
        and outline_width >= 2
        and "rgba(0, 0, 0, 0)" not in after["outline"]
    )
    new_shadow = after["shadow"] not in ("none", before["shadow"])
    assert solid_outline or new_shadow, f"{what} gains no outline or shadow of its own on focus"


def site_paths(built: object) -> list[str]:
    """Returns the path of every page in the built sitemap, plus the 404 page."""
    tree = etree.parse(built / "sitemap.xml")
    locs = [el.text for el in tree.iter() if el.tag.endswith("loc")]
    return [urlsplit(loc).path for loc in locs if loc.endswith("/")] + ["/404.html"]


@pytest.mark.parametrize("width", SCREENS)
def test_banner_never_covers_the_exit_control(new_context, base_url, width):
    page = open_page(new_context, base_url + "/what-is-asb/", width)
    exit_link = page.locator(".exit-this-page__button")
    banner = page.locator("[data-module='cookie-banner']")
    expect(banner).to_be_visible()
    for state in ("question", "confirmation"):
        exit_box, banner_box = exit_link.bounding_box(), banner.bounding_box()
        assert banner_box["y"] + banner_box["height"] <= exit_box["y"], state
        # Visible without scrolling, and the exit link itself is what a tap there reaches.
        expect(exit_link).to_be_in_viewport(ratio=1)
        centre = (exit_box["x"] + exit_box["width"] / 2, exit_box["y"] + exit_box["height"] / 2)
        assert page.evaluate(
            "([x, y]) => document.elementFromPoint(x, y).closest("
            "'.exit-this-page__button') !== null",
            centre,
        ), state
        if state == "question":
            banner.get_by_role("button", name="Accept additional cookies").click()


@pytest.mark.parametrize("path", ["/", "/cookies/", "/news/2024-07/"])
def test_only_the_exit_bar_is_pinned_so_nothing_else_can_cover_it(page, base_url, path):
    page.goto(base_url + path)
    pinned = page.evaluate("""() => [...document.querySelectorAll('*')]
        .filter(el => ['fixed', 'sticky'].includes(getComputedStyle(el).position))
        .map(el => [el.className, getComputedStyle(el).position, el.parentElement.tagName])""")
    # Sticky, and directly in <body>: a sticky box sticks only inside its parent, and the body
    # runs to the end of the page.
    assert pinned == [["exit-this-page", "sticky", "BODY"]]


@pytest.mark.parametrize("width", SCREENS)
def test_keyboard_reaches_banner_buttons_and_exit_with_visible_focus(new_context, base_url, width):
    page = open_page(new_context, base_url + "/what-is-asb/", width)
    targets = {
        "Accept additional cookies": "[data-cookie-choice='accept']",
        "Reject additional cookies": "[data-cookie-choice='reject']",
        "View cookies": "[data-cookie-question] a",
        "Skip to main content": ".skip-link",
        "Emergency: Leave this site": ".exit-this-page__button",
    }
    resting = {name: page.locator(selector).evaluate(LOOK) for name, selector in targets.items()}
    for name in targets:  # in this order, first on the page
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent.replace(/\\s+/g, ' ').trim()")
        assert focused == name
        expect(page.locator(targets[name])).to_be_in_viewport()
        assert_focus_is_visible(resting[name], page.locator(targets[name]).evaluate(LOOK), name)

    # Back to Reject (Shift+Tab must not count towards the Shift x3 exit), then answer and
    # hide the banner with the keyboard alone.
    for _ in range(3):
        page.keyboard.press("Shift+Tab")
    expect(page.locator(targets["Reject additional cookies"])).to_be_focused()
    page.keyboard.press("Enter")
    confirmation = page.locator("[data-cookie-confirmation='reject']")
    expect(confirmation).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    hide = confirmation.get_by_role("button", name="Hide cookie message")
    expect(hide).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("[data-module='cookie-banner']")).to_be_hidden()


@pytest.mark.parametrize("path", ["/", "/cookies/", "/news/", "/news/2024-07/", "/what-is-asb/"])
def test_every_focusable_element_shows_focus(page, base_url, path):
    page.goto(base_url + path)
    plain = page.evaluate(f"""() => {{
        const look = {LOOK};
        const focusable = [...document.querySelectorAll('a[href], button, input, select, textarea')]
            .filter(el => el.checkVisibility() || el.classList.contains('skip-link'));
        return focusable.map(el => {{
            document.activeElement.blur();
            const before = look(el);
            el.focus();
            const after = look(el);
            return [el.outerHTML.slice(0, 60), before, after];
        }});
    }}""")
    assert len(plain) > 10
    for what, before, after in plain:
        assert_focus_is_visible(before, after, what)


@pytest.mark.parametrize("width", SCREENS)
def test_skip_link_shows_on_focus_and_moves_to_the_content(new_context, base_url, width):
    page = answered(new_context, base_url, width)
    page.goto(base_url + "/what-is-asb/")
    skip = page.locator(".skip-link")
    expect(skip).not_to_be_in_viewport()
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport(ratio=1)
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


@pytest.mark.parametrize("width", [320, 640])  # 640: a 1280px screen at 200% zoom
def test_every_page_fits_the_screen_without_sideways_scrolling(
    new_context, base_url, built_example, width
):
    page = open_page(new_context, base_url + "/", width)
    problems = []
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    for path in site_paths(built_example):
        page.goto(base_url + path)
        if path not in ("/cookies/", "/cy/cookies/"):  # it asks in full instead of in the banner
            expect(page.locator("[data-module='cookie-banner']")).to_be_visible()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
    assert problems == []  # no script errors and no Content-Security-Policy violations


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_hidden_attribute_always_hides(new_context, base_url, javascript):
    page = new_context(java_script_enabled=javascript).new_page()
    for path in ("/", "/cookies/"):
        page.goto(base_url + path)
        shown = page.evaluate("""() => [...document.querySelectorAll('[hidden]')]
            .filter(el => getComputedStyle(el).display !== 'none')
            .map(el => el.outerHTML.slice(0, 80))""")
        assert shown == []


def test_phase_banner_asks_for_feedback(page, base_url):
    page.goto(base_url + "/")
    banner = page.locator(".phase-banner")
    expect(banner.locator("strong.tag")).to_have_text("Beta")
    expect(banner).to_contain_text("This is a new site. Your feedback will help us improve it.")
    expect(banner.get_by_role("link", name="Give feedback")).to_have_attribute(
        "href", "https://example.org/feedback"
    )


def test_print_leaves_out_controls_and_shows_where_links_go(page, base_url):
    page.goto(base_url + "/")
    page.emulate_media(media="print")
    for selector in (
        ".exit-this-page",
        "[data-module='cookie-banner']",
        ".phase-banner",
        ".footer__links",
    ):
        expect(page.locator(selector)).to_be_hidden()
    outside_link = page.locator("main a[href^='https://']").first
    href = outside_link.get_attribute("href")
    after = outside_link.evaluate("a => getComputedStyle(a, '::after').content")
    assert href in after
    inside_link = page.locator("main a[href^='/']").first
    assert inside_link.evaluate("a => getComputedStyle(a, '::after').content") in ("none", "normal")


def test_no_banner_and_no_analytics_when_every_cookie_is_essential(
    new_context, example_site, tmp_path
):
    def essential_only(settings):
        settings.pop("analytics")
        settings["cookies"] = [c for c in settings["cookies"] if c["essential"]]

    out = build_variant(example_site, tmp_path / "out", essential_only)
    with NetlifyLikeServer(out) as server:
        context = new_context()
        outside = OutsideHosts(context)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        for path in ("/", "/what-is-asb/", "/cookies/"):
            page.goto(server.url + path)
            expect(page.locator(".cookie-banner")).to_have_count(0)
            assert page.locator("body").get_attribute("data-analytics-src") is None
        expect(page.locator("form")).to_have_count(0)  # nothing to choose on the cookies page
        expect(page.get_by_role("cell", name=CONSENT_COOKIE)).to_be_visible()
        assert outside.hosts_other_than(server.url) == set()
        assert context.cookies() == []
        assert errors == []


def test_no_phase_banner_when_none_is_set(new_context, example_site, tmp_path):
    out = build_variant(
        example_site, tmp_path / "out", lambda settings: settings.pop("phase_banner")
    )
    with NetlifyLikeServer(out) as server:
        page = new_context().new_page()
        page.goto(server.url + "/")
        expect(page.locator(".phase-banner")).to_have_count(0)
        expect(page.locator(".exit-this-page__button")).to_be_visible()
