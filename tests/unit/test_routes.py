"""The report helper's routes file: every mistake named with its line, every path followed."""

import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from hub.core.errors import Problems
from hub.read.helper.model import ELSEWHERE, ROOT
from hub.read.helper.pages import helper_pages, helper_urls, one_stop
from hub.read.helper.reading import read_report_routes
from hub.read.settings import Contacts, Settings

SITE = Settings(
    contacts=Contacts(
        non_emergency="101",
        crimestoppers="0800 555 111",
        online_report_url="https://example.org/report",
    )
)

ROUTES = """
have_ready:
  - what happened
organisations:
  - id: police
    name: the police
    what: Crime that is not an emergency.
    phone: "{{ site.contacts.non_emergency }}"
    web: "{{ site.contacts.online_report_url }}"
    web_text: Report it online
    next: You get a reference number.
  - id: council
    name: your local council
    what: Public spaces.
    per_area: true
    fallback_web: https://example.org/find-your-council
    fallback_web_text: Find your council
    next: The council replies.
  - id: housing
    name: the housing provider
    what: Tenants.
    how: Use the number on your tenancy agreement.
    next: They talk to you.
  - id: crimestoppers
    name: Crimestoppers
    what: A charity.
    phone: "{{ site.contacts.crimestoppers }}"
    anonymous_only: true
    limits: It cannot take reports from victims.
    next: Nobody knows who you are.
areas:
  - id: north
    name: North
    example: true
    contacts:
      council:
        name: North Council
        web: https://example.org/north
        web_text: Report to North Council
  - id: south
    name: South
    contacts:
      council:
        name: South Council
        phone: "0000"
landlords:
  - id: mine
    label: I rent from the council
    short: you rent from the council
    social: true
  - id: neither
    label: Neither
    short: not social housing
    social: false
problems:
  - id: noise
    name: Noise
    hint: Loud music.
    report_to: council
    landlord_matters: true
    social_housing_report_to: housing
    guidance: [/what-is-asb/]
  - id: drugs
    name: Drug dealing
    hint: Selling drugs.
    report_to: police
    anonymous: crimestoppers
    guidance: [/how-to-report/]
"""


def read(tmp_path: Path, text: str):
    """Returns (helper, problems as printed) for a routes file holding `text`."""
    path = tmp_path / "report-routes.yaml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    problems = Problems()
    helper = read_report_routes(path, "data/report-routes.yaml", SITE, problems)
    return helper, [str(p) for p in problems.sorted()]


def line_of(text: str, fragment: str, after: str = "") -> int:
    """Returns the line number of `fragment` in `text` (first after `after`, if given)."""
    lines = textwrap.dedent(text).lstrip("\n").split("\n")
    start = next(n for n, line in enumerate(lines) if after in line) if after else 0
    return next(n for n in range(start, len(lines)) if fragment in lines[n]) + 1


def test_a_good_file_has_no_problems_and_fills_placeholders(tmp_path):
    helper, problems = read(tmp_path, ROUTES)
    assert problems == []
    assert helper.valid
    assert helper.organisations["police"].phone == "101"
    assert helper.organisations["police"].web == "https://example.org/report"


def test_a_site_without_a_routes_file_has_no_helper(tmp_path):
    problems = Problems()
    assert read_report_routes(tmp_path / "absent.yaml", "x", SITE, problems) is None
    assert not problems
    assert helper_urls(None) == []


def test_every_path_ends_on_the_right_organisation(tmp_path):
    helper, _ = read(tmp_path, ROUTES)
    results = {p.url: p for p in helper_pages(helper) if p.kind == "result"}
    assert {url: page.main.name for url, page in results.items()} == {
        "/report/noise/mine/": "the housing provider",
        "/report/noise/neither/north/": "North Council",
        "/report/noise/neither/south/": "South Council",
        f"/report/noise/neither/{ELSEWHERE}/": "your local council",
        "/report/drugs/": "the police",
    }
    # An area's own details replace the organisation's; an unlisted area gets the fallback.
    assert results["/report/noise/neither/north/"].main.example is True
    assert results["/report/noise/neither/south/"].main.phone == "0000"
    assert (
        results[f"/report/noise/neither/{ELSEWHERE}/"].main.web
        == "https://example.org/find-your-council"
    )


