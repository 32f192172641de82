"""Search: the site's own index (hub/write/search_index.py), made from main content only, and
/search/."""

import filecmp
import json
import re
from pathlib import Path

import build
from hub.site import Options
from hub.write.search_index import (
    PAGES_PER_FILE,
    by_language,
    fold,
    index_files,
    key_listing,
    listed_keys,
    page_address,
    read_indexed_page,
    weights_by_page,
    word_file,
    word_key,
)
from tests.conftest import REPO, TODAY, run_cli, write
from tests.support.site_checks import file_for, page_url


def index_pages(out) -> dict[str, list[dict]]:
    """Returns each language's page entries, in the order the index numbers them."""
    languages = {}
    for listing in sorted((out / "search-index").glob("*/index.json")):
        count = json.loads(listing.read_text())["pages"]
        folder = listing.parent
        files = sorted((folder / "pages").iterdir(), key=lambda path: int(path.stem))
        assert [int(path.stem) for path in files] == list(range(len(files)))
        entries = [entry for path in files for entry in json.loads(path.read_text())]
        assert len(entries) == count
        assert all(len(json.loads(path.read_text())) == PAGES_PER_FILE for path in files[:-1])
        languages[folder.name] = entries
    return languages


def searchable_pages(out) -> set[str]:
    """Returns the address of every built page whose main is marked for the index."""
    return {
        page_url(out, path)
        for path in out.rglob("*.html")
        if "data-search-body" in path.read_text(encoding="utf-8")
    }


def test_a_page_is_indexed_from_its_main_content_only(tmp_path):
    write(
        tmp_path / "page" / "index.html",
        """
        <!DOCTYPE html>
        <html lang="cy">
        <head><meta name="description" content="Help &amp; cyngor am s&#373;n."></head>
        <body><header>Skip to main content</header>
        <main id="main" data-search-body>
        <h1>Sŵn <em>yn</em> y nos</h1>
        <p>Mae sŵn uchel yn y nos yn ymddygiad gwrthgymdeithasol. Noise &amp; more.</p>
        </main>
        <footer>Run by the police</footer></body></html>
        """,
    )
    page = read_indexed_page(tmp_path, "page/index.html")
    assert (page.language, page.url) == ("cy", "/page/")
    assert page.title == "Sŵn yn y nos"
    assert page.summary == "Help & cyngor am sŵn."
    # BM25 with K1 1.2, B 0.75, against 400 words, times 10: "swn" is used once in the title
    # (5), once in the text (1) and once in the summary (2), on a page of 15 words.
    assert page.weights["swn"] == round(10 * 8 * 2.2 / (8 + 1.2 * (0.25 + 0.75 * 15 / 400)))
    assert page.weights["swn"] == 21
    assert page.weights["gwrthgymdeithasol"] == round(10 * 2.2 / (1 + 0.33375)) == 16
    assert page.weights["help"] == round(10 * 2 * 2.2 / (2 + 0.33375)) == 19  # the summary
    for outside in ("skip", "main", "police", "amp", "em"):
        assert outside not in page.weights, outside  # header, footer, markup


def test_english_words_are_filed_under_their_snowball_stems_and_joined_up(tmp_path):
    write(
        tmp_path / "page" / "index.html",
        """
        <html lang="en-GB"><main data-search-body><h1>Arrests</h1>
        <p>Two people were arrested for anti-social behaviour and fly-tipping.</p></main></html>
        """,
    )
    weights = read_indexed_page(tmp_path, "page/index.html").weights
    assert {"arrest", "antisoci", "anti", "social", "behaviour", "flytip", "fli", "tip"} <= set(
        weights
    )
    assert "arrested" not in weights and "antisocial" not in weights
    assert weights["arrest"] > weights["behaviour"]  # in the title too


def test_a_word_counts_most_in_the_title_then_headings_then_text(tmp_path):
    write(
        tmp_path / "page" / "index.html",
        """
        <html lang="cy"><main data-search-body><h1>Alpha</h1><h2 id="beta">Beta</h2>
        <p>Gamma delta.</p><h3 id="more">More</h3></main></html>
        """,
    )
    page = read_indexed_page(tmp_path, "page/index.html")
    assert page.weights["alpha"] > page.weights["beta"] > page.weights["gamma"]
    assert page.weights["gamma"] == page.weights["delta"]
    assert page.sections == (("beta", "Beta"),)  # its main parts (h2): a result links to one


