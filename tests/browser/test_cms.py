"""The browser editor for real: Debian's Chromium driving the Decap CMS app that the build
serves at /admin/, against decap-server saving into a temporary copy of the example site,
every server on a free port. The forms come from the build's field rules (hub/write/cms.py), so
what they refuse and what they write is what the build refuses and reads.
"""

from __future__ import annotations

import datetime as dt
import filecmp
import html
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import expect

from hub.write.cms import LocalEditor
from tests.conftest import REPO, run_cli
from tests.support.cms import (
    EditingServer,
    add_to_list,
    append_to_text,
    box,
    fill,
    fill_date,
    fill_in_from,
    log_in,
    open_entry,
    publish,
    publish_and_wait,
    refused,
    run_check,
    site_files,
    type_into,
)
from tests.support.files import copy_example
from tests.support.netlify_server import NetlifyLikeServer

NOVEMBER = yaml.safe_load(
    (REPO / "data" / "patrols" / "2024-11.en.yaml").read_text(encoding="utf-8")
)
NOVEMBER_FIGURES = {entry["figure"]: entry["value"] for entry in NOVEMBER["figures"]}
# Next month's report as a comms officer types it, by the labels the form shows.
DECEMBER = {
    "Month": "2024-12",
    "Headline": "Patrols in December found two missing people",
    "Summary": "Officers on extra patrols in December made 12 arrests.",
}
DECEMBER_DAY = ("Publish on", "10", "1", "2025")  # day, month and year, as people write them
DECEMBER_SOURCE = {
    "Publisher": "Derbyshire Constabulary",
    "Source's headline": "December update: patrols continue over the festive season",
    "Source published on": "2025-01-08",  # a full date: the day is known
}
# The figures the source gave, each chosen by the label the site shows it with.
DECEMBER_FIGURES = {
    "Extra patrol hours": "1100",
    "Arrests": "12",
    "Referrals to Immediate Justice": "40",
}


# Screenshots for a person to look at; the folder is not committed.
SHOTS = Path(os.environ.get("HUB_SCREENSHOTS") or REPO / "test-screenshots")
# The form's message for a count typed wrongly: the build's own words for a whole number.
COUNT_RULE = re.escape("Number: it must be a whole number (0 or more), written in digits only")


def add_figure(page, figure: str, value: str) -> None:
    """Adds a figure to the report in the form: chosen by its label, then its number."""
    add_to_list(page, "Add figure", {"Figure": figure, "Number": value})


@pytest.fixture(scope="module")
def editing(tmp_path_factory):
    """Yields `serve --editor` running on a copy of the example site."""
    server = EditingServer(copy_example(tmp_path_factory.mktemp("editing")))
    try:
        yield server
    finally:
        assert server.stop() == 0, server.output


@pytest.fixture(scope="module")
def editor(browser, editing):
    """Yields a browser tab signed in to the editor (kept across this module's tests)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    log_in(page, editing.url)
    yield page
    context.close()


def figure_rows(page) -> dict[str, str]:
    """Returns the report page's figures: each label with its value and note."""
    rows = page.locator("dl.summary-list .summary-list__row")
    return {
        row.locator("dt").inner_text().strip(): " ".join(row.locator("dd").inner_text().split())
        for row in rows.all()
    }


