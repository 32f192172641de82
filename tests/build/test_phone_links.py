"""Every phone number on every page of the example is a tel: link that dials it, with the
number as people say it as its words; and a page's own mistakes with numbers are problems at
their lines.

The numbers are read from data/site.yaml here, not from the code under test, and found in
each page's <body> text (never in <title>, meta tags or attributes) as whole numbers: the
digits exactly as the settings write them, not part of a longer number or a figure such as
1,101 or 1.55. Where two overlap, the longer one is the number ("101" in "18001 101" is Relay
UK's).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO, guidance_page, write
from tests.support.builds import built, line_number, problems_for

# The settings that are numbers to call. The Silent Solution's 55 is not one: it is pressed
# during a 999 call, so a link that dialled it would call 55 instead of the police.
PHONE_SETTINGS = (
    "emergency",
    "non_emergency",
    "relay_non_emergency",
    "relay_emergency",
    "crimestoppers",
    "domestic_abuse_helpline",
)


def contacts(site: Path = REPO) -> dict:
    return yaml.safe_load((site / "data" / "site.yaml").read_text(encoding="utf-8"))["contacts"]


def phone_numbers(site: Path = REPO) -> list[str]:
    """Returns the site's phone numbers as data/site.yaml writes them."""
    return [str(contacts(site)[name]) for name in PHONE_SETTINGS]


def number_pattern(numbers: list[str]) -> re.Pattern:
    """Returns a pattern that finds any of `numbers` as a whole number, longest first."""
    longest_first = sorted(set(numbers), key=len, reverse=True)
    either = "|".join(re.escape(n) for n in longest_first)
    return re.compile(rf"(?<![0-9])(?<![0-9][.,])(?:{either})(?![0-9])(?![.,][0-9])")


class BodyText(HTMLParser):
    """A page's <body> text as it reads, piece by piece, each with the link it is in."""

    SKIPPED = {"script", "style", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[tuple[str, dict | None]] = []  # (text, the <a> it is in)
        self.links: list[dict] = []  # each <a>: its href and its whole text
        self.in_body = False
        self.link: dict | None = None
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.in_body = True
        elif tag in self.SKIPPED:
            self.skipping += 1
        elif tag == "a" and self.in_body:
            self.link = {"href": dict(attrs).get("href") or "", "text": ""}
            self.links.append(self.link)

    def handle_endtag(self, tag):
        if tag == "body":
            self.in_body = False
        elif tag in self.SKIPPED:
            self.skipping -= 1
        elif tag == "a":
            self.link = None

    def handle_data(self, data):
        if self.in_body and not self.skipping:
            self.pieces.append((data, self.link))
            if self.link is not None:
                self.link["text"] += data


def read_body(html: str) -> BodyText:
    parser = BodyText()
    parser.feed(html)
    parser.close()
    return parser


def dials(number: str) -> str:
    return "tel:" + "".join(c for c in number if c.isdigit() or c == "+")


def number_problems(html: str, numbers: list[str]) -> list[str]:
    """Returns each phone number in the body's text that is not a tel: link dialling it with
    the number as its words, and each tel: link that is not such a link to a settings
    number, with some of the words around it."""
    body = read_body(html)
    pattern = number_pattern(numbers)
    problems = []
    for text, link in body.pieces:
        for found in pattern.finditer(text):
            number = found[0]
            around = " ".join(text[max(0, found.start() - 30) : found.end() + 30].split())
            if link is None:
                problems.append(f"{number} is not a link: “{around}”")
            elif link["href"] != dials(number) or link["text"].strip() != number:
                problems.append(
                    f'{number} is in <a href="{link["href"]}">{link["text"].strip()}</a>'
                )
    for link in body.links:
        if link["href"].startswith("tel:") and (
            link["text"].strip() not in numbers or link["href"] != dials(link["text"].strip())
        ):
            problems.append(f'<a href="{link["href"]}">{link["text"].strip()}</a> is wrong')
    return problems


def pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def test_the_check_finds_what_it_is_for():
    numbers = ["999", "101", "18001 101", "55"]
    linked = '<a href="tel:18001101" class="phone">18001 101</a>'
    assert number_problems(f"<title>999</title><body><p>Call {linked}.</p></body>", numbers) == []
    # Words, figures, dates and attributes are not phone numbers.
    assert (
        number_problems(
            '<body><p title="999">1,101 calls, 1.55 an hour, 9999, 2101-01-01, 555, '
            '<a href="/999/">page</a>.</p></body>',
            numbers,
        )
        == []
    )
    assert number_problems("<body><p>Call 999 or 18001 101, or press 55.</p></body>", numbers) == [
        "999 is not a link: “Call 999 or 18001 101, or press 55.”",
        "18001 101 is not a link: “Call 999 or 18001 101, or press 55.”",
        "55 is not a link: “ll 999 or 18001 101, or press 55.”",  # 30 characters before
    ]
    assert number_problems(
        '<body><a href="tel:999">101</a><a href="/c/">Call 101</a></body>', numbers
    ) == [
        '101 is in <a href="tel:999">101</a>',
        '101 is in <a href="/c/">Call 101</a>',
        '<a href="tel:999">101</a> is wrong',
    ]


def test_every_phone_number_on_every_page_is_a_tel_link(built_example):
    numbers = phone_numbers()
    found = {}
    for path in pages(built_example):
        html = path.read_text(encoding="utf-8")
        if problems := number_problems(html, numbers):
            found[path.relative_to(built_example).as_posix()] = problems
    assert found == {}


def test_the_pages_that_give_numbers_give_them_as_links(built_example):
    # Not a test that passes by finding nothing: these pages call for help by phone.
    def linked(address: str) -> set[str]:
        body = read_body((built_example / address).read_text(encoding="utf-8"))
        return {link["text"] for link in body.links if link["href"].startswith("tel:")}

    emergency, non_emergency, relay, relay_emergency = phone_numbers()[:4]
    assert linked("how-to-report/index.html") == {emergency, non_emergency, relay, relay_emergency}
    assert linked("cy/how-to-report/index.html") == {
        emergency,
        non_emergency,
        relay,
        relay_emergency,
    }
    assert emergency in linked("404.html")
    assert emergency in linked("what-is-asb/index.html")


def test_no_link_dials_the_silent_solution(built_example):
    # 55 is pressed during a silent 999 call: a link would start a call to 55 instead.
    press = dials(str(contacts()["silent_solution"]))
    for path in pages(built_example):
        body = read_body(path.read_text(encoding="utf-8"))
        assert press not in {link["href"] for link in body.links}, path


# A page's own mistakes, each a problem at its line with what to write instead.


def test_a_typed_phone_number_is_a_problem_that_names_its_placeholder(example_site):
    page = write(
        example_site / "content" / "guidance" / "typed.md",
        guidance_page(
            "Typed",
            """
            Call {{ site.contacts.emergency }} now, or 101 later. Not 1,101 or /101/.

            Relay UK: 18001 101.
            """,
        ),
    )
    assert problems_for(example_site) == [
        f"content/guidance/typed.md:{line_number(page, 'or 101 later')}: the phone number 101 "
        "is typed here: write {{ site.contacts.non_emergency }} instead, which shows it as a "
        "link that phones it and follows data/site.yaml (if this 101 is not that phone "
        "number but, say, a count, write it in words)",
        f"content/guidance/typed.md:{line_number(page, 'Relay UK')}: the phone number "
        "18001 101 is typed here: write {{ site.contacts.relay_non_emergency }} instead, which "
        "shows it as a link that phones it and follows data/site.yaml (if this 18001 101 is "
        "not that phone number but, say, a count, write it in words)",
    ]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("## Call {{ site.contacts.emergency }} now", "heading"),
        ("[Call {{ site.contacts.emergency }}](/how-to-report/)", "link"),
        ("[Call us](tel:{{ site.contacts.emergency }})", "link"),
        ("<p>Call {{ site.contacts.emergency }}</p>", "html"),
    ],
)
def test_a_phone_number_where_it_cannot_be_a_link_is_a_problem(example_site, text, place):
    page = write(
        example_site / "content" / "guidance" / "misplaced.md",
        guidance_page("Misplaced", f"Some words.\n\n{text}\n"),
    )
    [problem] = problems_for(example_site)
    start = f"content/guidance/misplaced.md:{line_number(page, text)}: the phone number 999 "
    assert problem.startswith(start)
    expected = {
        "heading": "cannot be in a heading",
        "link": "cannot be inside a link's words or address",
        "html": "cannot be inside HTML typed into the page",
    }
    assert problem[len(start) :].startswith(expected[place])


