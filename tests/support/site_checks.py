"""Checks over a built site folder that need no browser: structure, links, weight, inline code.

Each check returns a list of problems as readable strings (empty when the site passes), so the
quality gates and the tests that prove the gates catch mistakes call exactly the same code.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

REPO = Path(__file__).resolve().parents[2]
LANDMARKS = {"header": "banner", "main": "main", "footer": "contentinfo"}
SECTIONING = {"article", "aside", "main", "nav", "section"}
FONT_FILES = {".woff", ".woff2", ".ttf", ".otf", ".eot"}
HTML_LIMIT = 30 * 1024  # bytes of HTML in one page
CODE_LIMIT_GZIP = 20 * 1024  # bytes of CSS plus JS one page loads, gzipped
# The browser editor: a page for comms staff, not readers, made by Decap CMS's own app. It is
# not one of the site's pages, so it is left out of their checks and budgets; its size is
# reported apart (editor_bundle) and its headers have their own tests.
EDITOR = "/admin/"


@dataclass
class PageFacts:
    """What the checks need to know about one built HTML page."""

    url: str
    lang: str | None = None
    titles: list[str] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)
    headings: list[int] = field(default_factory=list)  # levels in document order
    links: list[str] = field(default_factory=list)  # <a href>
    resources: list[str] = field(default_factory=list)  # img, link, script, source...
    stylesheets: list[str] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    landmarks: list[str] = field(default_factory=list)  # top-level banner/main/contentinfo
    main_id: str | None = None
    skip_link_before_header: bool = False
    inline_code: list[str] = field(default_factory=list)  # what the CSP would block


class _FactParser(HTMLParser):
    """Collects PageFacts while reading a page once."""

    def __init__(self, facts: PageFacts):
        super().__init__(convert_charrefs=True)
        self.facts = facts
        self.open: list[str] = []
        self.in_title = False
        self.seen_header = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        facts = self.facts
        if "id" in attrs:
            facts.ids.add(attrs["id"] or "")
        if "name" in attrs and tag == "a":
            facts.ids.add(attrs["name"] or "")
        self._note_inline_code(tag, attrs)
        if tag == "html":
            facts.lang = attrs.get("lang")
        elif tag == "title" and "svg" not in self.open:  # an SVG's <title> names the image
            self.in_title = True
            facts.titles.append("")
        elif tag == "meta" and (attrs.get("name") or "").lower() == "description":
            facts.descriptions.append((attrs.get("content") or "").strip())
        elif re.fullmatch(r"h[1-6]", tag):
            facts.headings.append(int(tag[1]))
        elif tag == "a" and attrs.get("href") is not None:
            facts.links.append(attrs["href"])
            if attrs["href"] == "#main" and not self.seen_header:
                facts.skip_link_before_header = True
        self._note_resources(tag, attrs)
        if (
            tag in LANDMARKS
            and not SECTIONING.intersection(self.open)
            and "header" not in self.open
            and "footer" not in self.open
        ):
            facts.landmarks.append(LANDMARKS[tag])
            if tag == "main":
                facts.main_id = attrs.get("id")
        if tag == "header":
            self.seen_header = True
        if tag not in (
            "area",
            "base",
            "br",
            "col",
            "embed",
            "hr",
            "img",
            "input",
            "link",
            "meta",
            "source",
            "track",
            "wbr",
        ):
            self.open.append(tag)

    def _note_resources(self, tag, attrs):
        facts = self.facts
        if tag == "link" and attrs.get("href"):
            rel = (attrs.get("rel") or "").lower().split()
            if "stylesheet" in rel:
                facts.stylesheets.append(attrs["href"])
            facts.resources.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            facts.scripts.append(attrs["src"])
            facts.resources.append(attrs["src"])
        elif tag in ("img", "source", "audio", "video", "track", "iframe", "embed"):
            for name in ("src", "poster"):
                if attrs.get(name):
                    facts.resources.append(attrs[name])
            for candidate in (attrs.get("srcset") or "").split(","):
                if candidate.strip():
                    facts.resources.append(candidate.split()[0])

    def _note_inline_code(self, tag, attrs):
        """Records inline scripts, styles and handlers: the CSP blocks all of them."""
        where = f"<{tag}>"
        if (
            tag == "script"
            and not attrs.get("src")
            and (attrs.get("type") or "text/javascript")
            not in ("application/json", "application/ld+json")
        ):
            self.facts.inline_code.append("an inline <script> (move it into assets/js/)")
        if tag == "style":
            self.facts.inline_code.append("a <style> element (move it into assets/css/)")
        for name, value in attrs.items():
            if name == "style":
                self.facts.inline_code.append(f"a style= attribute on {where}")
            elif name.startswith("on"):
                self.facts.inline_code.append(f"an {name}= attribute on {where}")
            elif name in ("href", "src", "action", "formaction") and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.facts.inline_code.append(f"a javascript: address in {name}= on {where}")

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag in self.open:
            while self.open and self.open.pop() != tag:
                pass

    def handle_data(self, data):
        if self.in_title:
            self.facts.titles[-1] += data


def page_url(root: Path, path: Path) -> str:
    """Returns the address a built HTML file is served at (/news/ for news/index.html)."""
    rel = path.relative_to(root).as_posix()
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


def html_files(root: Path) -> list[Path]:
    """Returns every page of the built site (the editor's is not one), in a stable order."""
    return sorted(
        path for path in root.rglob("*.html") if not page_url(root, path).startswith(EDITOR)
    )


def page_addresses(root: Path) -> list[str]:
    """Returns the address of every built page, home first."""
    return sorted(
        (page_url(root, path) for path in html_files(root)), key=lambda url: (url != "/", url)
    )


def read_page(root: Path, url: str) -> PageFacts:
    """Returns the facts of the page served at `url`."""
    facts = PageFacts(url)
    parser = _FactParser(facts)
    parser.feed(file_for(root, url).read_text(encoding="utf-8"))
    parser.close()
    return facts


def file_for(root: Path, url: str) -> Path:
    """Returns the file a static host serves for `url` (which need not exist)."""
    path = unquote(urlsplit(url).path)
    target = root / path.lstrip("/")
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def structure_problems(facts: PageFacts) -> list[str]:
    """Returns what the page lacks of lang, title, description, one h1, skip link, landmarks."""
    url, found = facts.url, []
    if not facts.lang:
        found.append(f"{url}: <html> has no lang attribute")
    if len(facts.titles) != 1 or not facts.titles[0].strip():
        found.append(f"{url}: needs exactly one non-empty <title>")
    if len(facts.descriptions) != 1 or not facts.descriptions[0]:
        found.append(f"{url}: needs exactly one non-empty <meta name=description>")
    if facts.headings.count(1) != 1:
        found.append(f"{url}: has {facts.headings.count(1)} <h1> elements, needs exactly one")
    previous = 1
    for level in facts.headings:
        if level > previous + 1:
            found.append(f"{url}: an <h{level}> follows an <h{previous}>, skipping a level")
        previous = level
    if not facts.skip_link_before_header:
        found.append(f'{url}: no skip link (<a href="#main">) before the page header')
    if facts.main_id != "main":
        found.append(f'{url}: the skip link target <main id="main"> is missing')
    for landmark in ("banner", "main", "contentinfo"):
        if facts.landmarks.count(landmark) != 1:
            found.append(
                f"{url}: needs exactly one top-level {landmark} landmark, "
                f"has {facts.landmarks.count(landmark)}"
            )
    return found


def inline_code_problems(facts: PageFacts) -> list[str]:
    """Returns each inline script, style or handler in the page: the CSP forbids them."""
    return [f"{facts.url}: {item}" for item in facts.inline_code]


def duplicate_problems(pages: list[PageFacts]) -> list[str]:
    """Returns titles and descriptions that more than one page uses."""
    found = []
    for kind in ("titles", "descriptions"):
        owners: dict[str, list[str]] = {}
        for facts in pages:
            for text in getattr(facts, kind):
                owners.setdefault(text.strip(), []).append(facts.url)
        for text, urls in sorted(owners.items()):
            if len(urls) > 1:
                found.append(f'{", ".join(urls)} share the {kind[:-1]} "{text}"')
    return found


def _internal(url: str, page: str, base_url: str) -> str | None:
    """Returns `url` as a local absolute address with any #fragment, or None if external."""
    if base_url and url.startswith(base_url.rstrip("/") + "/"):
        url = url[len(base_url.rstrip("/")) :]
    parts = urlsplit(urljoin("https://local.invalid" + page, url))
    if parts.scheme != "https" or parts.netloc != "local.invalid":
        return None
    return parts.path + (f"#{parts.fragment}" if parts.fragment else "")


def link_problems(root: Path, pages: list[PageFacts], base_url: str = "") -> list[str]:
    """Returns every internal link, image or asset that does not resolve, with its page.

    A #fragment must match an id on the target page. Links to `base_url` count as internal.
    """
    by_url = {facts.url: facts for facts in pages}
    found = []
    for facts in pages:
        for kind, targets in (("link", facts.links), ("resource", facts.resources)):
            for target in targets:
                local = _internal(target, facts.url, base_url)
                if local is None:
                    continue
                path, _, fragment = local.partition("#")
                file = file_for(root, path)
                if not file.is_file():
                    found.append(
                        f"{facts.url}: {kind} {target} leads nowhere "
                        f"(no {file.relative_to(root).as_posix()} in the build)"
                    )
                elif fragment and kind == "link":
                    ids = by_url[page_url(root, file)].ids if file.suffix == ".html" else set()
                    if unquote(fragment) not in ids:
                        found.append(
                            f"{facts.url}: link {target} points at #{fragment}, "
                            "which that page does not have"
                        )
    return found + _stylesheet_problems(root)


def _stylesheet_problems(root: Path) -> list[str]:
    """Returns url(...) references in built CSS that lead nowhere."""
    found = []
    for css in sorted(root.rglob("*.css")):
        for ref in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8")):
            if ref.startswith(("data:", "#")) or "://" in ref:
                continue
            target = (
                (css.parent / ref.split("?")[0].split("#")[0]).resolve()
                if not ref.startswith("/")
                else root / ref.lstrip("/")
            )
            if not target.is_file():
                found.append(f"{css.relative_to(root)}: url({ref}) leads nowhere")
    return found


def orphan_problems(root: Path, pages: list[PageFacts], exempt=()) -> list[str]:
    """Returns pages no chain of links from the home page reaches: each language's page not
    found (/404.html, /cy/404.html) and the addresses in `exempt` are left out."""
    by_url = {facts.url: facts for facts in pages}
    reached, queue = {"/"}, ["/"]
    while queue:
        for link in by_url[queue.pop()].links:
            local = _internal(link, "/", "")
            if local is None:
                continue
            file = file_for(root, local.partition("#")[0])
            if file.suffix == ".html" and file.is_file():
                url = page_url(root, file)
                if url not in reached:
                    reached.add(url)
                    queue.append(url)
    return [
        f"{url}: no link from the home page or its navigation leads here"
        for url in sorted(by_url)
        if url not in reached and url not in exempt and not url.endswith("/404.html")
    ]


def gzipped_size(path: Path) -> int:
    """Returns the file's size after gzip at the level web servers commonly use."""
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


@dataclass
class PageWeight:
    url: str
    html_bytes: int
    code_gzip_bytes: int  # CSS + JS the page loads, gzipped


def page_weight(root: Path, facts: PageFacts, extra_requests: tuple[str, ...] = ()) -> PageWeight:
    """Returns the page's HTML size and the gzipped size of the CSS and JS it loads.

    `extra_requests` are addresses a browser saw the page load besides those in its HTML
    (scripts the page's own JS imports); each file counts once.
    """
    code = 0
    addresses = {
        _internal(url, facts.url, "")
        for url in [*facts.stylesheets, *facts.scripts, *extra_requests]
    }
    for address in sorted(a.partition("#")[0] for a in addresses if a):
        file = file_for(root, address)
        if file.is_file() and file.suffix in (".css", ".js", ".mjs", ".wasm"):
            code += gzipped_size(file)
    return PageWeight(facts.url, file_for(root, facts.url).stat().st_size, code)


def weight_problems(weight: PageWeight) -> list[str]:
    """Returns the budgets the page breaks."""
    found = []
    if weight.html_bytes >= HTML_LIMIT:
        found.append(
            f"{weight.url}: HTML is {weight.html_bytes:,} bytes, over the "
            f"{HTML_LIMIT:,} byte budget"
        )
    if weight.code_gzip_bytes >= CODE_LIMIT_GZIP:
        found.append(
            f"{weight.url}: loads {weight.code_gzip_bytes:,} bytes of CSS and JS "
            f"gzipped, over the {CODE_LIMIT_GZIP:,} byte budget"
        )
    return found


@dataclass
class EditorBundle:
    files: int
    bytes: int
    gzip_bytes: int  # as a browser downloads them, compressed


def editor_bundle(root: Path) -> EditorBundle | None:
    """Returns the size of the browser editor's files in the build, or None without one."""
    folder = root / EDITOR.strip("/")
    files = sorted(path for path in folder.rglob("*") if path.is_file()) if folder.is_dir() else []
    if not files:
        return None
    return EditorBundle(
        len(files),
        sum(path.stat().st_size for path in files),
        sum(gzipped_size(path) for path in files),
    )


def web_font_problems(root: Path) -> list[str]:
    """Returns font files and @font-face rules in the build: the site uses system fonts."""
    found = [
        f"{path.relative_to(root)} is a web font"
        for path in sorted(root.rglob("*"))
        if path.suffix.lower() in FONT_FILES
    ]
    for css in sorted(root.rglob("*.css")):
        if "@font-face" in css.read_text(encoding="utf-8").lower():
            found.append(f"{css.relative_to(root)} declares @font-face")
    return found


def is_fingerprinted(path: Path) -> bool:
    """True when the file's name carries the first 10 hex digits of its content's SHA-256."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
    return f".{digest}." in path.name or path.name.endswith(f".{digest}")


def all_pages(root: Path) -> list[PageFacts]:
    """Returns the facts of every built page, home first."""
    return [read_page(root, url) for url in page_addresses(root)]


# The committed output of the example site, which tests/build/test_golden.py proves is what a
# build makes: tests that need only its pages read it here instead of building.
GOLDEN = REPO / "tests" / "golden" / "example"

# The report helper's steps (every page under its first, /report/, in each language) are made
# from three layouts, each told by markup only it writes.
HELPER_STEP = re.compile(r"^(/[a-z]{2,3})?/report/.")
HELPER_LAYOUTS = {
    "question": "choice-list",
    "result": "data-recommend=",
    "emergency": 'class="helper-emergency"',
}


@functools.cache
def example_page_addresses() -> tuple[str, ...]:
    """Returns every page address of the example site, home first, from its golden output.

    Test modules call this while pytest collects them, to make one test per page, so it must
    not build; test_quality_pages.py checks the session's build has exactly these pages.
    """
    return tuple(page_addresses(GOLDEN))


def helper_layout(root: Path, url: str) -> str | None:
    """Returns the layout ("question", "result" or "emergency") of the report helper's step at
    `url`, or None for a page that is not one of its steps. Fails for a step whose markup names
    no layout or several, so that a change to the layouts is seen here, not skipped."""
    if not HELPER_STEP.match(url):
        return None
    html = file_for(root, url).read_text(encoding="utf-8")
    found = [name for name, marker in HELPER_LAYOUTS.items() if marker in html]
    assert len(found) == 1, f"{url}: a helper step should show one layout's markup, found {found}"
    return found[0]


@functools.cache
def browser_checked_pages(root: Path = GOLDEN) -> tuple[str, ...]:
    """Returns the pages the costly browser checks run on: every page but the report helper's
    steps and, of those, one for each layout in each language: the one with the most HTML, so
    the most of its layout's parts (each step's words come from data and are checked apart)."""
    fullest: dict[tuple[str, str], str] = {}
    chosen = []
    for url in page_addresses(root):
        layout = helper_layout(root, url)
        if layout is None:
            chosen.append(url)
            continue
        key = (HELPER_STEP.match(url).group(1) or "", layout)
        size = file_for(root, url).stat().st_size
        if key not in fullest or size > file_for(root, fullest[key]).stat().st_size:
            fullest[key] = url
    return tuple(chosen + sorted(fullest.values()))