def test_a_report_made_in_the_form_builds_and_shows_the_right_figures(editor, editing, browser):
    site = editing.site
    news = browser.new_page()  # the preview, open in another tab while the editor saves
    news.goto(editing.url + "/news/")
    open_entry(editor, editing.url, "reports/new", "Month")
    editor.evaluate("window.stillTheSamePage = true")
    fill(editor, {**DECEMBER, **DECEMBER_SOURCE})
    fill_date(editor, *DECEMBER_DAY)
    for figure, value in DECEMBER_FIGURES.items():
        add_figure(editor, figure, value)
    # The source's running total of referrals stood at 786 before December (October's report).
    add_to_list(
        editor,
        "Add running total",
        {"Running total of": "Referrals to Immediate Justice", "Total before this month": "786"},
    )
    preview = editor.frame_locator("iframe").first
    expect(preview.get_by_text(DECEMBER["Headline"])).to_be_visible()  # the preview pane
    publish_and_wait(editor)

    written = site / "data" / "patrols" / "2024-12.en.yaml"  # named by its month and language
    assert written.is_file(), sorted(p.name for p in written.parent.iterdir())
    result = run_check(site)
    assert result.returncode == 0, result.stderr
    # Nothing was written in Welsh: whatever Decap wrote for that side, it is no version yet.
    welsh = "data/patrols/2024-12.cy.yaml"
    assert f"has no version in Cymraeg (cy): write {welsh} with its words" in result.stderr
    assert f"\n{welsh}:" not in result.stderr
    saved = yaml.safe_load(written.read_text(encoding="utf-8"))
    assert saved["title"] == DECEMBER["Headline"]
    assert {"figure": "arrests", "value": 12} in [
        {key: entry[key] for key in ("figure", "value")} for entry in saved["figures"]
    ]
    assert saved["published"] == dt.date(2025, 1, 10)  # typed as 10, 1, 2025
    # Written unquoted, the source's day is read back as a date, not as text.
    assert saved["source"]["published"] == dt.date(2025, 1, 8)

    # The preview tab reloads by itself with the new report; the editor's tab does not.
    expect(news.get_by_text(DECEMBER["Headline"])).to_be_visible(timeout=60_000)
    assert editor.evaluate("window.stillTheSamePage") is True
    editing.wait_for("/news/2024-12/", DECEMBER["Headline"])
    news.goto(editing.url + "/news/2024-12/")
    rows = figure_rows(news)
    fewer = NOVEMBER_FIGURES["arrests"] - 12
    assert rows["Arrests"] == f"12 (down {fewer} on November 2024)"
    fewer = NOVEMBER_FIGURES["patrol_hours"] - 1100
    assert rows["Extra patrol hours"] == f"1,100 (down {fewer} on November 2024)"
    total = rows["Referrals to Immediate Justice since the scheme began in July 2023"]
    assert total.startswith(f"{786 + 40} (worked out: 786 before December 2024")
    assert "Stop and searches" not in rows  # not reported, so not shown as 0
    assert "Figures from Derbyshire Constabulary, 8 January 2025." in news.inner_text("main")
    news.close()


def old_title(page_text: str) -> str:
    return yaml.safe_load(page_text.split("---")[1])["title"]


def test_editing_a_guidance_page_changes_only_what_was_edited(editor, editing):
    page_file = editing.site / "content" / "guidance" / "what-is-asb.en.md"
    before = page_file.read_text(encoding="utf-8")
    open_entry(editor, editing.url, "guidance/entries/what-is-asb", "Title")
    summary = "What anti-social behaviour is, in law and in everyday life."
    added = "This paragraph was added in the browser editor."
    fill(editor, {"Summary": summary})
    append_to_text(editor, added)
    # The preview pane lays the page out as the site does, in the site's own stylesheet.
    preview = editor.frame_locator("iframe").first
    expect(preview.locator("main h1")).to_have_text(old_title(before))
    expect(preview.locator("p.lead")).to_have_text(summary)
    expect(preview.locator(".prose")).to_contain_text(added)
    stylesheet = preview.locator("link[rel='stylesheet']")
    expect(stylesheet).to_have_attribute(
        "href", re.compile(r"^/assets/css/site\.[0-9a-f]{10}\.css$")
    )
    publish_and_wait(editor)

    after = page_file.read_text(encoding="utf-8")
    old_meta, new_meta = (yaml.safe_load(text.split("---")[1]) for text in (before, after))
    assert new_meta == {**old_meta, "summary": summary}
    assert after.split("---", 2)[2].startswith(before.split("---", 2)[2].rstrip("\n"))
    body = editing.wait_for("/what-is-asb/", added)
    assert f'<meta name="description" content="{summary}">' in body


