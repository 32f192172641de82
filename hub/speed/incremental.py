"""The speed layer's way in: how a build does only the work its edits call for.

Nothing here changes a byte of the output; it only decides what need not be done again.
build.py enters it once, with `incremental(...)`, around the whole pipeline. It imports only the
core and the output module (hub/write/output.py): build.py gives it the types of what the
readers make, and runs the readers and writers itself, so there is one pipeline.

- the cache (.cache/ in the site folder): input file hashes (hashes.py), parsed pages
  (pages.py), other per-file results such as monthly reports (results.py), and a record of
  each output folder (outputs.py), all keyed by fingerprints.py and stored by store.py as
  plain data, read back only into the shapes they were stored in (shapes.py): whoever wrote
  the folder, reading it runs no code;
- nothing changed since the last build: the build stops once it has checked that;
- only pages' text changed (the one rule in `edited_pages_only`): the Run names those pages
  (`edited`), and build.py makes them again alone with the pipeline's own steps, once
  `outlines_kept` says no other file shows what changed;
- otherwise the whole pipeline runs, parsing only changed files and rendering only files whose
  inputs changed (render_keys.py), into the spare copy of the last build (outputs.py);
- both cores for big batches (hub/core/workers.py), and exact shortcuts in Python-Markdown
  (hub/read/markdown_shortcuts.py), checked against one version of it: these two work on every
  build, cache or not, so they live in the layers that use them.
"""

from __future__ import annotations

import contextlib
import gc
from pathlib import Path
from typing import NamedTuple

from .fingerprints import code_version, fingerprint
from .hashes import FileHashes, site_relative
from .outputs import OutputRecords, PreviousOutput
from .pages import PageStore
from .render_keys import RenderKeys, TemplateCode
from .results import ResultStore
from .shapes import Maybe, Valid, inside
from .store import CacheFolder

# Compiled templates, in memory only, for the life of the process (each is checked against its
# source before use): `serve` and the tests, which build again and again in one process,
# compile each template once rather than once a build.
TEMPLATE_CODE = TemplateCode()


class CachedTypes(NamedTuple):
    """The types of what the readers make that the cache keeps, given by build.py (the speed
    layer imports no reader): the cache is read back only into these."""

    page: type  # hub.read.pages.Page
    report: type  # hub.read.reports.model.Report


class Cache:
    """What one site's builds keep in its .cache/ folder, one part per job. Deleting the
    folder is always safe: the next build is then a cold one."""

    def __init__(self, site_dir: Path, writable: bool = True, deferred: bool = False):
        self.site_dir = site_dir
        self.store = CacheFolder(site_dir, writable, deferred)
        self.hashes = FileHashes(self.store)
        self.outputs = OutputRecords(self.store, site_dir)
        self.code: str | None = None
        self.pages: PageStore | None = None
        self.reports: ResultStore | None = None
        self.template_code = TEMPLATE_CODE

    def begin(self, types: CachedTypes) -> tuple[str, PageStore]:
        """Starts a build: what this process learnt from earlier builds stays, what belongs to
        one build (which objects stand for which fingerprints) is started afresh. Returns the
        code's version and the build's page store."""
        self.code = self.code or code_version(self.hashes.file_hash)
        self.pages = PageStore(self.store, self.hashes, self.code, types.page)
        if self.reports is None:
            shape = report_shape(types.report)
            self.reports = ResultStore("reports", shape, self.store, self.hashes, self.code)
        return self.code, self.pages

    def save(self) -> None:
        """Writes what this build changed (nothing, for a read-only cache)."""
        self.hashes.save()
        if self.pages:
            self.pages.save()
        if self.reports:
            self.reports.save()

    def flush(self) -> None:
        """Writes what a deferred cache has kept back."""
        self.store.flush()


def report_shape(report_type: type):
    """Returns what the cache keeps of a report file: its Report (a `report_type`), or None
    for a draft left out. A report is written to its own address: one leading out of the
    output is not one the build made."""
    return Maybe(Valid(report_type, lambda report: inside(report.output)))


