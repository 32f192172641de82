"""The site in Welsh, in a real browser: the quick exit, the cookie banner and consent, the
cookies form, the report helper and search work as they do in English, in Welsh words, and
each page's language link lands on the same page in the other language.

(axe-core, the page structure and the scripts' CSP run on every page the build makes,
the Welsh ones among them: tests/browser/test_quality_pages.py.)"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.outside_hosts import (
    ANALYTICS_SCRIPT,
    EXIT_URL,
    START_URL,
    OutsideHosts,
    consent,
)
from tests.browser.test_report_helper_pages import answer
from tests.support.browser_checks import PageWatch
from tests.support.site_checks import example_page_addresses, read_page

WELSH_PAGE = "/cy/how-to-report/"
PAGES = example_page_addresses()


def banner(page):
    return page.locator("[data-module='cookie-banner']")


# ---- every page's language, and the link to its other version ---------------------------


def test_every_page_says_its_language_to_the_browser(built_example):
    # A browser takes the page's language from <html lang> alone: read here from each page
    # served, with no browser, as it is the same for every page.
    assert len([address for address in PAGES if address.startswith("/cy/")]) > 20
    for address in PAGES:
        lang = read_page(built_example, address).lang
        assert lang == ("cy" if address.startswith("/cy/") else "en-GB"), address


@pytest.mark.parametrize(
    "english, welsh",
    [("/how-to-report/", "/cy/how-to-report/"), ("/", "/cy/"), ("/news/", "/cy/news/")],
)
def test_the_language_link_lands_on_the_same_page_in_the_other_language(
    page, base_url, english, welsh
):
    page.goto(base_url + english)
    heading = page.locator("h1").inner_text()
    page.locator("nav.language-links").get_by_role("link", name="Cymraeg").click()
    page.wait_for_url(base_url + welsh)
    assert page.evaluate("document.documentElement.lang") == "cy"
    assert page.locator("h1").inner_text() != heading  # the page, in Welsh
    page.locator("nav.language-links").get_by_role("link", name="English").click()
    page.wait_for_url(base_url + english)
    expect(page.locator("h1")).to_have_text(heading)


def test_a_page_with_no_welsh_version_has_no_language_link(page, base_url):
    page.goto(base_url + "/what-is-asb/")
    expect(page.locator("nav.language-links")).to_have_count(0)


# ---- quick exit -------------------------------------------------------------------------


def test_welsh_exit_link_works_without_javascript(no_javascript, base_url):
    page = no_javascript
    page.goto(base_url + WELSH_PAGE)
    link = page.get_by_role("link", name="Argyfwng: Gadael y safle hwn")
    expect(link).to_be_visible()
    expect(page.locator(".exit-this-page a[href='/cy/using-this-site-safely/']")).to_have_text(
        "Defnyddio'r safle hwn yn ddiogel"
    )
    link.click()
    page.wait_for_url(EXIT_URL)


def test_welsh_escape_leaves_and_back_skips_the_page(page, base_url):
    OutsideHosts(page)
    page.goto(START_URL)
    page.goto(base_url + WELSH_PAGE)
    history = page.evaluate("history.length")
    expect(page.locator(".exit-this-page__keys")).to_have_text(
        "I adael yn gyflym, pwyswch Escape neu pwyswch Shift 3 gwaith."
    )
    page.locator("h1").click()
    page.keyboard.press("Escape")
    page.wait_for_url(EXIT_URL)
    assert page.evaluate("history.length") == history
    page.go_back()
    assert page.url == START_URL


def test_welsh_shift_three_times_leaves_and_the_count_is_said_in_welsh(page, base_url):
    OutsideHosts(page)
    page.goto(base_url + WELSH_PAGE)
    status = page.locator("[data-exit-status]")
    page.keyboard.press("Shift")
    expect(status).to_have_text("Shift, pwyswch 2 gwaith arall i adael y safle hwn.")
    page.keyboard.press("Shift")
    expect(status).to_have_text("Shift, pwyswch 1 mwy o amser i adael y safle hwn.")
    page.keyboard.press("Shift")
    page.wait_for_url(EXIT_URL)


# ---- cookies ----------------------------------------------------------------------------


def test_the_welsh_banner_asks_in_welsh_and_accept_loads_analytics(new_context, base_url):
    context = new_context()
    outside = OutsideHosts(context)
    page = context.new_page()
    page.goto(base_url + WELSH_PAGE)
    expect(banner(page)).to_be_visible()
    expect(banner(page).locator("h2")).to_have_text("Cwcis ar Hyb ASB Swydd Derby")
    expect(banner(page).get_by_role("link", name="Gweld cwcis")).to_have_attribute(
        "href", "/cy/cookies/"
    )
    assert not outside.analytics_requested()
    with page.expect_request(ANALYTICS_SCRIPT):
        banner(page).get_by_role("button", name="Derbyn cwcis ychwanegol").click()
    confirmation = banner(page).locator("[data-cookie-confirmation='accept']")
    expect(confirmation).to_be_focused()
    expect(confirmation).to_contain_text("Rydych chi wedi derbyn cwcis ychwanegol.")
    expect(confirmation.get_by_role("link", name="newid eich gosodiadau cwci")).to_have_attribute(
        "href", "/cy/cookies/"
    )
    assert consent(context) == {"analytics": True}
    confirmation.get_by_role("button", name="Cuddio neges cwci").click()
    expect(banner(page)).to_be_hidden()
    # One answer for the whole site: the English pages do not ask again.
    page.goto(base_url + "/how-to-report/")
    expect(banner(page)).to_be_hidden()


def test_the_welsh_banner_reject_loads_nothing(new_context, base_url):
    context = new_context()
    outside = OutsideHosts(context)
    page = context.new_page()
    page.goto(base_url + "/cy/")
    banner(page).get_by_role("button", name="Gwrthod cwcis ychwanegol").click()
    expect(banner(page).locator("[data-cookie-confirmation='reject']")).to_contain_text(
        "Rydych chi wedi gwrthod cwcis ychwanegol."
    )
    assert consent(context) == {"analytics": False}
    page.goto(base_url + WELSH_PAGE)
    assert not outside.analytics_requested()


def test_the_welsh_cookies_form_defaults_to_no_and_saves_yes(new_context, base_url):
    context = new_context()
    outside = OutsideHosts(context)
    page = context.new_page()
    page.goto(base_url + WELSH_PAGE)
    page.get_by_role("link", name="Gweld cwcis").click()
    page.wait_for_url(base_url + "/cy/cookies/")
    expect(banner(page)).to_be_hidden()  # the page asks the question itself
    expect(
        page.get_by_role("group", name="Ydych chi eisiau derbyn y cwcis dadansoddeg?")
    ).to_be_visible()
    expect(page.get_by_label("Nac ydw", exact=True)).to_be_checked()
    page.get_by_label("Ydw", exact=True).check()
    with page.expect_request(ANALYTICS_SCRIPT):
        page.get_by_role("button", name="Cadw'r gosodiadau cwcis").click()
    saved = page.locator("[data-cookie-saved]")
    expect(saved).to_be_focused()
    expect(saved).to_contain_text("Mae eich dewisiadau cwcis wedi'u cadw")
    back = saved.get_by_role("link", name="Mynd yn ôl i'r dudalen roeddech chi'n edrych arni")
    expect(back).to_have_attribute("href", WELSH_PAGE)
    assert consent(context) == {"analytics": True} and outside.analytics_requested()


def test_the_welsh_cookies_page_without_javascript_explains_in_welsh(no_javascript, base_url):
    page = no_javascript
    page.goto(base_url + "/cy/cookies/")
    expect(page.locator("[data-cookie-settings-no-js]")).to_contain_text("JavaScript")
    expect(page.locator("[data-module='cookie-settings']")).to_be_hidden()
    expect(page.get_by_role("heading", name="Cwcis hanfodol")).to_be_visible()
    expect(
        page.get_by_role(
            "cell", name="Yn cofio a wnaethoch chi dderbyn neu wrthod cwcis dadansoddeg."
        )
    ).to_be_visible()


# ---- the report helper ------------------------------------------------------------------


def test_the_welsh_helper_reaches_a_council_without_javascript(no_javascript, base_url):
    page = no_javascript
    page.goto(base_url + "/cy/report/")
    expect(page.locator("h1")).to_have_text("I bwy ddylwn i roi gwybod am hyn?")
    answer(page, "Nac oes, does neb mewn perygl nawr")
    expect(page.locator("h1")).to_have_text("Beth yw'r broblem?")
    answer(page, "Sŵn")
    answer(page, "Dim un o'r rhain, neu dydw i ddim yn gwybod")
    expect(page.locator("h1")).to_have_text("Ble mae'r broblem yn digwydd?")
    answer(page, "High Peak")
    expect(page.locator("h1")).to_have_text("Pwy i gysylltu â nhw: Cyngor Bwrdeistref High Peak")
    expect(page.get_by_text("Manylion cyswllt enghreifftiol")).to_be_visible()
    assert page.url.endswith("/cy/report/noise/neither/high-peak/")
    page.get_by_role("link", name="Yn ôl", exact=True).click()
    expect(page.locator("h1")).to_have_text("Ble mae'r broblem yn digwydd?")


def test_the_welsh_helper_tells_someone_in_danger_to_call_999(no_javascript, base_url):
    page = no_javascript
    page.goto(base_url + "/cy/report/")
    answer(page, "Oes, mae rhywun mewn perygl neu mae trosedd yn digwydd nawr")
    expect(page.locator("h1")).to_have_text("Ffoniwch 999 nawr")
    expect(page.locator("main a[href='tel:999']").first).to_be_visible()


def test_an_english_page_in_the_welsh_helper_is_marked_as_english(page, base_url):
    page.goto(base_url + "/cy/report/fly-tipping/elsewhere/")
    link = page.locator("#read-more + ul a").first
    expect(link).to_have_attribute("lang", "en-GB")
    expect(link).to_have_text("What is anti-social behaviour?")


# ---- search -----------------------------------------------------------------------------


def search_for(page, label: str, words: str) -> None:
    box = page.get_by_label(label)
    box.fill(words)
    box.press("Enter")


def test_welsh_search_finds_welsh_pages_and_says_so_in_welsh(page, base_url):
    watch = PageWatch(page, base_url)
    page.goto(base_url + "/cy/search/")
    expect(page.locator("[data-search-no-js]")).to_be_hidden()
    search_for(page, "Chwilio'r safle hwn", "dyddiadur")
    status = page.locator("[data-search-status]")
    expect(status).to_have_text(
        re.compile(r"^\d+ (o ganlyniadau|canlyniad) ar gyfer “dyddiadur”\.$")
    )
    hrefs = [a.get_attribute("href") for a in page.locator("[data-search-results] h2 a").all()]
    assert "/cy/how-to-report/" in hrefs
    assert all(href.startswith("/cy/") for href in hrefs)  # the Welsh index alone
    watch.settle()
    assert watch.problems() == []


def test_welsh_search_finds_a_word_typed_without_its_accent(page, base_url):
    page.goto(base_url + "/cy/search/?q=ffon")  # "ffôn", the phone
    expect(page.locator("[data-search-status]")).to_contain_text("ar gyfer “ffon”")
    hrefs = [a.get_attribute("href") for a in page.locator("[data-search-results] h2 a").all()]
    assert "/cy/how-to-report/" in hrefs
    expect(page.locator("[data-search-results] mark").first).to_have_text("ffôn")


def test_welsh_search_with_no_results_says_what_to_do_in_welsh(page, base_url):
    page.goto(base_url + "/cy/search/")
    search_for(page, "Chwilio'r safle hwn", "qwertyzzz")
    expect(page.locator("[data-search-status]")).to_have_text(
        "Dim canlyniadau ar gyfer “qwertyzzz”. Gwiriwch y sillafu, rhowch gynnig ar eiriau "
        "eraill, neu defnyddiwch y rhestr A i Y isod."
    )


def test_english_search_finds_no_welsh_pages(page, base_url):
    page.goto(base_url + "/search/")
    search_for(page, "Search this site", "diary")
    expect(page.locator("[data-search-status]")).to_contain_text("for “diary”")
    hrefs = [a.get_attribute("href") for a in page.locator("[data-search-results] h2 a").all()]
    assert hrefs and not any(href.startswith("/cy/") for href in hrefs)


def test_the_welsh_a_to_z_without_javascript_lists_the_welsh_pages(no_javascript, base_url):
    page = no_javascript
    page.goto(base_url + "/cy/search/")
    expect(page.locator("[data-search-no-js]")).to_be_visible()
    page.get_by_role("link", name="Sut i roi gwybod am ymddygiad gwrthgymdeithasol").click()
    expect(page.locator("h1")).to_have_text("Sut i roi gwybod am ymddygiad gwrthgymdeithasol")


# ---- the page not found -----------------------------------------------------------------


def test_a_missing_welsh_address_gets_the_welsh_page_not_found(page, base_url):
    response = page.goto(base_url + "/cy/no-such-page/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Heb ddod o hyd i'r dudalen")
    assert page.evaluate("document.documentElement.lang") == "cy"
    response = page.goto(base_url + "/no-such-page/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Page not found")
