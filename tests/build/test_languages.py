"""A site in two languages: pages in pairs, the right lang everywhere, links to each page's
other version, and completeness: check lists what is missing in a language, and with
all_languages_required (as the Welsh Language Standards need) the build refuses it."""

import re
import shutil

import pytest
from bs4 import BeautifulSoup

import build
from hub.core.errors import ContentErrors
from hub.site import Options
from tests.conftest import TODAY, write
from tests.support.builds import built, line_number, problems_for


def settings_with(site, old: str, new: str) -> None:
    path = site / "data" / "site.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def required(site):
    """Returns `site` with all_languages_required: true."""
    settings_with(site, "all_languages_required: false", "all_languages_required: true")
    return site


def missing_in(site) -> list[str]:
    """Returns what check lists as missing in a language (the build succeeds)."""
    return [str(p) for p in build.read_site(site, Options(today=TODAY)).missing]


def page(out, address: str) -> BeautifulSoup:
    return BeautifulSoup((out / address.lstrip("/") / "index.html").read_text(), "html.parser")


# ---- pages in pairs ---------------------------------------------------------------------


def test_a_page_with_a_welsh_version_links_to_it_and_names_it_as_an_alternate(
    example_site, tmp_path
):
    out = built(example_site, tmp_path)
    english, welsh = page(out, "/how-to-report/"), page(out, "/cy/how-to-report/")
    assert english.html["lang"] == "en-GB" and welsh.html["lang"] == "cy"
    [to_welsh] = english.select("nav.language-links a")
    assert (to_welsh["href"], to_welsh["lang"], to_welsh.get_text()) == (
        "/cy/how-to-report/",
        "cy",
        "Cymraeg",
    )
    [to_english] = welsh.select("nav.language-links a")
    assert (to_english["href"], to_english["hreflang"], to_english.get_text()) == (
        "/how-to-report/",
        "en-GB",
        "English",
    )
    for html in (english, welsh):
        alternates = {
            link["hreflang"]: link["href"]
            for link in html.select('head link[rel="alternate"][hreflang]')
        }
        assert alternates == {
            "en-GB": "https://asb-hub.example.org/how-to-report/",
            "cy": "https://asb-hub.example.org/cy/how-to-report/",
        }


def test_a_page_with_no_welsh_version_has_no_language_link_at_all(example_site, tmp_path):
    out = built(example_site, tmp_path)
    html = page(out, "/what-is-asb/")
    assert html.select("nav.language-links") == []
    assert html.select("link[hreflang]") == []
    assert not (out / "cy" / "what-is-asb").exists()


def test_every_page_says_its_language_and_its_words_are_in_it(example_site, tmp_path):
    out = built(example_site, tmp_path)
    pages = sorted(out.rglob("*.html"))
    assert len([p for p in pages if p.relative_to(out).parts[0] == "cy"]) > 20
    for path in pages:
        html = BeautifulSoup(path.read_text(), "html.parser")
        welsh = path.relative_to(out).parts[0] == "cy"
        assert html.html["lang"] == ("cy" if welsh else "en-GB"), path
        if path.relative_to(out).parts[0] == "admin":
            continue  # the browser editor: Decap's own screens, in English, for staff
        skip = html.select_one("a.skip-link").get_text()
        assert skip == ("Neidio i'r prif gynnwys" if welsh else "Skip to main content"), path


def test_welsh_pages_link_to_welsh_pages_where_there_are_some(example_site, tmp_path):
    out = built(example_site, tmp_path)
    footer = {a.get_text(): a["href"] for a in page(out, "/cy/").select("footer a")}
    assert footer["Cwcis"] == "/cy/cookies/"  # translated
    assert footer["Preifatrwydd"] == "/privacy/"  # not translated: the English page
    assert footer["I bwy ddylwn i roi gwybod am hyn?"] == "/cy/report/"
    assert page(out, "/cy/").select_one("a.header__name")["href"] == "/cy/"


def test_the_sitemap_names_each_pages_versions(example_site, tmp_path):
    sitemap = (built(example_site, tmp_path) / "sitemap.xml").read_text()
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in sitemap
    [entry] = re.findall(r"<url><loc>https://asb-hub.example.org/cookies/</loc>.*?</url>", sitemap)
    assert 'hreflang="cy" href="https://asb-hub.example.org/cy/cookies/"' in entry
    assert 'hreflang="en-GB" href="https://asb-hub.example.org/cookies/"' in entry
    [alone] = re.findall(
        r"<url><loc>https://asb-hub.example.org/what-is-asb/</loc>.*?</url>", sitemap
    )
    assert "xhtml:link" not in alone


