"""The Markdown shortcuts (hub/read/markdown_shortcuts.py) give exactly what Python-Markdown
gives, and are used only with the Python-Markdown they were checked against."""

from __future__ import annotations

import markdown
import pytest
from markdown.extensions.def_list import DefListExtension
from markdown.extensions.toc import TocTreeprocessor
from markdown.serializers import to_xhtml_string
from markdown.treeprocessors import InlineProcessor, UnescapeTreeprocessor

import hub.read.markdown_shortcuts
import hub.read.prose
from bench.synth import make_corpus
from hub.read.markdown_shortcuts import _PlainParagraph, _PlainTextInline, with_shortcuts
from hub.read.prose import make_markdown
from tests.conftest import REPO

AWKWARD = [
    "Plain words only, nothing else.\n\nA second paragraph.",
    "A line break  \nafter two spaces, *em*, **strong**, _under_ and __double__.",
    "`code with *stars*` and \\*escaped\\* and a \\\\ backslash.",
    '[a link](/what-is-asb/ "title") and ![an image](/x.png) and [ref][r]\n\n[r]: /ref/',
    "<https://example.org/auto> and <someone@example.org> and &amp; &copy; &#169;",
    'Raw <span>inline html</span> and <b onclick="x()">bold</b>.',
    "| A | B |\n| --- | --- |\n| plain | *em* |\n| [l](/l/) | `c` |",
    "!!! warning\n    Plain warning text.\n\n!!! inset\n    *Styled* inset text.",
    "## Heading with *em*\n\n### Plain heading\n\n- plain item\n- item with [link](/x/)\n",
    "1. one\n2. two\n\n> quoted *text*\n\n```\nfenced *not em*\n```\n",
    "[TOC]\n\n## One\n\n## Two",
    'Escapes: \\*not em\\*, \\[not a link\\], \\`not code\\` and a [link \\*x\\*](/a_b/ "t\\"q").',
    # Headings of words alone (the shortcut): repeats, words that slugify alike, spacing,
    # accents and other scripts, setext headings, levels outside the contents list.
    "## Noise\n\n## Noise\n\n## noise!\n\n### Noise_1\n\n## Noise\n\n## Noise_1",
    "## Café  au   lait\n\nSetext  heading\n--------------\n\nAnother\n=======\n\n"
    "## ½ and ẞ and 日本\n\n#### Deep one ####\n\n## !!!",
    # Headings the shortcut leaves to Python-Markdown: entities, markup, escapes, no words.
    "## Fish &amp; chips\n\n## A < B and C > D\n\n## `code` here\n\n## Plain",
    "## [Linked](/x/) heading\n\n## Heading with \\*escape\\*\n\n##   \n\n## Plain",
    "<div>raw block</div>\n\n## After raw html\n\nText with <br> inside & an ampersand.",
    # Blocks of plain lines (the paragraph shortcut) beside each kind it must leave alone.
    "Para one\nstill para\n\n    indented code\n\nAfter code\n\n\tTabbed code\n\nEnd",
    "- item\nlazy line\n\n    continued para in the item\n\nPlain after the list",
    "!!! warning\n    First.\n\n    Second para in the warning.\n\nPlain after the warning.",
    "Text\n===\n\nText\n---\n\nText with | a pipe\n\nA | B\n--|--\n1 | 2\n\nx\n|y|",
    'Plain start\n[r]: /ref/ "Title"\n\nSee [it][r].\n\n2024 was a year.\n\n10. ten',
    "+ plus item\n\n_under_ start\n\n*star* start\n\n> quote\nlazy quote line\n\n=x",
    "Tight list:\n- a\n- b\nPlain right after\n\n1. one\n\n    Para in item\n\nPlain",
    "Para\n#heading without a space\n\nPara\n> quote inside\n\nPara\n!!! inset\n    In it.",
    "\u00a0Non-breaking start\n\nA tab\tinside\n\nLine\n - spaced item\n\nLast\n***",
    "Text\n!!! warning\nText after it\n\nWords\n___\nMore words",
    "a | b\n:-- | --:\nc | d\n\n|a\n|-\n|b",
]


def plain_markdown():
    """Returns the converter without the shortcuts: Python-Markdown's own steps."""
    with pytest.MonkeyPatch.context() as patch:
        # As with any Python-Markdown but the one the shortcuts were checked against.
        patch.setattr(hub.read.markdown_shortcuts, "CHECKED_WITH", "0.0.0")
        patch.setattr(hub.read.markdown_shortcuts, "_warned", ["already said"])
        md = make_markdown()
    assert type(md.treeprocessors["inline"]) is InlineProcessor
    assert type(md.treeprocessors["toc"]) is TocTreeprocessor
    assert type(md.treeprocessors["unescape"]) is UnescapeTreeprocessor
    assert "is_block_level" not in vars(md)
    assert md.serializer is to_xhtml_string
    return md


def bodies() -> list[str]:
    pages = [
        p.read_text(encoding="utf-8").split("---", 2)[2]
        for p in sorted((REPO / "content").rglob("*.md"))
    ]
    synthetic, _ = make_corpus(40)
    return pages + [p.body for p in synthetic] + AWKWARD


def test_the_shortcuts_are_installed_in_markdowns_own_places():
    quick, plain = make_markdown(), plain_markdown()
    assert isinstance(quick.treeprocessors["inline"], _PlainTextInline)
    assert isinstance(quick.treeprocessors["toc"], TocTreeprocessor)
    assert quick.serializer is not to_xhtml_string
    assert len(quick.treeprocessors) == len(plain.treeprocessors)
    assert isinstance(quick.parser.blockprocessors["hub_plain_paragraph"], _PlainParagraph)
    assert "hub_plain_paragraph" not in plain.parser.blockprocessors
    # Any block step it does not know (here, definition lists') leaves the blocks to Markdown.
    other = with_shortcuts(markdown.Markdown(extensions=[DefListExtension()]))
    assert "deflist" in other.parser.blockprocessors
    assert "hub_plain_paragraph" not in other.parser.blockprocessors
    for name in ("inline", "prettify", "unescape", "hub_callouts", "toc", "hub_tables"):
        assert quick.treeprocessors.get_index_for_name(
            name
        ) == plain.treeprocessors.get_index_for_name(name)


@pytest.mark.parametrize("body", bodies())
def test_markdown_with_the_shortcut_is_byte_identical(body):
    quick, plain = make_markdown(), plain_markdown()
    assert quick.convert(body) == plain.convert(body)
    assert quick.toc_tokens == plain.toc_tokens
    if "[TOC]" in body:  # the contents HTML is still made where a page asks for it
        assert quick.toc == plain.toc


def test_the_shortcuts_are_off_with_another_markdown_and_it_is_said_once(monkeypatch, capsys):
    monkeypatch.setattr(hub.read.markdown_shortcuts, "CHECKED_WITH", "0.0.0")
    monkeypatch.setattr(hub.read.markdown_shortcuts, "_warned", [])
    first, second = make_markdown(), make_markdown()
    said = capsys.readouterr().err
    assert said.count("shortcuts were checked against 0.0.0 only, so they are off") == 1
    for md in (first, second):
        assert type(md.treeprocessors["inline"]) is InlineProcessor
        assert type(md.treeprocessors["toc"]) is TocTreeprocessor
        assert md.serializer is to_xhtml_string
    monkeypatch.undo()
    assert isinstance(make_markdown().treeprocessors["inline"], _PlainTextInline)