def test_the_form_refuses_what_the_build_would_refuse_and_writes_nothing(editor, editing):
    files = site_files(editing.site)
    open_entry(editor, editing.url, "reports/new", "Month")
    fill(editor, {**DECEMBER, "Month": "2025-01", **DECEMBER_SOURCE})
    fill_date(editor, *DECEMBER_DAY)
    add_figure(editor, "Arrests", "12")
    for label, typed, message, good in [
        ("Headline", "", "Fill in Headline.", DECEMBER["Headline"]),
        ("Number", "-1", COUNT_RULE, "12"),
        ("Month", "2025-13", "Month: it must be a month written as YYYY-MM", "2025-01"),
        (
            "Source published on",
            "January 2025",
            "Source published on: it must be a date written as YYYY-MM-DD",
            "2025-01",
        ),
    ]:
        type_into(editor, label, typed)
        publish(editor)
        refused(editor, message)
        assert site_files(editing.site) == files, f"{label} = {typed!r} was written"
        box(editor, label).fill(good)
    # A date is typed as people write it, and one that is not real is refused, not moved on.
    type_into(editor, "Publish on: Day", "30")
    type_into(editor, "Publish on: Month", "2")
    box(editor, "Headline").focus()  # the form checks a box as it is left
    expect(editor.get_by_text("Publish on: it must be a real date")).to_be_visible()
    publish(editor)
    assert site_files(editing.site) == files


def test_a_count_is_refused_as_typed_and_never_changed(editor, editing):
    files = site_files(editing.site)
    open_entry(editor, editing.url, "reports/new", "Month")
    fill(editor, {**DECEMBER, "Month": "2025-02", **DECEMBER_SOURCE})
    fill_date(editor, *DECEMBER_DAY)
    add_figure(editor, "Arrests", "12")
    # Decap's notice at the top comes only for an empty box: here the message is beside it.
    type_into(editor, "Number", "fifteen")
    publish(editor)
    message = editor.get_by_text(re.compile(COUNT_RULE)).first
    expect(message).to_be_visible()
    for typed in ["450.5", "1e3", "007", "1,000"]:
        type_into(editor, "Number", "12")
        box(editor, "Headline").focus()  # the form checks a box as it is left
        expect(message).to_be_hidden()
        type_into(editor, "Number", typed)
        box(editor, "Headline").focus()
        expect(box(editor, "Number")).to_have_value(typed)  # left as typed: nothing cut
        expect(message).to_be_visible()
    publish(editor)
    expect(message).to_be_visible()
    assert site_files(editing.site) == files
    assert message.evaluate("e => getComputedStyle(e).textTransform") == "none"
    SHOTS.mkdir(exist_ok=True)
    editor.screenshot(path=SHOTS / "editor-count-refused.png")
    # The preview shows what was typed, not a number made from it.
    preview = editor.frame_locator("iframe").first
    expect(preview.locator("dl.summary-list").first).to_contain_text("1,000")
    type_into(editor, "Number", "450")
    preview_row = preview.locator(".summary-list__row", has_text="Arrests")
    expect(preview_row.locator("dd")).to_have_text("450")


def test_the_report_preview_shows_the_page_residents_will_see(editor, editing):
    open_entry(editor, editing.url, "reports/entries/2024-07", "Headline")
    preview = editor.frame_locator("iframe").first
    title = "July 2024: more than 700 extra patrol hours and 15 arrests"
    expect(preview.locator("main h1")).to_have_text(title)
    expect(preview.locator("p.caption")).to_have_text("Hotspot patrols: July 2024")
    # The file's published: 2026-11-26, shown day first, as people write it.
    for part, value in (("Day", "26"), ("Month", "11"), ("Year", "2026")):
        expect(box(editor, f"Publish on: {part}")).to_have_value(value)
    expect(preview.locator("h2#figures")).to_have_text("July 2024 in figures")
    rows = preview.locator("dl.summary-list").first.locator(".summary-list__row")
    expect(rows).to_have_count(5)
    shown = {
        row.locator("dt").inner_text(): " ".join(row.locator("dd").inner_text().split())
        for row in rows.all()
    }
    assert shown == {
        "Extra patrol hours": "More than 700",
        "Arrests": "15",
        "Groups dispersed": "15",
        "Referrals to Immediate Justice": "68",
        "Referrals to Immediate Justice since the scheme began in July 2023": "670 (worked out: "
        "602 before July 2024, plus each month's figure since)",
    }
    expect(preview.get_by_text("Not reported by this source")).to_contain_text("Stop and searches")
    expect(preview.locator(".statement__by").first).to_have_text(
        "Who said it: The force's Hotspot Policing manager. Period or baseline: not given by "
        "the source."
    )
    expect(preview.locator("h3").first).to_have_text("A missing child found safe")
    expect(preview.locator("figure.quote figcaption").last).to_contain_text(
        "Nicolle Ndiweni, Police and Crime Commissioner"
    )
    expect(preview.locator(".tag").first).to_have_text("Example text, not a real quotation")
    expect(preview.locator("dl.summary-list--plain")).to_contain_text("September 2024")
    # In the site's own stylesheet, and changing as the form is typed into.
    expect(preview.locator("link[rel='stylesheet']")).to_have_attribute(
        "href", re.compile(r"^/assets/css/site\.[0-9a-f]{10}\.css$")
    )
    type_into(editor, "Headline", "A headline being written")
    expect(preview.locator("main h1")).to_have_text("A headline being written")
    SHOTS.mkdir(exist_ok=True)
    editor.screenshot(path=SHOTS / "editor-report-preview.png", full_page=True)
    # A summary of a longer period is previewed as its page is: named by its period.
    open_entry(editor, editing.url, "summaries/entries/year-to-2024-10", "Headline")
    expect(preview.locator("p.caption")).to_have_text("Hotspot patrols: the year to October 2024")
    expect(preview.locator("h2#figures")).to_have_text("The year to October 2024 in figures")
    expect(preview.get_by_text("This report covers the year to October 2024")).to_be_visible()
    hours = preview.locator(".summary-list__row", has_text="Extra patrol hours").locator("dd")
    expect(hours).to_have_text(re.compile(r"^More than 9,000"))