def test_a_translation_needs_its_page_in_the_default_language(example_site):
    write(
        example_site / "content" / "guidance" / "new-page.cy.md",
        "---\ntitle: Tudalen\nsummary: Tudalen newydd.\nsection: About this site\norder: 8\n"
        "last_reviewed: 2026-11-01\nreview_by: 2027-05-01\nowner: digital\n---\nTestun.\n",
    )
    assert problems_for(example_site) == [
        "content/guidance/new-page.cy.md:1: there is no en-GB page for this one to translate: "
        "write content/guidance/new-page.md first (every page starts in the default language, "
        "and its translations follow it)"
    ]


def test_a_page_in_both_forms_of_the_default_name_is_one_page_twice(example_site):
    shutil.copy(
        example_site / "content" / "guidance" / "what-is-asb.en.md",
        example_site / "content" / "guidance" / "what-is-asb.md",
    )
    problems = problems_for(example_site)
    assert any(
        "would have the same address (/what-is-asb/)" in p and "(the same name)" in p
        for p in problems
    ), problems


def test_a_language_switched_off_leaves_its_files_out(example_site, tmp_path):
    settings_with(example_site, "languages: [en-GB, cy]", "languages: [en-GB]")
    out = built(example_site, tmp_path)
    assert not (out / "cy").exists()
    assert build.read_site(example_site, Options(today=TODAY)).missing == []


# ---- completeness -----------------------------------------------------------------------


def test_check_lists_every_page_and_report_missing_in_welsh_and_the_build_goes_on(example_site):
    missing = missing_in(example_site)
    assert (
        "content/guidance/what-is-asb.en.md:1: has no version in Cymraeg (cy): write or publish "
        "content/guidance/what-is-asb.cy.md" in missing
    )
    assert (
        "data/patrols/2024-10.en.yaml:1: has no version in Cymraeg (cy): write "
        "data/patrols/2024-10.cy.yaml with its words" in missing
    )
    # What the example does have in Welsh is not listed.
    assert not any(m.startswith(("content/index.en.md", "data/patrols/2024-07")) for m in missing)
    assert not any("report-routes" in m for m in missing)


def test_with_all_languages_required_each_missing_page_stops_the_build(example_site):
    problems = problems_for(required(example_site))
    assert problems == missing_in_after_switching_off_required(example_site)
    assert (
        "content/pages/privacy.en.md:1: has no version in Cymraeg (cy): write or publish "
        "content/pages/privacy.cy.md" in problems
    )


def missing_in_after_switching_off_required(site) -> list[str]:
    settings_with(site, "all_languages_required: true", "all_languages_required: false")
    return missing_in(site)


def test_a_welsh_draft_does_not_count_as_the_welsh_version(example_site):
    path = example_site / "content" / "guidance" / "how-to-report.cy.md"
    path.write_text(
        path.read_text().replace("owner: community-safety", "owner: community-safety\ndraft: true")
    )
    assert (
        "content/guidance/how-to-report.en.md:1: has no version in Cymraeg (cy): write or "
        "publish content/guidance/how-to-report.cy.md" in missing_in(example_site)
    )


def test_a_welsh_file_with_only_the_copied_settings_is_no_welsh_page_yet(example_site, tmp_path):
    # What Decap CMS writes for the Welsh side as soon as an English page is saved.
    write(
        example_site / "content" / "guidance" / "what-is-asb.cy.md",
        """
        ---
        section: Understanding ASB
        order: 1
        owner: community-safety
        published: null
        draft: false
        ---
        """,
    )
    assert (
        "content/guidance/what-is-asb.en.md:1: has no version in Cymraeg (cy): write or "
        "publish content/guidance/what-is-asb.cy.md" in missing_in(example_site)
    )
    out = built(example_site, tmp_path)
    assert not (out / "cy" / "what-is-asb").exists()
    # One word of its own makes it a page, held to every rule.
    path = example_site / "content" / "guidance" / "what-is-asb.cy.md"
    path.write_text(path.read_text().replace("draft: false", "title: Beth yw ymddygiad?"))
    found = problems_for(example_site)
    assert 'content/guidance/what-is-asb.cy.md:2: missing field "summary": ' in " ".join(found)
    assert "content/guidance/what-is-asb.cy.md:8: the page has no text below its settings" in found


