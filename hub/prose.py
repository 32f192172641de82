"""Markdown to safe HTML: data placeholders, callouts, heading ids, sanitising."""

from __future__ import annotations

import contextlib
import os
import pickle
import re
import select
import signal
import time
import xml.etree.ElementTree as etree

import markdown
import nh3
from markdown.extensions.admonition import AdmonitionExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.treeprocessors import Treeprocessor

from .errors import Problems
from .placeholders import fill_placeholders as fill_placeholders  # where pages look for it
from .quick import HeadingIds, skip_plain_text

CALLOUT_KINDS = {"inset", "warning"}

# The allow-list for Markdown's output and any raw HTML an author typed.
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
    "span": {"aria-hidden"},
    "th": {"scope"},
}
ALLOWED_CLASSES = {
    "div": {"inset-text", "warning-text", "warning-text__text"},
    "span": {"warning-text__icon", "visually-hidden"},
}


class _Callouts(Treeprocessor):
    """Turns `!!! inset` and `!!! warning` blocks into inset text and warning text."""

    def run(self, root):
        for div in root.iter("div"):
            classes = (div.get("class") or "").split()
            if "admonition" not in classes:
                continue
            for title in div.findall("p[@class='admonition-title']"):
                div.remove(title)
            kind = classes[-1]
            if kind != "warning":
                div.set("class", "inset-text")
                continue
            div.set("class", "warning-text")
            body = list(div)
            for child in body:
                div.remove(child)
            icon = etree.SubElement(
                div, "span", {"class": "warning-text__icon", "aria-hidden": "true"}
            )
            icon.text = "!"
            text = etree.SubElement(div, "div", {"class": "warning-text__text"})
            hidden = etree.SubElement(text, "span", {"class": "visually-hidden"})
            hidden.text = "Warning: "
            text.extend(body)


class _TableHeaders(Treeprocessor):
    """Marks table header cells as column headers for screen readers."""

    def run(self, root):
        for cell in root.iter("th"):
            cell.attrib.pop("style", None)
            cell.set("scope", "col")
        for cell in root.iter("td"):
            cell.attrib.pop("style", None)


class _HubExtension(markdown.Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(_Callouts(md), "hub_callouts", 5)
        md.treeprocessors.register(_TableHeaders(md), "hub_tables", 4)


def make_markdown() -> markdown.Markdown:
    """Returns a reusable Markdown converter with our extensions."""
    # Extensions are given as objects: naming them makes Markdown search the installed
    # packages' entry points, which costs more than converting a page.
    return skip_plain_text(
        markdown.Markdown(
            extensions=[
                TableExtension(),
                SaneListExtension(),
                AdmonitionExtension(),
                _HubExtension(),
                HeadingIds(toc_depth="2-3"),
            ]
        )
    )


# Made once: nh3.clean would convert the allow-list into its own form on every page.
_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    allowed_classes=ALLOWED_CLASSES,
    link_rel=None,
    url_schemes={"https", "http", "mailto", "tel"},
)


def sanitise(html: str) -> str:
    """Returns `html` reduced to the allow-list: no scripts, handlers or javascript: links."""
    return _CLEANER.clean(html)


# Compiled once: this runs on every line of every page.
_HEADING = re.compile(r"^(#{1,6})\s")
_CALLOUT = re.compile(r"^!!!\s*(\S+)")


# Python-Markdown reads nested lists and quotes by recursing, and a few hundred levels end in
# Python's RecursionError. Each level takes at least one character before a line's text
# (indentation, a > or a list marker), so limiting those limits the nesting; real pages use
# under 20.
MAX_NESTING = 100
_NESTING = re.compile(r"(?:[ \t>]|[*+-](?=[ \t])|\d{1,9}[.)](?=[ \t]))*")


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
        if readable and len(line) > MAX_NESTING and _NESTING.match(line).end() > MAX_NESTING:
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
        if callout and callout.group(1) not in CALLOUT_KINDS:
            problems.add(
                rel, where, f'unknown callout "{callout.group(1)}": use !!! inset or !!! warning'
            )
    return readable


def render_markdown(md: markdown.Markdown, body: str) -> tuple[str, list[dict]]:
    """Returns (safe HTML, table of contents entries for h2 headings)."""
    md.reset()
    html = sanitise(md.convert(body))
    toc = [{"id": t["id"], "name": t["name"]} for t in md.toc_tokens]
    return html, toc


# Some Markdown makes Python-Markdown search the rest of the page once for each of its marks
# (an unclosed [, [x](, <tag or <![CDATA[, say), so a hostile page of a few hundred KB could
# keep a build busy for hours. A real page renders in milliseconds and has few such marks for
# its length: a page whose length times its count of them passes COSTLY_AT is rendered in a
# forked process that is stopped after DEADLINE seconds.
COSTLY_MARKS = "[]()<>!`*_&|\\"
COSTLY_AT = 10_000_000  # e.g. 1,000 marks in 10,000 characters
DEADLINE = 10  # seconds


def render_page_text(
    md: markdown.Markdown, body: str, rel: str, first_line: int, problems: Problems
) -> tuple[str, list[dict]]:
    """Returns render_markdown(md, body), or ("", []) with a problem recorded when the text
    cannot be rendered: nested too deeply for Python-Markdown, or not within DEADLINE."""
    try:
        if len(body) * sum(map(body.count, COSTLY_MARKS)) <= COSTLY_AT:
            return render_markdown(md, body)
        outcome, rendered = _render_in_child(md, body)
    except RecursionError:
        outcome, rendered = "deep", None
    if outcome == "done":
        return rendered
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


def _render_in_child(md: markdown.Markdown, body: str):
    """Returns ("done", render_markdown(md, body)), ("deep", None) when it recursed too
    deeply, or ("slow", None) when it took more than DEADLINE seconds, rendered in a forked
    child process that is killed at the deadline."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: render, send the result back, leave without exit hooks
        os.close(reader)
        try:
            try:
                result = ("done", render_markdown(md, body))
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
        return "done", render_markdown(md, body)


def line_of(body: str, needle: str, first_line: int) -> int:
    """Returns the source line where `needle` first appears (the body's first line if absent)."""
    index = body.find(needle)
    return first_line + (body.count("\n", 0, index) if index >= 0 else 0)
