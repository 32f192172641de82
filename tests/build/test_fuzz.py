"""A fuzzer: Hypothesis mutates the example site's Markdown and YAML (as the worktree holds
them when the tests run) the way a hurried editor or an attacker might, builds it, and checks
what must hold for every input:

- the build exits 0 or 1, never with a traceback;
- on exit 1, every problem is one `path:line: message` line about a file of the site, with a
  line inside that file, and the count matches the summary;
- nothing is written outside the output folder (and the site's .cache/), and nothing is
  run: a YAML tag that would call code names a file that must never appear (RAN);
- on exit 1 the last good output is untouched; on exit 0 after a build from the cache, the
  output equals a build from nothing;
- no page has a script element the templates did not put there, an event-handler attribute,
  an inline style, a javascript:, vbscript: or data: address, or template syntax left in it
  (the HTML is parsed, not searched);
- every CSV file parses, and no cell starts as a spreadsheet formula would; every XML and
  JSON file parses; each feed parses with a real feed parser.

tests/build/test_fuzz_edges.py reuses these checks for the edges: output folders, symlinks,
cache files, numbers and control characters.

By default a fixed set of examples runs, the same every time, in well under a minute. For a
longer run with fresh random examples, set HUB_FUZZ_EXAMPLES, e.g.
`HUB_FUZZ_EXAMPLES=2000 .venv/bin/python -m pytest tests/build/test_fuzz.py -x`.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import json
import os
import re
import shutil
import signal
import stat
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

import build
from tests.conftest import REPO
from tests.support.files import tree

# A stress test of many builds: left out of tests/run --fast, run in full.
pytestmark = pytest.mark.slow

EXAMPLES = int(os.environ.get("HUB_FUZZ_EXAMPLES", "0"))
GUARD_SECONDS = 120  # a build that takes longer has hung: fail rather than wait for ever
# The file that hostile input names for creating when it is run as code (a YAML tag, a cache
# file): its existence after a build means the build ran something it was given.
RAN = Path(tempfile.gettempdir()) / f"hub-fuzz-ran-{os.getpid()}"

# --- what goes in ----------------------------------------------------------------------------

URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;&#x61;vascript:alert(1)",
    "&#0000106avascript:alert(1)",
    "java\tscript:alert(1)",
    "java&#9;script:alert(1)",
    "java&Tab;script:alert(1)",
    "java\nscript:alert(1)",
    "jav&#x0A;ascript:alert(1)",
    " javascript:alert(1)",
    "\x01javascript:alert(1)",
    "javascript&colon;alert(1)",
    "javascript&#58;alert(1)",
    "\u200bjavascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "DaTa:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:image/svg+xml,<svg onload=alert(1)>",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "%6Aavascript:alert(1)",
    "//evil.example/x",
    'https://ok.example/"onmouseover="alert(1)',
    "https://ok.example/</a><script>alert(1)</script>",
]
URL_PLACES = [
    "[a link]({url})",
    "[a link](<{url}>)",
    "![an image]({url})",
    "<{url}>",
    "[a reference][r]\n\n[r]: {url}\n",
    '<a href="{url}">x</a>',
    "<a href='{url}'>x</a>",
    "<a href={url}>x</a>",
    '<img src="{url}" alt="x">',
    '<iframe src="{url}"></iframe>',
    '<form action="{url}"><button formaction="{url}">x</button></form>',
    '<svg><a xlink:href="{url}"><text>x</text></a></svg>',
    '<object data="{url}"></object>',
    '<meta http-equiv="refresh" content="0;url={url}">',
    '<base href="{url}">',
    '<div style="background:url({url})">x</div>',
]
HTML = [
    "<script>alert(1)</script>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<script src=//evil.example/x.js></script>",
    "<svg onload=alert(1)>",
    "<svg/onload=alert(1)>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=x OnErRoR=alert(1)>",
    "<body onload=alert(1)>",
    '<a href="#" onclick="alert(1)">x</a>',
    "<details open ontoggle=alert(1)>",
    '<p title="x" onmouseover="alert(1)">x</p>',
    "<input autofocus onfocus=alert(1)>",
    "<style>*{color:red}</style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<scr<script>ipt>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "<template><script>alert(1)</script></template>",
    "<svg><script>alert(1)</script></svg>",
    "<xmp><script>alert(1)</script></xmp>",
    "<textarea><script>alert(1)</script></textarea>",
    "\x02wzxhzdk:0\x03",  # Python-Markdown's own markers for stashed HTML
    "\x02klzzwxh:0000\x03",
]
TEMPLATE_SYNTAX = [
    "{{",
    "}}",
    "{%",
    "{#",
    "{{ site.name }}",
    "{{site.contacts.emergency}}",
    "{{ site.nope }}",
    "{{ site.contacts }}",
    "{{ site.name | upper }}",
    "{% for x in range(99999) %}x{% endfor %}",
    "{# hidden #}",
    "{{ site.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{{ site.name }}}",
    "{% include '/etc/passwd' %}",
]
WRONG_VALUES = [
    "[1, 2]",
    "{a: 1}",
    "true",
    "null",
    "~",
    "-1",
    "1e999",
    ".nan",
    "2025-13-45",
    "2025-02-30",
    "'2025-07'",
    "0x1F",
    "12:30:00",
    "yes",
    "!!binary aGk=",
    f"!!python/object/apply:builtins.open ['{RAN}', 'w']",
    "&anchor value",
    "*nowhere",
    "|\n  a block",
    '"unterminated',
    "[",
    "{",
    "- an item",
    "''",
    '""',
    " ",
]
ODD_TEXT = st.text(
    st.characters(codec="utf-8", categories=("Cc", "Cf", "Zs", "Zl", "Zp", "Co", "So", "Mn", "Lo")),
    min_size=1,
    max_size=12,
)
RAW_BYTES = [b"\xff\xfe", b"\xef\xbb\xbf", b"\xc3", b"\xed\xa0\x80", b"\x00", b"\r", b"\r\n"]


def hostile_text() -> st.SearchStrategy[str]:
    places = st.builds(
        lambda place, url: place.format(url=url), st.sampled_from(URL_PLACES), st.sampled_from(URLS)
    )
    return st.one_of(places, st.sampled_from(HTML), st.sampled_from(TEMPLATE_SYNTAX), ODD_TEXT)


def site_files() -> list[str]:
    """Returns the example site's content and data files, as the worktree holds them now."""
    return sorted(
        path.relative_to(REPO).as_posix()
        for folder in ("content", "data")
        for path in (REPO / folder).rglob("*")
        if path.is_file()
    )


