"""The built "Who should I report this to?" helper, walked link by link like a reader would.

The expected answer for each path is worked out here from data/report-routes.yaml with the
rules the helper promises (landlord answer first, then the problem's report_to, kept on the
route too where the landlord answer says so), not by calling the build's own code, so a
routing mistake in hub/read/helper/routes.py shows up as a mismatch.
"""

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import yaml

from tests.build.test_search_index import index_pages
from tests.conftest import REPO, run_cli, write

DATA = yaml.safe_load((REPO / "data" / "report-routes.yaml").read_text(encoding="utf-8"))
SITE = yaml.safe_load((REPO / "data" / "site.yaml").read_text(encoding="utf-8"))
ORGS = {org["id"]: org for org in DATA["organisations"]}
AREAS = {area["id"]: area for area in DATA["areas"]}
LANDLORDS = {landlord["id"]: landlord for landlord in DATA["landlords"]}
PROBLEMS = {problem["id"]: problem for problem in DATA["problems"]}


class Page(HTMLParser):
    """The parts of a helper page a test needs: choice links, organisations shown, text."""

    def __init__(self, html: str):
        super().__init__()
        self.choices, self.organisations, self.links = [], [], []
        self.recommend = None
        self.in_choice = False
        self.forms = 0
        self.section = ""
        self.sections: dict[str, list[str]] = {}
        self.text = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms += 1
        if tag == "h2" and attrs.get("id"):
            self.section = attrs["id"]
        if tag == "a" and attrs.get("class") == "choice-list__link":
            self.choices.append(attrs["href"])
        elif tag == "a":
            self.links.append(attrs.get("href"))
        if "data-recommend" in attrs:
            self.recommend = attrs["data-recommend"]
        if "data-organisation" in attrs:
            self.organisations.append(attrs["data-organisation"])
            self.sections.setdefault(self.section, []).append(attrs["data-organisation"])


def read(out: Path, url: str) -> Page:
    return Page((out / url.lstrip("/") / "index.html").read_text(encoding="utf-8"))


def walk(out: Path) -> dict[str, Page]:
    """Returns every page reachable from /report/ by following answer links."""
    seen, queue = {}, ["/report/"]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen[url] = read(out, url)
        queue += seen[url].choices
    return seen


def expected_main(problem: dict, landlord: dict | None) -> str:
    if problem.get("landlord_matters") and landlord and landlord["social"]:
        return problem["social_housing_report_to"]
    return problem["report_to"]


def expected_also(problem: dict, landlord: dict | None) -> list[str]:
    """Returns the other organisations a result shows: the problem's `also`, and its usual
    organisation too where the landlord answer keeps it (a tenant's own landlord may not be
    able to act against someone who is not its tenant)."""
    main = expected_main(problem, landlord)
    also = [a["organisation"] for a in problem.get("also", [])]
    if landlord and landlord.get("usual_contact_when") and main != problem["report_to"]:
        also.insert(0, problem["report_to"])
    return [org for org in also if org != main]


def shown(problem: dict, landlord: dict | None) -> list[str]:
    return [expected_main(problem, landlord), *expected_also(problem, landlord)]


def expected_results() -> set[str]:
    """Returns the address of every result the data promises, worked out independently."""
    urls = set()
    for problem in DATA["problems"]:
        base = f"/report/{problem['id']}/"
        for landlord in DATA["landlords"] if problem.get("landlord_matters") else [None]:
            url = base + (f"{landlord['id']}/" if landlord else "")
            if any(ORGS[o].get("per_area") for o in shown(problem, landlord)):
                urls |= {f"{url}{area}/" for area in [*AREAS, "elsewhere"]}
            else:
                urls.add(url)
    return urls


def answers_for(url: str):
    """Returns (problem, landlord, area) from a result page's address."""
    parts = url.strip("/").split("/")[1:]
    problem = PROBLEMS[parts[0]]
    landlord = LANDLORDS[parts[1]] if problem.get("landlord_matters") else None
    rest = parts[2:] if landlord else parts[1:]
    return problem, landlord, (rest[0] if rest else None)