def test_each_word_maps_to_the_first_section_it_is_in(tmp_path):
    write(
        tmp_path / "page" / "index.html",
        """
        <html lang="en"><head><meta name="description" content="About summaries."></head>
        <main data-search-body><h1>Neighbours</h1><p>Before any section: lanterns.</p>
        <nav><h2 id="contents">Contents</h2><a href="#second">Second thoughts</a></nav>
        <h2 id="first">First steps</h2><p>Keep a diary of the noise.</p>
        <h3 id="deeper">Deeper</h3><p>Hedges and fences.</p>
        <h2 id="second">Second <em>thoughts</em></h2><p>Mediation helps; so does a diary, and
        lanterns.</p></main></html>
        """,
    )
    page = read_indexed_page(tmp_path, "page/index.html")
    # A contents list (a nav) is no section: its links would otherwise hold every heading's words.
    assert page.sections == (("first", "First steps"), ("second", "Second thoughts"))
    assert page.places["mediat"] == 2  # only in the second section's text
    assert page.places["hedg"] == 1  # under an h3: still in the h2 section above it
    assert page.places["diari"] == 1  # in both: the first
    assert page.places["lantern"] == 2  # before any section too, but that is no section
    assert page.places["thought"] == 2  # in its heading
    assert page.places["neighbour"] == 0  # only in the title
    assert page.places["summari"] == 0  # only in the summary
    other_page = '<html lang="en"><main data-search-body>Neighbours</main></html>'
    write(tmp_path / "other.html", other_page)
    other = read_indexed_page(tmp_path, "other.html")  # a word on both pages has no sections
    files = index_files(by_language([page, other]))
    entry = json.loads(files[word_file("en", "med")])["mediat"]
    assert entry == [1, page.weights["mediat"], "2"]  # page 1, its weight; section 2
    neighbour = json.loads(files[word_file("en", "nei")])["neighbour"]
    assert len(neighbour) == 4 and all(isinstance(n, int) for n in neighbour)  # no sections


def test_the_same_uses_weigh_less_on_a_longer_page(tmp_path):
    for name, filler in (("short", ""), ("long", "word " * 800)):
        write(
            tmp_path / name / "index.html",
            f'<html lang="cy"><main data-search-body><p>graffiti {filler}</p></main></html>',
        )
    short = read_indexed_page(tmp_path, "short/index.html").weights["graffiti"]
    long = read_indexed_page(tmp_path, "long/index.html").weights["graffiti"]
    assert short > long >= 1


def test_a_page_may_name_the_title_it_is_listed_under(tmp_path):
    write(
        tmp_path / "report" / "noise" / "index.html",
        '<html lang="en-GB"><main data-search-body data-search-title="Noise &amp; music">'
        "<h1>Is a council the landlord?</h1></main></html>",
    )
    page = read_indexed_page(tmp_path, "report/noise/index.html")
    assert page.title == "Noise & music"
    assert page.weights["nois"] > page.weights["council"]


def test_a_page_with_no_marked_part_is_not_indexed(tmp_path):
    write(tmp_path / "index.html", '<html lang="en"><main id="main"><h1>Hi</h1></main></html>')
    assert read_indexed_page(tmp_path, "index.html") is None
    assert read_indexed_page(tmp_path, "missing/index.html") is None


def test_a_page_file_is_indexed_at_the_address_it_is_served_at():
    for rel in ("index.html", "news/index.html", "404.html", "cy/notindex.html"):
        assert page_address(rel) == page_url(Path("/out"), Path("/out") / rel), rel


def test_words_are_folded_as_search_js_folds_them():
    assert fold("Dŵr, TÂN, café") == "dwr, tan, cafe"
    script = (REPO / "assets" / "js" / "search.js").read_text()
    assert 'normalize("NFKD").replace(/[\\u0300-\\u036f]/g, "").toLowerCase()' in script


def test_the_index_holds_every_marked_page_in_its_language(built_example):
    languages = index_pages(built_example)
    assert sorted(languages) == ["cy", "en-gb"]  # an index for each language
    urls = [entry["url"] for pages in languages.values() for entry in pages]
    assert len(urls) == len(set(urls))
    assert set(urls) == searchable_pages(built_example)
    assert {"/", "/what-is-asb/", "/news/2024-07/", "/report/", "/cy/"} <= set(urls)
    assert "/search/" not in urls and "/404.html" not in urls
    assert "/report/noise/" in urls and "/report/noise/neither/" not in urls
    assert all(entry["url"].startswith("/cy/") for entry in languages["cy"])
    assert not any(entry["url"].startswith("/cy/") for entry in languages["en-gb"])
    for pages in languages.values():
        assert [entry["url"] for entry in pages] == sorted(entry["url"] for entry in pages)
        for entry in pages:
            assert entry["title"] and entry["summary"], entry
    [what] = [entry for entry in languages["en-gb"] if entry["url"] == "/what-is-asb/"]
    assert what["title"] == "What is anti-social behaviour?"
    assert what["summary"].startswith("What anti-social behaviour means in law")


