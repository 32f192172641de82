"""A reader at risk, on a phone (issue 20): "Leave this site" is always in reach and never
covered, the first screen shows the page's heading (and on the home page how to call 999),
and in-page links and keyboard focus land below the exit bar, never under it.

Each test is one browser (one context) at one screen size, with JavaScript on or off, and
goes through one page of every kind. With JavaScript on, no cookie choice is saved, so the
cookie banner is showing throughout. Screenshots of each page's first screen and of its end
are written to test-screenshots/ at the repository's root (or to $HUB_SCREENSHOTS), for a
person to look at; the folder is not committed.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from tests.browser.outside_hosts import OutsideHosts

REPO = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("HUB_SCREENSHOTS") or REPO / "test-screenshots")

# A phone (touch only: no mouse, no keyboard keys to speak of) and a desktop with a mouse.
SCREENS = {
    "phone": {"viewport": {"width": 360, "height": 740}, "has_touch": True, "is_mobile": True},
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}

# One page of every kind the site builds.
KINDS = {
    "home": "/",
    "guidance": "/using-this-site-safely/",
    "report": "/news/2024-07/",
    "news": "/news/",
    "helper-question": "/report/problem/",
    "helper-answer": "/report/fly-tipping/chesterfield/",
    "search": "/search/",
    "cookies": "/cookies/",
    "not-found": "/no-such-page/",  # answered with 404.html, as Netlify does
    "welsh": "/cy/",
}
HOME_PAGES = ("home", "welsh")  # these show how to call 999 on the first screen
EMERGENCY = yaml.safe_load((REPO / "data" / "site.yaml").read_text(encoding="utf-8"))["contacts"][
    "emergency"
]

BANNER = "[data-module='cookie-banner']"
BAR = ".exit-this-page"

# The exit link's box in the window, and whether a tap at its centre reaches it (the element
# there is the link or inside it), which is false when anything is drawn over it.
EXIT_ON_TOP = """() => {
    const link = document.querySelector('.exit-this-page__button');
    const box = link.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return {top: box.top, bottom: box.bottom, left: box.left, right: box.right,
            reached: hit !== null && link.contains(hit)};
}"""

BOX = """selector => {
    const box = document.querySelector(selector).getBoundingClientRect();
    return {top: box.top, bottom: box.bottom};
}"""

# The box, in the window, of the first place in <main> where `number` is written as a whole
# number (as text or as a link's text), or null.
NUMBER_BOX = """number => {
    const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const found = new RegExp('(^|[^0-9])(' + number + ')([^0-9]|$)').exec(node.data);
        if (!found) continue;
        const range = document.createRange();
        range.setStart(node, found.index + found[1].length);
        range.setEnd(node, found.index + found[1].length + number.length);
        const box = range.getBoundingClientRect();
        return {top: box.top, bottom: box.bottom};
    }
    return null;
}"""


# Scrolls the page so that the last link of <main> that can be brought there sits 20px from the
# window's top, and focuses the link before it without scrolling; returns where that link is.
UNDER_THE_BAR = """() => {
    const links = [...document.querySelectorAll('main a[href]')];
    const furthest = document.documentElement.scrollHeight - window.innerHeight;
    for (let i = links.length - 1; i > 0; i -= 1) {
        const at = links[i].getBoundingClientRect().top + window.scrollY - 20;
        if (at < 0 || at > furthest) continue;
        window.scrollTo(0, at);
        links[i - 1].focus({preventScroll: true});
        return {top: links[i].getBoundingClientRect().top, text: links[i].textContent.trim()};
    }
    return null;
}"""

FOCUSED = """() => {
    const box = document.activeElement.getBoundingClientRect();
    return {top: box.top, bottom: box.bottom, text: document.activeElement.textContent.trim()};
}"""


def open_browser(new_context, screen: str, javascript: bool):
    """Returns a page in a fresh browser (no cookies) at the screen's size."""
    context = new_context(java_script_enabled=javascript, **SCREENS[screen])
    OutsideHosts(context)
    return context.new_page()


