"""Markdown to safe HTML: data placeholders, phone links, callouts, heading ids, sanitising."""

from __future__ import annotations

import contextlib
import copy
import functools
import os
import pickle
import re
import select
import signal
import time
import xml.etree.ElementTree as etree
from collections.abc import Callable
from pathlib import Path

import jinja2
import markdown
import nh3
from markdown.extensions.admonition import AdmonitionExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

from .. import REPO
from ..core.addresses import is_example_address, may_hold_example_address
from ..core.errors import Problems
from ..core.interface import english, phone_link
from .markdown_shortcuts import heading_ids, with_shortcuts
from .placeholders import fill_placeholders as fill_placeholders  # where pages look for it
from .settings import phone_numbers
from .templates import TemplateLoader

# The callouts a page may use (`!!! inset`, `!!! warning`), each with the component whose
# markup it takes, so that a callout and the same component in a template look the same.
CALLOUTS = {"inset": "inset-text", "warning": "warning-text"}
# The words a callout's component takes besides its text, each from the interface strings.
CALLOUT_WORDS = {"warning": {"icon_fallback_text": "warning.prefix"}}
# The element that stands for a callout's text in its component's markup.
BODY_MARKER = "hub-callout-body"

# The allow-list for Markdown's output and any raw HTML an author typed. The callouts'
# markup adds its own tags, attributes and classes to it (_sanitiser).
ALLOWED_TAGS = {
    "p",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "a",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "div",
    "span",
    "br",
    "hr",
    "abbr",
    "caption",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "abbr": {"title"},
    "th": {"scope"},
}

# A phone number's placeholder is filled with a mark holding its line and the number between
# characters of Unicode's private use area, which Markdown leaves alone and no page needs;
# once the text is a tree, _PhoneLinks makes each mark a tel: link with phone_link. A link
# made before Markdown would be raw HTML, which Markdown cannot see inside: it could not tell
# a number in a link's words or a heading from one in a paragraph.
_MARK = "\ue000{line}\ue001{number}\ue002"
_MARKS = re.compile("\ue000([0-9]+)\ue001([^\ue000-\ue002]*)\ue002")
_MARK_CHARACTERS = re.compile("[\ue000-\ue002]")
# Where a number cannot be a link, and what its problem says: links cannot hold links, and a
# heading is also a link in the page's contents list.
_NO_LINK_IN = {"a": "link", **{f"h{n}": "heading" for n in range(1, 7)}}
NOT_A_LINK_HERE = {
    "heading": "cannot be in a heading: a heading is also a link in the page's contents, "
    "where the number could not be tapped to call it. Write the heading without it (such as "
    "## In an emergency) and give the number in the text below",
    "link": "cannot be inside a link's words or address: the build makes the number a link "
    "of its own, which phones it. Take the placeholder out of the [words](address)",
    "html": "cannot be inside HTML typed into the page, where the build cannot make it a "
    "link that phones it: write this part in Markdown instead",
}
# A settings phone number typed as it is written there, not a part of a longer number, a
# figure (1,101 or 1.55), an address (/101, id=101), an amount or a word: (the numbers).
_TYPED = r"(?:{})(?![\w/%£-])(?![.,][0-9])"
_NOT_AFTER = re.compile(r"[\w/.,=#&%£$€+-]")  # what a typed number is not right after
# A placeholder, or what was meant as one: its name is not a typed number.
_PLACEHOLDER_TEXT = re.compile(r"\{\{[^\n]*?\}\}")


