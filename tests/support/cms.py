"""Driving the browser editor in tests: `build.py serve --editor` in a subprocess, and small
helpers that work Decap CMS's forms the way an editor does, finding each box by its label.

Labels come from the field rules (hub/), so when a rule's label changes, the test that types
into it names the new label; the helpers themselves know nothing of the site's fields.
"""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.conftest import run_cli
from tests.support.serve import Served

WAIT = 60  # seconds; test runs share the machine with other builds
EDITOR_WAIT = 30_000  # milliseconds for Decap to load an entry or finish saving


def site_files(site: Path) -> dict[str, tuple[int, int]]:
    """Returns each content or data file with its size and time, to tell if any changed."""
    return {
        path.relative_to(site).as_posix(): (path.stat().st_size, path.stat().st_mtime_ns)
        for name in ("content", "data")
        for path in sorted((site / name).rglob("*"))
        if path.is_file()
    }


class EditingServer(Served):
    """`build.py serve --editor` for `site` on a free port, answering once it is made."""

    def __init__(self, site: Path):
        super().__init__(site, 0, editor=True)
        self.wait_until_up()

    def wait_for(self, path: str, text: str) -> str:
        """Returns the preview's page at `path` once it shows `text` (after a rebuild)."""
        deadline = time.monotonic() + WAIT
        while True:
            status, _, body = self.get(path)
            if status == 200 and text in body:
                return body
            assert time.monotonic() < deadline, f"{path} never showed {text!r}: {status}"
            time.sleep(0.2)

    def stop(self) -> int:
        """Stops the server (see Served.stop), killing it if that fails."""
        try:
            return super().stop()
        finally:
            if self.process.poll() is None:
                self.process.kill()


def run_check(site: Path) -> subprocess.CompletedProcess:
    """Returns the finished `build.py check` of `site`."""
    return run_cli("check", "--site", str(site))


# --- working the editor's forms -------------------------------------------------------


def log_in(page: Page, url: str) -> None:
    """Opens the editor and signs in (the local backend's button needs no account)."""
    page.goto(url + "/admin/")
    page.get_by_role("button", name="Login").click()
    expect(page.get_by_role("link", name="Guidance pages")).to_be_visible(timeout=EDITOR_WAIT)


def open_entry(page: Page, url: str, route: str, first_label: str, beside: str = "preview") -> None:
    """Opens the editor at `route` (e.g. "reports/new") and waits for its first box.

    `beside` is what the right half shows: the page's preview, or ("i18n") the same form in
    the site's other language. Decap keeps the choice in the browser, and in a site with
    two languages shows the other language's form unless told otherwise.
    """
    page.goto(f"{url}/admin/")  # no "#": the page is loaded, and no form is left open
    # Decap then goes to its first collection: wait, so that it does not follow the route.
    expect(page).to_have_url(re.compile(r"#/collections/"), timeout=EDITOR_WAIT)
    page.evaluate("pane => localStorage.setItem('cms.right-pane', pane)", beside)
    page.goto(f"{url}/admin/#/collections/{route}")
    page.reload()  # a fresh form, whatever the last test left open
    expect(box(page, first_label)).to_be_visible(timeout=EDITOR_WAIT)


def box(page: Page, label: str, pane: int = 1):
    """Returns the form's input whose label reads `label` (as the rules word it; Decap adds
    " (optional)" to the label of a box that may be left empty). `pane` 2 is the right half:
    the form in the other language, when open_entry() put it there."""
    found = page.locator(f".Pane{pane}")  # react-split-pane's halves, as Decap lays them out
    return found.get_by_label(re.compile(rf"^{re.escape(label)}( \(optional\))?$"))


def fill(page: Page, values: dict[str, str]) -> None:
    """Fills each labelled box with its value, replacing what was there."""
    for label, value in values.items():
        box(page, label).fill(value)


def fill_date(page: Page, label: str, day: str, month: str, year: str) -> None:
    """Fills a date's three boxes, named after its label: "Publish on: Day" and so on."""
    for part, value in (("Day", day), ("Month", month), ("Year", year)):
        box(page, f"{label}: {part}").fill(value)


def add_to_list(page: Page, button: str, values: dict[str, str], pane: int = 1) -> None:
    """Adds an item to a list with its `button` ("Add figure") and fills the new item's boxes
    by their labels. A choice (Decap's searchable select) is made by typing the option as the
    form shows it and pressing Enter; the other boxes are filled. `pane` as for box()."""
    page.locator(f".Pane{pane}").get_by_role("button", name=button, exact=True).click()
    for label, value in values.items():
        target = box(page, label, pane).last  # a new item goes at the end of its list
        if target.get_attribute("role") == "combobox":
            target.click()
            target.press_sequentially(value)
            target.press("Enter")
        else:
            target.fill(value)


def type_into(page: Page, label: str, text: str) -> None:
    """Empties the labelled box and types `text` key by key, as a person would (a number box
    takes only the keys a number can hold, so "fifteen" leaves almost nothing in it).
    Emptying is done with the keys too: Decap does not always hear of a box set to "" by
    Playwright's fill()."""
    target = box(page, label)
    target.click()
    target.press("Control+a")
    target.press("Backspace")
    if text:
        target.press_sequentially(text)


def append_to_text(page: Page, text: str) -> None:
    """Types a new paragraph at the end of the page text (a Markdown source editor)."""
    editor = page.locator("[data-slate-editor]")
    editor.locator("> *").last.click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.type(text)


def fill_in_from(page: Page, locale: str, pane: int = 1) -> None:
    """Presses the form's "Copy the words from another language" and chooses `locale` ("en"),
    accepting Decap's question whether to overwrite what the form holds."""
    found = page.locator(f".Pane{pane}")
    page.once("dialog", lambda dialog: dialog.accept())
    found.get_by_text("Copy the words from another language", exact=True).click()
    found.get_by_role("menuitem", name=locale, exact=True).click()


def publish(page: Page) -> None:
    """Asks the editor to save ("Publish now", since the local backend has no review step)."""
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Publish now").click()


def publish_and_wait(page: Page) -> None:
    publish(page)
    expect(page.get_by_text("Changes saved").first).to_be_visible(timeout=EDITOR_WAIT)


def refused(page: Page, message: str) -> None:
    """Asserts the editor refused to save, showing `message` (a regular expression) by the
    field and its own notice that something is missing or wrong."""
    expect(page.get_by_text(re.compile(message, re.IGNORECASE)).first).to_be_visible()
    expect(page.get_by_text("This cannot be saved yet").first).to_be_visible()
