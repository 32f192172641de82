"""What earlier builds learnt, kept in .cache/ inside the site folder, so that a build does
only the work its edits call for.

- File hashes: each input file's content hash, with the size and times it had then, so an
  unchanged file is not read again. A file changed moments before it was hashed is always
  hashed again, since a second change within the clock's granularity keeps its times.
- Parsed pages: each Markdown file's Page, keyed by a fingerprint of everything it is made
  from (its bytes, the site settings, the build's own code). Its text is kept apart and read
  only if the page is rendered (KeptApart).
- Outputs: for each output folder, a fingerprint of every input and option of its last build
  (when nothing has changed, the build stops there); for each file made from a template or by
  code, a fingerprint of what made it, so that an unchanged page is kept from the last build
  instead of being made again (see hub/output.py); and each input file's hash and each page's
  outline, so that an edit to a page's text alone remakes just that page
  (build.update_edited_pages).

Everything is keyed by content, never by time alone, so a stale entry is simply never found.
Deleting .cache/ is always safe: the next build is a cold one.
"""

from __future__ import annotations

import copy
import hashlib
import importlib.util
import io
import os
import pickle
import shutil
import sys
import time
from pathlib import Path

from .errors import Problems
from .workers import map_in_workers

REPO = Path(__file__).resolve().parent.parent
FOLDER = ".cache"
FORMAT = 3  # bump when what is stored changes shape
SHARDS = 16  # parsed pages are split so that one edit rewrites a sixteenth of them
# A file changed less than this long before it was hashed is hashed again next time: some
# file systems keep times to the second, and a second save within it would look unchanged.
RACY_NS = 2_000_000_000
# Every folder and file a build reads, relative to the site folder; the repository's own
# templates and assets are read too when the site is elsewhere.
SITE_INPUTS = ("content", "data", "templates", "assets", "netlify.toml")
REPO_INPUTS = ("templates", "assets")
PACKAGES = ("jinja2", "markupsafe", "markdown", "yaml", "nh3", "pagefind")


def installed_packages() -> list[str]:
    """Returns the name and version of every package installed beside those the build uses
    (their dist-info folder names), found without importing them: an upgrade of any of them
    makes every cached result stale."""
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


class Unkeyable(Exception):
    """A value whose content cannot be fingerprinted: whatever it feeds is rebuilt."""


def fingerprint(*values) -> str:
    """Returns a hex digest that changes whenever any of `values` changes in content.

    The values are pickled (at C speed) and the bytes hashed. A parsed page stands for
    itself by its `_fingerprint` (the key of everything it was made from), not by its text.
    Raises Unkeyable for what cannot be pickled, such as a function defined inside another.
    A set of text pickles in a different order in each process: it still fingerprints
    correctly, but never matches an earlier build's.
    """
    data = io.BytesIO()
    try:
        _Pickler(data, protocol=5).dump(values)
    except (pickle.PicklingError, TypeError, AttributeError) as error:
        raise Unkeyable(str(error)) from None
    return hashlib.blake2b(data.getbuffer(), digest_size=16).hexdigest()


class _Pickler(pickle.Pickler):
    def reducer_override(self, value):
        """Puts an object that has a `_fingerprint` into the pickle as that fingerprint."""
        own = getattr(value, "__dict__", None)
        if own is not None and "_fingerprint" in own and not isinstance(value, type):
            return _stands_for, (type(value).__qualname__, own["_fingerprint"])
        return NotImplemented


STANDS_FOR = "\x00fingerprint"  # no value from content starts with a NUL


def stand_in(value):
    """Returns what stands for `value` inside a fingerprint: a pair of a marker and its own
    fingerprint when it has one (a parsed page), else the value itself. Quicker to pickle
    than the object, whose class the pickler would look up by name every time."""
    own = getattr(value, "__dict__", None)
    if own is not None and "_fingerprint" in own:
        return STANDS_FOR, own["_fingerprint"]
    return value


def _stands_for(kind: str, key: str):
    """Names an object by its fingerprint inside a pickle that is hashed, never loaded."""
    raise TypeError(f"a {kind} fingerprint is not an object")


