"""`python build.py serve`: a live preview that rebuilds on every saved edit.

Three parts, each on its own thread:
- watchdog reports file changes as they happen (inotify on Linux: no polling);
- a rebuild loop waits for a burst of changes to settle, rebuilds, and if more changes
  arrived meanwhile, rebuilds again, so no edit is ever dropped;
- livereload's tornado server serves the last good build (search index included) through a
  small WSGI app and tells the browser to reload once a rebuild has finished.

While the content has mistakes, every page shows them (file, line, message) instead of the
site, and the terminal lists them too; the next good build brings the site back. The browser
editor at /admin/ stays all the while (from the last good build, or made without the
content when there has been none), so a file the build refuses can be fixed in it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import html
import mimetypes
import re
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

from .. import REPO
from ..core.errors import ContentErrors, Problems
from ..read.figures import read_figures
from ..read.reports.model import PatrolReports
from ..read.settings import read_settings
from ..read.templates import template_problems
from ..site import Options, Site
from ..speed.incremental import Cache
from ..write.cms import ADMIN, LocalEditor, for_preview, free_port, local_editor_problem, write_cms
from ..write.output import copy_assets, staging_dir
from ..write.pages import make_environment
from .lock import one_build_at_a_time

WATCHED = ("content", "data", "templates", "assets")
# Top-level files the build reads besides those folders.
WATCHED_FILES = ("netlify.toml",)
# A burst of events (an editor's save is often write + rename + attribute change) settles
# within a few milliseconds; waiting this long after the last one rebuilds once, not thrice.
SETTLE_SECONDS = 0.03
# Events that mean a file's content may have changed; watchdog also reports files being
# opened and read (by the build itself), which must not trigger another build.
CHANGE_EVENTS = {"created", "modified", "moved", "deleted", "closed"}


class Preview:
    """The state the server shows: the folder of the last good build, or the current problems.

    While the content has problems, the browser editor stays: /admin/ and the assets it uses
    are served from the last good build or, before there has been one, from `editor` (the
    editor made without the content), so a file the build refuses can be fixed in it.
    """

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[str] = []
        self.built = False
        self.editor: Path | None = None  # the editor alone, when it could be made
        self.editing = False  # `serve --editor`: the editor saves into the site folder

    def respond(self, path: str) -> tuple[str, list[tuple[str, str]], bytes]:
        """Returns (status, headers, body) for a request path."""
        served = self.root
        if self.problems or not self.built:
            editor = self.editor_folder() if _for_the_editor(path) else None
            if editor is None:
                return "500 Internal Server Error", _html_headers(), self.error_page()
            served = editor
        target = _resolve(served, path)
        if target is None:
            return "400 Bad Request", [("Content-Type", "text/plain")], b"Bad request"
        if target.is_dir():
            if not path.endswith("/"):
                return "301 Moved Permanently", [("Location", quote(path) + "/")], b""
            target = target / "index.html"
        status = "200 OK"
        if not target.is_file():
            status, target = "404 Not Found", served / "404.html"
            if not target.is_file():
                return status, [("Content-Type", "text/plain")], b"Not found"
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/xml", "application/javascript"):
            kind += "; charset=utf-8"
        # A preview must always show the latest build: no caching by the browser.
        return status, [("Content-Type", kind), ("Cache-Control", "no-store")], target.read_bytes()

    def editor_folder(self) -> Path | None:
        """Returns the folder the editor is served from while the site cannot be built: the
        last good build, else the editor alone; None while the first build is running, or
        when the editor could not be made."""
        if not self.problems:
            return None
        return self.root if self.built else self.editor

    def error_page(self) -> bytes:
        """Returns an HTML page listing the problems, every one escaped."""
        if self.problems:
            heading = "The site could not be built"
            items = "\n".join(f"<li><code>{html.escape(p)}</code></li>" for p in self.problems)
            body = (
                f"<p>Fix these {len(self.problems)} problem(s). This page reloads by itself "
                f"when you save the file.</p>\n<ul>\n{items}\n</ul>"
            )
            if self.editing and self.editor_folder():
                body += f'\n<p>You can fix them in the <a href="/{ADMIN}/">editor</a>.</p>'
        else:
            heading = "Building the preview"
            body = "<p>This page reloads by itself when the build has finished.</p>"
        return (
            f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{heading}</title>\n</head>\n<body>\n<main>\n<h1>{heading}</h1>\n"
            f"{body}\n</main>\n</body>\n</html>\n"
        ).encode()


def _for_the_editor(path: str) -> bool:
    """Returns whether `path` is the editor's (/admin/) or an asset it uses."""
    return path == f"/{ADMIN}" or path.startswith((f"/{ADMIN}/", "/assets/"))


