"""Builds that reuse .cache/ give exactly what a clean build gives, edit after edit.

One site is built again after each edit, keeping its cache and output; after each edit a copy
of the site is also built from scratch. The two outputs must match byte for byte. The site of
the long run of edits has enough pages for reading them to be shared between cores; the tests
of one kind of edit use a smaller one, where only making the pages is shared.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest

import build
from bench.synth import Writer, make_corpus, make_reports, report_yaml, write_hub
from hub.core.errors import ContentErrors
from hub.site import Options
from hub.speed.store import FOLDER
from hub.write import search_index
from hub.write.pages import SiteEnvironment
from hub.write.search_index import list_file, terms, word_file, word_key
from tests.conftest import REPO, TODAY, write
from tests.support.builds import clean_build
from tests.support.files import tree

# Pages of guidance: with the example's, over MIN_ITEMS_TO_SHARE (hub/core/workers.py) for
# the long run of edits, under it for the other tests.
MANY_PAGES, FEW_PAGES = 120, 40


@pytest.fixture
def site(tmp_path):
    """Returns a site with FEW_PAGES guidance pages besides the example's."""
    pages, reports = make_corpus(FEW_PAGES)
    return write_hub(pages, reports, tmp_path / "site")


@pytest.fixture
def big_site(tmp_path):
    """Returns a site with MANY_PAGES guidance pages besides the example's."""
    pages, reports = make_corpus(MANY_PAGES)
    return write_hub(pages, reports, tmp_path / "site")


def built_from_scratch(site, tmp_path, name: str, search: bool = False) -> dict:
    """Returns the tree() of a clean build of `site` as of TODAY (with the search index if
    `search`)."""
    return clean_build(site, tmp_path / f"clean-{name}", TODAY, search)


def inode(path) -> int:
    return path.stat().st_ino


def drop_spares(out) -> None:
    """Deletes the spare copy of the last build, so the next build stages afresh."""
    for spare in out.parent.glob(f".{out.name}.spare-*"):
        shutil.rmtree(spare)


@pytest.mark.slow  # a dozen builds and clean builds: left out of tests/run --fast
@pytest.mark.parametrize("spare", [True, False], ids=["from the spare copy", "staged afresh"])
def test_incremental_builds_match_clean_builds_after_each_edit(big_site, tmp_path, spare):
    site = big_site
    out = tmp_path / "public"
    build.build(site, out, Options(today=TODAY, search=False))
    assert tree(out) == built_from_scratch(site, tmp_path, "first")
    guidance = site / "content" / "guidance"
    some_page = sorted(guidance.glob("*-guide-*.md"))[3]
    untouched = out / sorted(guidance.glob("*-guide-*.md"))[7].stem / "index.html"

    def edit(path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def rebuild_and_compare(name: str) -> None:
        if not spare:
            drop_spares(out)
        build.build(site, out, Options(today=TODAY, search=False))
        mine = tree(out)
        clean = built_from_scratch(site, tmp_path, name)
        assert sorted(mine) == sorted(clean), name
        different = [rel for rel in mine if mine[rel] != clean[rel]]
        assert different == [], name

    # Edit one page's text: only that page (and pages listing it) are made again.
    before = inode(untouched)
    edit(some_page, "\n## ", "\nA sentence added by an editor.\n\n## ")
    rebuild_and_compare("edit a page")
    assert inode(untouched) == before, "an unchanged page should be reused, not rendered"

    # A new monthly report changes the news pages, home page and feed, not guidance pages.
    [report] = make_reports(Writer(7), 1, last=dt.date(2025, 8, 1))
    (site / "data" / "patrols" / f"{report.month}.yaml").write_text(report_yaml(report))
    rebuild_and_compare("add a report")
    assert inode(untouched) == before

    # Site settings reach every page.
    edit(site / "data" / "site.yaml", "footer_note: ", "footer_note: Edited. ")
    rebuild_and_compare("change site.yaml")

    # A template of the site's own, overriding the repository's.
    layout = site / "templates" / "layouts" / "page.html"
    layout.parent.mkdir(parents=True)
    shutil.copy2(REPO / "templates" / "layouts" / "page.html", layout)
    edit(layout, "{% block after_body %}", "<p>Checked by the editor.</p>\n{% block after_body %}")
    rebuild_and_compare("change a template")

    # A page with a mistake fails the build and leaves the last output as it was.
    edit(some_page, "---\n", "---\nunknown_field: 1\n")
    last = tree(out)
    with pytest.raises(ContentErrors):
        build.build(site, out, Options(today=TODAY, search=False))
    assert tree(out) == last
    edit(some_page, "unknown_field: 1\n", "")
    rebuild_and_compare("fix the mistake")

    # Delete a page no other page links to; its address must disappear from the output.
    orphan = unlinked_page(site)
    orphan.unlink()
    rebuild_and_compare("delete a page")
    assert not (out / orphan.stem).exists()


def unlinked_page(site):
    """Returns a guidance page that no other page links to."""
    guidance = site / "content" / "guidance"
    linked = {line for p in guidance.glob("*.md") for line in p.read_text().split("(/")[1:]}
    return next(
        p
        for p in sorted(guidance.glob("*-guide-*.md"))
        if not any(part.startswith(p.stem + "/") for part in linked)
    )


SENTENCE = "A sentence added by an editor."


def add_sentence(page) -> None:
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("\n## ", f"\n{SENTENCE}\n\n## ", 1), encoding="utf-8")


