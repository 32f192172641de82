"""Parsed pages kept between builds, with each page's text apart from the rest of it.

A build needs every page's outline (title, summary, section, links, ids) to make menus,
lists and link checks, but the text only of the pages it renders again. So the outlines of
all pages are stored in a few shards, and the texts in shards of their own that are read only
when a page's text is first used (LazyText stands in for it until then).
"""

from __future__ import annotations

import dataclasses
import hashlib

from .fingerprints import fingerprint
from .hashes import FileHashes
from .store import CacheFolder

SHARDS = 16  # so that one edit rewrites a sixteenth of the store, not all of it


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


class LazyText:
    """Stands in for a cached page's text (a PageText) until one of its parts is used."""

    def __init__(self, read):
        self._read = read

    def __getattr__(self, name):
        # Reached only for an attribute not yet set: the first use reads the whole text.
        text = self.__dict__.pop("_read")()
        self.__dict__.update(dataclasses.asdict(text) if dataclasses.is_dataclass(text) else text)
        return self.__dict__[name]


class PageStore:
    """Parsed pages by source file, each kept under the fingerprint of what it was made from."""

    def __init__(self, store: CacheFolder, hashes: FileHashes, code: str):
        self.store = store
        self.hashes = hashes
        self.code = code
        self.shards: dict[int, dict] = {}  # shard -> {rel: (key, outline, page without text)}
        self.texts: dict[int, dict] = {}  # shard -> {rel: text}
        self.changed: set[int] = set()
        self.seen: set[str] = set()  # pages looked up by this build
        self.listed = False  # set once this build has gone through every page file
        self.keys: dict[int, str] = {}  # id(page) -> its key: a page stands for itself by it
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
            self.shards[number] = self.store.load(f"pages-{number}", {})
        return self.shards[number]

    def _texts(self, number: int) -> dict:
        if number not in self.texts:
            self.texts[number] = self.store.load(f"texts-{number}", {})
        return self.texts[number]

    def recall(self, rel: str, key: str):
        """Returns the page parsed from exactly these inputs before, or None. Its text is
        read only if something uses it."""
        self.seen.add(rel)
        number = _shard_of(rel)
        known = self._shard(number).get(rel)
        if known is None or known[0] != key:
            return None
        _, kept_outline, bare = known
        page = dataclasses.replace(bare, text=LazyText(lambda: self._texts(number)[rel]))
        self.keys[id(page)] = key
        self.outlines[rel] = kept_outline
        return page

    def keep(self, rel: str, key: str, page, path: str) -> None:
        """Keeps a page parsed without problems for builds to come, unless its file changed
        while it was being read."""
        self.outlines[rel] = kept_outline = outline(page)
        if not self.hashes.still_as_hashed(path):
            self.forget(rel)
            return
        number = _shard_of(rel)
        self._shard(number)[rel] = (key, kept_outline, dataclasses.replace(page, text=None))
        self._texts(number)[rel] = page.text
        self.changed.add(number)
        self.keys[id(page)] = key

    def forget(self, rel: str) -> None:
        """Drops a page that has problems now: it is parsed (and reported) every time."""
        number = _shard_of(rel)
        if self._shard(number).pop(rel, None) is not None:
            self._texts(number).pop(rel, None)
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
                self._texts(number).pop(rel, None)
            if gone or number in self.changed:
                self.store.store(f"pages-{number}", shard)
                self.store.store(f"texts-{number}", self._texts(number))
        self.changed.clear()
        self.seen.clear()
        self.listed = False
