"""The report helper in a browser with JavaScript off: plain links from question to answer."""

import re

from playwright.sync_api import expect


def answer(page, text: str) -> None:
    page.locator(".choice-list").get_by_role("link", name=text, exact=True).click()


def test_a_reader_without_javascript_reaches_their_council(no_javascript, base_url):
    page = no_javascript
    page.goto(base_url + "/report/")
    expect(page.locator("h1")).to_have_text("Who should I report this to?")
    answer(page, "No, nobody is in danger now")
    expect(page.locator("h1")).to_have_text("What is the problem?")
    answer(page, "Noise")
    answer(page, "Neither of these, or I do not know")
    expect(page.locator("h1")).to_have_text("Where is the problem happening?")
    answer(page, "High Peak")
    expect(page.locator("h1")).to_have_text("Contact High Peak Borough Council")
    expect(page.get_by_text("Example contact details")).to_be_visible()
    assert page.url.endswith("/report/noise/neither/high-peak/")
    page.get_by_role("link", name="Back", exact=True).click()
    expect(page.locator("h1")).to_have_text("Where is the problem happening?")


def test_someone_in_danger_is_told_to_call_999_at_once(no_javascript, base_url):
    page = no_javascript
    page.goto(base_url + "/report/")
    answer(page, "Yes, someone is in danger or a crime is happening now")
    expect(page.locator("h1")).to_have_text("Call 999 now")
    expect(page.locator("main a[href='tel:999']").first).to_be_visible()
    expect(page.locator("main a[href='tel:18000']")).to_be_visible()


def test_a_tenant_is_sent_to_their_housing_provider_and_can_change_answers(no_javascript, base_url):
    page = no_javascript
    page.goto(base_url + "/report/neighbour-problems/")
    answer(page, "I rent my home from the council or a housing association")
    # The council stays on the route (the neighbour may not be the landlord's tenant), so
    # the helper asks where the problem is before it answers.
    expect(page.locator("h1")).to_have_text("Where is the problem happening?")
    answer(page, "Chesterfield")
    expect(page.locator("h1")).to_have_text("Contact the housing provider")
    expect(page.get_by_text("owns their home or rents it privately")).to_be_visible()
    page.get_by_role("link", name="Change your answer to: What is the problem?").click()
    expect(page.locator("h1")).to_have_text("What is the problem?")


def test_the_answers_can_be_chosen_with_the_keyboard(page, base_url):
    page.goto(base_url + "/report/problem/")
    link = page.locator(".choice-list").get_by_role(
        "link", name="Drug dealing or drug use in public"
    )
    link.focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Contact the police")
    expect(page.get_by_role("heading", name="If you want to stay anonymous")).to_be_visible()
    expect(page.get_by_text("cannot take reports from victims")).to_be_visible()


def test_a_reader_harmed_by_a_partner_reaches_the_helpline_on_a_phone(no_javascript, base_url):
    page = no_javascript
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(base_url + "/report/problem/")
    answer(page, "Abuse from a partner, ex-partner or family member")
    # No landlord or area question: the answer comes at once.
    expect(page.locator("h1")).to_have_text("Contact the National Domestic Abuse Helpline")
    main = page.locator("main")
    for number in ("0808 2000 247", "999", "101"):
        link = main.locator("a.phone", has_text=re.compile(f"^{re.escape(number)}$")).first
        expect(link).to_be_visible()
        expect(link).to_have_attribute("href", "tel:" + number.replace(" ", ""))
    expect(main.get_by_text("Silent Solution")).to_be_visible()
    expect(main.locator(".warning-text")).to_contain_text("mediation")
    expect(main.get_by_role("link", name="Using this site safely")).to_be_visible()
    expect(main.get_by_text("Crimestoppers")).to_have_count(0)


def test_the_emergency_answer_says_what_to_do_when_you_cannot_speak(no_javascript, base_url):
    page = no_javascript
    page.goto(base_url + "/report/emergency/")
    expect(page.get_by_role("heading", name="If you cannot speak")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Press 55 when you are asked")