def no_whole_index(*args, **kwargs):
    """Stands in for write_search_index where the index must be patched, not made whole."""
    raise AssertionError("the whole search index was made again for an edit to one page")


@pytest.mark.parametrize("search", [False, True], ids=["no search index", "with search"])
def test_an_edit_to_a_page_text_remakes_that_page_alone(site, tmp_path, monkeypatch, search):
    options = Options(today=TODAY, search=search)
    out = tmp_path / "public"
    build.build(site, out, options)
    page = sorted((site / "content" / "guidance").glob("*-guide-*.md"))[3]

    def read_site(*args, **kwargs):
        raise AssertionError("the whole site was read again for an edit to one page's text")

    # The first edit after a cold build is staged afresh; the second starts from the spare copy.
    for edit in ("first-edit", "second-edit"):
        assert bool(list(tmp_path.glob(".public.spare-*"))) == (edit == "second-edit")
        before = tree(out)
        add_sentence(page)
        monkeypatch.setattr(build, "read_site", read_site)
        monkeypatch.setattr(search_index, "write_search_index", no_whole_index)
        build.build(site, out, options)
        monkeypatch.undo()
        after = tree(out)
        changed = [rel for rel in sorted(after | before) if after.get(rel) != before.get(rel)]
        # No other page shows a page's text: this is what lets the build remake the page alone.
        # In the search index, only the files of the page's own words change (and the list of
        # word files, if one is new): the files of the words the sentence added, and others
        # where the page's longer text lowered the weight of a word on it (BM25).
        pages = [rel for rel in changed if not rel.startswith("search-index/")]
        assert pages == [f"{page.stem}/index.html"], edit
        added = {word_file("en-gb", word_key(term)) for term in terms(SENTENCE, "en-gb")}
        index = set(changed) - set(pages) - {list_file("en-gb")}
        if search:
            on_page = search_index.read_indexed_page(out, f"{page.stem}/index.html").weights
            assert added <= index <= {word_file("en-gb", word_key(w)) for w in on_page}, edit
        else:
            assert index == set(), edit
        assert after == built_from_scratch(site, tmp_path, edit, search), edit

    # The page made alone has the key a whole build gives it, so a whole build keeps it
    # (swapping in a whole new folder, where a page made again would be a new file).
    made_alone = inode(out / page.stem / "index.html")
    [report] = make_reports(Writer(7), 1, last=dt.date(2025, 8, 1))
    (site / "data" / "patrols" / f"{report.month}.yaml").write_text(report_yaml(report))
    build.build(site, out, options)
    assert inode(out / page.stem / "index.html") == made_alone


