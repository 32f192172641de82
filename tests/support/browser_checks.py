"""Checks that need a real browser page: axe-core, console and CSP watching, reflow, text size.

Each check returns a list of readable problems (empty when the page passes), so the quality gates
and the tests that prove the gates catch mistakes call exactly the same code.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from playwright.sync_api import Page, Request, Response, Route

from hub import REPO
from tests.browser.outside_hosts import OutsideHosts

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2 at levels A and AA, as axe-core tags its rules.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Runs inside the page. CDP's evaluate is not subject to the page's CSP, so axe runs without
# loosening the policy under test.
_AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                          resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, help: v.help,
                                      targets: v.nodes.map(n => n.target.join(" "))}));
}"""

# Records CSP violations as the page reports them. Playwright injects init scripts itself, so
# this listener runs even though the CSP forbids inline scripts; it never loosens the policy.
_CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline code"}`
                              + (event.sourceFile ? ` in ${event.sourceFile}:${event.lineNumber}` : ""));
});
"""


def goto(page: Page, url: str) -> Response:
    """Returns the response of `page` going to `url`, failing unless it loaded (status 200)."""
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url} did not load"
    return response


def open_page(
    new_context, url: str, width: int = 1280, height: int = 800, **options
) -> tuple[Page, OutsideHosts]:
    """Returns a page of a fresh browser context (no cookies, a `width` by `height` window,
    `options` as Playwright's new_context takes them), opened at `url`, which must load; and
    the stand-ins that answer for the outside hosts, which record every request."""
    context = new_context(viewport={"width": width, "height": height}, **options)
    outside = OutsideHosts(context)
    page = context.new_page()
    goto(page, url)
    return page, outside


def run_axe(page: Page) -> list[str]:
    """Returns one line per axe-core WCAG A/AA violation on the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(_AXE_RUN, AXE_TAGS)
    return [f"{v['id']}: {v['help']} ({', '.join(v['targets'][:5])})" for v in violations]


class PageWatch:
    """Watches a page for console errors, script errors, CSP violations and outside requests.

    Requests to any origin but `site_origin` are answered by the test, never the network: the
    consented analytics script gets an empty script, everything else is refused. `consent_given`
    marks the moment after which the analytics request is expected.
    """

    def __init__(self, page: Page, site_origin: str):
        self.page = page
        self.site_origin = site_origin.rstrip("/")
        self.errors: list[str] = []
        self.outside_before_consent: list[str] = []
        self.outside_after_consent: list[str] = []
        self.site_requests: list[tuple[str, str]] = []  # (resource type, path)
        self.consent_given = False
        page.add_init_script(_CSP_LISTENER)
        page.on(
            "console",
            lambda message: (
                message.type == "error" and self.errors.append(f"console error: {message.text}")
            ),
        )
        page.on("pageerror", lambda error: self.errors.append(f"script error: {error}"))
        self.in_flight, self.quiet_since = 0, time.monotonic()
        page.on("request", self._note_request)
        page.on("requestfinished", lambda _: self._count(-1))
        page.on("requestfailed", lambda _: self._count(-1))
        page.route(lambda url: not self._is_site(url), self._answer_outside)

    def _count(self, change: int) -> None:
        self.in_flight += change
        self.quiet_since = time.monotonic()

    def settle(self, quiet_seconds: float = 0.3, timeout: float = 10) -> None:
        """Waits until no request has been in flight for `quiet_seconds` (scripts finished)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.in_flight <= 0 and time.monotonic() - self.quiet_since >= quiet_seconds:
                return
            self.page.wait_for_timeout(50)  # lets Playwright deliver the page's events

    def _is_site(self, url: str) -> bool:
        return url.startswith(self.site_origin + "/") or url.startswith(("data:", "blob:"))

    def _note_request(self, request: Request) -> None:
        self._count(+1)
        if self._is_site(request.url):
            self.site_requests.append((request.resource_type, urlsplit(request.url).path))
        elif self.consent_given:
            self.outside_after_consent.append(request.url)
        else:
            self.outside_before_consent.append(request.url)

    def _answer_outside(self, route: Route) -> None:
        if self.consent_given and route.request.resource_type == "script":
            route.fulfill(status=200, content_type="text/javascript", body="")
        else:
            route.abort()

    def csp_violations(self) -> list[str]:
        """Returns the CSP violations the current document reported so far."""
        try:
            found = self.page.evaluate("() => window.__cspViolations || []")
        except Exception:  # noqa: BLE001 - the page navigated away or closed; console has them
            return []
        return [f"CSP violation: {text}" for text in found]

    def problems(self) -> list[str]:
        """Returns console errors, script errors, CSP violations and outside requests so far."""
        return (
            self.errors
            + self.csp_violations()
            + [
                f"request to {url} before the reader consented"
                for url in self.outside_before_consent
            ]
        )


def horizontal_overflow(page: Page) -> int:
    """Returns how many CSS pixels the page is wider than the window (0 when it fits)."""
    return page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth"
    )


def reflow_problems(page: Page, width: int = 320) -> list[str]:
    """Returns a problem if the loaded page scrolls sideways at `width` CSS pixels (WCAG 1.4.10)."""
    page.set_viewport_size({"width": width, "height": 640})
    extra = horizontal_overflow(page)
    if extra > 0:
        wide = page.evaluate(f"""() => [...document.querySelectorAll("body *")]
            .filter(e => e.getBoundingClientRect().right > {width} + 1)
            .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : ""))""")
        return [f"at {width}px wide the page scrolls sideways by {extra}px; too wide: {wide}"]
    return []


def text_zoom_problems(page: Page, factor: float = 2.0) -> list[str]:
    """Returns problems when the reader's browser font size is `factor` times the default.

    This sets Chromium's own default font size setting (as a reader would in Settings), then
    checks that body text follows it (WCAG 1.4.4) and nothing scrolls sideways.
    """
    text_size = """() => parseFloat(getComputedStyle(
        document.querySelector("main p") || document.querySelector("main")).fontSize)"""
    before = page.evaluate(text_size)
    session = page.context.new_cdp_session(page)
    session.send(
        "Page.setFontSizes",
        {"fontSizes": {"standard": round(16 * factor), "fixed": round(13 * factor)}},
    )
    after = page.evaluate(text_size)
    found = []
    if after < before * factor * 0.95:
        found.append(
            f"body text grew from {before}px to only {after}px when the reader's font "
            f"size was set to {factor:.0%}: size text in rem or em, not px"
        )
    extra = horizontal_overflow(page)
    if extra > 0:
        found.append(f"at {factor:.0%} text size the page scrolls sideways by {extra}px")
    return found
