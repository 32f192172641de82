"""The site's search index, made from the finished pages into small files that a reader's
browser fetches only as it needs them (assets/js/search.js reads them).

Each language (a page's <html lang>) has an index of its own, under search-index/<lang>/:
- index.json: how many pages there are, and the keys of the word files that exist (key_listing);
- words/<key>.json: every word that starts with <key> (its first KEY_LENGTH letters), each
  with the pages it is on, in order, as a flat list [gap, weight, gap, weight, ..., sections]
  where each gap is the page's number less the one before it (numbers are long, gaps mostly
  short) and sections is a string, one letter a page: the number (from 1, in base 36) of the
  page's first h2 section the word is in, "0" if none or past the 35th (a result links to the
  section its words are in; one letter, not a third number, keeps the files small), left out
  for a word on more than half the pages (BM25's point where a word stops telling pages apart:
  where it is says little, and leaving it out keeps a first search under 10 KB);
- pages/<n>.json: the address, title, summary and sections (the id and heading of each h2) of
  page n, shown in the results: a result fetches its own entry, so ten results cost ten small
  files, not parts of files holding other pages (a first search at 1000 pages fetches about
  5 to 9 KB gzipped: bench/search_quality.py --download 1000).

Small files: a reader fetches only what a search needs.

Only the element marked data-search-body is read, so headers, footers and the report helper's
later steps stay out; a page may name the title it is listed under (data-search-title, the
helper's problem pages). Words are folded (accents taken off, lower case) exactly as search.js
folds what the reader types, so "dwr" finds "dŵr", and in English each is cut to its stem by the
Snowball English stemmer (snowballstemmer here, the same algorithm in assets/js/stemmer.js), so
"arrested" finds "arrests". No maintained Snowball stemmer exists for Welsh: its words are kept
whole. A word written with a hyphen is indexed joined up as well ("anti-social" also as
"antisocial"); search.js joins each pair of the reader's words too, so the three spellings meet.

A page's weight for a word is its BM25 term weight (the part that belongs to the page: the
word's uses, with diminishing returns, against the page's length), the uses counted with the
title, headings and summary weighted (FIELD_WEIGHTS); search.js multiplies it by how rare the
word is. The length is compared with a fixed AVERAGE_LENGTH, not the site's average, so that one
page's weights depend on that page alone. Pages are numbered in the order of their addresses:
an edit that adds or removes no page keeps every number, so after edits to a few pages' text
the index is patched (update_search_index) rather than made again: the result is the index a
whole build would make, byte for byte (tests/build/test_incremental.py compares the two).
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..core.workers import map_in_workers

INDEX_FOLDER = "search-index"
KEY_LENGTH = 3  # a query word shorter than this matches that word only, not all it starts
PAGES_PER_FILE = 1  # a result fetches its own entry alone: 10 results, 10 small files
# How many times a use of a word counts, by where it is. The summary is the page's own sentence
# about itself (its meta description), not in its text.
FIELD_WEIGHTS = {"title": 5, "heading": 3, "summary": 2, "text": 1}
# BM25's usual constants: how soon more uses stop adding much (K1), how much length counts (B).
K1 = 1.2
B = 0.75
AVERAGE_LENGTH = 400  # words: about a guidance page's; fixed so that a page's weights are its own
SCALE = 10  # weights are written as whole numbers: the BM25 weight times this

_LANGUAGE = re.compile(r'<html lang="([^"]+)"')
_BODY = re.compile(r"<main\b([^>]*\sdata-search-body\b[^>]*)>(.*?)</main>", re.S)
_LISTED_TITLE = re.compile(r'\sdata-search-title="([^"]*)"')
_HEADING = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
_SECTION = re.compile(r'<h2\b[^>]*\sid="([^"]+)"[^>]*>(.*?)</h2>', re.S)
_BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"  # a section's number in a word file
_NAV = re.compile(r"<nav\b.*?</nav>", re.S)  # a contents list: links to sections, not one
_DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)"')
_TAG = re.compile(r"<[^>]*>")
_ACCENT = re.compile("[\u0300-\u036f]")  # the combining marks search.js removes too
_WORD = re.compile(r"[^\W_]+")  # letters and digits: search.js's [\p{L}\p{N}]+
_HYPHENATED = re.compile(r"[^\W_]+(?:[-\u2010\u2011][^\W_]+)+")  # "anti-social", "ar-lein"


@dataclass(frozen=True)
class IndexedPage:
    """What the index keeps of one page: its sections are (id, heading) of each h2 with an id,
    for a result to link to the part that matched; `places` gives each word the number (from 1)
    of the first section it is in (its heading or text), 0 for a word in none (only before the
    first h2, or in the title or summary)."""

    language: str
    url: str
    title: str
    summary: str
    weights: dict[str, int]
    places: dict[str, int]
    sections: tuple[tuple[str, str], ...] = ()


def fold(text: str) -> str:
    """Returns `text` in lower case with its accents taken off, as search.js folds a query."""
    if text.isascii():
        return text.lower()
    return _ACCENT.sub("", unicodedata.normalize("NFKD", text)).lower()


def words(text: str) -> list[str]:
    """Returns the folded words of `text`, in order."""
    return _WORD.findall(fold(text))


@lru_cache(maxsize=1)
def _english_stemmer():
    # Imported when first needed: it is a tenth of the start-up of a build without an index.
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=1 << 16)
def english_stem(word: str) -> str:
    """Returns the Snowball English stem of a folded word. Kept for each word: a site uses a
    few thousand words hundreds of thousands of times, and the stemmer is pure Python."""
    return _english_stemmer().stemWord(word)


def terms(text: str, language: str) -> list[str]:
    """Returns what the index files `text` under in `language`: each folded word, stemmed in
    English, and each hyphenated word joined up as well ("anti-social": anti, social, antisoci)."""
    found = words(text) + ["".join(words(joined)) for joined in _HYPHENATED.findall(fold(text))]
    return [english_stem(word) for word in found] if language.split("-")[0] == "en" else found


def bm25_weight(uses: float, length: int) -> int:
    """Returns the index's whole-number weight for a word used `uses` times (weighted) on a
    page of `length` words: BM25's term frequency part, at least 1."""
    norm = K1 * (1 - B + B * length / AVERAGE_LENGTH)
    return max(1, round(SCALE * uses * (K1 + 1) / (uses + norm)))