def test_each_word_file_lists_exactly_what_each_page_holds(built_example):
    for language, pages in index_pages(built_example).items():
        folder = built_example / "search-index" / language
        listing = json.loads((folder / "index.json").read_text())
        files = {path.name for path in (folder / "words").iterdir()}
        assert sorted(files) == sorted(
            word_file(language, key).rsplit("/", 1)[1] for key in listed_keys(listing["keys"])
        )
        # file -> word -> page -> (weight, section)
        expected: dict[str, dict[str, dict[int, tuple[int, int]]]] = {}
        for number, entry in enumerate(pages):
            rel = file_for(built_example, entry["url"]).relative_to(built_example).as_posix()
            page = read_indexed_page(built_example, rel)
            for word, weight in page.weights.items():
                file = word_file(language, word_key(word))
                place = page.places[word]
                expected.setdefault(file, {}).setdefault(word, {})[number] = (weight, place)
        for words in expected.values():  # a word on more than half the pages has no sections
            for word, on in words.items():
                if len(on) > len(pages) / 2:
                    words[word] = {number: (weight, 0) for number, (weight, _) in on.items()}
        for name in files:
            entries = json.loads((folder / "words" / name).read_text())
            for word, entry in entries.items():  # pages in order, each once: gaps after the first
                assert all(gap > 0 for gap in entry[2:-1:2]) and entry[0] >= 0, word
            found = {word: weights_by_page(entry) for word, entry in entries.items()}
            assert found == expected.pop(f"search-index/{language}/words/{name}")
        assert expected == {}


def test_index_json_lists_the_word_files_keys_compactly():
    listing = {"ab": ".o", "i": ".", "ŵr": "t"}  # "ab", "abo", "i", "ŵrt"
    assert listed_keys(listing) == {"ab", "abo", "i", "ŵrt"}
    assert key_listing({"abo", "ab", "i", "ŵrt"}) == listing


def test_the_welsh_index_finds_a_word_typed_without_its_accent(built_example):
    pages = index_pages(built_example)["cy"]
    entries = json.loads((built_example / word_file("cy", "ffo")).read_text())
    on_phone = {pages[n]["url"] for n in weights_by_page(entries["ffon"])}
    assert "/cy/how-to-report/" in on_phone  # "ffôn" on the page


def test_no_search_skips_the_index_but_keeps_the_search_page(example_site, tmp_path):
    out = tmp_path / "out"
    result = run_cli("build", "--no-search", "--site", str(example_site), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert not (out / "search-index").exists()
    assert (out / "search" / "index.html").is_file()


def test_the_search_page_lists_every_page_from_a_to_z(built_example):
    html = (built_example / "search" / "index.html").read_text()
    guidance = [p.name[: -len(".en.md")] for p in (REPO / "content" / "guidance").glob("*.en.md")]
    for slug in [*guidance, "cookies", "privacy", "accessibility"]:
        assert f'<a href="/{slug}/">' in html, slug
    for built in ("/report/", "/news/", "/news/data/"):
        assert f'<a href="{built}">' in html
    letters = re.findall(r'<h3 id="letter-([a-z])" class="a-to-z__letter">', html)
    assert letters == sorted(letters) and len(letters) == len(set(letters))
    # The form is hidden until search.js shows it; the note for readers without it is not.
    assert re.search(r'<div class="site-search" data-module="site-search"[^>]*hidden>', html)
    assert "<p data-search-no-js>" in html
    assert 'data-index-src="/search-index/en-gb/"' in html
    welsh = (built_example / "cy" / "search" / "index.html").read_text()
    assert 'data-index-src="/search-index/cy/"' in welsh


def test_search_js_is_loaded_on_the_search_page_only(built_example):
    for path in built_example.rglob("*.html"):
        loads = "/assets/js/search." in path.read_text(encoding="utf-8")
        assert loads == (path.parent.name == "search"), path


def test_indexes_of_a_larger_site_are_byte_identical(example_site, tmp_path):
    for n in range(40):
        write(
            example_site / "content" / "guidance" / f"extra-{n:02d}.md",
            f"""
            ---
            title: Extra page {n:02d}
            summary: Extra page number {n} for the determinism test.
            section: About this site
            order: {n + 10}
            last_reviewed: 2026-01-01
            review_by: 2027-01-01
            owner: digital
            ---
            Page {n} talks about noise, graffiti and patrols in area {n % 7}.
            """,
        )
    first = build.build(example_site, tmp_path / "one", Options(today=TODAY))
    second = build.build(example_site, tmp_path / "two", Options(today=TODAY))
    names = sorted(
        p.relative_to(first).as_posix() for p in (first / "search-index").rglob("*") if p.is_file()
    )
    assert names == sorted(
        p.relative_to(second).as_posix()
        for p in (second / "search-index").rglob("*")
        if p.is_file()
    )
    _, mismatch, errors = filecmp.cmpfiles(first, second, names, shallow=False)
    assert (mismatch, errors) == ([], [])
    assert sum(len(pages) for pages in index_pages(first).values()) > 50