def test_every_problem_in_the_data_is_offered(built_example):
    page = read(built_example, "/report/problem/")
    assert page.choices == [f"/report/{p['id']}/" for p in DATA["problems"]]


def test_walking_every_link_reaches_every_result_the_data_promises(built_example):
    pages = walk(built_example)
    results = {url for url, page in pages.items() if page.recommend}
    assert results == expected_results()
    assert "/report/emergency/" in pages
    # Plain links all the way: nothing needs a form (or JavaScript) to answer a question.
    assert all(page.forms == 0 for page in pages.values())


def test_each_result_recommends_what_the_data_says(built_example):
    for url in expected_results():
        page = read(built_example, url)
        problem, landlord, area = answers_for(url)
        main = expected_main(problem, landlord)
        assert page.recommend == main, url
        org = ORGS[main]
        if org.get("per_area"):
            local = AREAS[area]["contacts"][main] if area in AREAS else None
            name = local["name"] if local else org["name"]
            assert f"Contact {name}" in page.text, url
            web = local.get("web") if local else org["fallback_web"]
            assert web in page.links, url
            if local and AREAS[area].get("example"):
                assert "Example contact details" in page.text, url
        else:
            assert f"Contact {org['name']}" in page.text, url
        assert page.sections.get("also", []) == expected_also(problem, landlord), url
        for guide in problem["guidance"]:
            assert guide in page.links, url
        for item in problem.get("have_ready", []):
            assert item in page.text, url


def test_a_council_or_housing_association_tenant_keeps_the_council_on_the_route(built_example):
    """Renting from a social landlord does not make the council's noise and nuisance team
    irrelevant: the person causing the problem may own their home or rent privately."""
    own_landlord = LANDLORDS["my-landlord"]
    checked = 0
    for url in sorted(expected_results()):
        problem, landlord, _ = answers_for(url)
        if landlord is not own_landlord:
            continue
        page = read(built_example, url)
        assert page.recommend == problem["social_housing_report_to"], url
        assert problem["report_to"] in page.sections["also"], url
        assert "owns their home or rents it privately" in page.text, url
        checked += 1
    assert checked >= 2 * len(AREAS)  # noise and neighbour problems, in every area


def test_crimestoppers_is_offered_only_for_anonymous_information_with_its_limits(built_example):
    limits = ORGS["crimestoppers"]["limits"]
    for url in expected_results():
        page = read(built_example, url)
        problem, _, _ = answers_for(url)
        assert page.recommend != "crimestoppers"
        assert "crimestoppers" not in page.sections.get("also", [])
        if problem.get("anonymous") == "crimestoppers":
            assert page.sections["anonymous"] == ["crimestoppers"], url
            assert limits in page.text, url
            assert f"tel:{SITE['contacts']['crimestoppers'].replace(' ', '')}" in page.links
        else:
            assert "crimestoppers" not in page.organisations, url
            assert limits not in page.text, url


def test_the_danger_question_comes_first_and_leads_to_999(built_example):
    start = read(built_example, "/report/")
    assert start.choices == ["/report/emergency/", "/report/problem/"]
    assert {"tel:999", "tel:18000"} <= set(start.links)  # no extra click for someone in danger
    emergency = read(built_example, "/report/emergency/")
    assert "tel:999" in emergency.links
    assert "tel:18000" in emergency.links  # Relay UK, emergency
    assert "registered your phone for emergency SMS" in emergency.text


def test_result_pages_let_the_reader_change_each_answer(built_example):
    page = read(built_example, "/report/noise/neither/chesterfield/")
    for back in ("/report/", "/report/problem/", "/report/noise/", "/report/noise/neither/"):
        assert back in page.links
    assert "Chesterfield" in page.text


def test_the_start_and_problem_pages_are_in_the_search_index(built_example):
    indexed = {entry["url"] for pages in index_pages(built_example).values() for entry in pages}
    helper = {url for url in indexed if url.startswith(("/report/", "/cy/report/"))}
    problems = {path.parent.name for path in (built_example / "report").glob("*/index.html")}
    problems -= {"problem", "emergency"}  # questions every reader passes, not problems
    # Each language's start page and each problem's first page (listed under its name), no
    # step after those.
    assert helper == {"/report/", "/cy/report/"} | {
        f"{prefix}/report/{problem}/" for problem in problems for prefix in ("", "/cy")
    }
    sitemap = (built_example / "sitemap.xml").read_text()
    assert "/report/</loc>" in sitemap and "/report/noise/" not in sitemap