def environment_fingerprint(env, cache: BuildCache) -> str | None:
    """Returns a fingerprint of what every page rendered with `env` shares: the code, every
    template file, and the globals, filters and tests (with the data their functions hold).

    Returns None when any of it cannot be fingerprinted; nothing is reused then.
    """
    import jinja2
    from jinja2.defaults import DEFAULT_FILTERS, DEFAULT_NAMESPACE, DEFAULT_TESTS

    if not isinstance(env.loader, jinja2.FileSystemLoader):
        return None
    templates = [
        (path, cache.file_hash(path, stat))
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
        return fingerprint(cache.code_version(), templates, parts)
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


class KeptApart:
    """A parsed page the cache stores in two parts: the long TEXT attributes apart from the
    rest, so a build reads the rest of every page but the text only of those it renders."""

    TEXT: tuple[str, ...] = ()

    def outline(self) -> str:
        """Returns a fingerprint of everything but the TEXT: all that other pages show of this
        one. Sets are sorted, so that it is the same in every process."""
        return fingerprint(
            {
                name: sorted(value) if isinstance(value, (set, frozenset)) else value
                for name, value in self.__dict__.items()
                if name not in self.TEXT and not name.startswith("_")
            }
        )

    def __getattr__(self, name):
        # Reached only for an attribute the object lacks: a page from the cache lacks its
        # text until it is first used.
        read = self.__dict__.get("_read_text")
        if read is None or name not in self.TEXT:
            raise AttributeError(name)
        self.__dict__.update(zip(self.TEXT, read()))
        del self.__dict__["_read_text"]
        return self.__dict__[name]


class BuildCache:
    """The cache of one site folder; `writable=False` reads it but never changes .cache/."""

    def __init__(self, site_dir: Path, writable: bool = True, deferred: bool = False):
        """`deferred`: write .cache/ only when `flush` is called (serve writes it after the
        browser has been told to reload, not before)."""
        self.site_dir = site_dir
        self.folder = site_dir / FOLDER
        self.writable = writable
        self.deferred = deferred
        self.pending: dict[str, object] = {}  # deferred writes, by name
        self.recent: dict[str, object] = {}  # what this process read or stored: not read again
        self.hashes: dict[str, tuple] = self._load("hashes", {})
        self.hashes_changed = False
        self.current: dict[str, tuple] = {}  # files hashed during this build
        self.walked = False  # set once a build has looked at every input file
        self.stores: dict[str, dict] = {}  # smaller results, such as reports, by file
        self.touched: dict[str, set] = {}  # store -> files looked up during this build
        self.changed_stores: set[str] = set()
        self.shards: dict[int, dict] = {}  # shard number -> its parsed pages, once read
        self.texts: dict[int, dict] = {}  # shard number -> its pages' texts, once read
        self.changed_shards: set[int] = set()
        self.seen_pages: set[str] = set()
        self.listed_pages = False  # set once a build has gone through every page file
        self._code: str | None = None
        self.settings: str | None = None  # the code and options of this build, once known

    # --- reading and writing .cache/ -------------------------------------------------------

    def _load(self, name: str, default):
        if name in self.recent:
            return self.recent[name]
        try:
            with open(self.folder / f"{name}.pickle", "rb") as file:
                stored_format, value = pickle.load(file)
        except Exception:  # missing, cut short or from another version: start afresh
            return default
        if stored_format != FORMAT:
            return default
        self.recent[name] = value
        return value

    def _store(self, name: str, value) -> None:
        self.recent[name] = value
        if self.deferred:
            self.pending[name] = value
        else:
            self._write(name, value)

    def flush(self) -> None:
        """Writes what a deferred cache has kept back."""
        while self.pending:
            self._write(*self.pending.popitem())

    def _write(self, name: str, value) -> None:
        self.folder.mkdir(exist_ok=True)
        part = self.folder / f".{name}.{os.getpid()}.part"
        with open(part, "wb") as file:
            pickle.dump((FORMAT, value), file, protocol=pickle.HIGHEST_PROTOCOL)
        part.replace(self.folder / f"{name}.pickle")  # whole or not at all, even if killed

    def save(self) -> None:
        """Writes what changed during this build (nothing, for a read-only cache)."""
        if not self.writable:
            return
        if self.walked and len(self.hashes) > len(self.current):  # forget deleted files
            self.hashes = {path: self.hashes[path] for path in self.current}
            self.hashes_changed = True
        self.walked = False
        if self.hashes_changed:
            self._store("hashes", self.hashes)
            self.hashes_changed = False
        for number, shard in self.shards.items():
            gone = [rel for rel in shard if self.listed_pages and rel not in self.seen_pages]
            for rel in gone:  # the file was deleted or renamed
                del shard[rel]
                self._texts(number).pop(rel, None)
            if gone or number in self.changed_shards:
                self._store(f"pages-{number}", shard)
                self._store(f"texts-{number}", self._texts(number))
        self.changed_shards.clear()
        self.seen_pages.clear()
        self.listed_pages = False
        for store, entries in self.stores.items():
            gone = [rel for rel in entries if rel not in self.touched.get(store, ())]
            if store in self.touched:  # this build read them all: forget deleted files
                for rel in gone:
                    del entries[rel]
            if store in self.changed_stores or (gone and store in self.touched):
                self._store(store, entries)
        self.changed_stores.clear()
        self.touched.clear()

    # --- file hashes -----------------------------------------------------------------------

    def file_hash(self, path: Path | str, stat: os.stat_result | None = None) -> str:
        """Returns the hash of the file's bytes, reading it only when it may have changed."""
        stat = stat or os.stat(path)
        key = str(path)
        shape = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
        known = self.hashes.get(key)
        if known is not None and known[0] == shape and stat.st_mtime_ns < known[1] - RACY_NS:
            self.current[key] = (shape, known[2])
            return known[2]
        now = time.time_ns()
        with open(path, "rb") as file:
            digest = hashlib.blake2b(file.read(), digest_size=16).hexdigest()
        self.hashes[key] = (shape, now, digest)
        self.hashes_changed = True
        self.current[key] = (shape, digest)
        return digest

    def still_as_hashed(self, path: str) -> bool:
        """Returns whether the file looks as it did when this build hashed it (a file saved
        during the build must not have its new content kept under its old hash)."""
        stat = os.stat(path)
        known = self.current.get(str(path))
        return known is not None and known[0] == (
            stat.st_size,
            stat.st_mtime_ns,
            stat.st_ctime_ns,
            stat.st_ino,
        )

    def code_version(self) -> str:
        """Returns a fingerprint of the build's own code and the packages it uses."""
        if self._code is None:
            sources = sorted((REPO / "hub").glob("*.py")) + [REPO / "build.py"]
            self._code = fingerprint(
                FORMAT,
                [(p.name, self.file_hash(p)) for p in sources],
                installed_packages(),
                sys.version,
            )
        return self._code

    def inputs_fingerprint(self, options) -> str:
        """Returns a fingerprint of every file the build reads, the code, and `options`."""
        self.current = {}  # a new build: every file is looked at afresh
        roots = [self.site_dir / name for name in SITE_INPUTS]
        if self.site_dir.resolve() != REPO:
            roots += [REPO / name for name in REPO_INPUTS]
        files = []
        for root in roots:
            for path, stat in walk(str(root)):
                files.append((path, self.file_hash(path, stat)))
        self.walked = True
        self.settings = fingerprint(self.code_version(), options)
        return fingerprint(self.code_version(), files, options)

    def template_bytecode(self):
        """Returns a Jinja bytecode cache in .cache/templates/, so templates are compiled once
        rather than in every build (Jinja keys it by each template's source)."""
        import jinja2

        class ReadOnly(jinja2.FileSystemBytecodeCache):
            def dump_bytecode(self, bucket):
                pass

        folder = self.folder / "templates"
        if not self.writable:
            return ReadOnly(str(folder)) if folder.is_dir() else None
        folder.mkdir(parents=True, exist_ok=True)
        return jinja2.FileSystemBytecodeCache(str(folder))

    # --- other files read before -----------------------------------------------------------

    def file_key(self, path: Path | str, rel: str, *more) -> str:
        """Returns the fingerprint of one file's bytes, its name, the code and `more`."""
        return fingerprint(self.code_version(), rel, self._hash_now(path), more)

    def _hash_now(self, path: Path | str) -> str:
        """Returns the file's hash as this build found it (hashing it if the build has not)."""
        known = self.current.get(str(path))
        return known[1] if known else self.file_hash(path)

    def recall(self, store: str, rel: str, key: str):
        """Returns a copy of what was kept for `rel` under `key`, or None.

        A shallow copy: the build may set attributes on what it gets (a report's totals)."""
        entries = self._store_named(store)
        self.touched.setdefault(store, set()).add(rel)
        known = entries.get(rel)
        if known is None or known[0] != key:
            return None
        return tuple(copy.copy(item) for item in known[1])

    def keep(self, store: str, rel: str, key: str, value: tuple) -> None:
        """Keeps `value` (a tuple) for `rel` under `key`, for builds to come."""
        self._store_named(store)[rel] = (key, tuple(copy.copy(item) for item in value))
        self.touched.setdefault(store, set()).add(rel)
        self.changed_stores.add(store)

    def _store_named(self, store: str) -> dict:
        if store not in self.stores:
            self.stores[store] = self._load(store, {})
        return self.stores[store]

    # --- parsed pages ----------------------------------------------------------------------

    def _shard(self, number: int) -> dict:
        """Returns one shard of parsed pages (their outlines), read on first use."""
        if number not in self.shards:
            self.shards[number] = self._load(f"pages-{number}", {})
        return self.shards[number]

    def _texts(self, number: int) -> dict:
        """Returns one shard's page texts, read on first use: an edit to one page needs
        every page's title and links, but only its own text."""
        if number not in self.texts:
            self.texts[number] = self._load(f"texts-{number}", {})
        return self.texts[number]

    @staticmethod
    def _shard_of(rel: str) -> int:
        return hashlib.blake2b(rel.encode(), digest_size=2).digest()[0] % SHARDS

    def page_key(self, path: str, rel: str, kind: str, site_key: str) -> str:
        """Returns the fingerprint of everything a page is made from."""
        parts = "\0".join(
            (self.code_version(), rel, kind, site_key, self._hash_now(path))
        )  # no \0 in any
        return hashlib.blake2b(parts.encode(), digest_size=16).hexdigest()

    def cached_page(self, rel: str, key: str):
        """Returns the page parsed from exactly these inputs before, or None.

        Its TEXT attributes are read from .cache/ only if something uses them (see
        KeptApart): for most pages of most builds, nothing does."""
        self.seen_pages.add(rel)
        number = self._shard_of(rel)
        known = self._shard(number).get(rel)
        if known is None or known[0] != key:
            return None
        _, kind, state = known
        page = kind.__new__(kind)
        page.__dict__.update(state)
        page._read_text = lambda: self._texts(number)[rel]
        return page

    def remember_page(self, rel: str, key: str, page) -> None:
        """Keeps a page that was parsed without problems, for builds to come."""
        number = self._shard_of(rel)
        state = {name: value for name, value in page.__dict__.items() if name not in page.TEXT}
        self._shard(number)[rel] = (key, type(page), state)
        self._texts(number)[rel] = tuple(getattr(page, name) for name in page.TEXT)
        self.changed_shards.add(number)

    def forget_page(self, rel: str) -> None:
        """Drops a page that has problems now: it is parsed (and reported) every time."""
        number = self._shard_of(rel)
        if self._shard(number).pop(rel, None) is not None:
            self._texts(number).pop(rel, None)
            self.changed_shards.add(number)

    # --- outputs ---------------------------------------------------------------------------

    def _output_name(self, out: Path) -> str:
        return "output-" + fingerprint(str(out.resolve()))[:16]

    def previous_output(self, out: Path) -> PreviousOutput | None:
        """Returns what the last build of `out` recorded, or None if there is no record or
        no folder (each file is checked against the record before it is kept)."""
        record = self._load(self._output_name(out), None)
        if record is None or not out.is_dir():
            return None
        return PreviousOutput(out.resolve(), record)

    def output_is_current(self, out: Path, inputs: str) -> bool:
        """Returns whether `out` holds, file for file, what the last build of these same
        inputs made. (Files added beside them by hand are not looked for; a clean build, as
        on the deploy server, makes everything afresh.)"""
        record = self._load(self._output_name(out), None)
        try:
            if (
                record is None
                or record["inputs"] != inputs
                or record["folder"] != os.stat(out).st_ino
                or (out.parent / f".{out.resolve().name}.patch-journal.json").exists()
            ):
                return False
        except OSError:
            return False
        return PreviousOutput(out.resolve(), record).untouched()

    def remember_output(self, out: Path, inputs: str, output, outlines: dict[str, str]) -> None:
        """Records the build just put into `out` (an Output) with the outline of each page
        in it, and forgets output folders now gone (such as those `check` builds into)."""
        if not self.writable:
            return
        name = self._output_name(out)
        files = output.files if output.files is not None else _file_shapes(out.resolve())
        self._store(
            name,
            {
                "inputs": inputs,
                "keys": output.keys,
                "files": files,
                "folder": os.stat(out).st_ino,
                "settings": self.settings,
                "sources": {path: known[1] for path, known in self.current.items()},
                "outlines": outlines,
            },
        )
        folders = self._load("outputs", {})
        folders[name] = str(out.resolve())
        for gone in [n for n, folder in folders.items() if not Path(folder).is_dir()]:
            (self.folder / f"{gone}.pickle").unlink(missing_ok=True)
            self.recent.pop(gone, None)
            self.pending.pop(gone, None)
            del folders[gone]
        self._store("outputs", folders)


def read_pages(
    jobs: list[tuple[str, str, str]],
    read_one,
    site: dict,
    problems: Problems,
    cache: BuildCache | None = None,
    every_page: bool = True,
) -> list:
    """Returns `read_one(path, rel, kind, found)` for each (path, rel, kind) job, in order.

    A page parsed before from the same inputs comes from the cache; the rest are parsed on
    every core, and their problems added to `problems`. A page parsed without problems is
    kept for next time and carries its key as `_fingerprint`, which stands for its content;
    every page read carries its `_outline` (see KeptApart). Unless `every_page` is False
    (the jobs are some of the pages), the cache then forgets pages that had no job: their
    files are gone.
    """
    results: list = [None] * len(jobs)
    todo = []
    site_key = fingerprint(site) if cache else None
    for n, (path, rel, kind) in enumerate(jobs):
        key = cache.page_key(path, rel, kind, site_key) if cache else None
        results[n] = cache.cached_page(rel, key) if cache else None
        if results[n] is None:
            todo.append((n, key))

    def parse(item):
        found = Problems()
        page = read_one(*jobs[item[0]], found)
        if page is not None:
            page._outline = page.outline()  # here, on every core, rather than after
        return page, found.items

    for (n, key), (page, found) in zip(todo, map_in_workers(parse, todo)):
        for problem in found:
            problems.add(problem.path, problem.line, problem.message)
        results[n] = page
        if cache is None:
            continue
        path, rel, _ = jobs[n]
        if page is None or found or not cache.still_as_hashed(path):
            cache.forget_page(rel)
        else:
            page._fingerprint = key
            cache.remember_page(rel, key, page)
    if cache is not None and every_page:
        cache.listed_pages = True
    return results


class PreviousOutput:
    """The last build of an output folder: where it is, and what made each of its pages."""

    def __init__(self, folder: Path, record: dict):
        self.folder = folder
        self.keys: dict[str, str] = record["keys"]  # file -> fingerprint of what made it
        self.files: dict[str, tuple] = record["files"]  # file -> its size, time and inode
        self.settings: str = record["settings"]  # the code and options it was built with
        self.sources: dict[str, str] = record["sources"]  # each input file -> its hash
        self.outlines: dict[str, str] = record["outlines"]  # page source -> its outline
        self.prefix = str(folder) + "/"  # joined by hand: os.path.join is slow 4000 times over
        self.made_folders: set[str] = set()

    def unchanged(self, rel: str, key: str) -> bool:
        """Returns whether `key` made the last build's `rel`, and the file is as it was left."""
        return self.keys.get(rel) == key and self._as_left(rel)

    def untouched(self) -> bool:
        """Returns whether every file of the last build is still as that build left it."""
        return all(self._as_left(rel) for rel in self.files)

    def _as_left(self, rel: str) -> bool:
        """Returns whether the last build's file `rel` has the size, time and inode it had."""
        try:
            stat = os.stat(self.prefix + rel)
        except OSError:
            return False
        return (stat.st_size, stat.st_mtime_ns, stat.st_ino) == self.files.get(rel)

    def edited_since(self, current: dict[str, tuple]) -> list[str] | None:
        """Returns the input files (as paths) whose content changed since the last build,
        given this build's hashes (path -> (shape, hash)); None if files came or went."""
        if current.keys() != self.sources.keys():
            return None
        return [path for path, (_, digest) in current.items() if self.sources[path] != digest]

    def holds(self, rel: str, data: bytes) -> bool:
        """Returns whether the last build's `rel` holds exactly `data`."""
        if rel not in self.files:
            return False
        path = os.path.join(self.folder, rel)
        try:
            if os.stat(path).st_size != len(data):
                return False
            with open(path, "rb") as file:
                return file.read() == data
        except OSError:
            return False

    def link(self, rel: str, target: str) -> None:
        """Hard-links the last build's `rel` to `target` (copies it where links fail)."""
        source = os.path.join(self.folder, rel)
        parent = os.path.dirname(target)
        if parent not in self.made_folders:
            os.makedirs(parent, exist_ok=True)
            self.made_folders.add(parent)
        try:
            os.link(source, target)
        except OSError:  # a file system without hard links
            shutil.copy2(source, target)


def walk(root: str):
    """Yields (path, stat) for every file under `root` (or `root` itself if it is a file),
    in name order; paths are strings, which is quicker than Path for thousands of files."""
    try:
        entries = sorted(os.scandir(root), key=lambda entry: entry.name)
    except NotADirectoryError:
        yield root, os.stat(root)
        return
    except FileNotFoundError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from walk(entry.path)
        elif entry.is_file():
            yield entry.path, entry.stat()


def _file_shapes(folder: Path) -> dict[str, tuple]:
    """Returns each file under `folder` (as a /-separated path) with its size, modification
    time and inode."""
    start = len(str(folder)) + 1
    return {
        path[start:].replace(os.sep, "/"): (stat.st_size, stat.st_mtime_ns, stat.st_ino)
        for path, stat in walk(str(folder))
    }
