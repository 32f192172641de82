"""Welsh pages reach every page of the site, and say which are only in English (issue 21)."""

import re

from hub.write.pages import mark_other_language_links

PAGE_LINK = re.compile(r'<a href="(/[^"#?]*/)[^"]*"([^>]*)>(.*?)</a>( \(Saesneg\))?', re.S)


def welsh_links(out, page: str) -> list[tuple[str, str, str, str]]:
    """Returns each link to a page in a Welsh page: (address, attributes, words, mark)."""
    html = (out / page).read_text(encoding="utf-8")
    return PAGE_LINK.findall(html.split("<body", 1)[1])


def english_pages(out) -> set[str]:
    return {
        "/" + str(p.parent.relative_to(out)) + "/"
        for p in out.glob("*/index.html")
        if p.parent.name not in {"cy", "admin", "news", "report", "search"}
    }


def test_every_link_from_a_welsh_page_to_an_english_only_page_is_marked(built_example):
    for page in (built_example / "cy").rglob("index.html"):
        for href, attributes, _, mark in welsh_links(built_example, page):
            welsh_version = built_example / "cy" / href.strip("/") / "index.html"
            if href.startswith("/cy/") or welsh_version.exists():
                continue  # a Welsh page, or the language link to this page's English pair
            where = f"{page.relative_to(built_example)}: {href}"
            assert 'hreflang="en-GB"' in attributes, where
            assert mark == " (Saesneg)", where


def test_the_welsh_home_and_a_to_z_reach_every_english_only_page(built_example):
    for page in ("cy/index.html", "cy/search/index.html"):
        reached = {href for href, *_ in welsh_links(built_example, built_example / page)}
        missing = {
            url
            for url in english_pages(built_example)
            if url not in reached and "/cy" + url not in reached
        }
        assert missing == set(), page
    home = welsh_links(built_example, built_example / "cy" / "index.html")
    privacy = next(link for link in home if link[0] == "/privacy/" and "lang=" in link[1])
    assert 'lang="en-GB"' in privacy[1] and privacy[3] == " (Saesneg)"


def test_the_welsh_news_lists_every_report_marking_those_in_english(built_example):
    def listed(page):
        html = (built_example / page).read_text(encoding="utf-8")
        return re.findall(r'<h2><a href="([^"]+)"([^>]*)>.*?</a>( \(Saesneg\))?</h2>', html)

    english = [href for href, *_ in listed("news/index.html")]
    welsh = listed("cy/news/index.html")
    assert len(english) == 5
    assert [href.removeprefix("/cy") for href, *_ in welsh] == english
    for href, attributes, mark in welsh:
        in_welsh = href.startswith("/cy/")
        assert ('hreflang="en-GB"' in attributes) != in_welsh, href
        assert ('lang="en-GB"' in attributes) != in_welsh, href
        assert (mark == " (Saesneg)") != in_welsh, href
    assert sum(href.startswith("/cy/") for href, *_ in welsh) == 1  # July 2024


def test_the_welsh_report_names_its_publisher_as_the_welsh_settings_do(built_example):
    for page in ("cy/news/2024-07/index.html", "cy/news/index.html"):
        html = (built_example / page).read_text(encoding="utf-8")
        assert "Derbyshire Constabulary" not in html
        assert "Ffigurau gan Heddlu Swydd Derby" in html


def test_a_link_already_naming_its_language_or_to_a_page_here_is_left_alone():
    here = {"/cy/", "/cy/cookies/"}
    html = (
        '<a href="/cookies/">Cwcis</a> <a href="/privacy/#x">Preifatrwydd</a> '
        '<a href="/cy/cookies/">Cwcis</a> <a href="/" hreflang="en-GB">English</a> '
        '<a href="/news/data/patrols.csv">CSV</a>'
    )
    assert mark_other_language_links(html, here, "/cy", "en-GB", "(Saesneg)") == (
        '<a href="/cookies/">Cwcis</a> '
        '<a href="/privacy/#x" hreflang="en-GB">Preifatrwydd</a> (Saesneg) '
        '<a href="/cy/cookies/">Cwcis</a> <a href="/" hreflang="en-GB">English</a> '
        '<a href="/news/data/patrols.csv">CSV</a>'
    )


def test_no_link_is_marked_twice(built_example):
    # The build marks links to English-only pages; a page that also says so by hand, as the
    # Welsh pages did before the build did, would read "(Saesneg) (yn Saesneg)".
    for page in (built_example / "cy").rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"\(Saesneg\)\s*\((yn )?Saesneg\)", html), page
