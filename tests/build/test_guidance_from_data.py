"""Guidance that depends on data follows the data: change a setting or a route, and the page
that shows it changes with it. Expected text is written here from the data files, by hand."""

import re

import yaml

import build
from hub.site import Options
from tests.conftest import REPO, TODAY


def text_of(out, url: str) -> str:
    """Returns a page's main text, tags removed and spaces collapsed."""
    html = (out / url.strip("/") / "index.html").read_text(encoding="utf-8")
    main = html.split("<main")[1].split("</main>")[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).replace("&#39;", "'")


def change_yaml(path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def routes_rows(out) -> dict[str, list[str]]:
    """Returns the who-to-report-to table: problem -> [contact first, contact too] as text."""
    html = (out / "who-to-report-to" / "index.html").read_text(encoding="utf-8")
    table = html.split('class="table table--routes"')[1].split("</table>")[0]
    rows = {}
    for name, cells in re.findall(
        r'<th scope="row"[^>]*><a [^>]+>([^<]+)</a></th>(.*?)</tr>', table, re.S
    ):
        # Each cell's column name, shown on narrow screens only, is not the cell's text.
        cells = re.sub(r'<span class="table__label"[^>]*>[^<]*</span>', "", cells)
        texts = re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S)
        rows[name] = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", t)).strip() for t in texts]
    return rows


def test_the_safety_page_says_what_the_exit_can_and_cannot_hide(built_example):
    page = text_of(built_example, "/using-this-site-safely/")
    assert "Select it to go straight to BBC Weather." in page
    assert "press Escape or press Shift 3 times" in page
    assert "Pressing Back may still show the page of this site that you were on before" in page
    # The Silent Solution, and what it does not do.
    assert "from a mobile and cannot speak" in page and "Press 55 to show" in page
    assert "Pressing 55 does not tell the police where you are." in page
    assert "safe time for them to call you back" in page
    html = (built_example / "using-this-site-safely" / "index.html").read_text()
    assert 'Call <a class="phone" href="tel:08082000247">0808 2000 247</a>.' in html
    assert 'href="https://nationaldahelpline.org.uk"' in html
    assert "it is not safe to talk to the person about it or to try mediation" in page


def test_changing_the_quick_exit_settings_changes_the_safety_page(example_site, tmp_path):
    def neutral_site(settings):
        settings["quick_exit"].update(
            url="https://www.example.org/weather", name="Example Weather", keys=["Escape"]
        )

    change_yaml(example_site / "data" / "site.yaml", neutral_site)
    out = build.build(example_site, tmp_path / "one", Options(today=TODAY, search=False))
    page = text_of(out, "/using-this-site-safely/")
    assert "Select it to go straight to Example Weather." in page
    assert "You can also leave quickly from the keyboard: press Escape." in page
    assert "Shift" not in page and "BBC Weather" not in page
    assert "button still takes you to Example Weather" in page
    header = (out / "using-this-site-safely" / "index.html").read_text().split("</header>")[0]
    assert 'href="https://www.example.org/weather"' in header

    change_yaml(example_site / "data" / "site.yaml", lambda s: s["quick_exit"].update(keys=[]))
    out = build.build(example_site, tmp_path / "two", Options(today=TODAY, search=False))
    page = text_of(out, "/using-this-site-safely/")
    assert "This site has no keyboard shortcut for leaving: use the button." in page
    assert "Escape" not in page


def test_the_who_to_report_to_table_is_the_helpers_routes(built_example):
    routes = yaml.safe_load((REPO / "data" / "report-routes.yaml").read_text(encoding="utf-8"))
    names = {org["id"]: org["name"] for org in routes["organisations"]}

    def capital(text):
        return text[0].upper() + text[1:]

    rows = routes_rows(built_example)
    assert list(rows) == [problem["name"] for problem in routes["problems"]]
    for problem in routes["problems"]:
        first, too = rows[problem["name"]]
        assert first.startswith(capital(names[problem["report_to"]])), problem["id"]
        for other in problem.get("also", []):
            assert f"{capital(names[other['organisation']])}, {other['when']}." in too
        if problem.get("anonymous"):
            assert f"{capital(names[problem['anonymous']])}, to pass on information" in too
        for landlord in routes["landlords"] if problem.get("landlord_matters") else []:
            if landlord["social"]:
                social = names[problem["social_housing_report_to"]]
                assert f"If {landlord['short']}: {social}." in first, problem["id"]
            if landlord.get("usual_contact_when"):
                usual = f"Also {names[problem['report_to']]}, {landlord['usual_contact_when']}."
                assert usual in first, problem["id"]


def test_changing_a_route_changes_the_table_page(example_site, tmp_path):
    out = build.build(example_site, tmp_path / "one", Options(today=TODAY, search=False))
    before = routes_rows(out)["Vandalism or damage"]
    assert before[0] == "The police"

    def vandalism_to_the_council(routes):
        problem = next(p for p in routes["problems"] if p["id"] == "vandalism")
        problem["report_to"] = "council"

    change_yaml(example_site / "data" / "report-routes.yaml", vandalism_to_the_council)
    out = build.build(example_site, tmp_path / "two", Options(today=TODAY, search=False))
    after = routes_rows(out)["Vandalism or damage"]
    assert after[0] == "Your local council"
    # The council is now first, so it is no longer listed as someone to contact too.
    assert "Your local council," not in after[1]
    helper = (out / "report" / "vandalism" / "elsewhere" / "index.html").read_text()
    assert 'data-recommend="council"' in helper


def test_the_hate_strands_are_named_the_same_in_the_guidance_and_the_helper(built_example):
    strands = r"race, religion, disability, sexual orientation or ([a-z ]+identity)"
    page = re.findall(strands, text_of(built_example, "/what-is-asb/"))
    helper = re.findall(strands, text_of(built_example, "/report/problem/"))
    assert page == helper == ["transgender identity"]