@st.composite
def mutation(draw):
    """Returns a function that changes the bytes of one file, and a description of it."""
    kind = draw(
        st.sampled_from(
            [
                "truncate",
                "insert",
                "value",
                "duplicate",
                "delete",
                "crlf",
                "cr",
                "bom",
                "tabs",
                "utf16",
                "bytes",
            ]
        )
    )
    where = draw(st.integers(min_value=0, max_value=10_000))
    if kind == "truncate":
        return kind, lambda data: data[: where % (len(data) + 1)]
    if kind == "insert":
        text = draw(hostile_text())
        at_line_start = draw(st.booleans())

        def insert(data: bytes) -> bytes:
            lines = data.split(b"\n")
            n = where % len(lines)
            snippet = text.encode("utf-8")
            if at_line_start:
                lines.insert(n, snippet)
            else:
                cut = (where // 7) % (len(lines[n]) + 1)
                lines[n] = lines[n][:cut] + snippet + lines[n][cut:]
            return b"\n".join(lines)

        return (kind, text, at_line_start), insert
    if kind == "value":
        # A wrong type, or hostile text as a valid quoted string: the templates must escape it.
        value = draw(st.one_of(st.sampled_from(WRONG_VALUES), hostile_text().map(json.dumps)))

        def replace_value(data: bytes) -> bytes:
            lines = data.split(b"\n")
            keyed = [n for n, line in enumerate(lines) if re.match(rb"^\s*(- )?[\w-]+:", line)]
            if not keyed:
                return data
            n = keyed[where % len(keyed)]
            key = lines[n].split(b":", 1)[0]
            lines[n] = key + b": " + value.encode("utf-8")
            return b"\n".join(lines)

        return (kind, value), replace_value
    if kind in ("duplicate", "delete"):

        def change_line(data: bytes) -> bytes:
            lines = data.split(b"\n")
            n = where % len(lines)
            lines[n : n + 1] = [lines[n]] * (2 if kind == "duplicate" else 0)
            return b"\n".join(lines)

        return (kind, where), change_line
    if kind == "crlf":
        return kind, lambda data: data.replace(b"\n", b"\r\n")
    if kind == "cr":
        return kind, lambda data: data.replace(b"\n", b"\r")
    if kind == "bom":
        bom = draw(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]))
        return (kind, bom), lambda data: bom + data
    if kind == "tabs":
        return kind, lambda data: re.sub(
            rb"(?m)^(  )+", lambda m: b"\t" * (len(m.group()) // 2), data
        )
    if kind == "utf16":
        return kind, lambda data: data.decode("utf-8", "replace").encode("utf-16")
    raw = draw(st.sampled_from(RAW_BYTES))
    return (
        kind,
        raw,
        where,
    ), lambda data: data[: where % (len(data) + 1)] + raw + data[where % (len(data) + 1) :]


# --- what must hold ---------------------------------------------------------------------------


def shapes(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, tuple | str]:
    """Returns the shape of everything under `folder` but the names in `skip` at its top: for
    a file its size and the time it was last written (which a copy keeps), "folder" for a
    folder, and "-> where" for a symlink. Quicker than reading every file, and as sure that
    nothing wrote there: a file written again has a new time, even with the same bytes."""
    found: dict[str, tuple | str] = {}
    for top, folders, files in os.walk(folder):
        if top == str(folder):
            folders[:] = [name for name in folders if name not in skip]
        for name in folders + files:
            path = os.path.join(top, name)
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                shape = "-> " + os.readlink(path)
            elif stat.S_ISDIR(info.st_mode):
                shape = "folder"
            else:
                shape = (info.st_size, info.st_mtime_ns)
            found[os.path.relpath(path, folder)] = shape
    return dict(sorted(found.items()))


CACHE_NOTE = "Note: the build cache"
PROBLEM = re.compile(r"(?P<path>[^\s:][^:]*):(?P<line>\d+): \S")
SUMMARY = re.compile(
    r"(\d+) problems? found\. Nothing was published: fix the lines above and run the command "
    r"again\."
)


def check_problems(stderr: str, site: Path) -> None:
    """Checks stderr is problems, one `path:line: message` line each, then the summary; after
    at most one line about the build cache, which a build may print when it cannot use it."""
    *lines, blank, summary = stderr.rstrip("\n").split("\n")
    if lines and lines[0].startswith(CACHE_NOTE):
        lines = lines[1:]
    assert blank == "" and (count := SUMMARY.fullmatch(summary)), stderr
    assert len(lines) == int(count.group(1)), stderr
    for line in lines:
        problem = PROBLEM.match(line)
        assert problem, f"not path:line: message: {line!r}"
        path = site / problem.group("path")
        assert path.is_file() or path.is_symlink(), f"no such file: {line!r}"
        if path.is_symlink():
            continue  # a link refused as a link: its target may be missing, a loop, or elsewhere
        data = path.read_bytes()
        length = data.count(b"\n") + data.count(b"\r") + 1
        assert 1 <= int(problem.group("line")) <= length + 1, f"no such line: {line!r}"


URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "background",
    "cite",
    "data",
    "srcset",
    "ping",
    "longdesc",
    "manifest",
    "codebase",
    "lowsrc",
    "dynsrc",
}