def plain(fragment: str) -> str:
    """Returns the text of an HTML fragment, its spaces run together."""
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


def page_address(rel: str) -> str:
    """Returns the address of the output file `rel`: a folder's index.html is the folder."""
    if rel == "index.html" or rel.endswith("/index.html"):
        return "/" + rel.removesuffix("index.html")
    return "/" + rel


def read_indexed_page(root: Path, rel: str) -> IndexedPage | None:
    """Returns what the index keeps of the page `rel` in the folder `root`, or None if the
    page has no part marked for search (or is not there)."""
    try:
        with open(f"{root}/{rel}", encoding="utf-8") as file:
            page = file.read()
    except (FileNotFoundError, NotADirectoryError):
        return None
    body = _BODY.search(page)
    if body is None:
        return None
    attributes, content = body.groups()
    heading = _HEADING.search(content)
    listed = _LISTED_TITLE.search(attributes)
    from_heading = listed is None and heading is not None  # then the title is in the text too
    title = plain(listed.group(1) if listed else heading.group(1) if heading else "")
    found = _LANGUAGE.search(page)
    language = found.group(1).lower() if found else ""
    description = _DESCRIPTION.search(page)
    summary = html.unescape(description.group(1)) if description else ""
    own = _NAV.sub(" ", content)  # the page's own text, without its contents list
    sections = tuple((id_, plain(text)) for id_, text in _SECTION.findall(own))
    text = terms(plain(content), language)
    places = section_places(own, language)
    uses = Counter({term: FIELD_WEIGHTS["text"] * n for term, n in Counter(text).items()})
    title_uses = FIELD_WEIGHTS["title"] - (FIELD_WEIGHTS["text"] if from_heading else 0)
    for term in terms(title, language):
        uses[term] += title_uses
    for _, section in sections:
        for term in terms(section, language):
            uses[term] += FIELD_WEIGHTS["heading"] - FIELD_WEIGHTS["text"]
    for term in terms(summary, language):
        uses[term] += FIELD_WEIGHTS["summary"]
    url = page_address(rel)
    return IndexedPage(
        language=language,
        url=url,
        title=title or url,
        summary=summary,
        weights={term: bm25_weight(n, len(text)) for term, n in sorted(uses.items())},
        sections=sections,
        places={term: places.get(term, 0) for term in uses},
    )


def section_places(content: str, language: str) -> dict[str, int]:
    """Returns the number (from 1) of the first h2 section each word of `content` is in, for
    the words in any: a section runs from its heading to the next h2 (or the end)."""
    starts = [found.start() for found in _SECTION.finditer(content)]
    places: dict[str, int] = {}
    for number, (start, end) in enumerate(zip(starts, starts[1:] + [len(content)]), 1):
        for term in terms(plain(content[start:end]), language):
            places.setdefault(term, number)
    return places