def test_a_word_new_to_the_index_and_a_word_gone_from_it_patch_it_as_a_whole_build_would(
    site, tmp_path, monkeypatch
):
    options = Options(today=TODAY)
    out = tmp_path / "public"
    build.build(site, out, options)
    page = sorted((site / "content" / "guidance").glob("*-guide-*.md"))[5]
    text = page.read_text(encoding="utf-8")
    new_word = word_file("en-gb", word_key("zyzzyva"))  # no page has a word starting "zyz"
    assert not (out / new_word).exists()

    for edit, content in (("new word", text + "\nZyzzyva.\n"), ("word gone", text)):
        page.write_text(content, encoding="utf-8")
        monkeypatch.setattr(search_index, "write_search_index", no_whole_index)
        build.build(site, out, options)
        monkeypatch.undo()
        keys = json.loads((out / list_file("en-gb")).read_text())["keys"]
        listed = word_key("zyzzyva") in search_index.listed_keys(keys)
        assert listed == (out / new_word).exists() == (edit == "new word")
        assert tree(out) == built_from_scratch(site, tmp_path, edit, search=True), edit


def test_an_index_that_cannot_be_patched_is_made_whole(site, tmp_path, monkeypatch):
    options = Options(today=TODAY)
    out = tmp_path / "public"
    build.build(site, out, options)
    page = sorted((site / "content" / "guidance").glob("*-guide-*.md"))[2]
    add_sentence(page)
    monkeypatch.setattr(search_index, "patched_files", lambda stage, edited: None)
    build.build(site, out, options)
    assert tree(out) == built_from_scratch(site, tmp_path, "made whole", search=True)


def test_the_index_is_patched_only_while_no_page_comes_or_goes(tmp_path):
    class Previous:  # what patched_files reads of the last build
        folder, indexed = tmp_path / "last", {"en": ["/a/"]}

    class Stage:
        root, previous, written = tmp_path / "now", Previous, []

        def write(self, rel, data):
            self.written.append(rel)

    page = '<html lang="en"><main data-search-body><h1>B</h1><p>Words</p></main></html>'
    write(Stage.root / "a" / "index.html", page.replace("B", "A"))
    write(Stage.root / "b" / "index.html", page)
    write(Previous.folder / "a" / "index.html", page.replace("B", "A").replace("Words", "Old"))
    write(Previous.folder / "b" / "index.html", page.replace(" data-search-body", ""))
    write(Previous.folder / "search-index/en/index.json", '{"keys":{"a":".","ol":"d"},"pages":1}')
    write(Previous.folder / "search-index/en/words/a.json", '{"a":[0,5]}')
    write(Previous.folder / "search-index/en/words/old.json", '{"old":[0,1]}')
    stage = Stage()
    assert search_index.patched_files(stage, ["a/index.html", "b/index.html"]) is None
    assert stage.written == []  # nothing written: the index is made whole instead
    # "Old" became "Words" (filed as "word"): its file is left empty, one for "wor" is written.
    left_out = search_index.patched_files(stage, ["a/index.html"])
    assert left_out == ("search-index/en/words/old.json",)
    assert stage.written == ["search-index/en/words/wor.json", "search-index/en/index.json"]
    write(Stage.root / "a" / "index.html", page.replace("<h1>B", "<h1>Retitled"))
    assert search_index.patched_files(stage, ["a/index.html"]) is None  # a new title
    Previous.indexed = None  # the last build made no index
    assert search_index.patched_files(stage, ["a/index.html"]) is None