def test_questions_link_to_every_next_step(tmp_path):
    helper, _ = read(tmp_path, ROUTES)
    pages = {p.url: p for p in helper_pages(helper)}
    assert [c.href for c in pages[ROOT].choices] == [ROOT + "emergency/", ROOT + "problem/"]
    assert [c.href for c in pages[ROOT + "problem/"].choices] == [
        "/report/noise/",
        "/report/drugs/",
    ]
    assert [c.href for c in pages["/report/noise/"].choices] == [
        "/report/noise/mine/",
        "/report/noise/neither/",
    ]
    assert [c.href for c in pages["/report/noise/neither/"].choices] == [
        "/report/noise/neither/north/",
        "/report/noise/neither/south/",
        f"/report/noise/neither/{ELSEWHERE}/",
    ]
    for page in pages.values():
        for choice in page.choices:
            assert choice.href in pages, choice.href


def test_crimestoppers_only_appears_for_anonymous_information(tmp_path):
    helper, _ = read(tmp_path, ROUTES)
    for page in helper_pages(helper):
        if page.kind != "result":
            continue
        assert page.main.id != "crimestoppers"
        assert all(c.id != "crimestoppers" for c in page.also)
        if page.problem == "drugs":
            assert page.anonymous.id == "crimestoppers"
            assert page.anonymous.limits == "It cannot take reports from victims."
        else:
            assert page.anonymous is None


def test_titles_are_unique(tmp_path):
    helper, _ = read(tmp_path, ROUTES)
    titles = [p.title for p in helper_pages(helper)]
    assert len(titles) == len(set(titles))


def test_an_area_missing_a_local_contact_is_an_error_at_its_line(tmp_path):
    text = ROUTES.replace(
        """      council:
        name: South Council
        phone: "0000"
""",
        """      housing:
        name: South Homes
        phone: "0000"
""",
    )
    helper, problems = read(tmp_path, text)
    line = line_of(text, "- id: south")
    assert (
        f'data/report-routes.yaml:{line}: area "South" has no contact for "council" (your '
        "local council): add it under contacts:, because the helper sends readers from "
        "this area there" in problems
    )
    assert (
        f"data/report-routes.yaml:{line_of(text, 'housing:', '- id: south')}: "
        'areas[south].contacts: "housing" is not an organisation with per_area: true; '
        "use one of: council" in problems
    )
    assert not helper.valid
    assert helper_urls(helper) == [ROOT, ROOT + "emergency/", ROOT + "problem/"]


# (what is wrong, text replaced in ROUTES, its replacement, text on the line named, message)
ONE_MISTAKE = [
    (
        "Crimestoppers as the main contact",
        "    report_to: police\n    anonymous: crimestoppers",
        "    report_to: crimestoppers",
        "report_to: crimestoppers",
        '"crimestoppers" takes anonymous information only, so it can only be offered under '
        "anonymous:, not report_to:",
    ),
    (
        "anonymous naming an ordinary organisation",
        "anonymous: crimestoppers",
        "anonymous: police",
        "anonymous: police",
        "anonymous must name an organisation for anonymous information (one with "
        'anonymous_only: true), but "police" is not one',
    ),
    (
        "a misspelt organisation",
        "report_to: police",
        "report_to: polise",
        "report_to: polise",
        'report_to names an unknown organisation "polise": did you mean "police"?',
    ),
    (
        "a landlord question with nowhere to send tenants",
        "    social_housing_report_to: housing\n",
        "",
        "landlord_matters: true",
        'problem "noise" asks who the landlord is, so it needs social_housing_report_to: who to '
        "contact when the council or a housing association is the landlord",
    ),
    (
        "a local organisation with no fallback",
        "    fallback_web: https://example.org/find-your-council\n",
        "",
        "- id: council",
        'organisation "council" has per_area: true, so it needs fallback_web: where readers '
        "whose area is not listed can find the right office",
    ),
    (
        "an organisation nobody can contact",
        "    how: Use the number on your tenancy agreement.\n",
        "",
        "- id: housing",
        'organisation "housing" has no way to contact it: add phone:, web: or how:',
    ),
    (
        "a problem id the helper uses itself",
        "  - id: drugs",
        "  - id: problem",
        "- id: problem",
        '"problem" is used by the helper itself: choose another id',
    ),
    (
        "the usual contact kept on a route that already starts with it",
        "    short: not social housing\n",
        "    short: not social housing\n    usual_contact_when: if it is still going on\n",
        "- id: neither",
        'landlord "neither" has usual_contact_when but social: false: the problem\'s usual '
        "organisation is already the one to contact first",
    ),
    (
        "another problem id the helper uses",
        "  - id: drugs",
        "  - id: emergency",
        "- id: emergency",
        '"emergency" is used by the helper itself: choose another id',
    ),
]