def test_the_editor_speaks_plainly_and_says_what_local_editing_does(editor, editing):
    open_entry(editor, editing.url, "reports/entries/2024-11", "Headline")
    text = editor.locator("body").inner_text()
    for word in ("locale", "i18n", "Oops", "1 figures", "collection"):
        assert word not in text
    expect(editor.get_by_text("Back to Patrol reports")).to_be_visible()
    expect(editor.locator("p.editor-local-note")).to_contain_text(
        "Publish saves straight into the files, with no review steps"
    )
    # The site's address is the local preview's, so "View on the site" stays here.
    config = yaml.safe_load(editing.get("/admin/config.yml")[2])
    assert config["site_url"] == config["display_url"] == editing.url
    SHOTS.mkdir(exist_ok=True)
    editor.screenshot(path=SHOTS / "editor-plain-words.png")


def test_an_entry_opened_by_its_address_after_another_shows_its_own_words(editor, editing):
    # Typed into the address bar, an address that differs only after "#" does not load the
    # page again: Decap once kept the guidance page's title and summary in the report's form.
    july = yaml.safe_load((editing.site / "data/patrols/2024-07.en.yaml").read_text("utf-8"))
    open_entry(editor, editing.url, "guidance/entries/what-is-asb", "Title")
    editor.goto(f"{editing.url}/admin/#/collections/reports/entries/2024-07")
    expect(box(editor, "Headline")).to_have_value(july["title"], timeout=30_000)
    expect(box(editor, "Summary")).to_have_value(july["summary"])
    editor.goto(f"{editing.url}/admin/#/collections/guidance/entries/what-is-not-asb")
    page = (editing.site / "content/guidance/what-is-not-asb.en.md").read_text("utf-8")
    expect(box(editor, "Title")).to_have_value(old_title(page), timeout=30_000)


def test_a_report_s_welsh_words_are_written_beside_it_and_nothing_else(editor, editing):
    # The right half shows the same report in Welsh: only its words can be typed there, and
    # they are saved in 2024-07.cy.yaml, which the build reads as that report's words.
    english = editing.site / "data" / "patrols" / "2024-07.en.yaml"
    welsh = editing.site / "data" / "patrols" / "2024-07.cy.yaml"
    before = yaml.safe_load(english.read_text(encoding="utf-8"))
    open_entry(editor, editing.url, "reports/entries/2024-07", "Headline", beside="i18n")
    expect(box(editor, "Month", pane=2)).to_be_hidden()  # the same in every language
    headline = "Pennawd newydd ar gyfer patrolau mis Gorffennaf"  # "A new headline for July"
    box(editor, "Headline", pane=2).fill(headline)
    publish_and_wait(editor)

    saved = yaml.safe_load(welsh.read_text(encoding="utf-8"))
    assert saved["title"] == headline
    assert not {"month", "published"} & set(saved)  # no numbers or dates of its own
    assert set(saved["source"]) == {"where"}  # the source's publisher and date are English's
    assert all(set(entry) <= {"figure", "note"} for entry in saved.get("figures", []))
    assert yaml.safe_load(english.read_text(encoding="utf-8")) == before
    result = run_check(editing.site)
    assert result.returncode == 0, result.stderr
    assert "2024-07" not in result.stderr  # its Welsh version is still complete
    editing.wait_for("/cy/news/2024-07/", headline)