def callout_markup(template_folders: list[Path], words=None) -> dict[str, str]:
    """Returns each callout's markup: its component's macro, from the first of
    `template_folders` that has it, rendered with BODY_MARKER as its `html` and its other
    words in `words`' language (hub.core.interface.Words; by default the generator's English).

    Raises jinja2.TemplateError if a template cannot be rendered, or if its markup is not one
    element holding the marker once (the callout's text would have nowhere to go, or twice)."""
    folders = tuple(str(folder) for folder in template_folders)
    names = {kind: f"components/{component}/macro.html" for kind, component in CALLOUTS.items()}
    # Jinja sees a change to a template it has loaded, not a new one in an earlier folder: so
    # the files that the macros come from are part of the environment's key.
    chosen = tuple(_first_file(folders, name) for name in names.values())
    env = _callout_environment(folders, chosen)
    markup = {}
    for kind, component in CALLOUTS.items():
        template = env.get_template(names[kind])
        macro = getattr(template.module, component.replace("-", "_"))
        params = {
            name: (words or english())(key) for name, key in CALLOUT_WORDS.get(kind, {}).items()
        }
        params["html"] = Markup(f"<{BODY_MARKER}></{BODY_MARKER}>")
        markup[kind] = str(macro(params)).strip()
        try:
            markers = etree.fromstring(markup[kind]).findall(f".//{BODY_MARKER}")
        except etree.ParseError:
            markers = []
        if len(markers) != 1:  # reported as a template mistake, with the template's file
            raise jinja2.TemplateSyntaxError(
                f"`!!! {kind}` callouts use this macro's markup, so it must make one element "
                "(in XML syntax) holding params.html once",
                1,
                template.name,
                template.filename,
            )
    return markup


def _first_file(folders: tuple[str, ...], name: str) -> str | None:
    """Returns the path of the template `name` in the first of `folders` that has it."""
    return next((path for f in folders if os.path.isfile(path := os.path.join(f, name))), None)


