"""Search: Pagefind's index built into the output from main content only, and /search/."""

import filecmp
import gzip
import json
import re

import build
from hub.site import Options
from tests.conftest import REPO, TODAY, run_cli, write


def indexed(out) -> dict[str, str]:
    """Returns each indexed address with the text Pagefind stored for it."""
    records = {}
    for fragment in (out / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        record = json.loads(data[data.index(b"{") :])
        records[record["url"]] = record["content"]
    return records


def searchable_pages(out) -> set[str]:
    """Returns the address of every built page whose main is marked for the index."""
    found = set()
    for path in out.rglob("index.html"):
        if "data-pagefind-body" in path.read_text(encoding="utf-8"):
            found.add("/" + path.parent.relative_to(out).as_posix().removeprefix(".") + "/")
    return {url.replace("//", "/") for url in found}


def test_the_index_holds_every_marked_page_and_only_main_content(built_example):
    records = indexed(built_example)
    assert set(records) == searchable_pages(built_example)
    assert {"/", "/what-is-asb/", "/news/2024-07/", "/report/"} <= set(records)
    assert "/search/" not in records and "/report/noise/" not in records
    assert "/404.html" not in records
    for url, text in records.items():
        assert "Run by Derbyshire Constabulary" not in text, url  # the footer
        assert "Skip to main content" not in text, url
    entry = json.loads((built_example / "pagefind" / "pagefind-entry.json").read_text())
    assert sum(lang["page_count"] for lang in entry["languages"].values()) == len(records)


def test_only_the_search_api_is_published(built_example):
    bundle = {p.name for p in (built_example / "pagefind").iterdir()}
    assert {"pagefind.js", "pagefind-worker.js", "pagefind-entry.json"} <= bundle
    assert not [name for name in bundle if "-ui." in name or "highlight" in name]


def test_no_search_skips_the_index_but_keeps_the_search_page(example_site, tmp_path):
    out = tmp_path / "out"
    result = run_cli("build", "--no-search", "--site", str(example_site), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert not (out / "pagefind").exists()
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
        p.relative_to(first).as_posix() for p in (first / "pagefind").rglob("*") if p.is_file()
    )
    assert names == sorted(
        p.relative_to(second).as_posix() for p in (second / "pagefind").rglob("*") if p.is_file()
    )
    _, mismatch, errors = filecmp.cmpfiles(first, second, names, shallow=False)
    assert (mismatch, errors) == ([], [])
    assert len(indexed(first)) == len(searchable_pages(first)) > 50