TEMPLATE_MARK = re.compile(r"\{[{%#]")  # a placeholder or tag must never reach a page


class PageChecker(HTMLParser):
    """Collects what a page must not have: scripts the templates did not put there, event
    handlers, inline styles, addresses a browser would run as script or open as data, and
    template syntax."""

    def __init__(self, template_scripts: set[str]):
        """`template_scripts`: the src of every script the templates write (those of the
        last good build, made from the example site as it is)."""
        super().__init__(convert_charrefs=True)
        self.template_scripts = template_scripts
        self.found: list[str] = []
        self.in_script: dict | None = None
        self.script_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            self.in_script = attributes
            self.script_text = []
            src = attributes.get("src") or ""
            json_ld = attributes.get("type") == "application/ld+json" and "src" not in attributes
            if not (json_ld or src in self.template_scripts):
                self.found.append(f"script element {attrs}")
        if tag == "style":
            self.found.append("style element")
        for name, value in attrs:
            if TEMPLATE_MARK.search(value or ""):
                self.found.append(f"template syntax left in {name}={value!r} on <{tag}>")
            if name.startswith("on"):
                self.found.append(f"event handler {name}={value!r} on <{tag}>")
            if name == "style":
                self.found.append(f"inline style on <{tag}>")
            if name in URL_ATTRIBUTES and value and runs_or_opens_data(value):
                self.found.append(f"{name}={value!r} on <{tag}>")
            refresh = (value or "").lower().partition("url=")[2]
            if tag == "meta" and name == "content" and refresh and runs_or_opens_data(refresh):
                self.found.append(f"meta refresh to {value!r}")

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        if self.in_script is not None:
            self.script_text.append(data)
        if TEMPLATE_MARK.search(data):
            self.found.append(f"template syntax left in the text: {data[:200]!r}")

    def handle_endtag(self, tag):
        if tag == "script" and self.in_script is not None:
            text = "".join(self.script_text)
            if "src" in self.in_script and text.strip():
                self.found.append("text inside a script with src")
            if self.in_script.get("type") == "application/ld+json":
                try:
                    json.loads(text)
                except ValueError:
                    self.found.append(f"JSON-LD that is not JSON: {text[:200]!r}")
            self.in_script = None