@functools.lru_cache(maxsize=4)
def _callout_environment(template_folders: tuple[str, ...], chosen: tuple) -> jinja2.Environment:
    """Returns a Jinja environment for the callouts' templates, with the options pages are
    rendered with (hub/write/pages.py). One is kept for each set of `chosen` files (which only
    key the cache) between builds, as `serve` makes many: Jinja compiles a template again
    only when its file has changed."""
    return jinja2.Environment(
        loader=TemplateLoader(template_folders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


class _Callouts(Treeprocessor):
    """Turns `!!! inset` and `!!! warning` blocks into their components' markup: a copy of
    the component's skeleton (its markup as elements) with the block's text at the marker."""

    def __init__(self, md, skeletons: dict[str, etree.Element]):
        super().__init__(md)
        self.skeletons = skeletons

    def run(self, root):
        blocks = [
            div for div in root.iter("div") if "admonition" in (div.get("class") or "").split()
        ]
        for block in blocks:
            kind = block.get("class").split()[-1]
            # check_markdown_source reports an unknown kind; until then it is drawn as inset.
            skeleton = copy.deepcopy(self.skeletons.get(kind, self.skeletons["inset"]))
            body = [child for child in block if child.get("class") != "admonition-title"]
            tail = block.tail
            block.clear()  # the block becomes the skeleton's outer element, in its place
            block.tag, block.text, block.tail = skeleton.tag, skeleton.text, tail
            block.attrib.update(skeleton.attrib)
            block.extend(skeleton)
            _put_at_marker(block, body)


def _put_at_marker(element: etree.Element, body: list[etree.Element]) -> None:
    """Puts the `body` elements where BODY_MARKER is inside `element`; whatever followed the
    marker follows them."""
    for parent in element.iter():
        for at, child in enumerate(parent):
            if child.tag != BODY_MARKER:
                continue
            parent[at : at + 1] = body
            if body:
                body[-1].tail = child.tail
            elif at:
                parent[at - 1].tail = (parent[at - 1].tail or "") + (child.tail or "")
            else:
                parent.text = (parent.text or "") + (child.tail or "")
            return


class HubMarkdown(markdown.Markdown):
    """Python-Markdown's converter, with what our extensions and its toc step give it
    declared (make_markdown makes one)."""

    sanitise: Callable[[str], str]  # cuts what it makes to the allow-list (_HubExtension)
    # The phone numbers of the page last converted that could not be links (_PhoneLinks), as
    # (line, place, number); place is a key of NOT_A_LINK_HERE.
    misplaced_phones: list[tuple[int, str, str]]
    # Its toc step's headings (nested), which Python-Markdown's type stubs leave out.
    toc_tokens: list[dict]


class _PhoneLinks(Treeprocessor):
    """Makes each phone number's mark a tel: link (phone_link). Where a link cannot go (in a
    link, a heading or an attribute) the mark becomes the number as text, and its line, the
    place and the number are added to `md.misplaced_phones`."""

    md: HubMarkdown  # the converter it was registered on

    def run(self, root):
        self._visit(root, None)

    def _visit(self, element: etree.Element, place: str | None) -> None:
        """Makes the marks in `element` and all inside it links, or text when `place` (or
        the element itself) says why a link cannot go there."""
        for name, value in element.attrib.items():
            if "\ue000" in value:
                element.set(name, self._as_text(value, "link"))
        place = place or _NO_LINK_IN.get(element.tag)
        at = 0  # the next child to visit: not the links made here
        if element.text and "\ue000" in element.text:
            element.text, links = self._split(element.text, place)
            element[0:0] = links
            at = len(links)
        while at < len(element):
            child = element[at]
            at += 1
            self._visit(child, place)
            if child.tail and "\ue000" in child.tail:
                child.tail, links = self._split(child.tail, place)
                element[at:at] = links
                at += len(links)

    def _split(self, text: str, place: str | None) -> tuple[str, list[etree.Element]]:
        """Returns the text before the first mark and a link for each mark, each holding the
        text that follows it as its tail; or, with a `place`, the text with the numbers."""
        if place:
            return self._as_text(text, place), []
        pieces = _MARKS.split(text)  # text, line, number, text, line, number, ..., text
        links = []
        for at in range(1, len(pieces), 3):
            link = etree.fromstring(str(phone_link(pieces[at + 1])))
            link.tail = pieces[at + 2]
            links.append(link)
        return pieces[0], links

    def _as_text(self, text: str, place: str) -> str:
        """Returns `text` with each mark replaced by its number, each noted as misplaced."""
        for mark in _MARKS.finditer(text):
            self.md.misplaced_phones.append((int(mark[1]), place, mark[2]))
        return _MARKS.sub(lambda mark: mark[2], text)


class _TableHeaders(Treeprocessor):
    """Marks table header cells as column headers for screen readers."""

    def run(self, root):
        for cell in root.iter("th"):
            cell.attrib.pop("style", None)
            cell.set("scope", "col")
        for cell in root.iter("td"):
            cell.attrib.pop("style", None)


class _HubExtension(markdown.Extension):
    """Our callouts and table headers, and `md.sanitise`: the sanitiser for what `md` makes,
    whose allow-list admits the callouts' markup."""

    def __init__(self, callouts: dict[str, str]):
        super().__init__()
        self.skeletons = {kind: etree.fromstring(html) for kind, html in callouts.items()}

    def extendMarkdown(self, md):
        md.treeprocessors.register(_Callouts(md, self.skeletons), "hub_callouts", 5)
        md.treeprocessors.register(_TableHeaders(md), "hub_tables", 4)
        # After the inline step has made links, before the toc step reads headings' words.
        md.treeprocessors.register(_PhoneLinks(md), "hub_phone_links", 7)
        md.sanitise = _sanitiser(self.skeletons.values()).clean


def make_markdown(callouts: dict[str, str] | None = None) -> HubMarkdown:
    """Returns a reusable Markdown converter with our extensions, whose callouts take the
    markup in `callouts` (from callout_markup; by default, the repository's own templates')."""
    # Extensions are given as objects: naming them makes Markdown search the installed
    # packages' entry points, which costs more than converting a page.
    return with_shortcuts(
        HubMarkdown(
            extensions=[
                TableExtension(),
                SaneListExtension(),
                AdmonitionExtension(),
                _HubExtension(callouts or callout_markup([REPO / "templates"])),
                heading_ids(toc_depth="2-3"),
            ]
        )
    )


def _sanitiser(skeletons) -> nh3.Cleaner:
    """Returns the sanitiser that cuts HTML to the allow-list, plus exactly the tags,
    attributes and classes the callouts' skeletons use: no scripts, handlers or javascript:
    links. Made once per converter: nh3.clean would convert the allow-list on every page."""
    tags = set(ALLOWED_TAGS)
    attributes = {tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()}
    classes: dict[str, set[str]] = {}
    phone = etree.fromstring(str(phone_link("0")))  # the class it gives a phone number
    for skeleton in [*skeletons, phone]:
        for element in skeleton.iter():
            if element.tag == BODY_MARKER:
                continue
            tags.add(element.tag)
            for name, value in element.attrib.items():
                if name == "class":  # nh3 allows classes one by one, never the attribute
                    classes.setdefault(element.tag, set()).update(value.split())
                else:
                    attributes.setdefault(element.tag, set()).add(name)
    return nh3.Cleaner(
        tags=tags,
        attributes=attributes,
        allowed_classes=classes,
        link_rel=None,
        url_schemes={"https", "http", "mailto", "tel"},
    )


# Compiled once: this runs on every line of every page.
_HEADING = re.compile(r"^(#{1,6})\s")
_CALLOUT = re.compile(r"^!!!\s*(\S+)")


# Python-Markdown reads nested lists and quotes by recursing, and a few hundred levels end in
# Python's RecursionError. Each level takes at least one character before a line's text
# (indentation, a > or a list marker), so limiting those limits the nesting; real pages use
# under 20.
MAX_NESTING = 100
_NESTING = re.compile(r"(?:[ \t>]|[*+-](?=[ \t])|\d{1,9}[.)](?=[ \t]))*")


def _nesting(line: str) -> int:
    """Returns how many characters of indentation, > and list markers start `line`."""
    found = _NESTING.match(line)  # never None: the pattern matches an empty text too
    return found.end() if found else 0


def check_markdown_source(body: str, rel: str, first_line: int, problems: Problems) -> bool:
    """Records mistakes that Markdown would silently accept: h1s, skipped levels, odd callouts.

    Returns False when the text nests too deeply to be rendered at all (recorded once, at the
    first line past the limit)."""
    level = 1
    in_code = False
    readable = True
    for n, line in enumerate(body.split("\n")):
        if line.startswith("```"):
            in_code = not in_code
        if in_code:
            continue
        where = first_line + n
        if readable and len(line) > MAX_NESTING and _nesting(line) > MAX_NESTING:
            problems.add(
                rel,
                where,
                f"this line is nested too deeply: more than {MAX_NESTING} characters of "
                "indentation, > and list markers come before its text, and no page needs so "
                "many: remove some",
            )
            readable = False
        heading = _HEADING.match(line) if line.startswith("#") else None
        if heading:
            depth = len(heading.group(1))
            if depth == 1:
                problems.add(
                    rel,
                    where,
                    "use ## for headings: the page title is already the main heading (#)",
                )
            elif depth > level + 1:
                problems.add(
                    rel,
                    where,
                    f"heading skips a level (from {'#' * level} to "
                    f"{'#' * depth}): use {'#' * (level + 1)}",
                )
            level = max(depth, 2)
        callout = _CALLOUT.match(line) if line.startswith("!!!") else None
        if callout and callout.group(1) not in CALLOUTS:
            problems.add(
                rel, where, f'unknown callout "{callout.group(1)}": use !!! inset or !!! warning'
            )
    return readable


def fill_page_text(body: str, site, rel: str, first_line: int, problems: Problems) -> str | None:
    """Returns a page's text with its placeholders filled from the settings `site`, as
    fill_placeholders does, but each phone number marked, to be made a tel: link by
    render_page_text; or None when a placeholder is wrong.

    Records each settings phone number typed in the text instead of given by its placeholder."""
    phones = phone_numbers(site)
    body = _MARK_CHARACTERS.sub("", body)  # no page needs them; a mark is made only here
    check_typed_numbers(body, phones, rel, first_line, problems)

    def shown(name: str, value: str, line: int) -> str:
        return _MARK.format(line=line, number=value) if name in phones else value

    return fill_placeholders(body, {"site": site}, rel, first_line, problems, shown)


def check_typed_numbers(
    text: str, phones: dict[str, str], rel: str, first_line: int, problems: Problems
) -> None:
    """Records each of the phone numbers `phones` (by placeholder name) typed in `text` as
    written in the settings, instead of given by its placeholder."""
    if not phones or not any(map(str.isdigit, text)):
        return
    names: dict[str, str] = {}  # number -> the name of its placeholder
    for name, number in phones.items():
        names.setdefault(number, name)
    longest_first = sorted(names, key=len, reverse=True)
    typed = re.compile(_TYPED.format("|".join(map(re.escape, longest_first))))
    text = _PLACEHOLDER_TEXT.sub(lambda found: " " * len(found[0]), text)
    for found in _typed_numbers(typed, text):
        number, name = found[0], names[found[0]]
        problems.add(
            rel,
            first_line + text.count("\n", 0, found.start()),
            f"the phone number {number} is typed here: write {{{{ {name} }}}} instead, which "
            "shows it as a link that phones it and follows data/site.yaml (if this "
            f"{number} is not that phone number but, say, a count, write it in words)",
        )


def _typed_numbers(typed: re.Pattern, text: str):
    """Yields each match of `typed` in `text`, in order and not overlapping, that does not
    follow one of _NOT_AFTER. Checked here rather than as a lookbehind in the pattern: a
    pattern that starts with the numbers themselves is searched for by their first digits,
    where a lookbehind is tried at every character of the page."""
    at = 0
    while (found := typed.search(text, at)) is not None:
        start = found.start()
        if start and _NOT_AFTER.match(text, start - 1):
            at = start + 1  # as the lookbehind would: the next match may start inside this one
        else:
            yield found
            at = found.end()


def render_markdown(md: HubMarkdown, body: str) -> tuple[str, list[dict]]:
    """Returns (safe HTML, table of contents entries for h2 headings)."""
    return _render(md, body)[:2]


# A page's safe HTML, its table of contents entries, and the phone numbers that could not
# be links (see HubMarkdown.misplaced_phones).
Rendered = tuple[str, list[dict], list[tuple[int, str, str]]]


def _render(md: HubMarkdown, body: str) -> Rendered:
    """Returns render_markdown(md, body) and the phone numbers that could not be links, as
    (line, place, number); place is a key of NOT_A_LINK_HERE."""
    md.reset()
    md.misplaced_phones = []
    html = md.convert(body)
    for mark in _MARKS.finditer(html):  # left in the raw HTML Markdown kept aside
        md.misplaced_phones.append((int(mark[1]), "html", mark[2]))
    html = md.sanitise(_MARKS.sub(lambda mark: str(escape(mark[2])), html))
    toc = [{"id": t["id"], "name": t["name"]} for t in md.toc_tokens]
    return html, toc, md.misplaced_phones


# Some Markdown makes Python-Markdown search the rest of the page once for each of its marks
# (an unclosed [, [x](, <tag or <![CDATA[, say), so a hostile page of a few hundred KB could
# keep a build busy for hours. A real page renders in milliseconds and has few such marks for
# its length: a page whose length times its count of them passes COSTLY_AT is rendered in a
# forked process that is stopped after DEADLINE seconds.
COSTLY_MARKS = "[]()<>!`*_&|\\"
COSTLY_AT = 10_000_000  # e.g. 1,000 marks in 10,000 characters
DEADLINE = 10  # seconds


def render_page_text(
    md: HubMarkdown, body: str, rel: str, first_line: int, problems: Problems
) -> tuple[str, list[dict]]:
    """Returns render_markdown(md, body), or ("", []) with a problem recorded when the text
    cannot be rendered: nested too deeply for Python-Markdown, or not within DEADLINE.

    Records each phone number (marked by fill_page_text) that could not be made a link."""
    rendered: Rendered | None
    try:
        if len(body) * sum(map(body.count, COSTLY_MARKS)) <= COSTLY_AT:
            outcome, rendered = "done", _render(md, body)
        else:
            outcome, rendered = _render_in_child(md, body)
    except RecursionError:
        outcome, rendered = "deep", None
    if rendered is not None:  # done
        html, toc, misplaced = rendered
        for line, place, number in misplaced:
            problems.add(rel, line, f"the phone number {number} {NOT_A_LINK_HERE[place]}")
        return html, toc
    if outcome == "deep":
        problems.add(
            rel,
            first_line,
            "this page nests lists, quotes or HTML too deeply to be read: remove some levels",
        )
    else:
        problems.add(
            rel,
            first_line,
            f"this page could not be read within {DEADLINE} seconds (a real page takes "
            f"milliseconds): it has an unusual number of the marks {COSTLY_MARKS} for its "
            "length, such as brackets or < left unclosed; look for a long run of them",
        )
    return "", []


def _render_in_child(md: HubMarkdown, body: str) -> tuple[str, Rendered | None]:
    """Returns ("done", _render(md, body)), ("deep", None) when it recursed too
    deeply, or ("slow", None) when it took more than DEADLINE seconds, rendered in a forked
    child process that is killed at the deadline."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: render, send the result back, leave without exit hooks
        os.close(reader)
        try:
            result: tuple[str, Rendered | None]
            try:
                result = ("done", _render(md, body))
            except RecursionError:
                result = ("deep", None)
            with os.fdopen(writer, "wb") as pipe:
                pipe.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        finally:
            os._exit(0)
    os.close(writer)
    chunks = []
    deadline = time.monotonic() + DEADLINE
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([reader], [], [], left)[0]:
                return "slow", None
            chunk = os.read(reader, 1 << 20)
            if not chunk:  # the child has sent everything
                break
            chunks.append(chunk)
    finally:
        os.close(reader)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    try:
        return pickle.loads(b"".join(chunks))
    except Exception:  # the child failed before sending a whole result: read it here
        return "done", _render(md, body)


def line_of(body: str, needle: str, first_line: int) -> int:
    """Returns the source line where `needle` first appears (the body's first line if absent)."""
    index = body.find(needle)
    return first_line + (body.count("\n", 0, index) if index >= 0 else 0)


# A link in finished page text, and an email address written as text.
_LINK = re.compile(r'(<a\b[^>]*?\bhref="([^"]*)"[^>]*>.*?</a>)', re.S)
_TAG = re.compile(r"(<[^>]*>)")
_EMAIL = re.compile(r"(?<![\w.+@:-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def mark_example_addresses(html: str, label: str) -> Markup:
    """Returns finished page text (sanitised HTML) with `label` (the "Example address" tag)
    after each link to, and each email address on, a domain kept for examples: a reader is
    never shown a placeholder as if it were real. The helper's contact cards use the same rule
    (is_example_address)."""
    if not may_hold_example_address(html):
        return Markup(html)
    # As text: the page text is already HTML, which adding Markup to would escape.
    tag = str(Markup(' <span class="tag tag--grey">{}</span>').format(label))

    def text_part(text: str) -> str:
        return _EMAIL.sub(lambda m: m[0] + tag if is_example_address(m[0]) else m[0], text)

    pieces = []
    for n, piece in enumerate(_LINK.split(html)):
        if n % 3 == 1:  # a whole link
            pieces.append(piece)
        elif n % 3 == 2:  # its address: the tag follows the link
            pieces[-1] += tag if is_example_address(piece.replace("&amp;", "&")) else ""
        else:  # text and tags between links: only the text, never inside a tag
            pieces.append(
                "".join(p if p.startswith("<") else text_part(p) for p in _TAG.split(piece))
            )
    return Markup("".join(pieces))