@pytest.mark.parametrize(
    "old, new, on_line, message",
    [case[1:] for case in ONE_MISTAKE],
    ids=[case[0] for case in ONE_MISTAKE],
)
def test_one_mistake_gives_one_message_at_its_line(tmp_path, old, new, on_line, message):
    assert old in ROUTES
    text = ROUTES.replace(old, new, 1)
    _, problems = read(tmp_path, text)
    assert problems == [f"data/report-routes.yaml:{line_of(text, on_line)}: {message}"]


def test_an_unknown_placeholder_is_an_error_at_its_line(tmp_path):
    text = ROUTES.replace("site.contacts.crimestoppers", "site.contacts.crimestopers")
    _, problems = read(tmp_path, text)
    assert len(problems) == 1
    assert problems[0].startswith(
        f"data/report-routes.yaml:{line_of(text, 'crimestopers')}: unknown placeholder"
    )


def test_a_repeated_id_is_an_error(tmp_path):
    text = ROUTES.replace("  - id: drugs", "  - id: noise")
    _, problems = read(tmp_path, text)
    assert (
        f"data/report-routes.yaml:{line_of(text, '- id: noise', 'hint: Loud')}: problems: "
        'the id "noise" is used twice (first on line '
        f"{line_of(text, '- id: noise')}): give each one its own id" in problems
    )


def test_a_misspelt_field_is_reported_with_a_suggestion(tmp_path):
    text = ROUTES.replace("    hint: Selling drugs.", "    hint: Selling drugs.\n    gudance: []")
    _, problems = read(tmp_path, text)
    assert (
        f"data/report-routes.yaml:{line_of(text, 'gudance')}: unknown field "
        '"problems[2].gudance"; did you mean "problems[2].guidance"?' in problems
    )


def read_with(tmp_path: Path, text: str, site):
    """Returns (helper, problems as printed) for a routes file holding `text`, read with the
    settings `site`."""
    path = tmp_path / "report-routes.yaml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    problems = Problems()
    helper = read_report_routes(path, "data/report-routes.yaml", site, problems)
    return helper, [str(p) for p in problems.sorted()]


# Settings with numbers of the "phone number" kind and the Silent Solution's 55, which is
# pressed during a call and so never dialled.
SETTINGS = Settings(
    contacts=replace(SITE.contacts, emergency="999", silent_solution="55"),
)


def test_a_phone_number_in_a_shown_text_is_a_tel_link_and_the_rest_is_escaped(tmp_path):
    text = ROUTES.replace(
        "    hint: Selling drugs.",
        '    hint: "Selling <b>drugs</b> & more. Call {{ site.contacts.emergency }} now."',
    ).replace(
        "    next: You get a reference number.",
        "    next: Or call {{ site.contacts.non_emergency }}; press "
        "{{ site.contacts.silent_solution }} at {{ site.contacts.online_report_url }}.",
    )
    helper, problems = read_with(tmp_path, text, SETTINGS)
    assert problems == []
    drugs = next(p for p in helper.problems if p.id == "drugs")
    assert drugs.hint == (
        "Selling &lt;b&gt;drugs&lt;/b&gt; &amp; more. Call "
        '<a href="tel:999" class="phone">999</a> now.'
    )
    # 55 and a web address are not numbers to dial: the text around them is as written.
    assert helper.organisations["police"].next == (
        'Or call <a href="tel:101" class="phone">101</a>; press 55 at https://example.org/report.'
    )
    # The contact card makes the links for phone and relay, so they stay as written.
    assert helper.organisations["police"].phone == "101"
    assert helper.organisations["crimestoppers"].phone == "0800 555 111"
    assert not hasattr(helper.organisations["police"].phone, "__html__")