def runs_or_opens_data(url: str) -> bool:
    """Returns whether a browser would take `url` (entities already decoded) as a
    javascript:, vbscript: or data: address: it drops leading and trailing spaces and
    control characters and every tab and newline, and ignores the scheme's case."""
    cleaned = re.sub(r"[\t\n\r]", "", url).strip("".join(map(chr, range(0x21))))
    return re.match(r"(?i)(javascript|vbscript|data):", cleaned) is not None


@functools.cache
def template_scripts(last_good_output: Path) -> frozenset[str]:
    """Returns the src of every script element in the last good build."""

    class Scripts(HTMLParser):
        found: set[str] = set()

        def handle_starttag(self, tag, attrs):
            if tag == "script" and dict(attrs).get("src"):
                self.found.add(dict(attrs)["src"])

    for path in last_good_output.rglob("*.html"):
        Scripts().feed(path.read_text(encoding="utf-8"))
    return frozenset(Scripts.found)


@functools.cache
def last_good_pages(last_good_output: Path) -> dict[str, bytes]:
    """Returns the pages of the last good build by their path in it (they are checked once)."""
    pages = {
        path.relative_to(last_good_output).as_posix(): path.read_bytes()
        for path in last_good_output.rglob("*")
        if path.suffix in (".html", ".xml")
    }
    check_pages(last_good_output, last_good_output, {})
    return pages


