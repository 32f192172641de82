"""Text as it leaves the site: CSV cells that no spreadsheet runs as formulas (hub.write.open_data.
csv_text), and XML text without a character that XML 1.0 forbids (hub.write.pages.xml_text).

Expected outputs are written out by hand: the CSV ones from OWASP's "CSV Injection" page and
RFC 4180, the XML ones from XML 1.0's `Char` production.
"""

import csv
import io
import xml.etree.ElementTree as ElementTree

import pytest
from markupsafe import Markup, escape

from hub.write.open_data import csv_text
from hub.write.pages import xml_text


def parsed(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), strict=True))


@pytest.mark.parametrize(
    ("text", "written"),
    [
        # OWASP's two examples: a mark in front, the cell quoted, its quotes doubled.
        ('=1+2";=1+2', '"\'=1+2"";=1+2"'),
        ("=1+2'\" ;,=1+2", '"\'=1+2\'"" ;,=1+2"'),
        ('=HYPERLINK("http://x","y")', '"\'=HYPERLINK(""http://x"",""y"")"'),
        ("+cmd|' /C calc'!A0", "\"'+cmd|' /C calc'!A0\""),
        ("-2+3", '"\'-2+3"'),
        ("@SUM(A1)", '"\'@SUM(A1)"'),
        ("\t=1", '"\'\t=1"'),
        ("\r=1", '"\'\r=1"'),
        ("\n=1", '"\'\n=1"'),
        # A text is marked by its type, not its look: "-3" written as text is text.
        ("-3", '"\'-3"'),
        # A text that starts with the mark gets one more, so one comes off to give it back.
        ("'hotspot' patrols", "\"''hotspot' patrols\""),
        # Anything else is only quoted.
        ("Derbyshire Constabulary", '"Derbyshire Constabulary"'),
        ("a =1, b; @c", '"a =1, b; @c"'),
        ("", '""'),
    ],
)
def test_a_text_cell_is_quoted_and_marked_where_it_starts_as_a_formula(text, written):
    assert csv_text([[text]]) == written + "\r\n"


def test_the_build_s_numbers_stay_numbers_and_a_blank_is_blank():
    assert csv_text([[-3, 0, 12, None, True, False]]) == '-3,0,12,"","true","false"\r\n'
    assert parsed(csv_text([[-3, "-3"]])) == [["-3", "'-3"]]


def test_taking_one_mark_off_a_marked_cell_gives_every_text_back_whole():
    texts = ["=1", "'=1", "''", "'", "+", "-", "@", "\t", "\r\n", "plain", "a,b", 'say "hi"', "🚓"]
    [cells] = parsed(csv_text([texts]))
    assert [cell[1:] if cell.startswith("'") else cell for cell in cells] == texts
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n"))]


def test_rows_keep_their_cells_whatever_separators_the_text_holds():
    rows = [["month", "source_title"], ["2025-01", 'a, b; "c"\r\nd'], ["2025-02", ",,,"]]
    assert parsed(csv_text(rows)) == rows
    assert csv_text(rows).count("\r\n") == 4  # three rows, one line break inside a cell


# XML 1.0 (Fifth Edition), section 2.2: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] |
# [#xE000-#xFFFD] | [#x10000-#x10FFFF]. Every other character a Python text can hold:
FORBIDDEN = [
    *range(0x00, 0x09),
    0x0B,
    0x0C,
    *range(0x0E, 0x20),
    *range(0xD800, 0xE000),  # surrogates, which a text holds only alone
    0xFFFE,
    0xFFFF,
]


def test_each_forbidden_character_is_left_out_and_the_rest_parses():
    for code in FORBIDDEN:
        text = xml_text(f"a{chr(code)}<b>&{chr(code)}")
        assert text == "a&lt;b&gt;&amp;", f"U+{code:04X}"
        assert ElementTree.fromstring(f"<t>{text}</t>").text == "a<b>&", f"U+{code:04X}"


def test_expat_refuses_each_forbidden_character_that_utf_8_can_carry():
    """Shows why the filter is needed: unfiltered, the document is not well-formed. (A lone
    surrogate cannot even be written as UTF-8.)"""
    for code in FORBIDDEN:
        if 0xD800 <= code <= 0xDFFF:
            with pytest.raises(UnicodeEncodeError):
                chr(code).encode()
            continue
        with pytest.raises(ElementTree.ParseError):
            ElementTree.fromstring(f"<t>a{chr(code)}</t>".encode())


def test_every_character_xml_allows_is_kept_and_parses():
    every = "".join(map(chr, range(0x110000)))
    forbidden = "".join(map(chr, FORBIDDEN))
    allowed = every.translate(dict.fromkeys(map(ord, forbidden)))
    kept = xml_text(every)
    assert kept == escape(allowed)
    document = f"<t>{kept}</t>".encode()
    # The parser reads a carriage return as a line feed, as XML 1.0 says it must.
    assert ElementTree.fromstring(document).text == allowed.replace("\r", "\n")


def test_markup_is_kept_as_markup_and_plain_text_is_escaped():
    assert xml_text(Markup("<a href='x'>\x01R&amp;D</a>")) == Markup("<a href='x'>R&amp;D</a>")
    assert xml_text("]]> \"q\" 'q'") == "]]&gt; &#34;q&#34; &#39;q&#39;"
    assert isinstance(xml_text("x"), Markup)  # so a template does not escape it again
