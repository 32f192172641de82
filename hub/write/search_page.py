"""Site search: the /search/ page with its A to Z (the index it searches is made by
search_index.py)."""

from __future__ import annotations

from collections.abc import Sequence

from ..core.addresses import DATA_URL, SEARCH_URL, breadcrumbs, home_crumb
from ..read.helper.model import ROOT as HELPER_URL
from ..site.editions import Versions, editions


def built_pages(words, prefix: str = "", helper: bool = False) -> list[tuple[str, str, str]]:
    """Returns the pages the build makes itself, as (title, address, summary) for the A to Z,
    in `words`' language; the report helper's with `helper`."""
    pages = [
        (words("news.title"), prefix + "/news/", words("search.news_summary")),
        (words("open_data.title"), prefix + DATA_URL, words("search.data_summary")),
    ]
    if helper:
        pages.append((words("helper.name"), prefix + HELPER_URL, words("search.helper_summary")))
    return pages


def _first_letter(title: str, digraphs: list[str]) -> str:
    """Returns the letter a title is listed under: a letter of two characters where the
    language has them (Welsh "Ch"), "#" for a title that does not start with a letter."""
    for digraph in digraphs:
        if title[: len(digraph)].casefold() == digraph.casefold():
            return digraph
    return title[:1].upper() if title[:1].isalpha() else "#"


def a_to_z(
    pages,
    extra: list[tuple[str, str, str]],
    digraphs: Sequence[str] = (),
    others=(),
    first: str = "",
) -> list[dict]:
    """Returns every page except the home page, grouped by the first letter of its title.

    `extra` adds (title, address, summary) entries for pages the build makes itself; `others`
    adds the pages that are only in the first language (`first`, each entry's `lang`). A letter
    written with two characters (`digraphs`, such as Welsh "Ch") is a letter of its own,
    listed after every title that starts with its first character alone.
    """
    entries = [(p.title, p.url, p.summary, "") for p in pages if p.kind != "home"]
    entries += [(*entry, "") for entry in extra]
    entries += [(p.title, p.url, p.summary, first) for p in others if p.kind != "home"]
    digraphs = sorted(digraphs, key=len, reverse=True)

    def order(entry):
        title = entry[0]
        letter = _first_letter(title, digraphs)
        size = len(letter) if letter != "#" else 1
        return title[:1].casefold(), size, title[size:].casefold(), entry[1]

    groups: dict[str, list[dict]] = {}
    for title, url, summary, lang in sorted(entries, key=order):
        letter = _first_letter(title, digraphs)
        entry = {"title": title, "url": url, "summary": summary, "lang": lang}
        groups.setdefault(letter, []).append(entry)
    return [
        {
            "letter": letter,
            "id": f"letter-{letter.lower()}" if letter != "#" else "other",
            "entries": entries,
        }
        for letter, entries in groups.items()
    ]


def write_search_page(env, site, output) -> None:
    """Writes /search/ in each language: a search box run by search.js, searching that
    language's index, and an A to Z of its pages that works without it."""
    versions = Versions(site)
    parts = list(editions(site))
    first, first_pages = site.settings.languages[0].code, parts[0][1].pages
    for language, part in parts:
        words, prefix = part.settings.words, language.prefix
        # Pages with no version in this language are listed too, marked as the first's.
        own = {page.url.removeprefix(prefix) for page in part.pages}
        others = [p for p in first_pages if not language.default and p.url not in own]
        extra = built_pages(words, prefix, helper=part.helper is not None)
        url = prefix + SEARCH_URL
        values = {
            "url": url,
            "groups": a_to_z(part.pages, extra, words.strings["search"]["digraphs"], others, first),
            "breadcrumbs": breadcrumbs(home_crumb(words, prefix)),
            "versions": versions.of(url),
        }
        output.write_rendered(
            env.for_language(language),
            [(url.lstrip("/") + "index.html", "layouts/search.html", values)],
        )  # kept if no title changed
        output.add_address(url)