def check_pages(out: Path, last_good_output: Path, checked=None) -> None:
    """Checks every page of `out` but those that are byte for byte as in the last good build
    (`checked`, by default last_good_pages)."""
    if checked is None:
        checked = last_good_pages(last_good_output)
    for path in sorted(out.rglob("*")):
        if path.suffix not in (".html", ".xml"):
            continue
        if checked.get(path.relative_to(out).as_posix()) == path.read_bytes():
            continue
        checker = PageChecker(template_scripts(last_good_output))
        checker.feed(path.read_text(encoding="utf-8"))
        checker.close()
        assert not checker.found, f"{path.relative_to(out)}: {checker.found}"


# What a spreadsheet takes as the start of a formula (OWASP's list for CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def check_data_files(out: Path) -> None:
    """Checks that every CSV file the build made parses, rows as long as the header, with no
    cell that a spreadsheet would run as a formula; that every XML (and SVG) and JSON file it
    made parses; and that every feed parses with a feed parser, without its complaints about
    the markup. The files in assets/ are the site's own, copied as they are."""
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out).as_posix()
        if rel.startswith("assets/"):
            continue
        if path.suffix == ".csv":
            with path.open(encoding="utf-8", newline="") as file:
                header, *rows = list(csv.reader(file, strict=True))
            assert all(len(row) == len(header) for row in rows), f"{rel}: ragged rows"
            formulas = [cell for row in rows for cell in row if cell.startswith(FORMULA_START)]
            assert not formulas, f"{rel}: cells a spreadsheet runs as formulas: {formulas}"
        elif path.suffix in (".xml", ".svg"):
            try:
                ElementTree.parse(path)
            except ElementTree.ParseError as error:
                raise AssertionError(f"{rel} is not well-formed XML: {error}") from None
        elif path.suffix == ".json":
            json.loads(path.read_bytes())
        if path.name == "feed.xml":
            feed = feedparser.parse(path.read_bytes())
            assert not feed.bozo, f"{rel}: {feed.bozo_exception}"
            assert feed.entries, f"{rel} has no entries"


def check_outputs(out: Path, last_good_output: Path) -> None:
    """Checks every page, and every data file, of a finished build."""
    check_pages(out, last_good_output)
    check_data_files(out)


# --- the test ------------------------------------------------------------------------------