def test_a_missing_area_contact_fails_the_build_with_its_line(example_site, tmp_path):
    routes = example_site / "data" / "report-routes.yaml"
    text = routes.read_text()
    start = text.index("  - id: high-peak")
    end = text.index("# Answers to")
    write(
        routes,
        text[:start] + "  - id: high-peak\n    name: High Peak\n    contacts: {}\n\n" + text[end:],
    )
    line = text[:start].count("\n") + 1
    out = tmp_path / "out"
    result = run_cli("build", "--site", str(example_site), "--out", str(out), "--no-search")
    assert result.returncode == 1
    assert (
        f'data/report-routes.yaml:{line}: area "High Peak" has no contact for "council" '
        "(your local council)"
    ) in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_a_broken_guidance_link_in_the_routes_is_an_error(example_site):
    routes = example_site / "data" / "report-routes.yaml"
    text = routes.read_text().replace("guidance: [/what-is-asb/]", "guidance: [/what-is-abs/]", 1)
    write(routes, text)
    line = text[: text.index("/what-is-abs/")].count("\n") + 1
    result = run_cli("check", "--site", str(example_site))
    assert result.returncode == 1
    assert (
        f'data/report-routes.yaml:{line}: problem "fly-tipping": guidance link '
        '"/what-is-abs/" goes to no page; did you mean "/what-is-asb/"?'
    ) in result.stderr


def test_content_may_link_into_the_helper_and_a_page_may_not_take_its_address(example_site):
    write(
        example_site / "content" / "guidance" / "report.md",
        """
        ---
        title: Report
        summary: A page that would clash with the helper.
        section: Reporting ASB
        order: 9
        last_reviewed: 2026-01-01
        review_by: 2027-01-01
        owner: digital
        ---
        [Start the helper](/report/) or [go straight to noise](/report/noise/).
        """,
    )
    result = run_cli("check", "--site", str(example_site))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        'content/guidance/report.md:1: "report" is used by the site itself: rename the file'
    )
    assert "broken link" not in result.stderr


WELSH = yaml.safe_load((REPO / "data" / "report-routes.cy.yaml").read_text(encoding="utf-8"))
CONTACTS = SITE["contacts"]
# The settings that are numbers to dial, as data/site.yaml gives them. The Silent Solution's
# 55 is pressed during a call, so it is not one.
PHONES = [
    CONTACTS[key]
    for key in (
        "emergency",
        "non_emergency",
        "relay_non_emergency",
        "relay_emergency",
        "crimestoppers",
        "domestic_abuse_helpline",
    )
]


TEL_LINK = re.compile(r'<a [^>]*href="(tel:[^"]*)"[^>]*>([^<]*)</a>')  # (address, words)


def tel(number: str) -> str:
    return "tel:" + number.replace(" ", "")


def main_html(out: Path, url: str) -> str:
    html = (out / url.lstrip("/") / "index.html").read_text(encoding="utf-8")
    return html[html.index("<main") : html.index("</main>")]