def test_the_hotspot_patrols_page_promises_no_report_each_month(built_example):
    page = text_of(built_example, "/hotspot-patrols/")
    assert "not every month has a report" in page
    assert not re.search(r"(each|every) month", page.replace("not every month has a report", ""))


def test_the_accessibility_statement_has_what_the_regulations_require(example_site, tmp_path):
    change_yaml(
        example_site / "data" / "site.yaml",
        lambda s: s["contacts"].update(accessibility_email="access@example.org"),
    )
    out = build.build(example_site, tmp_path / "out", Options(today=TODAY, search=False))
    page = text_of(out, "/accessibility/")
    assert (
        "This website is not compliant with the Web Content Accessibility Guidelines "
        "version 2.2 AA standard, because it has not yet been assessed in full." in page
    )
    assert "Content that is not accessible" in page
    assert page.count("email access@example.org") == 1 and "Email access@example.org" in page
    assert "Equality and Human Rights Commission (EHRC) is responsible for enforcing" in page
    assert "Equality Advisory and Support Service (EASS)" in page
    assert "This statement was prepared on 26 November 2026." in page
    assert "It was last reviewed on 26 November 2026." in page


def test_the_privacy_notice_gives_the_lawful_bases_pecr_and_every_right(built_example):
    page = text_of(built_example, "/privacy/")
    assert "UK GDPR Article 6(1)(a)" in page and "UK GDPR Article 6(1)(e)" in page
    assert "Privacy and Electronic Communications Regulations 2003 (PECR)" in page
    for right in (
        "the right of access",
        "the right to rectification",
        "the right to erasure",
        "the right to restrict processing",
        "the right to object",
        "the right to data portability",
        "rights about automated decision-making",
        "withdraw your agreement",
    ):
        assert right in page, right


def test_graffiti_goes_to_the_council_and_to_the_police_when_happening_now_or_hate_related(
    built_example,
):
    row = routes_rows(built_example)["Graffiti"]
    assert row[0] == "Your local council"
    assert "The police, if it is being done now, or if it is aimed at people" in row[1]
    helper = (built_example / "report" / "graffiti" / "elsewhere" / "index.html").read_text()
    assert 'data-recommend="council"' in helper


def test_the_noise_advice_is_on_noise_answers_only(built_example):
    answers = sorted((built_example / "report").glob("*/**/index.html"))
    with_advice = {
        page.relative_to(built_example / "report").parts[0]
        for page in answers
        if "statutory nuisance" in page.read_text(encoding="utf-8")
    }
    assert with_advice == {"noise"}
    assert "statutory nuisance" in text_of(built_example, "/report/noise/neither/elsewhere/")


def test_a_neighbour_of_a_social_tenant_gets_their_own_words_and_keeps_the_council(
    built_example,
):
    page = text_of(built_example, "/report/noise/their-landlord/elsewhere/")
    assert "tenancy agreement" not in page
    assert "the housing association that owns their home" in page
    assert 'data-recommend="housing"' in (
        built_example / "report" / "noise" / "their-landlord" / "elsewhere" / "index.html"
    ).read_text(encoding="utf-8")
    assert "Your local council" in page or "your local council" in page
    row = routes_rows(built_example)["Noise"]
    assert (
        "If they rent from the council or a housing association: the housing provider. Also "
        "your local council, because the council deals with noise" in row[0]
    )


def test_no_sentence_ends_in_a_question_mark_and_a_full_stop(built_example):
    found = [
        str(page.relative_to(built_example))
        for page in built_example.rglob("*.html")
        if re.search(r"\?\.(\s|\"|<|$)", page.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_every_placeholder_address_shown_is_labelled_an_example(built_example):
    """Page text, the phase banner's feedback link and the helper's cards, in both
    languages: each link to example.org is followed by the one "example address" tag."""
    unlabelled = []
    for page in built_example.rglob("*.html"):
        if "admin" in page.relative_to(built_example).parts:
            continue
        html = page.read_text(encoding="utf-8")
        for link in re.finditer(
            r'<a [^>]*href="(https://[^"]*example\.org[^"]*)"[^>]*>.*?</a>(.{0,60})', html, re.S
        ):
            if not re.match(
                r'\s*<span class="tag tag--grey">(Example address|Cyfeiriad enghreifftiol)<',
                link[2],
            ):
                unlabelled.append(f"{page.relative_to(built_example)}: {link[1]}")
        for email in re.finditer(
            r"[\w.+-]+@example\.org(?!\s*<span class=\"tag)", html.split("<main")[-1]
        ):
            unlabelled.append(f"{page.relative_to(built_example)}: {email[0]}")
    assert unlabelled == []


def test_the_accessibility_statement_agrees_with_itself_and_with_the_script(built_example):
    page = text_of(built_example, "/accessibility/")
    # No status claiming known failures beside a list that has none.
    # The status is the list's: nothing is known to fail, and the site is not yet assessed.
    assert "partially compliant" not in page
    assert "not compliant with" in page and "Not yet assessed" in page
    # The day of the last test, marked as an example.
    assert "last run on 26 November 2026. This is an example date" in page
    # What site.js does, as it does it.
    script = (REPO / "assets" / "js" / "site.js").read_text(encoding="utf-8")
    assert "window.location.replace(url)" in script and "body.hidden = true" in script
    assert "hides the page at once" in page and "out of the browser's history" in page
    assert "deleteCookie(name)" in script and "deletes analytics cookies if you say no" in page
    assert "loadAnalytics()" in script and "loads analytics only after you accept" in page