def word_key(word: str) -> str:
    """Returns the key of the word file that holds `word`."""
    return word[:KEY_LENGTH]


def key_listing(keys) -> dict[str, str]:
    """Returns how index.json lists the keys of the word files that exist, compactly: by their
    first two letters, each followed by the third letters of its keys in order ("." where the
    key is those letters alone), as search.js reads it. {"ab": ".o"} is "ab" and "abo"."""
    groups: dict[str, str] = {}
    for key in sorted(keys):
        groups[key[:2]] = groups.get(key[:2], "") + (key[2:] or ".")
    return groups


def listed_keys(listing: dict[str, str]) -> set[str]:
    """Returns the keys that a key_listing lists."""
    return {
        group + ("" if rest == "." else rest) for group, rests in listing.items() for rest in rests
    }


def word_file(language: str, key: str) -> str:
    """Returns the path (in the output) of a language's word file for `key`. Letters other
    than a to z and digits are written as _ and their hexadecimal code, as search.js does."""
    name = re.sub(r"[^a-z0-9]", lambda m: f"_{ord(m.group()):x}", key)
    return f"{INDEX_FOLDER}/{language}/words/{name}.json"


def page_file(language: str, number: int) -> str:
    """Returns the path (in the output) of the language's pages file that has page `number`."""
    return f"{INDEX_FOLDER}/{language}/pages/{number // PAGES_PER_FILE}.json"


def list_file(language: str) -> str:
    """Returns the path (in the output) of a language's index.json."""
    return f"{INDEX_FOLDER}/{language}/index.json"


def encode(value) -> bytes:
    """Returns `value` as the index writes JSON: compact, keys in order, letters as they are."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def postings(pages: dict[int, tuple[int, int]], page_count: int) -> list:
    """Returns a word's entry in its word file, given its (weight, section) on each page (by
    number) and how many pages the index has."""
    flat: list = []
    sections = ""
    last = 0
    for number in sorted(pages):
        weight, section = pages[number]
        flat += (number - last, weight)
        sections += _BASE36[section] if section < len(_BASE36) else "0"
        last = number
    return flat if len(pages) > page_count / 2 else [*flat, sections]


def weights_by_page(entry: list) -> dict[int, tuple[int, int]]:
    """Returns a word's (weight, section) on each page (by number), given its entry in its
    word file."""
    pages, number = {}, 0
    sections = entry[-1] if len(entry) % 2 else "0" * len(entry)  # none for a common word
    for n in range(0, len(entry) - 1, 2):
        number += entry[n]
        pages[number] = (entry[n + 1], int(sections[n // 2], 36))
    return pages


def posting(page: IndexedPage, word: str) -> tuple[int, int] | None:
    """Returns the (weight, section) of `word` on `page` in its word file, None if not on it."""
    if word not in page.weights:
        return None
    return page.weights[word], page.places[word]


def page_entry(page: IndexedPage) -> dict:
    """Returns a page's entry in its pages file: its sections as [id, heading] pairs."""
    sections = [list(section) for section in page.sections]
    return {"url": page.url, "title": page.title, "summary": page.summary, "sections": sections}


def by_language(pages: list[IndexedPage]) -> dict[str, list[IndexedPage]]:
    """Returns each language's pages in the order the index numbers them: by address."""
    languages: dict[str, list[IndexedPage]] = {}
    for page in sorted(pages, key=lambda p: p.url):
        languages.setdefault(page.language, []).append(page)
    return languages


def index_files(languages: dict[str, list[IndexedPage]]) -> dict[str, bytes]:
    """Returns every file of the index of each language's pages, given by_language (path in
    the output -> contents)."""
    files = {}
    for language, group in languages.items():
        # key -> word -> page -> (weight, section)
        keys: dict[str, dict[str, dict[int, tuple[int, int]]]] = {}
        for start in range(0, len(group), PAGES_PER_FILE):
            chunk = group[start : start + PAGES_PER_FILE]
            files[page_file(language, start)] = encode([page_entry(page) for page in chunk])
        for number, page in enumerate(group):
            for word, weight in page.weights.items():
                entry = (weight, page.places[word])
                keys.setdefault(word_key(word), {}).setdefault(word, {})[number] = entry
        for key, entries in keys.items():
            files[word_file(language, key)] = encode(
                {word: postings(pages, len(group)) for word, pages in entries.items()}
            )
        files[list_file(language)] = encode({"pages": len(group), "keys": key_listing(keys)})
    return files