def test_a_figure_s_note_added_on_the_welsh_side_is_written_as_words_only(editor, editing):
    # A new item is filled with its fields' defaults, hidden ones too: none may be given for
    # a field that is not words (the English says "more than", not the default "exact").
    english = editing.site / "data" / "patrols" / "2024-07.en.yaml"
    welsh = editing.site / "data" / "patrols" / "2024-07.cy.yaml"
    hours = yaml.safe_load(english.read_text(encoding="utf-8"))["figures"][0]
    assert (hours["figure"], hours["qualifier"]) == ("patrol_hours", "more than")
    open_entry(editor, editing.url, "reports/entries/2024-07", "Headline", beside="i18n")
    note = "patrolau ar droed"  # "on foot"
    add_to_list(
        editor,
        "Add figure",
        {"Figure": "Extra patrol hours", "How the source described it": note},
        pane=2,
    )
    publish_and_wait(editor)

    saved = yaml.safe_load(welsh.read_text(encoding="utf-8"))
    assert saved["figures"] == [{"figure": "patrol_hours", "note": note}]
    result = run_check(editing.site)
    assert result.returncode == 0, result.stderr
    assert "2024-07.cy" not in result.stderr
    editing.wait_for("/cy/news/2024-07/", note)


def test_a_report_filled_in_from_english_on_its_welsh_side_still_builds(editor, editing):
    # "Copy the words from another language" copies whole fields: the figures list and the
    # source come with their numbers, dates and publisher. The build takes an exact copy as
    # the English.
    welsh = editing.site / "data" / "patrols" / "2024-11.cy.yaml"
    assert not welsh.exists()
    open_entry(editor, editing.url, "reports/entries/2024-11", "Headline", beside="i18n")
    fill_in_from(editor, "en", pane=2)
    expect(box(editor, "Headline", pane=2)).to_have_value(NOVEMBER["title"])
    publish_and_wait(editor)

    saved = yaml.safe_load(welsh.read_text(encoding="utf-8"))
    assert saved["figures"] == NOVEMBER["figures"]  # numbers and all
    assert saved["source"]["publisher"] == NOVEMBER["source"]["publisher"]
    result = run_check(editing.site)
    assert result.returncode == 0, result.stderr
    assert "2024-11.cy" not in result.stderr  # a whole Welsh version, if not yet in Welsh
    editing.wait_for("/cy/news/2024-11/", NOVEMBER["title"])
    news = editor.context.new_page()
    news.goto(editing.url + "/cy/news/2024-11/")
    rows = figure_rows(news)
    news.close()
    assert rows["Arestiadau"].startswith(f"{NOVEMBER_FIGURES['arrests']} ")  # the English figure
    assert rows["Oriau patrolau ychwanegol"].startswith("1,264 ")


def test_saving_an_english_page_makes_no_welsh_page_until_one_is_written(editor, editing):
    # Decap writes what-is-asb.cy.md as soon as the English page is saved, with only the
    # settings it copies (section, order, owner): the build reads that as no Welsh page yet.
    open_entry(editor, editing.url, "guidance/entries/what-is-not-asb", "Title")
    fill(editor, {"Summary": "What is not usually anti-social behaviour, and who can help."})
    publish_and_wait(editor)
    editing.wait_for("/what-is-not-asb/", "who can help")
    result = run_check(editing.site)
    assert result.returncode == 0, result.stderr
    wanted = "content/guidance/what-is-not-asb.en.md:1: has no version in Cymraeg (cy)"
    assert wanted in result.stderr
    status, _, _ = editing.get("/cy/what-is-not-asb/")
    assert status == 404