def make_editor_alone(site_dir: Path, out: Path, options: Options) -> bool:
    """Writes the browser editor (/admin/ and the assets it uses) into `out`, made from the
    site's settings and figures without its content, for the preview to offer while the
    content cannot be built and no build has yet succeeded.

    Returns whether it could: not when data/site.yaml cannot be read, nor when the editor's
    page cannot be rendered (as the build itself would say).
    """
    ignored = Problems()  # the build has listed them
    settings = read_settings(site_dir, ignored)
    if not settings.languages:  # the file could not be read at all
        return False
    figures = read_figures(site_dir / "data" / "figures.yaml", ignored)
    site = Site(site_dir, settings, [], PatrolReports([], figures), None)
    try:
        with staging_dir(out) as stage, template_problems(site_dir):
            env = make_environment(site, copy_assets(site.asset_folders, stage), options)
            write_cms(env, site, stage)
    except ContentErrors:
        return False
    return True


def _html_headers() -> list[tuple[str, str]]:
    return [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")]


def _resolve(root: Path, path: str) -> Path | None:
    """Returns the file or folder under `root` for a URL path, or None if it escapes `root`."""
    target = (root / path.split("?", 1)[0].lstrip("/")).resolve()
    return target if target == root or target.is_relative_to(root) else None


def make_wsgi_app(preview: Preview):
    """Returns a WSGI app serving `preview` with pretty URLs and the 404 page."""

    def app(environ, start_response):
        # WSGI hands over the path as Latin-1; re-read it as the UTF-8 the browser sent.
        path = environ.get("PATH_INFO", "/").encode("latin-1").decode("utf-8", "replace")
        status, headers, body = preview.respond(path or "/")
        if environ.get("REQUEST_METHOD") == "HEAD":
            body = b""
        start_response(status, headers + [("Content-Length", str(len(body)))])
        return [body]

    return app


class Rebuilder:
    """Rebuilds when told files changed, coalescing bursts and never losing a change."""

    def __init__(self, rebuild, on_done):
        self.rebuild = rebuild  # called with no arguments; returns True when the build succeeded
        self.on_done = on_done
        self.changed = threading.Event()
        self.last_change = 0.0
        self.stopping = False
        self.thread = threading.Thread(target=self._loop, name="rebuild", daemon=True)

    def notify(self) -> None:
        """Records that something changed; safe to call from any thread."""
        self.last_change = time.monotonic()
        self.changed.set()

    def _loop(self) -> None:
        while not self.stopping:
            self.changed.wait()
            if self.stopping:
                return
            while time.monotonic() - self.last_change < SETTLE_SECONDS:
                time.sleep(SETTLE_SECONDS / 3)
            # Cleared before building: a change saved during the build sets it again, and the
            # loop goes round once more with that change included.
            self.changed.clear()
            self.on_done(self.rebuild())


def watch_folders(site_dir: Path) -> list[Path]:
    """Returns the folders whose changes affect the build: the site's and, for another
    site, this repository's templates and assets, which it falls back on."""
    folders = [site_dir / name for name in WATCHED]
    if site_dir != REPO:
        folders += [REPO / "templates", REPO / "assets"]
    return folders


def start_watching(site_dir: Path, on_change):
    """Starts watchdog on the watched folders; returns the running observer.

    The site folder itself is watched (not recursively) so a folder created after start,
    such as a new templates/, is noticed and then watched in full.
    """
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    observer = Observer()
    watched: set[Path] = set()

    def watch(folder: Path) -> None:
        if folder.is_dir() and folder not in watched:
            watched.add(folder)
            observer.schedule(handler, str(folder), recursive=True)

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event):
            if event.event_type not in CHANGE_EVENTS:
                return
            for raw in (event.src_path, getattr(event, "dest_path", "")):
                if not raw:
                    continue
                path = Path(raw if isinstance(raw, str) else raw.decode())
                if path.parent == site_dir:  # a top-level entry: only the watched names count
                    if path.name not in WATCHED + WATCHED_FILES:
                        continue
                    watch(path)
                if not event.is_directory or event.event_type != "modified":
                    on_change()
                    return

    handler = Handler()
    observer.schedule(handler, str(site_dir), recursive=False)
    for folder in watch_folders(site_dir):
        watch(folder)
    observer.start()
    return observer


def port_number(text: str) -> int:
    """Returns the port `--port` names: 1 to 65535, or 0 for any free one. Raises
    argparse.ArgumentTypeError otherwise, which argparse shows as a usage error (exit 2)."""
    if re.fullmatch(r"[0-9]{1,5}", text) and int(text) <= 65535:
        return int(text)
    raise argparse.ArgumentTypeError(
        f'must be a whole number from 1 to 65535 (or 0 for any free port), got "{text}"'
    )


def _cannot_listen(port: int) -> str | None:
    """Returns why 127.0.0.1:`port` cannot be listened on, or None when it can (checked
    before a long build)."""
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return (
                    f"Port {port} is already in use: stop the other server or choose another "
                    "port with --port"
                )
            return f"Cannot serve on port {port} ({error.strerror}): try another with --port"
    return None


