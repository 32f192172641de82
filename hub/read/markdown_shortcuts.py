"""Shortcuts in Python-Markdown that give exactly its output, with less work.

Markdown is most of a build's time, and most of a page's text is plain words. Each shortcut
here handles only the cases it can prove identical and hands everything else to the general
path. They reach into Python-Markdown's own steps (some private), so they are switched on only
for the exact version they were checked against (CHECKED_WITH); with any other, the build uses
Python-Markdown as it is and says so once. tests/unit/test_speed_markdown.py compares both
paths on every page of the example site and on awkward cases, and the golden output
(tests/golden/) shows any change an upgrade brings.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as etree
from typing import TypeVar
from xml.etree.ElementTree import HTML_EMPTY

import markdown
from markdown import util
from markdown.blockprocessors import BlockProcessor
from markdown.extensions.toc import TocExtension, TocTreeprocessor, nest_toc_tokens, unique

# Private helpers, which its type stubs leave out: the escaping its own serializer does.
from markdown.serializers import (  # type: ignore[attr-defined]
    _escape_attrib_html,
    _escape_cdata,
    to_xhtml_string,
)
from markdown.treeprocessors import InlineProcessor, UnescapeTreeprocessor

# The inline patterns Python-Markdown 3.11 registers for our extensions, each with the text
# it cannot match without: a pattern whose every needed piece is missing from a text is
# skipped, which is what trying it would have concluded.
PATTERN_NEEDS = {
    "backtick": ("`",),
    "escape": ("\\",),
    "reference": ("[",),
    "link": ("[",),
    "short_reference": ("[",),
    "image_link": ("![",),
    "image_reference": ("![",),
    "short_image_ref": ("![",),
    "autolink": ("<",),
    "automail": ("<",),
    "html": ("<",),
    "entity": ("&",),
    "linebreak": ("  \n",),
    "em_strong": ("*", "_"),
}
# Any of those, or the \x02/\x03 markers of text stashed by an earlier step: a text with none
# of them comes back unchanged from the inline step.
_INLINE_MARKS = re.compile(r"[`\\\[<&*_\x02\x03]|  \n")


class _PlainTextInline(InlineProcessor):
    """Python-Markdown's inline step, minus the patterns that cannot match: plain text is
    returned untouched, and a text with a link is not tried for code, emphasis or entities."""

    def __init__(self, md: markdown.Markdown):
        super().__init__(md)
        # A tuple: the registry's own lookup re-sorts on every access, thousands of times a page.
        # The inline step only iterates and indexes it, which a tuple does as the registry does.
        self.inlinePatterns = tuple(md.inlinePatterns)  # type: ignore[assignment]
        self.needs = {id(md.inlinePatterns[name]): need for name, need in PATTERN_NEEDS.items()}

    # These are the names Python-Markdown's private __handleInline and __applyPattern have
    # inside their class (its type stubs, rightly, declare neither); overriding them is the
    # one way in. Markdown is pinned exactly, and
    # tests/unit/test_speed_markdown.py compares the output with Python-Markdown's own.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if not isinstance(data, util.AtomicString) and _INLINE_MARKS.search(data) is None:
            return data
        return super()._InlineProcessor__handleInline(data, patternIndex)  # type: ignore[misc]

    def _InlineProcessor__applyPattern(
        self, pattern, data: str, patternIndex: int, startIndex: int = 0
    ):
        if not any(piece in data for piece in self.needs[id(pattern)]):
            return data, False, 0  # what the pattern returns when it finds no match
        return super()._InlineProcessor__applyPattern(  # type: ignore[misc]
            pattern, data, patternIndex, startIndex
        )


_Converter = TypeVar("_Converter", bound=markdown.Markdown)  # a Markdown or a subclass of it

# The Python-Markdown release these shortcuts were checked against, output byte for byte.
CHECKED_WITH = "3.11.3"
_warned: list[str] = []


def shortcuts_apply() -> bool:
    """Returns whether the installed Python-Markdown is the one the shortcuts were checked
    against; if not, says once that they are off."""
    installed = markdown.__version__
    if installed == CHECKED_WITH:
        return True
    if not _warned:
        _warned.append(installed)
        print(
            f"Note: Python-Markdown {installed} is installed, but the build's Markdown "
            f"shortcuts were checked against {CHECKED_WITH} only, so they are off: builds are "
            "slower, and the output is Python-Markdown's own.",
            file=sys.stderr,
        )
    return False


def heading_ids(**config) -> TocExtension:
    """Returns Python-Markdown's toc extension (heading ids and `toc_tokens`), with the
    quicker step below when the shortcuts apply."""
    return HeadingIds(**config) if shortcuts_apply() else TocExtension(**config)


def with_shortcuts(md: _Converter) -> _Converter:
    """Returns `md` with its inline step replaced by one that skips patterns that cannot match,
    its block-level test answered from a table, and its XHTML written by a plainer walk; or
    `md` as it is when the shortcuts do not apply to the installed Python-Markdown.

    The inline step is left as it is when an extension has added patterns this module does
    not know.
    """
    if not shortcuts_apply():
        return md
    names = {name for name in PATTERN_NEEDS if name in md.inlinePatterns}
    if len(names) == len(PATTERN_NEEDS) == len(md.inlinePatterns):
        md.treeprocessors.register(_PlainTextInline(md), "inline", 20)  # Markdown's own priority
    if _known_block_steps(md.parser.blockprocessors):
        # Tried before every other block step: a block it takes, each of them turns down.
        steps = md.parser.blockprocessors
        steps.register(_PlainParagraph(md.parser, steps["paragraph"]), "hub_plain_paragraph", 200)
    # An instance's method replaced by a quicker one that answers the same.
    md.is_block_level = _block_level_test(md)  # type: ignore[method-assign]
    md.treeprocessors.register(_UnescapeWhereEscaped(md), "unescape", 0)  # its own priority
    if md.serializer is to_xhtml_string:
        md.serializer = _xhtml
    return md


class _Unusual(Exception):
    """A tree _xhtml leaves to Python-Markdown's serializer: a comment, a namespaced name."""


