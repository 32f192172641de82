"""The site's search index, made from the finished pages into small files that a reader's
browser fetches only as it needs them (assets/js/search.js reads them).

Each language (a page's <html lang>) has an index of its own, under search-index/<lang>/:
- index.json: how many pages there are, and the keys of the word files that exist;
- words/<key>.json: every word that starts with <key> (its first KEY_LENGTH letters), each
  with the pages it is on, in order, as a flat list [gap, weight, gap, weight, ...] where each
  gap is the page's number less the one before it (numbers are long, gaps mostly short);
- pages/<n>.json: the address, title and summary of pages n x PAGES_PER_FILE onwards, in a
  list of up to PAGES_PER_FILE, shown in the results.

Few files, each small: a reader fetches only what a search needs, and each file costs a deploy
the same whatever its size (hub/speed/outputs.py checks and links every file of the output).

Only the element marked data-search-body is read, so headers, footers and the report helper's
later steps stay out. Words are folded (accents taken off, lower case) exactly as search.js
folds what the reader types, so "dwr" finds "dŵr". A page's weight for a word counts its uses,
each use in the title TITLE_WEIGHT times. Pages are numbered in the order of their addresses:
an edit that adds or removes no page keeps every number, so the index can be patched
(hub/speed/search.py) rather than made again.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..core.workers import map_in_workers

INDEX_FOLDER = "search-index"
KEY_LENGTH = 2  # a query word shorter than this matches that word only, not all it starts
PAGES_PER_FILE = 10
TITLE_WEIGHT = 5

_LANGUAGE = re.compile(r'<html lang="([^"]+)"')
_BODY = re.compile(r"<main\b[^>]*\sdata-search-body\b[^>]*>(.*?)</main>", re.S)
_HEADING = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
_DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)"')
_TAG = re.compile(r"<[^>]*>")
_ACCENT = re.compile("[\u0300-\u036f]")  # the combining marks search.js removes too
_WORD = re.compile(r"[^\W_]+")  # letters and digits: search.js's [\p{L}\p{N}]+


@dataclass(frozen=True)
class IndexedPage:
    """What the index keeps of one page."""

    language: str
    url: str
    title: str
    summary: str
    weights: dict[str, int]


def fold(text: str) -> str:
    """Returns `text` in lower case with its accents taken off, as search.js folds a query."""
    if text.isascii():
        return text.lower()
    return _ACCENT.sub("", unicodedata.normalize("NFKD", text)).lower()


def words(text: str) -> list[str]:
    """Returns the folded words of `text`, in order."""
    return _WORD.findall(fold(text))


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
    text = html.unescape(_TAG.sub(" ", body.group(1)))
    heading = _HEADING.search(body.group(1))
    title = " ".join(html.unescape(_TAG.sub("", heading.group(1))).split()) if heading else ""
    language = _LANGUAGE.search(page)
    description = _DESCRIPTION.search(page)
    weights = Counter(words(text))
    for word in words(title):
        weights[word] += TITLE_WEIGHT - 1  # the title's words are in the text once already
    url = page_address(rel)
    return IndexedPage(
        language=language.group(1).lower() if language else "",
        url=url,
        title=title or url,
        summary=html.unescape(description.group(1)) if description else "",
        weights=dict(weights),
    )


def word_key(word: str) -> str:
    """Returns the key of the word file that holds `word`."""
    return word[:KEY_LENGTH]


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


def postings(pages: dict[int, int]) -> list[int]:
    """Returns a word's entry in its word file, given its weight on each page (by number)."""
    flat, last = [], 0
    for number in sorted(pages):
        flat += (number - last, pages[number])
        last = number
    return flat


def weights_by_page(entry: list[int]) -> dict[int, int]:
    """Returns a word's weight on each page (by number), given its entry in its word file."""
    pages, number = {}, 0
    for n in range(0, len(entry), 2):
        number += entry[n]
        pages[number] = entry[n + 1]
    return pages


def page_entry(page: IndexedPage) -> dict[str, str]:
    """Returns a page's entry in its pages file."""
    return {"url": page.url, "title": page.title, "summary": page.summary}


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
        keys: dict[str, dict[str, dict[int, int]]] = {}  # key -> word -> page -> weight
        for start in range(0, len(group), PAGES_PER_FILE):
            chunk = group[start : start + PAGES_PER_FILE]
            files[page_file(language, start)] = encode([page_entry(page) for page in chunk])
        for number, page in enumerate(group):
            for word, weight in page.weights.items():
                keys.setdefault(word_key(word), {}).setdefault(word, {})[number] = weight
        for key, entries in keys.items():
            files[word_file(language, key)] = encode(
                {word: postings(pages) for word, pages in entries.items()}
            )
        files[list_file(language)] = encode({"pages": len(group), "keys": sorted(keys)})
    return files


def write_search_index(output) -> None:
    """Writes search-index/ beside the pages, from every page in the output with a part
    marked data-search-body, and records on `output` which pages it numbered (`indexed`)."""
    previous = output.previous

    def read(rel: str) -> IndexedPage | None:
        # A page kept from the last build may not be in the staging folder yet; it is
        # in the last build's folder, as it was left.
        kept = previous is not None and rel not in output.fresh
        return read_indexed_page(previous.folder if kept else output.root, rel)

    pages = sorted(rel for rel in output.claimed.values() if rel.endswith(".html"))
    languages = by_language([page for page in map_in_workers(read, pages) if page])
    for rel, data in index_files(languages).items():
        output.write(rel, data)
    output.indexed = {
        language: [page.url for page in group] for language, group in languages.items()
    }