def test_a_page_filled_in_from_english_on_its_welsh_side_is_a_welsh_page(editor, editing):
    welsh = editing.site / "content" / "guidance" / "action-that-can-be-taken.cy.md"
    assert not welsh.exists()
    open_entry(
        editor, editing.url, "guidance/entries/action-that-can-be-taken", "Title", beside="i18n"
    )
    fill_in_from(editor, "en", pane=2)
    title = box(editor, "Title").input_value()
    expect(box(editor, "Title", pane=2)).to_have_value(title)
    publish_and_wait(editor)

    assert welsh.is_file()
    result = run_check(editing.site)
    assert result.returncode == 0, result.stderr
    assert "action-that-can-be-taken" not in result.stderr  # a whole Welsh version
    editing.wait_for("/cy/action-that-can-be-taken/", f"<h1>{html.escape(title)}</h1>")


def test_a_file_the_build_refuses_can_be_fixed_in_the_editor(browser, tmp_path):
    # Broken before the preview ever built: the editor is made without the content, and
    # every page of the preview shows the problem until it is fixed in the form.
    site = copy_example(tmp_path / "site")
    page_file = site / "content" / "guidance" / "what-is-not-asb.en.md"
    text = page_file.read_text(encoding="utf-8")
    old_title = yaml.safe_load(text.split("---")[1])["title"]
    page_file.write_text(
        text.replace(f"title: {old_title}", "title: What is anti-social behaviour?"),
        encoding="utf-8",
    )
    problem = 'the title "What is anti-social behaviour?" is already used by'
    server = EditingServer(site)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        status, _, body = server.get("/")
        assert status == 500 and problem in html.unescape(body)
        assert '<a href="/admin/">editor</a>' in body
        assert problem in server.output
        page = context.new_page()
        log_in(page, server.url)
        open_entry(page, server.url, "guidance/entries/what-is-not-asb", "Title")
        fill(page, {"Title": "What is not anti-social behaviour?"})
        publish_and_wait(page)
        server.wait_for("/what-is-not-asb/", "<h1>What is not anti-social behaviour?</h1>")
        assert server.get("/")[0] == 200
    finally:
        context.close()
        assert server.stop() == 0, server.output