# The block steps Python-Markdown 3.11 registers for our extensions, by name. Each turns
# down a block of plain lines (_PLAIN_LINES), except the paragraph step, which takes any block.
BLOCK_STEPS = {
    "admonition": "AdmonitionProcessor",  # a line starting !!!, or indented under one
    "empty": "EmptyBlockProcessor",  # an empty block, or one starting with a blank line
    "indent": "ListIndentProcessor",  # a block indented by 4 spaces
    "code": "CodeBlockProcessor",  # the same
    "table": "TableProcessor",  # a first line with a |
    "hashheader": "HashHeaderProcessor",  # a line starting #
    "setextheader": "SetextHeaderProcessor",  # a line of = or -
    "hr": "HRProcessor",  # a line of -, _ or *
    "olist": "SaneOListProcessor",  # a first line starting with digits
    "ulist": "SaneUListProcessor",  # a first line starting *, + or -
    "quote": "BlockQuoteProcessor",  # a line starting >
    "reference": "ReferenceProcessor",  # a line starting [
    "paragraph": "ParagraphProcessor",
}
# Lines none of the steps above but the paragraph one would take, in a block with no |: each
# starts with none of the characters they look for, nor with a space.
_PLAIN_START = r"[^\s#>!\[*+\-_=0-9]"
_PLAIN_LINES = re.compile(rf"{_PLAIN_START}.*(?:\n{_PLAIN_START}.*)*\Z")


def _known_block_steps(steps) -> bool:
    """Returns whether the block steps registered are exactly BLOCK_STEPS."""
    return len(steps) == len(BLOCK_STEPS) and all(
        name in steps and type(steps[name]).__name__ == kind for name, kind in BLOCK_STEPS.items()
    )


class _PlainParagraph(BlockProcessor):
    """Hands a block of plain lines straight to the paragraph step. Python-Markdown would try
    a dozen steps on it first, each testing it with a pattern, and each would turn it down."""

    def __init__(self, parser, paragraph):
        super().__init__(parser)
        self.paragraph = paragraph

    def test(self, parent, block: str) -> bool:
        return "|" not in block and _PLAIN_LINES.match(block) is not None

    def run(self, parent, blocks: list[str]):
        return self.paragraph.run(parent, blocks)


def _xhtml(root) -> str:
    """Returns Python-Markdown's XHTML for `root`, written by a plain recursive walk: its own
    serializer checks every element for comments, processing instructions and namespaces,
    which Markdown's tree of plain tags and text never has. Anything else goes to it."""
    parts: list[str] = []
    try:
        _write_element(root, parts)
    except (_Unusual, RecursionError):
        return to_xhtml_string(root)
    return "".join(parts)


def _write_element(el, parts: list[str]) -> None:
    tag = el.tag
    if type(tag) is not str:
        raise _Unusual
    if el.attrib:  # most elements have none
        start = [tag]
        for name, value in sorted(el.attrib.items()):
            if type(name) is not str or type(value) is not str:
                raise _Unusual
            start.append(f'{name}="{_escape_attrib_html(value)}"')
        parts.append("<" + " ".join(start))
    else:
        parts.append("<" + tag)
    lower = _LOWER.get(tag) or _LOWER.setdefault(tag, tag.lower())
    if lower in HTML_EMPTY:
        parts.append(" />")
    else:
        parts.append(">")
        if el.text:
            parts.append(el.text if lower in ("script", "style") else _escape_cdata(el.text))
        for child in el:
            _write_element(child, parts)
        parts.append(f"</{tag}>")
    if el.tail:
        parts.append(_escape_cdata(el.tail))