def serve(site_dir: Path, port: int, build, editor: bool = False) -> int:
    """Builds `site_dir` with drafts into a temporary folder and serves it on 127.0.0.1:`port`,
    rebuilding on every change. Returns the exit status when stopped with Ctrl+C.

    With `editor`, Decap's local backend (decap-server) runs alongside, so the browser editor
    at /admin/ saves straight into `site_dir`, and the preview rebuilds from what it saved.
    """
    import logging

    from livereload import Server
    from livereload.handlers import LiveReloadHandler
    from livereload.watcher import Watcher
    from tornado.ioloop import IOLoop

    local = None
    if editor:
        if problem := local_editor_problem():
            print(problem, file=sys.stderr)
            return 2
        local = LocalEditor(site_dir)
    port = port or free_port()  # 0: any free port, named before the build needs it
    if problem := _cannot_listen(port):
        print(problem, file=sys.stderr)
        return 2
    scratch = Path(tempfile.mkdtemp(prefix="asb-hub-serve-"))
    preview = Preview(scratch / "site")
    preview.editing = local is not None
    # Kept in memory between rebuilds; written to .cache/ after each reload, not before.
    cache = Cache(site_dir, deferred=True)
    address = f"http://127.0.0.1:{port}"
    options = Options(drafts=True, base_url=address)

    def rebuild() -> bool:
        started = time.perf_counter()
        try:
            with one_build_at_a_time(site_dir):
                build(site_dir, preview.root, options, cache=cache)
        except ContentErrors as error:
            cannot_build([str(p) for p in error.problems])
            for line in preview.problems:
                print(line, file=sys.stderr)
            print(
                f"{len(preview.problems)} problem(s): the preview shows them until you fix "
                "them and save.",
                file=sys.stderr,
                flush=True,
            )
            return False
        except Exception:  # a bug, not a content mistake: show it, keep serving
            traceback.print_exc()
            cannot_build(
                ["The build stopped with an unexpected error; the terminal shows the details."]
            )
            return False
        preview.problems = []
        preview.built = True
        print(f"Built in {time.perf_counter() - started:.2f} s", flush=True)
        return True

    def cannot_build(problems: list[str]) -> None:
        """Shows `problems` in place of the site, keeping the editor: before any good build,
        the editor alone is made first, so /admin/ never answers with the problems."""
        if not preview.built:
            alone = scratch / "editor"
            try:
                made = make_editor_alone(site_dir, alone, replace(options, today=dt.date.today()))
            except Exception:  # a bug: show it; the pages still show the problems
                traceback.print_exc()
                made = False
            if made:  # else the one made before, if any, is kept
                preview.editor = alone
        preview.problems = problems

    loop_holder: dict = {}

    def reload_browser(ok: bool) -> None:
        loop = loop_holder.get("loop")
        if loop is not None:
            loop.add_callback(LiveReloadHandler.reload_waiters, "*")
        with one_build_at_a_time(site_dir):  # .cache/ is written by one process at a time
            cache.flush()

    class QuietWatcher(Watcher):
        """livereload's watcher, told to leave watching to watchdog (no 800 ms polling)."""

        def start(self, callback):
            return True

    rebuilder = Rebuilder(rebuild, reload_browser)
    observer = None
    # Stopped by a service manager or a test: clean up exactly as after Ctrl+C.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        # Watching starts first, so an edit saved during the first build is not missed.
        observer = start_watching(site_dir, rebuilder.notify)
        reload_browser(rebuild())
        rebuilder.thread.start()
        watcher = QuietWatcher()
        watcher.watch(str(site_dir))  # livereload polls the working folder when given nothing
        if local is not None and not local.start():
            return 2
        server = Server(app=for_preview(make_wsgi_app(preview), local), watcher=watcher)
        loop_holder["loop"] = IOLoop.current()
        # tornado logs every request; the terminal is kept for build results and problems.
        logging.getLogger("tornado.access").setLevel(logging.CRITICAL)
        print(
            f"Previewing {site_dir} (drafts included) at {address}/\n"
            + (f"Edit it in your browser at {address}/admin/\n" if local else "")
            + "Press Ctrl+C to stop.",
            flush=True,
        )
        # debug=False: tornado would otherwise restart the server when Python files change.
        server.serve(port=port, host="127.0.0.1", debug=False, restart_delay=0)
    except OSError as error:
        print(
            f"Cannot serve on port {port} ({error.strerror}): try another with --port",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        pass
    finally:
        if local is not None:
            local.stop()
        if observer is not None:
            observer.stop()
        rebuilder.stopping = True
        rebuilder.changed.set()
        if rebuilder.thread.is_alive():
            rebuilder.thread.join(timeout=60)  # let a build in progress finish writing
        shutil.rmtree(scratch, ignore_errors=True)
    return 0