class Run:
    """One build as the speed layer sees it: whether it is needed at all, whether only some
    pages' text changed (`edited`), the last build of its output folder, and the fingerprints
    that let unchanged files be kept."""

    def __init__(self, cache: Cache, site_dir: Path, out: Path, options, types: CachedTypes):
        self.cache = cache
        self.site_dir = site_dir
        self.out = out
        self.options = options
        self.types = types
        self.needed = True
        self.edited: list[str] | None = None  # set by edited_pages_only
        self.previous: PreviousOutput | None = None
        self.render_keys: RenderKeys | None = None
        self.output = None
        self.facts: dict = {}

    def start(self) -> None:
        """Works out whether anything changed, and whether only pages' text did."""
        cache = self.cache
        code, pages = cache.begin(self.types)
        files = cache.hashes.inputs(self.site_dir)
        options = fingerprint(self.options)
        self.facts = {
            "inputs": fingerprint(cache.code, files, options),
            "settings": fingerprint(cache.code, options),
        }
        self.previous = cache.outputs.previous(self.out)
        self.render_keys = RenderKeys(code, cache.hashes, pages.keys)
        if self.previous and self.previous.record["inputs"] == self.facts["inputs"]:
            self.needed = not self.previous.untouched()  # a file spoilt by hand is made again
        if self.needed:
            self.edited = edited_pages_only(self)

    def outlines_kept(self) -> bool:
        """Returns whether the `edited` pages, now read, show other pages what they showed in
        the last build (their outlines: see edited_pages_only), so that making them again
        alone is enough. When they do, the last build's outlines are this build's."""
        if self.previous is None or self.edited is None or self.cache.pages is None:
            return False  # asked only once edited_pages_only has found edited pages
        last = self.previous.outlines
        kept = self.cache.pages.outlines == {rel: last.get(rel) for rel in self.edited}
        if kept:
            self.facts["outlines"] = last
        return kept

    def staged(self, output) -> None:
        """Called by hub.write.output.staging_dir once `output` has replaced the output folder."""
        self.output = output

    def finish(self) -> None:
        """Records the build just swapped in, for the next build of the same folder."""
        if self.output is None or not self.cache.store.writable:
            return
        self.facts["sources"] = sources(self.site_dir, self.cache.hashes.current)
        self.facts.setdefault("outlines", dict(self.cache.pages.outlines))
        self.cache.outputs.remember(self.out, self.output, self.facts)


def edited_pages_only(run: Run) -> list[str] | None:
    """The one rule for remaking edited pages alone. Returns the edited pages' files when the
    only inputs changed since the last build are guidance or statutory pages (content/guidance
    or content/pages), the code and options are the same and every file the last build made is
    as it left it; else None.

    No other file the build makes shows a page's text, only its outline (title, summary,
    section, address, ids, links, dates): so while the edited pages' outlines stay as they
    were, which Run.outlines_kept checks once they are parsed, their own files are all that
    change.
    tests/build/test_incremental.py checks that premise.
    """
    last = run.previous
    if last is None or last.settings != run.facts["settings"]:
        return None
    edited = last.edited_since(sources(run.site_dir, run.cache.hashes.current))
    folders = ("content/guidance/", "content/pages/")
    if not edited or not all(p.startswith(folders) and p.endswith(".md") for p in edited):
        return None
    return edited if last.untouched() else None


def sources(site_dir: Path, read: dict[str, tuple]) -> dict[str, str]:
    """Returns each input file this build read (relative to the site folder where it is in
    it) with its hash, given FileHashes.current."""
    return {site_relative(site_dir, path): digest for path, (_, digest) in read.items()}


@contextlib.contextmanager
def incremental(site_dir: Path, out: Path, options, types: CachedTypes, cache: Cache | None = None):
    """Yields the Run of one build of `site_dir` into `out`. When `run.needed` is False the
    output is already what the build would make; otherwise the block builds it, the pages in
    `run.edited` alone when that is all that changed and their outlines are kept.

    `cache` defaults to the site's own .cache/ folder; it is saved however the block ends,
    so what was parsed is kept even when the content has problems.
    """
    with cycle_collection_paused():
        cache = cache or Cache(site_dir)
        run = Run(cache, site_dir, out, options, types)
        with cache.store.held():  # every file of the cache written at the end, together
            try:
                run.start()
                yield run
                run.finish()
            finally:
                cache.save()


@contextlib.contextmanager
def cycle_collection_paused():
    """Pauses Python's cycle collector for the block. A build holds tens of thousands of
    objects until it ends and makes few reference cycles: the collector would walk them all
    again and again, a tenth of the time of an incremental build."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