def test_a_word_left_out_of_a_reports_translation_is_named_at_its_line(example_site, tmp_path):
    path = example_site / "data" / "patrols" / "2024-07.cy.yaml"
    text = path.read_text()
    path.write_text(text.replace("    text: Daeth swyddogion", "    txt: Daeth swyddogion"))
    with pytest.raises(ContentErrors):  # a key that is no field is always a mistake
        build.read_site(example_site, Options(today=TODAY))
    path.write_text(re.sub(r"\n    text: Daeth swyddogion[^\n]*", "", text))
    english = example_site / "data" / "patrols" / "2024-07.en.yaml"
    [gap] = [m for m in missing_in(example_site) if m.startswith("data/patrols/2024-07.cy")]
    welsh_line = line_number(path, "title: Dod o hyd")
    english_line = line_number(english, "text: Officers on an ASB patrol")
    assert gap == (
        f"data/patrols/2024-07.cy.yaml:{welsh_line}: highlights[1].text "
        f"is missing: give it in Cymraeg, as data/patrols/2024-07.en.yaml:"
        f'{english_line} gives "Officers on an ASB patrol '
        "came across a vulnerable missing child by chance, miles from where other teams were "
        'searching, and made sure the child was safe."'
    )
    # Until it is complete the report is left out in Welsh, never shown half in English.
    out = built(example_site, tmp_path)
    assert not (out / "cy" / "news" / "2024-07").exists()
    # The Welsh news lists the English report instead, marked as English.
    welsh_news = (out / "cy" / "news" / "index.html").read_text().split("<main")[1]
    assert "/cy/news/2024-07/" not in welsh_news
    assert '<a href="/news/2024-07/" lang="en-GB" hreflang="en-GB">' in welsh_news
    assert gap in problems_for(required(example_site))


def test_a_translated_report_keeps_the_figures_of_its_source(example_site, tmp_path):
    out = built(example_site, tmp_path)
    html = page(out, "/cy/news/2024-07/")
    rows = {
        row.select_one("dt").get_text(): " ".join(row.select_one("dd").get_text().split())
        for row in html.select("dl.summary-list:not(.summary-list--plain) .summary-list__row")
    }
    assert rows["Oriau patrolau ychwanegol"] == "Mwy na 700"
    assert rows["Arestiadau"] == "15"
    total = rows[
        "Atgyfeiriadau at Gyfiawnder Uniongyrchol ers i'r cynllun ddechrau ym mis Gorffennaf 2023"
    ]
    assert total.startswith(
        "670 (y cyfanswm a roddodd y ffynhonnell: heb ffigur y mis hwn, daeth 602 cyn "
        "Gorffennaf 2024"
    )
    # The source's headline is as published, in English, and marked so.
    title = html.select_one('dd[lang="en-GB"]')
    assert title.get_text() == "Extra patrols continue to make a difference in Derbyshire"
    csv = (out / "cy" / "news" / "data" / "patrols.csv").read_text().splitlines()
    assert csv[0] == (out / "news" / "data" / "patrols.csv").read_text().splitlines()[0]
    assert any(',"Gorffennaf 2024",' in row for row in csv)  # the period in Welsh, every month
    assert len(csv) == len((out / "news" / "data" / "patrols.csv").read_text().splitlines())
    # The news charts show every month's figures, not only the months translated so far.
    welsh_news, english_news = page(out, "/cy/news/"), page(out, "/news/")
    assert len(welsh_news.select("rect.chart__bar")) == len(english_news.select("rect.chart__bar"))
    assert [t.get_text() for t in welsh_news.select("text.chart__label")][:4] == [
        "2023",
        "Rhag",
        "2024",
        "Ion",
    ]
    assert "mwy na 700" in [t.get_text() for t in welsh_news.select("text.chart__value")]


def test_a_report_translated_for_no_report_is_an_error(example_site):
    write(example_site / "data" / "patrols" / "2025-01.cy.yaml", "title: Dim\n")
    assert problems_for(example_site) == [
        "data/patrols/2025-01.cy.yaml:1: there is no report data/patrols/2025-01.yaml for this "
        "file to give the words of: a report starts in the default language"
    ]


