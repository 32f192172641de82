"""Results worked out from one input file each (a monthly report, say), kept between builds."""

from __future__ import annotations

import copy

from .fingerprints import fingerprint
from .hashes import FileHashes
from .store import CacheFolder


class ResultStore:
    """One kind of result, by file, each kept under a fingerprint of the file and options:
    a tuple of values of the shape `item` (see shapes.py)."""

    def __init__(self, name: str, item, store: CacheFolder, hashes: FileHashes, code: str):
        self.name = name
        self.shape = dict[str, tuple[str, tuple[item, ...]]]
        self.store = store
        self.hashes = hashes
        self.code = code
        self.entries: dict | None = None  # read on first use
        self.touched: set[str] = set()  # files looked up by this build
        self.changed = False

    def _entries(self) -> dict:
        if self.entries is None:
            self.entries = self.store.load(self.name, {}, self.shape)
        return self.entries

    def key(self, path, rel: str, *options) -> str:
        """Returns the fingerprint of one file's bytes, its name, the code and `options`."""
        return fingerprint(self.code, rel, self.hashes.hash_now(path), options)

    def recall(self, rel: str, key: str):
        """Returns a copy of what was kept for `rel` under `key`, or None.

        A shallow copy of each item: the build may set attributes on what it gets (a report's
        totals), which must not reach what is kept."""
        self.touched.add(rel)
        known = self._entries().get(rel)
        if known is None or known[0] != key:
            return None
        return tuple(copy.copy(item) for item in known[1])

    def keep(self, rel: str, key: str, value: tuple, path) -> None:
        """Keeps `value` (a tuple) for `rel` under `key`, unless the file changed meanwhile."""
        self.touched.add(rel)
        if not self.hashes.still_as_hashed(path):
            return
        self._entries()[rel] = (key, tuple(copy.copy(item) for item in value))
        self.changed = True

    def save(self) -> None:
        """Writes what changed, forgetting files this build did not look up (they are gone)."""
        if self.entries is None:
            return
        gone = [rel for rel in self.entries if rel not in self.touched]
        for rel in gone:
            del self.entries[rel]
        if self.changed or gone:
            self.store.store(self.name, self.entries)
        self.changed = False
        self.touched = set()