def run_build(site: Path) -> tuple[int, str]:
    """Returns (exit status, stderr) of `build.py build --no-search` for `site`, run in this
    process (quicker than a new one each time; a traceback fails the example just the same)."""

    def hung(signum, frame):
        raise AssertionError(f"the build took more than {GUARD_SECONDS} s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(GUARD_SECONDS)
    errors, output = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stderr(errors), contextlib.redirect_stdout(output):
            status = build.main(["build", "--site", str(site), "--no-search"])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return status, errors.getvalue()


def make_last_good(folder: Path) -> Path:
    """Copies the example site, as it is now, into `folder`/run/site and builds it into its
    public/, leaving the cache that build made; returns a copy of that site (`folder`/last-good)
    for `built_copy` to build copies of, in the same place, so that the cache knows them."""
    site = folder / "run" / "site"
    for part in ("content", "data"):
        shutil.copytree(REPO / part, site / part)
    status, errors = run_build(site)
    assert status == 0, errors
    shutil.copytree(site, folder / "last-good", symlinks=True)
    shutil.rmtree(folder / "run")
    return folder / "last-good"


@pytest.fixture(scope="module")
def last_good(tmp_path_factory) -> Path:
    """Returns a copy of the example site, as it is now, with its last good build in public/
    and the cache that build left."""
    return make_last_good(tmp_path_factory.mktemp("fuzz"))


FILES = site_files()


def fuzz_settings(examples: int) -> settings:
    """Returns the fuzzer's settings: `examples` fixed examples, the same every run (so that a
    red run is always a real regression), or HUB_FUZZ_EXAMPLES fresh random ones."""
    return settings(
        deadline=None,
        database=None,  # no example database: nothing is written into the repository
        # Not the explain phase: it runs a failing build hundreds of times to say which lines
        # only failing builds ran, minutes for a message that the failure says better.
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        **(
            {"max_examples": EXAMPLES, "print_blob": True}
            if EXAMPLES
            else {"max_examples": examples, "derandomize": True}
        ),
    )


FUZZ = fuzz_settings(20)


# What a build may write: the output, the cache, and the speed layer's spare copy of an
# earlier build beside the output (hub/write/output.py), which the next build starts from.
OURS = ("site/public", "site/.cache", "site/.public.spare-*")


class Built:
    """One build of a changed copy of the last good site: its exit status, what it printed to
    stderr, and its site and output folders (which last as long as the `with` block)."""

    def __init__(self, status: int, errors: str, site: Path):
        self.status, self.errors, self.site, self.out = status, errors, site, site / "public"


@contextlib.contextmanager
def built_copy(last_good: Path, edit, warm: bool = True, compare_cold: bool = True):
    """Yields the Built of a copy of `last_good`, changed by `edit(site)`, built from its
    cache (`warm`) or from nothing, once everything that must hold for every input is checked:
    exit 0 or 1 and no traceback; nothing run; nothing written outside the output and the
    cache; on 1, path:line problems and the last good output untouched; on 0, pages and data
    files as they must be and, for a warm build (with `compare_cold`), the output a build from
    nothing makes. The copy is deleted after the block.

    The copy is where `last_good` was built (see make_last_good), with the same files in its
    output (hard links: a build replaces a file, never writes into it), so that its cache finds
    that output as it left it and a build from it does only the work an edit calls for."""
    root, top = last_good.parent / "run", str(last_good)
    try:
        site = root / "site"
        shutil.rmtree(root, ignore_errors=True)
        shutil.copytree(
            last_good, site, symlinks=True, ignore=lambda at, _: ["public"] if at == top else []
        )
        shutil.copytree(last_good / "public", site / "public", copy_function=os.link)
        if not warm:
            shutil.rmtree(site / ".cache")
        edit(site)
        out = site / "public"
        before = tree(out)
        elsewhere = tree(root, skip=OURS)
        last_output = shapes(last_good / "public")
        assert not RAN.exists()

        status, errors = run_build(site)

        # The copy's output shares its files with the last good one: a build replaces a file
        # of an earlier output, and must never write into it.
        assert shapes(last_good / "public") == last_output, "a build wrote into an old output"

        assert status in (0, 1), errors
        event(f"exit {status}")  # shown with --hypothesis-show-statistics
        assert "Traceback" not in errors, errors
        assert not RAN.exists(), f"the build ran code it was given: {RAN} was made"
        assert tree(root, skip=OURS) == elsewhere
        if status == 1:
            check_problems(errors, site)
            assert tree(out) == before
        else:
            check_outputs(out, last_good / "public")
            if warm and compare_cold:
                # What the cache kept must make exactly what a build from nothing makes.
                fresh = root / "fresh"
                for folder in ("content", "data"):
                    shutil.copytree(site / folder, fresh / folder, symlinks=True)
                assert run_build(fresh)[0] == 0
                assert tree(out) == tree(fresh / "public")
        yield Built(status, errors, site)
    finally:
        RAN.unlink(missing_ok=True)
        shutil.rmtree(root, ignore_errors=True)


def check_edit(last_good: Path, changes, warm: bool) -> None:
    """Builds a copy of `last_good` with `changes` (path, (description, change)) made to its
    files, from its cache (`warm`) or from nothing, and checks everything that must hold."""

    def edit(site: Path) -> None:
        for rel, (_, change) in changes:
            path = site / rel
            path.write_bytes(change(path.read_bytes()))

    with built_copy(last_good, edit, warm):
        pass


@FUZZ
@given(
    changes=st.lists(st.tuples(st.sampled_from(FILES), mutation()), min_size=1, max_size=3),
    warm=st.booleans(),
)
def test_any_edit_ends_in_a_site_or_in_path_line_problems(last_good, changes, warm):
    check_edit(last_good, changes, warm)


PAGES = [rel for rel in FILES if rel.endswith(".md")]
DATA = [rel for rel in FILES if rel.endswith((".yaml", ".yml"))]
# Settings shown as text on pages, where hostile text must come out escaped.
TEXT_SETTINGS = rb"(title|summary|name|what|next|hint|label|short|text|how|limits|when|footer_note)"


@st.composite
def hostile_but_valid(draw):
    """Returns a change that adds hostile HTML or an address to a page's text, or sets a
    text setting to hostile text: edits that usually still build, so that the pages are
    checked."""
    text = draw(
        st.one_of(st.sampled_from(HTML[:-2]), hostile_text().filter(lambda t: "{" not in t))
    )
    where = draw(st.integers(min_value=0, max_value=10_000))
    if draw(st.booleans()):
        rel = draw(st.sampled_from(PAGES))

        def add_to_text(data: bytes) -> bytes:
            head, marker, body = data.partition(b"\n---\n")
            lines = body.split(b"\n")
            lines.insert(where % len(lines), b"\n" + text.encode("utf-8") + b"\n")
            return head + marker + b"\n".join(lines)

        return rel, (("text", text), add_to_text)
    rel = draw(st.sampled_from(DATA))

    def set_text(data: bytes) -> bytes:
        lines = data.split(b"\n")
        keyed = [
            n
            for n, line in enumerate(lines)
            if re.match(rb"^\s*(- )?" + TEXT_SETTINGS + rb": \S", line)
        ]
        if not keyed:
            return data
        n = keyed[where % len(keyed)]
        key = lines[n].split(b":", 1)[0]
        lines[n] = key + b": " + json.dumps(text[:150]).encode("utf-8")
        return b"\n".join(lines)

    return rel, (("setting", text), set_text)


@FUZZ
@given(changes=st.lists(hostile_but_valid(), min_size=1, max_size=4), warm=st.booleans())
def test_hostile_text_never_reaches_a_page_as_markup(last_good, changes, warm):
    check_edit(last_good, changes, warm)


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        '<script src="/assets/js/site.0123456789.js">alert(1)</script>',
        '<script type="application/ld+json">{"a": "</script><script>alert(1)</script>"}</script>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<a href="&#106;avascript:alert(1)">x</a>',
        '<a href="java&#9;script:alert(1)">x</a>',
        '<a href=" &#1;javascript:alert(1)">x</a>',
        '<img src="data:text/html,x" alt="">',
        '<form action="vbscript:x"></form>',
        '<svg><a xlink:href="javascript:alert(1)"></a></svg>',
        '<p onclick="alert(1)">x</p>',
        "<svg/onload=alert(1)>",
        '<div style="color: red">x</div>',
        "<style>*{}</style>",
        '<meta http-equiv="refresh" content="0;URL=javascript:alert(1)">',
        "<h1>Call {{ site.contacts.non_emergency }}</h1>",
        '<meta name="description" content="A {% tag %}">',
    ],
)
def test_the_page_checker_finds_each_kind_of_hostile_markup(html):
    # The fuzzer's checks must be able to fail: each of these, written into a page as it is,
    # is found.
    checker = PageChecker({"/assets/js/site.0123456789.js"})
    checker.feed(html)
    checker.close()
    assert checker.found


def test_the_page_checker_passes_what_the_templates_write():
    checker = PageChecker({"/assets/js/site.0123456789.js"})
    checker.feed(
        '<script src="/assets/js/site.0123456789.js" defer blocking="render"></script>'
        '<script type="application/ld+json">{"name": "A \\u003c/script\\u003e"}</script>'
        '<meta name="description" content="Data: the figures, url=somewhere">'
        '<a href="/what-is-asb/#data:x">x</a><a href="https://x.example/javascript:">y</a>'
        '<a href="mailto:someone@example.org">z</a><img src="/assets/images/a.png" alt="">'
    )
    checker.close()
    assert checker.found == []