def test_a_phone_number_where_it_cannot_be_a_link_is_an_error_at_its_line(tmp_path):
    # A problem's name stands in page titles and is an answer's link; link words are a link.
    text = ROUTES.replace(
        "    name: Drug dealing", '    name: "Drugs: not {{ site.contacts.emergency }}"'
    ).replace(
        "    web_text: Report it online", '    web_text: "Call {{ site.contacts.crimestoppers }}"'
    )
    _, problems = read_with(tmp_path, text, SETTINGS)
    why = (
        "it stands in page titles, headings or links, where the number cannot be a link "
        "that phones it. Leave it out, and give it in a hint, what, how or next text instead"
    )
    assert problems == [
        f"data/report-routes.yaml:{line_of(text, 'web_text: ')}: web_text cannot hold the "
        f"phone number 0800 555 111: {why}",
        f"data/report-routes.yaml:{line_of(text, 'Drugs: not')}: name cannot hold the phone "
        f"number 999: {why}",
    ]


def test_a_phone_number_typed_in_a_text_is_an_error_at_its_line(tmp_path):
    text = ROUTES.replace("    hint: Selling drugs.", "    hint: Selling drugs. Call 999 now.")
    _, problems = read_with(tmp_path, text, SETTINGS)
    assert len(problems) == 1
    assert problems[0].startswith(
        f"data/report-routes.yaml:{line_of(text, 'Call 999')}: the phone number 999 is typed "
        "here: write {{ site.contacts.emergency }} instead"
    )


def test_a_text_without_a_phone_number_stays_plain_text(tmp_path):
    helper, _ = read_with(tmp_path, ROUTES, SETTINGS)
    hint = next(p for p in helper.problems if p.id == "noise").hint
    assert hint == "Loud music." and not hasattr(hint, "__html__")


def test_the_emergency_answer_names_the_number_as_a_link_but_not_in_its_title(tmp_path):
    helper, _ = read_with(tmp_path, ROUTES, SETTINGS)
    emergency = next(p for p in helper_pages(helper) if p.kind == "emergency")
    assert emergency.heading == 'Call <a href="tel:999" class="phone">999</a> now'
    assert emergency.title == "Someone is in danger: call 999 now"


WARNED = ROUTES.replace(
    "    anonymous: crimestoppers\n    guidance: [/how-to-report/]",
    "    anonymous: crimestoppers\n    guidance: [/how-to-report/]\n"
    "    warning: Do not talk to them about it.",
)


def test_a_problem_warning_is_on_its_answers_only(tmp_path):
    helper, problems = read_with(tmp_path, WARNED, SETTINGS)
    assert problems == []
    warnings = {p.url: p.warning for p in helper_pages(helper) if p.kind == "result"}
    assert warnings.pop("/report/drugs/") == "Do not talk to them about it."
    assert set(warnings.values()) == {""}


def test_a_warning_that_is_not_text_is_an_error_at_its_line(tmp_path):
    text = WARNED.replace("warning: Do not talk to them about it.", "warning: [a, b]")
    _, problems = read_with(tmp_path, text, SETTINGS)
    assert len(problems) == 1
    assert problems[0].startswith(f"data/report-routes.yaml:{line_of(text, 'warning:')}: ")
    assert problems[0].endswith("problems[2].warning must be some text, got a list")


def test_a_description_after_a_question_has_no_second_stop():
    assert one_stop("Find out who to report it to. Who should I report this to?.") == (
        "Find out who to report it to. Who should I report this to?"
    )
    assert one_stop("Find out. Noise: who to contact.") == "Find out. Noise: who to contact."