def test_a_reader_harmed_by_a_partner_or_family_member_has_a_route_of_their_own(built_example):
    problem = PROBLEMS["domestic-abuse"]
    welsh = next(p for p in WELSH["problems"] if p["id"] == "domestic-abuse")
    for prefix, warning in (("", problem["warning"]), ("/cy", welsh["warning"])):
        url = f"{prefix}/report/domestic-abuse/"
        assert url in read(built_example, f"{prefix}/report/problem/").choices
        page = read(built_example, url)
        # An answer at once: no landlord or area question in between.
        assert page.choices == [] and page.recommend == "domestic-abuse-helpline", url
        for number in ("emergency", "domestic_abuse_helpline", "non_emergency"):
            assert tel(CONTACTS[number]) in page.links, (url, number)
        assert CONTACTS["domestic_abuse_helpline_url"] in page.links
        assert f" {CONTACTS['silent_solution']} " in page.text, url
        assert "Silent Solution" in page.text, url
        assert f"{prefix}/using-this-site-safely/" in page.links, url
        assert " ".join(warning.split()) in page.text, url
        assert "crimestoppers" not in page.organisations, url
        assert tel(CONTACTS["crimestoppers"]) not in page.links, url
        assert "Crimestoppers" not in page.text, url
        # Nothing sends the reader to the council's noise diary or to mediation.
        assert "council" not in page.organisations, url
        assert ORGS["council"]["next"] not in page.text, url
    text = read(built_example, "/report/domestic-abuse/").text
    assert "not safe to talk to the person about the abuse or to try mediation" in text
    assert "Pressing" not in text  # the inset says it once: it does not say where you are
    assert "does not tell the police where you are" in text


def test_the_intimidation_hint_points_to_the_domestic_abuse_route(built_example):
    assert PROBLEMS["domestic-abuse"]["name"] in PROBLEMS["intimidation"]["hint"]
    page = read(built_example, "/report/problem/")
    assert PROBLEMS["intimidation"]["hint"] in page.text


def test_the_emergency_answer_names_the_silent_solution(built_example):
    for url, words in (
        ("/report/emergency/", ["Silent Solution", "does not tell the police where you are"]),
        ("/cy/report/emergency/", ["Silent Solution", "nid yw"]),
    ):
        page = read(built_example, url)
        for said in [*words, f" {CONTACTS['silent_solution']} "]:
            assert said.lower() in page.text.lower(), (url, said)
        assert "if-you-cannot-speak" in main_html(built_example, url)


def test_every_answer_says_what_to_do_when_you_cannot_speak(built_example):
    for url in expected_results():
        page = read(built_example, url)
        assert "Silent Solution" in page.text, url
        assert f"press {CONTACTS['silent_solution']} when you are asked" in page.text, url


def test_every_phone_number_the_helper_shows_is_a_tel_link(built_example):
    """Every number to dial in a helper page's main text is inside a tel: link whose address
    is its digits, and no page's title holds a link."""
    numbers = sorted(PHONES, key=len, reverse=True)
    typed = re.compile("(?<![0-9])(?:{})(?![0-9])".format("|".join(map(re.escape, numbers))))
    checked = 0
    for prefix in ("", "/cy"):
        for url in walk_from(built_example, f"{prefix}/report/"):
            html = main_html(built_example, url)
            for address, words in TEL_LINK.findall(html):
                assert address == tel(words), (url, address, words)
            left = TEL_LINK.sub(" ", html)
            left = unescape(re.sub(r"<[^>]+>", " ", left))
            assert typed.findall(left) == [], url
            head = (built_example / url.lstrip("/") / "index.html").read_text(encoding="utf-8")
            title = head[head.index("<title>") : head.index("</title>")]
            assert "<a" not in title and "&lt;a" not in title, url
            checked += 1
    assert checked > 2 * len(expected_results())
    # The fires hint gives the number to call as a link, on the list of problems.
    assert tel(CONTACTS["emergency"]) in read(built_example, "/report/problem/").links


def walk_from(out: Path, start: str) -> list[str]:
    """Returns every address reachable from `start` by following answer links, and the
    emergency answer."""
    seen, queue = [], [start]
    while queue:
        url = queue.pop()
        if url not in seen:
            seen.append(url)
            queue += read(out, url).choices
    return seen


def test_support_for_victims_gives_the_domestic_abuse_helpline(built_example):
    html = main_html(built_example, "/support-for-victims/")
    helpline = CONTACTS["domestic_abuse_helpline"]
    assert (tel(helpline), helpline) in TEL_LINK.findall(html)
    assert f'href="{CONTACTS["domestic_abuse_helpline_url"]}"' in html
    assert 'href="/using-this-site-safely/"' in html
    assert "Silent Solution" in html
    assert f"press {CONTACTS['silent_solution']} when you are asked" in html