def test_the_editor_page_talks_only_to_its_own_site(page, base_url):
    """The deployed editor (GitHub sign-in, netlify.toml's headers): it loads from the site
    itself, breaks none of its own policy, and reaches no other host before anyone signs in."""
    asked, refusals = [], []
    page.on("request", lambda request: asked.append(request.url))
    page.on(
        "console",
        lambda message: (
            refusals.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(base_url + "/admin/")
    expect(page.get_by_role("button", name="Login with GitHub")).to_be_visible(timeout=30_000)
    origins = {f"{urlsplit(url).scheme}://{urlsplit(url).netloc}" for url in asked}
    assert origins == {base_url}
    assert refusals == []
    assert any(re.search(r"/admin/decap-cms\.js$", url) for url in asked)


# One text field of each kind of file, changed in the editor and then changed back by hand.
ROUND_TRIP = [
    ("settings/entries/site", "Hub name", "data/site.yaml"),
    ("reports/entries/2024-07", "Headline", "data/patrols/2024-07.en.yaml"),
    (
        "summaries/entries/year-to-2024-10",
        "Headline",
        "data/patrols/summaries/year-to-2024-10.en.yaml",
    ),
    ("home/entries/index", "Title", "content/index.en.md"),
    ("guidance/entries/who-to-report-to", "Title", "content/guidance/who-to-report-to.en.md"),
    ("pages/entries/accessibility", "Title", "content/pages/accessibility.en.md"),
]


def build_into(site, out):
    result = run_cli("build", "--site", str(site), "--out", str(out))
    assert result.returncode == 0, result.stderr


def differences(left, right) -> list[str]:
    """Returns every file that differs between two folders, or is in only one."""
    found, folders = [], [filecmp.dircmp(left, right)]
    while folders:
        compared = folders.pop()
        found += [f"{compared.left}/{n}" for n in compared.left_only + compared.right_only]
        found += [f"{compared.left}/{n}" for n in compared.diff_files]
        folders += compared.subdirs.values()
    return found


def test_files_saved_by_the_editor_then_edited_by_hand_build_the_same_site(browser, tmp_path):
    """Hand-written files open in the editor and are saved in its own style (no comments,
    its own quoting and line breaks); changed back by hand, they build the very same site.
    The editor runs under the policy netlify.toml gives /admin/, plus the local backend."""
    site = copy_example(tmp_path / "site")
    before, out = tmp_path / "before", tmp_path / "out"
    build_into(site, before)
    build_into(site, out)
    local = LocalEditor(site)
    config = out / "admin" / "config.yml"
    config.write_text(config.read_text(encoding="utf-8") + local.local_settings())
    toml = (REPO / "netlify.toml").read_text(encoding="utf-8")
    policy = "connect-src 'self' https://api.github.com"
    assert toml.count(policy) == 1
    patched = tmp_path / "netlify.toml"
    patched.write_text(toml.replace(policy, f"{policy} http://127.0.0.1:{local.port}"))
    assert local.start()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        with NetlifyLikeServer(out, toml_path=patched) as server:
            page = context.new_page()
            asked, refusals = [], []
            page.on("request", lambda request: asked.append(request.url))
            page.on(
                "console",
                lambda message: (
                    refusals.append(message.text)
                    if "Content Security Policy" in message.text
                    else None
                ),
            )
            log_in(page, server.url)
            for route, label, _ in ROUND_TRIP:
                open_entry(page, server.url, route, label)
                box(page, label).press("End")
                box(page, label).press_sequentially(" (changed)")
                publish_and_wait(page)
    finally:
        context.close()
        local.stop()
    assert refusals == []
    assert {urlsplit(url).netloc for url in asked} == {
        urlsplit(server.url).netloc,
        f"127.0.0.1:{local.port}",
    }
    for _, _, rel in ROUND_TRIP:
        path = site / rel
        text = path.read_text(encoding="utf-8")
        assert text != (REPO / rel).read_text(encoding="utf-8")  # rewritten by the editor
        assert text.count(" (changed)") == 1, rel
        path.write_text(text.replace(" (changed)", ""), encoding="utf-8")
    after = tmp_path / "after"
    build_into(site, after)
    assert differences(before, after) == []


def test_the_review_steps_work_end_to_end_with_a_backend_that_has_them(browser, editing):
    # decap-server (serve --editor) has no review steps: Publish saves at once. The live
    # site's GitHub backend has them, but needs an account and the network. Decap's own
    # in-browser test backend (test-repo) has the same editorial workflow, with no server, so
    # the built editor is given it here in place of the local one: draft, in review, ready,
    # published, as an officer does it, with the site's own forms.
    def test_backend(route):
        config = yaml.safe_load(route.fetch().text())
        config.pop("local_backend")
        config["backend"] = {"name": "test-repo"}
        assert config["publish_mode"] == "editorial_workflow"  # as the live site has it
        route.fulfill(body=yaml.safe_dump(config), content_type="text/yaml")

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.route("**/admin/config.yml", test_backend)
    log_in(page, editing.url)
    page.goto(f"{editing.url}/admin/#/collections/reports/new")
    expect(box(page, "Month")).to_be_visible(timeout=30_000)
    fill(page, {**DECEMBER, "Month": "2025-03", **DECEMBER_SOURCE})
    fill_date(page, *DECEMBER_DAY)
    page.get_by_role("button", name="Save", exact=True).click()
    status = page.get_by_role("button", name=re.compile(r"^Status: "))
    expect(status).to_have_text("Status: Draft", timeout=30_000)
    for step in ("In review", "Ready"):
        status.click()
        page.get_by_role("menuitem", name=step, exact=True).click()
        expect(status).to_have_text(f"Status: {step}", timeout=30_000)
    assert page.evaluate("Object.keys(window.repoFilesUnpublished)") == ["reports/2025-03"]
    page.once("dialog", lambda dialog: dialog.accept())  # "Are you sure you want to publish?"
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_text("Publish now").click()
    expect(page.get_by_text("Entry published").first).to_be_visible(timeout=30_000)
    saved = page.evaluate("window.repoFiles.data.patrols['2025-03.en.yaml'].content")
    assert yaml.safe_load(saved)["title"] == DECEMBER["Headline"]
    assert page.evaluate("Object.keys(window.repoFilesUnpublished)") == []
    assert not (editing.site / "data/patrols/2025-03.en.yaml").exists()  # in the browser only
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / "editor-review-steps.png")
    context.close()