def write_search_index(env, site, output) -> None:
    """Writes search-index/ beside the pages, from every page in the output with a part
    marked data-search-body, and records on `output` which pages it numbered (`indexed`).
    (`env` and `site` are every writer's arguments: the index is read from the pages.)"""
    previous = output.previous

    def read(rel: str) -> IndexedPage | None:
        # A page kept from the last build may not be in the staging folder yet; it is
        # in the last build's folder, as it was left.
        kept = previous is not None and rel not in output.fresh
        return read_indexed_page(previous.folder if kept else output.root, rel)

    pages = sorted(rel for rel in output.claimed.values() if rel.endswith(".html"))
    languages = by_language([page for page in map_in_workers(read, pages) if page])
    output.write_many(index_files(languages))
    output.indexed = {
        language: [page.url for page in group] for language, group in languages.items()
    }


def update_search_index(env, site, stage) -> None:
    """For a build that has made again only some pages of the last one: keeps every file of
    the last build that this one has not written, and brings the search index up to date with
    the pages it has; makes the index whole instead where it cannot be patched."""
    edited = sorted(rel for rel in stage.fresh if rel.endswith(".html"))
    left_out = patched_files(stage, edited)
    if left_out is None:
        stage.keep_the_rest(leave_out=(f"{INDEX_FOLDER}/",))
        write_search_index(env, site, stage)
    else:
        stage.keep_the_rest(leave_out=left_out)
        stage.indexed = stage.previous.indexed


def patched_files(stage, edited: list[str]) -> tuple[str, ...] | None:
    """Writes the index files that the edits to the pages `edited` change. Returns the
    index files the last build made that this one no longer makes (word files left empty);
    None, having written nothing, if the index must be made whole: an edit added a page to
    it or took one out, or changed what its pages file shows (title, summary, headings)."""
    previous = stage.previous
    if previous.indexed is None:  # the last build made no index
        return None
    changes = []
    for rel in edited:
        old = read_indexed_page(previous.folder, rel)
        new = read_indexed_page(stage.root, rel)
        if old is None and new is None:
            continue
        if old is None or new is None or (old.language, old.url) != (new.language, new.url):
            return None  # the pages' numbers change
        if page_entry(old) != page_entry(new):
            return None  # its pages file changes (an edit to a title or summary takes the
            # whole pipeline anyway; one to a heading is rarer)
        listed = previous.indexed.get(new.language, [])
        if new.url not in listed:
            return None  # the record does not list it: the index is made whole
        changes.append((listed.index(new.url), old, new))
    word_files: dict[tuple[str, str], dict[str, list]] = {}  # (language, key) -> words
    for number, old, new in changes:
        for word in old.weights.keys() | new.weights.keys():
            if posting(old, word) != posting(new, word):
                place = (new.language, word_key(word))
                if place not in word_files:
                    word_files[place] = _read_json(previous, word_file(*place), {})
                count = len(previous.indexed[new.language])
                _set_weight(word_files[place], word, number, posting(new, word), count)
    for place, entries in word_files.items():
        if entries:
            stage.write(word_file(*place), encode(entries))
    _write_key_lists(stage, word_files)
    return tuple(word_file(*place) for place, entries in word_files.items() if not entries)


def _set_weight(entries: dict[str, list], word: str, number: int, value, count: int) -> None:
    """Sets page `number`'s (weight, section) for `word` in a word file's entries, of an index
    of `count` pages; None takes it out."""
    pages = weights_by_page(entries.get(word, []))
    pages.pop(number, None)
    if value is not None:
        pages[number] = value
    if pages:
        entries[word] = postings(pages, count)
    else:
        entries.pop(word, None)


def _write_key_lists(stage, word_files: dict[tuple[str, str], dict]) -> None:
    """Writes a language's index.json again where a word file was added or left empty."""
    for language in {language for language, _ in word_files}:
        rel = list_file(language)
        listing = _read_json(stage.previous, rel, None)
        keys = listed_keys(listing["keys"])
        for (other, key), entries in word_files.items():
            if other == language:
                (keys.add if entries else keys.discard)(key)
        if key_listing(keys) != listing["keys"]:
            stage.write(rel, encode({**listing, "keys": key_listing(keys)}))


def _read_json(previous, rel: str, missing):
    """Returns the last build's index file `rel`, parsed; `missing` if it made none."""
    try:
        with open(f"{previous.folder}/{rel}", "rb") as file:
            return json.loads(file.read())
    except FileNotFoundError:
        return missing