def test_the_helper_in_welsh_needs_every_word_or_it_sends_readers_to_the_english(
    example_site, tmp_path
):
    # The Welsh How to report and home page link to the Welsh helper: links to no page.
    for linking in ("guidance/how-to-report.cy.md", "index.cy.md"):
        source = example_site / "content" / linking
        source.write_text(source.read_text().replace("(/cy/report/)", "(/report/)"))
    path = example_site / "data" / "report-routes.cy.yaml"
    path.write_text(re.sub(r"\n    hint: Cerddoriaeth uchel[^\n]*", "", path.read_text()))
    [gap] = [m for m in missing_in(example_site) if "report-routes" in m]
    assert gap.startswith(
        f"data/report-routes.cy.yaml:{line_number(path, 'id: noise')}: problems[noise].hint is "
        'missing: give it in Cymraeg, as data/report-routes.yaml gives "Loud music'
    )
    out = built(example_site, tmp_path)
    assert not (out / "cy" / "report").exists()
    footer = {a.get_text(): a["href"] for a in page(out, "/cy/").select("footer a")}
    assert footer["I bwy ddylwn i roi gwybod am hyn?"] == "/report/"
    path.unlink()
    assert [m for m in missing_in(example_site) if "report-routes" in m] == [
        "data/report-routes.yaml:1: has no version in Cymraeg (cy): write "
        "data/report-routes.cy.yaml with its words"
    ]


def test_the_settings_words_are_required_in_every_language(example_site):
    path = example_site / "data" / "site.cy.yaml"
    path.write_text(path.read_text().replace("organisation: Heddlu Swydd Derby\n", ""))
    assert problems_for(example_site) == [
        f"data/site.cy.yaml:{line_number(path, 'name: Hyb ASB')}: organisation is missing: give "
        'it in Cymraeg, as data/site.yaml gives "Derbyshire Constabulary"'
    ]
    path.unlink()
    [problem] = problems_for(example_site)
    assert problem.startswith(
        f"data/site.yaml:{line_number(example_site / 'data' / 'site.yaml', 'languages: [en-GB')}: "
        "has no version in Cymraeg (cy): write data/site.cy.yaml with its words"
    )


def test_the_figures_words_are_required_in_every_language(example_site):
    path = example_site / "data" / "figures.cy.yaml"
    path.write_text(path.read_text().replace("    label: Arestiadau\n", ""))
    assert problems_for(example_site) == [
        f"data/figures.cy.yaml:{line_number(path, 'key: arrests')}: figures[arrests].label is "
        'missing: give it in Cymraeg, as data/figures.yaml gives "Arrests"'
    ]
    path.unlink()
    assert problems_for(example_site) == [
        "data/figures.yaml:1: has no version in Cymraeg (cy): write data/figures.cy.yaml with "
        "its words"
    ]


def test_a_site_rewords_a_welsh_string(example_site, tmp_path):
    write(example_site / "data" / "strings" / "cy.yaml", "exit:\n  button: Gadael yn gyflym\n")
    out = built(example_site, tmp_path)
    welsh = page(out, "/cy/").select_one("a.exit-this-page__button").get_text()
    english = page(out, "/").select_one("a.exit-this-page__button").get_text()
    assert " ".join(welsh.split()) == "Argyfwng: Gadael yn gyflym"
    assert " ".join(english.split()) == "Emergency: Leave this site"


def test_netlify_must_send_missing_welsh_addresses_to_the_welsh_page_not_found(
    example_site, tmp_path
):
    toml = (build.REPO / "netlify.toml").read_text()
    out = built(example_site, tmp_path)
    welsh_404 = BeautifulSoup((out / "cy" / "404.html").read_text(), "html.parser")
    assert welsh_404.h1.get_text() == "Heb ddod o hyd i'r dudalen"
    (example_site / "netlify.toml").write_text(toml.split("[[redirects]]")[0])
    [problem] = [p for p in problems_for(example_site) if p.startswith("netlify.toml")]
    assert problem == (
        "netlify.toml:1: the pages under /cy/ have their own page not found (/cy/404.html), but "
        'no rule sends a missing address there: add [[redirects]] from = "/cy/*" to = '
        '"/cy/404.html" status = 404'
    )


def test_editing_a_page_that_has_a_translation_builds_what_a_clean_build_would(
    example_site, tmp_path
):
    out = tmp_path / "out"
    options = Options(today=TODAY, search=False)
    build.build(example_site, out, options)
    path = example_site / "content" / "guidance" / "how-to-report.en.md"
    path.write_text(path.read_text() + "\nA sentence an editor added.\n")
    build.build(example_site, out, options)
    empty = tmp_path / "empty"  # a cache of its own, empty: a clean build
    empty.mkdir()
    clean = build.build(example_site, tmp_path / "clean", options, build.Cache(empty))
    for rel in ("how-to-report/index.html", "cy/how-to-report/index.html"):
        assert (out / rel).read_bytes() == (clean / rel).read_bytes(), rel
    assert "A sentence an editor added." in (out / "how-to-report" / "index.html").read_text()
    assert page(out, "/how-to-report/").select_one("nav.language-links a")["href"] == (
        "/cy/how-to-report/"
    )