@pytest.mark.parametrize(
    "old, new",
    [
        ('\ntitle: "', '\ntitle: "Renamed '),  # the home page and the A to Z list titles
        ('\nsummary: "', '\nsummary: "Now '),
        ("\norder: ", "\norder: 1"),  # the order of pages on the home page
        ("\n---\n", "\ndraft: true\n---\n"),  # the page leaves the site
        ("](/", "](/no-such-page-"),  # a broken link: the build fails and changes nothing
    ],
    ids=["title", "summary", "order", "draft", "broken link"],
)
def test_an_edit_beyond_a_page_text_rebuilds_what_shows_it(site, tmp_path, old, new):
    out = tmp_path / "public"
    build.build(site, out, Options(today=TODAY, search=False))
    before = tree(out)
    page = unlinked_page(site)  # so that it may become a draft
    add_sentence(page)
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, new, 1), encoding="utf-8")
    if "no-such-page" in new:
        with pytest.raises(ContentErrors):
            build.build(site, out, Options(today=TODAY, search=False))
        assert tree(out) == before
        return
    build.build(site, out, Options(today=TODAY, search=False))
    after = tree(out)
    assert after == built_from_scratch(site, tmp_path, "outline edit")
    assert len([rel for rel in after if after[rel] != before.get(rel)]) > 1


def test_a_build_with_nothing_changed_leaves_the_output_alone(site, tmp_path):
    out = tmp_path / "public"
    build.build(site, out, Options(today=TODAY, search=False))
    folder, page = inode(out), next(out.glob("*-guide-*/index.html"))
    before = page.read_bytes()
    build.build(site, out, Options(today=TODAY, search=False))
    assert inode(out) == folder  # not even swapped: it is already what the build would make

    # A page spoilt or deleted by hand is noticed by the next build, and made again.
    page.write_text("spoilt by hand")
    build.build(site, out, Options(today=TODAY, search=False))
    assert page.read_bytes() == before
    page.unlink()
    build.build(site, out, Options(today=TODAY, search=False))
    assert page.read_bytes() == before
    page.write_text("spoilt again")
    edit_one = next(
        other
        for other in sorted((site / "content" / "guidance").glob("*-guide-*.md"))
        if other.stem != page.parent.name
    )
    edit_one.write_text(edit_one.read_text() + "\nOne more sentence.\n")
    build.build(site, out, Options(today=TODAY, search=False))
    assert page.read_bytes() == before


def test_deleting_the_cache_gives_a_cold_build_with_the_same_output(site, tmp_path):
    out = tmp_path / "public"
    build.build(site, out, Options(today=TODAY, search=False))
    first = tree(out)
    shutil.rmtree(site / FOLDER)
    build.build(site, out, Options(today=TODAY, search=False))
    assert tree(out) == first


def test_check_does_not_write_the_cache(site):
    build.check(site, today=TODAY)
    assert not (site / FOLDER).exists()


def test_a_process_that_builds_again_compiles_each_template_once(small_site, tmp_path, monkeypatch):
    # As serve and the tests do: a build in the same process as an earlier one, with a cache
    # of its own, compiles no template again; a template file new or edited since, afresh.
    compiled: list[str] = []
    compile_template = SiteEnvironment.compile

    def counted(env, source, name=None, *args, **kwargs):
        compiled.append(name)
        return compile_template(env, source, name, *args, **kwargs)

    monkeypatch.setattr(SiteEnvironment, "compile", counted)
    options = Options(today=TODAY, search=False)
    build.build(small_site, tmp_path / "first", options)
    compiled.clear()  # the first build may have found them compiled by an earlier test
    shutil.rmtree(small_site / FOLDER)
    build.build(small_site, tmp_path / "second", options)
    assert compiled == []
    own = small_site / "templates" / "layouts" / "home.html"
    own.parent.mkdir(parents=True)
    own.write_text((REPO / "templates" / "layouts" / "home.html").read_text(encoding="utf-8"))
    build.build(small_site, tmp_path / "third", options)
    assert compiled == ["layouts/home.html"]
    own.write_text(own.read_text(encoding="utf-8") + "{# edited #}\n", encoding="utf-8")
    build.build(small_site, tmp_path / "fourth", options)
    assert compiled == ["layouts/home.html"] * 2