# Each tag's name in lower case: a page has few kinds of tag, and thousands of elements.
_LOWER: dict[str, str] = {}


class _UnescapeWhereEscaped(UnescapeTreeprocessor):
    """Python-Markdown's last tree step, which turns the placeholders left by backslash
    escapes back into characters, run only on a page that has a backslash: without one
    there is no placeholder, and the step would go over every element for nothing."""

    def run(self, root):
        # md.lines: the page's lines, which Python-Markdown keeps and its type stubs leave out.
        if any("\\" in line for line in self.md.lines):  # type: ignore[attr-defined]
            super().run(root)


def _block_level_test(md: markdown.Markdown):
    """Returns Markdown's is_block_level as a lookup: the original searches a list of 60 tag
    names, about 150 times a page. The list is complete once the extensions are loaded."""
    block_level = frozenset(md.block_level_elements)
    known: dict[str, bool] = {}

    def is_block_level(tag) -> bool:
        if not isinstance(tag, str):
            return False  # ElementTree's comments and processing instructions
        answer = known.get(tag)
        if answer is None:
            answer = known[tag] = tag.lower().rstrip("/") in block_level
        return answer

    return is_block_level


class _ContentsOnlyWhereAsked(TocTreeprocessor):
    """The toc step, building its table-of-contents HTML only for a page with a [TOC] marker
    to put it in. Our templates make their own contents list from `md.toc_tokens`; heading ids
    and tokens are made exactly as before, but `md.toc` is left empty on unmarked pages.

    Where every heading is plain words, its name and id come straight from its text: the
    general step would render each heading's inside as HTML and run every postprocessor on
    it to find the same words.
    """

    def run(self, doc):
        lines = self.md.lines  # type: ignore[attr-defined]  # Python-Markdown's, unstubbed
        self.asked = bool(self.marker) and any(self.marker in line for line in lines)
        headings = [
            el for el in doc.iter() if isinstance(el.tag, str) and self.header_rgx.match(el.tag)
        ]
        if (
            self.asked
            or self.use_anchors
            or self.use_permalinks
            or self.base_level
            or not all(map(_plain_heading, headings))
        ):
            return super().run(doc)
        used_ids = {el.attrib["id"] for el in doc.iter() if "id" in el.attrib}
        counters: dict[str, int] = {}
        tokens = []
        for el in headings:
            self.set_level(el)
            inner = el.text.strip()  # what rendering the inside as HTML would give
            name = " ".join(inner.split())
            el.attrib["id"] = unique(self.slugify(name, self.sep), used_ids, counters)
            level = int(el.tag[-1])
            if self.toc_top <= level <= self.toc_bottom:
                tokens.append(
                    {
                        "level": level,
                        "id": el.attrib["id"],
                        "name": name,
                        "html": inner,
                        "data-toc-label": "",
                    }
                )
        toc = self.md.serializer(etree.Element("div"))  # the empty div of an unmarked page
        for postprocessor in self.md.postprocessors:
            toc = postprocessor.run(toc)
        # Python-Markdown's tokens have html and data-toc-label too, which its type stubs leave
        # out, as they leave out the two attributes of `md` that its toc step sets.
        self.md.toc_tokens = nest_toc_tokens(tokens)  # type: ignore[arg-type,attr-defined]
        self.md.toc = toc  # type: ignore[attr-defined]

    def build_toc_div(self, toc_list):
        return super().build_toc_div(toc_list) if self.asked else etree.Element("div")

    def replace_marker(self, root, elem):
        if self.asked:
            super().replace_marker(root, elem)


# Characters that HTML rendering or a postprocessor would change, or that mark stashed text.
_NOT_PLAIN = re.compile(r"[&<>\x02\x03]")


def _plain_heading(el) -> bool:
    """Returns whether a heading is words alone: no markup inside, no id or label of its own."""
    return (
        len(el) == 0
        and bool(el.text)
        and bool(el.text.strip())
        and _NOT_PLAIN.search(el.text) is None
        and "id" not in el.attrib
        and "data-toc-label" not in el.attrib
    )


class HeadingIds(TocExtension):
    """Python-Markdown's toc extension (heading ids and `toc_tokens`), with the step above."""

    TreeProcessorClass = _ContentsOnlyWhereAsked
