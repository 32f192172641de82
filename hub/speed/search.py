"""Bringing the last build's search index up to date after a few pages were edited, by
rewriting only the files those pages' words are in (hub/write/search_index.py describes the files).

The result is the index a whole build would make, byte for byte: a page keeps its number
while no page is added to the index or taken out of it, and each word file lists its words
and their pages in order. tests/build/test_incremental.py compares the two.
"""

from __future__ import annotations

import json

from ..write.search_index import (
    INDEX_FOLDER,
    encode,
    list_file,
    postings,
    read_indexed_page,
    weights_by_page,
    word_file,
    word_key,
    write_search_index,
)


def update_search_index(stage, edited: list[str]) -> None:
    """Keeps every file of the last build that this one has not written, and brings the
    search index up to date with the pages `edited` (paths in the output) that it has; makes
    the index whole instead where it cannot be patched."""
    left_out = patched_files(stage, edited)
    if left_out is None:
        stage.keep_the_rest(leave_out=(f"{INDEX_FOLDER}/",))
        write_search_index(stage)
    else:
        stage.keep_the_rest(leave_out=left_out)
        stage.indexed = stage.previous.indexed


def patched_files(stage, edited: list[str]) -> tuple[str, ...] | None:
    """Writes the index files that the edits to the pages `edited` change. Returns the
    index files the last build made that this one no longer makes (word files left empty);
    None, having written nothing, if the index must be made whole: an edit added a page to
    it or took one out, or changed a page's title or summary, which its pages file shows."""
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
        if (old.title, old.summary) != (new.title, new.summary):
            return None  # (an edit that changes them takes the whole pipeline anyway)
        listed = previous.indexed.get(new.language, [])
        if new.url not in listed:
            return None  # the record does not list it: the index is made whole
        changes.append((listed.index(new.url), old, new))
    word_files: dict[tuple[str, str], dict[str, list[int]]] = {}  # (language, key) -> words
    for number, old, new in changes:
        for word in old.weights.keys() | new.weights.keys():
            if old.weights.get(word) != new.weights.get(word):
                place = (new.language, word_key(word))
                if place not in word_files:
                    word_files[place] = _read_json(previous, word_file(*place), {})
                _set_weight(word_files[place], word, number, new.weights.get(word))
    for place, entries in word_files.items():
        if entries:
            stage.write(word_file(*place), encode(entries))
    _write_key_lists(stage, word_files)
    return tuple(word_file(*place) for place, entries in word_files.items() if not entries)


def _set_weight(entries: dict[str, list[int]], word: str, number: int, weight) -> None:
    """Sets page `number`'s weight for `word` in a word file's entries; None takes it out."""
    pages = weights_by_page(entries.get(word, []))
    pages.pop(number, None)
    if weight is not None:
        pages[number] = weight
    if pages:
        entries[word] = postings(pages)
    else:
        entries.pop(word, None)


def _write_key_lists(stage, word_files: dict[tuple[str, str], dict]) -> None:
    """Writes a language's index.json again where a word file was added or left empty."""
    for language in {language for language, _ in word_files}:
        rel = list_file(language)
        listing = _read_json(stage.previous, rel, None)
        keys = set(listing["keys"])
        for (other, key), entries in word_files.items():
            if other == language:
                (keys.add if entries else keys.discard)(key)
        if sorted(keys) != listing["keys"]:
            stage.write(rel, encode({**listing, "keys": sorted(keys)}))


def _read_json(previous, rel: str, missing):
    """Returns the last build's index file `rel`, parsed; `missing` if it made none."""
    try:
        with open(f"{previous.folder}/{rel}", "rb") as file:
            return json.loads(file.read())
    except FileNotFoundError:
        return missing