def test_a_phone_number_in_a_callout_a_list_and_a_table_is_a_link(example_site, tmp_path):
    write(
        example_site / "content" / "guidance" / "placed.md",
        guidance_page(
            "Placed",
            """
            !!! warning
                Call **{{ site.contacts.emergency }}** now.

            - Relay UK: {{ site.contacts.relay_non_emergency }},
              or {{ site.contacts.relay_emergency }}

            | Who | Number |
            | --- | --- |
            | Police | {{ site.contacts.non_emergency }} |
            """,
        ),
    )
    out = built(example_site, tmp_path)
    html = (out / "placed" / "index.html").read_text(encoding="utf-8")
    assert number_problems(html, phone_numbers(example_site)) == []
    links = [(link["href"], link["text"]) for link in read_body(html).links]
    assert [link for link in links if link[0].startswith("tel:")] == [
        ("tel:999", "999"),
        ("tel:18001101", "18001 101"),
        ("tel:18000", "18000"),
        ("tel:101", "101"),
    ]


def test_a_phone_number_setting_a_phone_cannot_dial_is_refused(example_site):
    settings = example_site / "data" / "site.yaml"
    text = settings.read_text(encoding="utf-8")
    text = text.replace('emergency: "999"', 'emergency: "999 (free)"', 1)
    text = text.replace('non_emergency: "101"', "non_emergency: 101", 1)
    settings.write_text(text, encoding="utf-8")
    assert problems_for(example_site) == [
        f"data/site.yaml:{line_number(settings, '999 (free)')}: contacts.emergency must be a "
        "phone number: digits, with a single space between groups as people say it, such as "
        '"0800 555 111" (a + may start it), got "999 (free)"',
        f"data/site.yaml:{line_number(settings, 'non_emergency: 101')}: "
        "contacts.non_emergency is 101 without quotes, which makes it a figure: write it in "
        'quotes, "101"',
    ]
