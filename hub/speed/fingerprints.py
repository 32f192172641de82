"""Fingerprints: short digests that change whenever what they describe changes in content.

Everything the cache keeps is keyed by a fingerprint of what it was made from, never by time
alone, so an entry made from other inputs is simply never found.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import os
import pickle
import sys
from pathlib import Path

from .. import REPO
from ..core.sources import walk
from .store import FORMAT

# The packages whose code shapes the output; an upgrade of any package installed beside them
# (each is pinned) makes every cached result stale.
PACKAGES = ("jinja2", "markupsafe", "markdown", "yaml", "nh3")


class Unkeyable(Exception):
    """A value whose content cannot be fingerprinted: whatever it feeds is made afresh."""


# id(object) -> (the object, its fingerprint). The map holds each object so that its id is not
# given to another while the map lives; an id is trusted only for the very object it holds.
Known = dict[int, tuple[object, str]]


def fingerprint(*values, known: Known | None = None) -> str:
    """Returns a hex digest of `values` that changes whenever any of them changes in content,
    and only then: the same whichever of its parts happen to be one shared object.

    The values are pickled (at C speed) and the bytes hashed. An object in `known` (as for a
    parsed page) stands in as its own fingerprint rather than as its contents. Raises
    Unkeyable for what cannot be pickled, such as a function defined inside another or a value
    that holds itself. A set of text pickles in a different order in each process: it still
    fingerprints correctly, but never matches an earlier build's.
    """
    data = io.BytesIO()
    try:
        _Pickler(data, known or {}).dump(values)
    except (pickle.PicklingError, TypeError, AttributeError, ValueError) as error:
        raise Unkeyable(str(error)) from None
    return hashlib.blake2b(data.getbuffer(), digest_size=16).hexdigest()


class _Pickler(pickle.Pickler):
    def __init__(self, file, known: Known):
        super().__init__(file, protocol=5)
        # No memo: with one, a value met twice is written the second time as a reference to
        # the first, so equal values that happen to share an object (as values read afresh
        # and values recalled from the cache do not) would give other bytes. A cycle is then
        # refused (ValueError), and what it feeds is made afresh.
        self.fast = True
        self.known = known

    def reducer_override(self, value):
        """Puts an object whose fingerprint is known into the pickle as that fingerprint."""
        entry = self.known.get(id(value))
        if entry is not None and entry[0] is value:
            return _stands_for, (entry[1],)
        return NotImplemented


def _stands_for(key: str):
    """Names an object by its fingerprint inside a pickle that is hashed, never loaded."""
    raise TypeError("a fingerprint is not an object")


def installed_packages() -> list[str]:
    """Returns the name and version of every package installed beside those the build uses
    (their dist-info folder names), found without importing them."""
    folders = set()
    for name in PACKAGES:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin:
            folders.add(Path(spec.origin).parent.parent)
    return sorted(
        entry.name
        for folder in folders
        for entry in os.scandir(folder)
        if entry.name.endswith(".dist-info")
    )


def code_version(file_hash) -> str:
    """Returns a fingerprint of the build's own code, the packages it uses and Python itself,
    given `file_hash(path)`: a change to any of them makes every cached result stale."""
    sources = sorted((REPO / "hub").rglob("*.py")) + [REPO / "build.py"]
    code = [(p.relative_to(REPO).as_posix(), file_hash(p)) for p in sources]
    return fingerprint(FORMAT, code, installed_packages(), sys.version)


def environment_fingerprint(env, code: str, file_hash) -> str | None:
    """Returns a fingerprint of what every page rendered with the Jinja `env` shares: the
    code, every template file, and the globals, filters and tests (with the data their
    functions hold). Returns None when any of it cannot be fingerprinted."""
    import jinja2
    from jinja2.defaults import DEFAULT_FILTERS, DEFAULT_NAMESPACE, DEFAULT_TESTS

    if not isinstance(env.loader, jinja2.FileSystemLoader):
        return None
    templates = [
        (path, file_hash(path, stat))
        for folder in env.loader.searchpath
        for path, stat in walk(str(folder))
    ]
    parts = []
    for table, defaults in (
        (env.globals, DEFAULT_NAMESPACE),
        (env.filters, DEFAULT_FILTERS),
        (env.tests, DEFAULT_TESTS),
    ):
        parts.append(
            [
                (name, _held_data(value, env))
                for name, value in sorted(table.items())
                if defaults.get(name) is not value
            ]
        )
    try:
        return fingerprint(code, templates, parts)
    except Unkeyable:
        return None


def _held_data(value, env, seen: frozenset = frozenset()):
    """Returns what a template global stands for: the value itself, or for a function, its
    name and the values it holds (its code is part of the code fingerprint)."""
    if not callable(value) or id(value) in seen:
        return value if not callable(value) else "(itself)"
    held = [cell.cell_contents for cell in getattr(value, "__closure__", None) or ()]
    held += list(getattr(value, "__defaults__", None) or ())
    held += list((getattr(value, "__kwdefaults__", None) or {}).values())
    owner = getattr(value, "__self__", None)
    if owner is not None and not isinstance(owner, type(os)):  # a bound method's object
        held.append(owner)
    return (
        getattr(value, "__module__", None),
        getattr(value, "__qualname__", None),
        [_held_data(item, env, seen | {id(value)}) for item in held if item is not env],
    )