def screenshot(page, name: str) -> None:
    """Saves what the window shows now as SHOTS/name.png."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def assert_exit_in_reach(page, where: str) -> dict:
    """The exit link is wholly inside the window and nothing is drawn over it; returns its box."""
    height = page.viewport_size["height"]
    width = page.viewport_size["width"]
    exit_box = page.evaluate(EXIT_ON_TOP)
    assert exit_box["top"] >= 0 and exit_box["bottom"] <= height, f"{where}: exit at {exit_box}"
    assert exit_box["left"] >= 0 and exit_box["right"] <= width, f"{where}: exit at {exit_box}"
    assert exit_box["reached"], f"{where}: something covers the exit link"
    return exit_box


def check_first_screen(page, kind: str, javascript: bool) -> None:
    """Without scrolling: the exit, then the whole h1 below the exit bar (nothing of the page is
    under it), and on a home page the emergency number, all inside the window."""
    height = page.viewport_size["height"]
    assert page.evaluate("window.scrollY") == 0
    if javascript and kind != "cookies":  # the cookies page asks in its own form instead
        expect(page.locator(BANNER)).to_be_visible()
    else:
        expect(page.locator(BANNER)).to_be_hidden()
    assert_exit_in_reach(page, f"{kind}, first screen")
    bar = page.evaluate(BOX, BAR)
    heading = page.evaluate(BOX, "main h1")
    assert bar["bottom"] <= heading["top"] and heading["bottom"] <= height, (
        f"{kind}: the h1 ({heading}) is not wholly on the first screen below the exit ({bar})"
    )
    if kind in HOME_PAGES:
        number = page.evaluate(NUMBER_BOX, EMERGENCY)
        assert number is not None, f"{kind}: {EMERGENCY} is not on the page"
        assert heading["bottom"] <= number["top"] and number["bottom"] <= height, (
            f"{kind}: {EMERGENCY} at {number} is not on the first screen"
        )


def check_end_of_page(page, kind: str, name: str) -> bool:
    """Scrolled to the end (and a screenshot taken): the exit is in reach, and stuck to the top
    of the window when the page scrolled past where it starts. Returns whether it had to stick."""
    start = page.evaluate("document.querySelector('.exit-this-page').offsetTop")
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    scrolled = page.evaluate("window.scrollY")
    screenshot(page, f"{name}-2-end")
    assert_exit_in_reach(page, f"{kind}, scrolled to the end")
    if scrolled > start:
        assert page.evaluate(BOX, BAR)["top"] == 0, f"{kind}: the exit bar did not stick"
    return scrolled > start


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("screen", SCREENS)
def test_exit_in_reach_on_every_kind_of_page(new_context, base_url, screen, javascript):
    page = open_browser(new_context, screen, javascript)
    stuck = []
    for kind, path in KINDS.items():
        response = page.goto(base_url + path)
        assert response.status == (404 if kind == "not-found" else 200), kind
        name = f"{screen}-{'js' if javascript else 'no-js'}-{kind}"
        screenshot(page, f"{name}-1-first-screen")
        check_first_screen(page, kind, javascript)
        # The keyboard hint only where a keyboard is likely (with a mouse, not on a touch
        # screen alone), and only with the script that makes it true.
        hint = page.locator(".exit-this-page__keys")
        assert hint.is_visible() == (javascript and screen == "desktop"), kind
        if check_end_of_page(page, kind, name):
            stuck.append(kind)
    # The long pages really scrolled, so the exit's sticking was tested, not assumed.
    assert {"guidance", "report", "helper-answer"} <= set(stuck)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("screen", SCREENS)
def test_in_page_links_and_focus_land_below_the_exit(new_context, base_url, screen, javascript):
    page = open_browser(new_context, screen, javascript)
    page.goto(base_url + KINDS["guidance"])

    # A link in the page's contents list, to a heading far down the page.
    link = page.locator("main .contents a").last
    target = link.get_attribute("href")
    assert target.startswith("#")
    link.click()
    page.wait_for_url(re.compile(re.escape(target) + "$"))
    bar = page.evaluate(BOX, BAR)
    heading = page.evaluate(BOX, f"[id='{target[1:]}']")
    assert page.evaluate("window.scrollY") > 0
    assert bar["top"] == 0 and bar["bottom"] <= heading["top"] < page.viewport_size["height"], (
        f"{target} at {heading}, the exit bar at {bar}"
    )

    # The skip link, from the end of the page: the content starts below the exit bar.
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.locator(".skip-link").focus()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    assert page.evaluate(BOX, BAR)["bottom"] <= page.evaluate(BOX, "main")["top"]

    # Keyboard focus onto a link that sits under the exit bar, wholly inside the window: the
    # browser scrolls it out from under the bar (WCAG 2.2, 2.4.11 Focus Not Obscured).
    page.evaluate("window.scrollTo(0, 0)")
    placed = page.evaluate(UNDER_THE_BAR)
    bar = page.evaluate(BOX, BAR)
    assert placed is not None and 0 < placed["top"] < bar["bottom"], placed  # under it now
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert focused["text"] == placed["text"]
    assert bar["bottom"] <= focused["top"] and focused["bottom"] <= page.viewport_size["height"], (
        f"focus on {focused['text']!r} at {focused}, under the exit bar at {bar}"
    )
