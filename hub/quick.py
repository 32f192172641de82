"""Shortcuts that give exactly the output of the general path, with less work.

Markdown is most of a build's time, and most of a page's text is plain words. Each shortcut
here handles only the cases it can prove identical and hands everything else to the general
path; tests/unit/test_quick.py compares both paths on every page of the example site and on
awkward cases.
"""
from __future__ import annotations

import re

import markdown
from markdown import util
from markdown.treeprocessors import InlineProcessor

# The inline patterns Python-Markdown 3.11 registers for our extensions, and the characters
# any of them needs in a text before it can match: ` \ [ ![ < & * _, a line break written as
# two spaces before a newline, and the \x02/\x03 markers of text stashed by earlier steps.
KNOWN_INLINE_PATTERNS = {"backtick", "escape", "reference", "link", "image_link",
                         "image_reference", "short_reference", "short_image_ref", "autolink",
                         "automail", "linebreak", "html", "entity", "em_strong"}
_INLINE_MARKS = re.compile(r"[`\\\[<&*_\x02\x03]|  \n")


class _PlainTextInline(InlineProcessor):
    """Python-Markdown's inline step, returning text with no inline mark in it untouched
    instead of trying each of its 14 patterns on it in turn."""

    def __init__(self, md: markdown.Markdown):
        super().__init__(md)
        # A tuple: the registry's own lookup re-sorts on every access, thousands of times a page.
        self.inlinePatterns = tuple(md.inlinePatterns)

    # The name Python-Markdown's private __handleInline has inside its class; overriding it
    # is the one way to reach it. Markdown is pinned exactly, and the tests guard the result.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if not isinstance(data, util.AtomicString) and _INLINE_MARKS.search(data) is None:
            return data
        return super()._InlineProcessor__handleInline(data, patternIndex)


def skip_plain_text(md: markdown.Markdown) -> markdown.Markdown:
    """Returns `md` with its inline step replaced by one that skips plain text.

    Left as it is when an extension has added inline patterns this module does not know.
    """
    names = {name for name in KNOWN_INLINE_PATTERNS if name in md.inlinePatterns}
    if names == KNOWN_INLINE_PATTERNS and len(md.inlinePatterns) == len(names):
        md.treeprocessors.register(_PlainTextInline(md), "inline", 20)  # Markdown's own priority
    return md


# {{ site.contacts.emergency }}: a dotted name and nothing else (no filter, no expression).
_SIMPLE_PLACEHOLDER = re.compile(r"\{\{ *([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*) *\}\}")


def fill_simple_placeholders(body: str, values: dict) -> str | None:
    """Returns `body` with each `{{ a.b.c }}` replaced by that text or number from `values`,
    exactly as the Jinja sandbox would; None when anything needs Jinja itself.

    Jinja is needed for statements ({%), comments ({#), filters and expressions, names that
    are missing (its error names the line) and names that Jinja would read as an attribute
    (a mapping's `items`, say) rather than as a key. A lone carriage return is left to
    Jinja too, which turns it into a newline.
    """
    if "{%" in body or "{#" in body or "\r" in body or "{{{" in body:
        return None
    matches = list(_SIMPLE_PLACEHOLDER.finditer(body))
    if body.count("{{") != len(matches):
        return None  # a placeholder that is not a plain dotted name
    filled = []
    for match in matches:
        value = values
        for name in match.group(1).split("."):
            if not isinstance(value, dict) or name not in value or hasattr(value, name):
                return None
            value = value[name]
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            return None
        filled.append(str(value))
    values_in_order = iter(filled)
    return _SIMPLE_PLACEHOLDER.sub(lambda _: next(values_in_order), body)
