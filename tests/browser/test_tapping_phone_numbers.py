"""Phone numbers in a browser (issue 20): on a phone and on a desktop, with JavaScript on and
off, each tel: link on pages made from page text and on the 404 page is shown whole on one
line, dials the number it shows, and a tap on it is left to the phone (nothing on the page
cancels it).

The numbers are read from data/site.yaml here, not from the code under test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.browser.outside_hosts import OutsideHosts

REPO = Path(__file__).resolve().parents[2]
CONTACTS = yaml.safe_load((REPO / "data" / "site.yaml").read_text(encoding="utf-8"))["contacts"]
EMERGENCY, NON_EMERGENCY = CONTACTS["emergency"], CONTACTS["non_emergency"]
RELAY, RELAY_EMERGENCY = CONTACTS["relay_non_emergency"], CONTACTS["relay_emergency"]

SCREENS = {
    "phone": {"viewport": {"width": 360, "height": 740}, "has_touch": True, "is_mobile": True},
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}
# Pages and the numbers each shows in its <main>, in order.
PAGES = {
    "/how-to-report/": [EMERGENCY, NON_EMERGENCY, RELAY, RELAY_EMERGENCY, EMERGENCY],
    "/cy/how-to-report/": [EMERGENCY, NON_EMERGENCY, RELAY, RELAY_EMERGENCY, EMERGENCY],
    "/what-is-asb/": [EMERGENCY],
    "/no-such-page/": [EMERGENCY],  # answered with 404.html, as Netlify does
}

# Records whether the page cancels a tap on a tel: link, then stops the tap from starting a
# call in the test's browser. Added last, on the window, so the page's own listeners run first.
WATCH_TAPS = """() => {
    window.__phoneTaps = [];
    window.addEventListener('click', (event) => {
        const link = event.target.closest('a[href^="tel:"]');
        if (!link) return;
        const cancelled = event.defaultPrevented;
        window.__phoneTaps.push({href: link.getAttribute('href'), cancelled});
        event.preventDefault();
    });
}"""


def dials(number: str) -> str:
    return "tel:" + "".join(c for c in number if c.isdigit() or c == "+")


@pytest.fixture(params=[(screen, js) for screen in SCREENS for js in (True, False)], ids=str)
def reader(request, browser):
    """Yields (a new page on that screen, whether JavaScript is on, whether it is touched)."""
    screen, javascript = request.param
    context = browser.new_context(**SCREENS[screen], java_script_enabled=javascript)
    OutsideHosts(context)
    yield context.new_page(), javascript, SCREENS[screen].get("has_touch", False)
    context.close()


@pytest.mark.parametrize("address", PAGES)
def test_each_phone_number_is_a_whole_link_that_dials_it(reader, base_url, address):
    page, javascript, touch = reader
    page.goto(base_url + address)
    links = page.locator("main a[href^='tel:']")
    assert links.all_inner_texts() == PAGES[address]
    for n, number in enumerate(PAGES[address]):
        link = links.nth(n)
        assert link.get_attribute("href") == dials(number)
        link.scroll_into_view_if_needed()
        assert link.is_visible()
        # White space never breaks a number over two lines (.phone in site.css).
        assert link.evaluate("el => el.getClientRects().length") == 1
    if javascript:  # with it off, nothing on the page can cancel a tap
        page.evaluate(WATCH_TAPS)
        links.first.tap() if touch else links.first.click()
        taps = page.evaluate("() => window.__phoneTaps")
        assert taps == [{"href": dials(PAGES[address][0]), "cancelled": False}]
