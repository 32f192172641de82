"""Parsed pages kept between builds, in shards by source file.

A page is kept with its text, in one file: a page the cache gives always comes whole. (Texts
once had files of their own, read only when a page was rendered; but a text file lost or
damaged beside a good file of outlines then stopped the build half-way.) One edit rewrites
only its own shard.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from types import GenericAlias

from .fingerprints import Known, fingerprint
from .hashes import FileHashes
from .shapes import Valid, inside
from .store import CacheFolder

SHARDS = 64  # so that one edit rewrites a sixty-fourth of the store, not all of it


@functools.cache
def shard_shape(page_type: type):
    """Returns what a shard holds: source -> (key, outline, page), each page a `page_type`
    (hub.read.pages.Page). A page is written to its own address, so one whose address leads
    out of the output is not one the build made."""
    page = Valid(page_type, lambda page: inside(page.output))
    # dict[str, tuple[str, str, page]], spelt out: a type checker reads that spelling as a type,
    # which a Valid value is not.
    return GenericAlias(dict, (str, GenericAlias(tuple, (str, str, page))))


def _shard_of(rel: str) -> int:
    return hashlib.blake2b(rel.encode(), digest_size=2).digest()[0] % SHARDS


def outline(page) -> str:
    """Returns a fingerprint of everything about a page but its text: all that other pages
    show of it. Sets are sorted, so that it is the same in every process."""
    values = {field.name: getattr(page, field.name) for field in dataclasses.fields(page)}
    del values["text"]
    return fingerprint(
        {name: sorted(v) if isinstance(v, set | frozenset) else v for name, v in values.items()}
    )


class PageStore:
    """Parsed pages by source file, each kept under the fingerprint of what it was made from,
    and read back only as a `page_type` (the reader's Page, which the caller gives)."""

    def __init__(self, store: CacheFolder, hashes: FileHashes, code: str, page_type: type):
        self.store = store
        self.page_type = page_type
        self.hashes = hashes
        self.code = code
        self.shards: dict[int, dict] = {}  # shard -> {rel: (key, outline, page)}
        self.changed: set[int] = set()
        self.seen: set[str] = set()  # pages looked up by this build
        self.listed = False  # set once this build has gone through every page file
        self.keys: Known = {}  # a page stands for itself by its key
        self.outlines: dict[str, str] = {}  # rel -> outline, for every page this build read
        self.settings_key: tuple[int, str] | None = None

    def key(self, path: str, rel: str, kind: str, settings) -> str:
        """Returns the fingerprint of everything a page is made from: its bytes, its name and
        kind, the settings (with anything else every page shares) and the code."""
        if self.settings_key is None or self.settings_key[0] != id(settings):
            self.settings_key = (id(settings), fingerprint(settings))
        parts = "\0".join(
            (self.code, rel, kind, self.settings_key[1], self.hashes.hash_now(path))
        )  # no \0 in any part
        return hashlib.blake2b(parts.encode(), digest_size=16).hexdigest()

    def _shard(self, number: int) -> dict:
        if number not in self.shards:
            self.shards[number] = self.store.load(
                f"pages-{number}", {}, shard_shape(self.page_type)
            )
        return self.shards[number]

    def recall(self, rel: str, key: str):
        """Returns the page parsed from exactly these inputs before, or None."""
        self.seen.add(rel)
        known = self._shard(_shard_of(rel)).get(rel)
        if known is None or known[0] != key:
            return None
        _, kept_outline, page = known
        self.keys[id(page)] = (page, key)
        self.outlines[rel] = kept_outline
        return page

    def parsed(self, page, path: str) -> tuple[str, bool]:
        """Returns what `keep` needs of a page just parsed from the file `path`: its outline,
        and whether the file is still as it was hashed (one saved during the build must not
        have its new content kept under its old hash). The parser works it out, on its core."""
        return outline(page), self.hashes.still_as_hashed(path)

    def keep(self, rel: str, key: str, page, parsed: tuple[str, bool]) -> None:
        """Keeps a page parsed without problems for builds to come, unless its file changed
        while it was being read. `parsed` is what `PageStore.parsed` returned for the page."""
        kept_outline, unchanged = parsed
        self.outlines[rel] = kept_outline
        if not unchanged:
            self.forget(rel)
            return
        number = _shard_of(rel)
        self._shard(number)[rel] = (key, kept_outline, page)
        self.changed.add(number)
        self.keys[id(page)] = (page, key)

    def forget(self, rel: str) -> None:
        """Drops a page that has problems now: it is parsed (and reported) every time."""
        number = _shard_of(rel)
        if self._shard(number).pop(rel, None) is not None:
            self.changed.add(number)

    def save(self) -> None:
        """Writes the shards this build changed, forgetting pages whose files are gone."""
        if self.listed:  # every shard may hold a page whose file is gone
            for number in range(SHARDS):
                self._shard(number)
        for number, shard in self.shards.items():
            gone = [rel for rel in shard if self.listed and rel not in self.seen]
            for rel in gone:
                del shard[rel]
            if gone or number in self.changed:
                self.store.store(f"pages-{number}", shard)
        self.changed.clear()
        self.seen.clear()
        self.listed = False
