"""A number is what the editor wrote: plain digits, or a message naming the number meant.

YAML 1.1, which PyYAML reads, takes 010 for 8, 0x10 for 16, 1:30 for 90 and 1_000 for 1000;
an editor who typed them sees something else published. These tests hold the loader (and the
check of a count given as text) to plain digits, and every refusal to its line.
"""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hub.core.errors import Problems
from hub.core.fields import Field, validate
from hub.core.yamlfile import YamlSyntaxError, load_yaml

TEXT = "; if it is meant as text, put quotes around it"
PLAIN = "numbers are written in plain digits"


def refused(text: str, first_line: int = 1) -> list[tuple[int, str]]:
    """Returns every (line, message) loading `text` gives (failing if it loads)."""
    with pytest.raises(YamlSyntaxError) as caught:
        load_yaml(text, first_line)
    return caught.value.problems


UNCOUNTABLE = "is not a number that can be counted: write a whole number in plain digits"


def not_plain(written: str, write: str, why: str) -> str:
    return f'"{written}" is not written as a plain number: write {write} ({PLAIN}{why})'


@pytest.mark.parametrize(
    "written, message",
    [
        ("010", not_plain("010", "10", ", without leading zeros")),
        ("007", not_plain("007", "7", ", without leading zeros")),
        ("-010", not_plain("-010", "-10", ", without leading zeros")),
        ("0x10", not_plain("0x10", "16", ": 0x10 is 16 in hexadecimal")),
        ("0b10", not_plain("0b10", "2", ": 0b10 is 2 in binary")),
        ("1_000", not_plain("1_000", "1000", ", without _ between the digits")),
        ("1:30", not_plain("1:30", "90", ": YAML reads 1:30 in sixties, like a time")),
        ("+5", not_plain("+5", "5", ", without a + sign")),
        ("-0", not_plain("-0", "0", ", without a - sign")),
        ("1.0e+3", not_plain("1.0e+3", "1000", ", without a decimal point or an exponent")),
        ("2.0", not_plain("2.0", "2", ", without a decimal point")),
        ("1.5", '"1.5" is not a whole number: write a whole number in plain digits'),
        (".inf", f'".inf" {UNCOUNTABLE}'),
        (".nan", f'".nan" {UNCOUNTABLE}'),
        ("1234567890123456", '"1234567890123456" is too long to be a count: a count has at '
         "most 15 digits"),
        ("0x_", '"0x_" is not written as a plain number: write it in plain digits'),
    ],
)  # fmt: skip
def test_a_number_yaml_reads_another_way_is_refused_at_its_line(written, message):
    assert refused(f"title: A\nvalue: {written}\n", first_line=4) == [(5, message + TEXT)]


def test_a_number_of_5000_digits_is_too_long_not_a_crash():
    # Python refuses to read an int of more than 4300 digits (ValueError): the length is
    # checked first, and the message shows only the start.
    assert refused("value: " + "7" * 5000 + "\n") == [
        (1, '"' + "7" * 30 + '…" is too long to be a count: a count has at most 15 digits' + TEXT)
    ]


def test_a_hexadecimal_number_past_the_limit_is_too_long():
    assert refused("value: 0x" + "f" * 200 + "\n")[0][1].endswith(
        "is too long to be a count: a count has at most 15 digits" + TEXT
    )


@pytest.mark.parametrize(
    "written, number", [("0", 0), ("10", 10), ("999999999999999", 999_999_999_999_999), ("-5", -5)]
)
def test_plain_digits_are_read_as_the_number(written, number):
    value = load_yaml(f"value: {written}\n")["value"]
    assert value == number and type(value) is int


@pytest.mark.parametrize("written", ['"010"', "'0x10'", '"1:30"', '"1_000"', "'1.5'", '".inf"'])
def test_a_number_in_quotes_stays_text(written):
    assert load_yaml(f"value: {written}\n")["value"] == written[1:-1]


@pytest.mark.parametrize("written", ["0o10", "1e3", "1.0e3", "09", "1,000", "0b12"])
def test_spellings_yaml_reads_as_text_stay_text(written):
    # YAML 1.1 has no 0o prefix, needs a sign in an exponent and an 8 or 9 is no octal digit:
    # these are text as written, and a count given one is refused by its rule (below).
    assert load_yaml(f"value: {written}\n")["value"] == written


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123456789_,.:+-eExXoObBaf", min_size=1, max_size=30))
def test_a_number_read_is_exactly_what_was_written(written):
    # Whatever the spelling: refused with a message at its line, read as text, or read as
    # a number whose plain digits are the very characters written. Never 8 for 010.
    try:
        value = load_yaml(f"value: {written}\n")["value"]
    except YamlSyntaxError as error:
        assert [line for line, _ in error.problems] == [1]
        return
    assert not isinstance(value, float)
    if isinstance(value, int) and not isinstance(value, bool):
        assert str(value) == written


def test_every_refused_number_in_a_file_is_named():
    assert [line for line, _ in refused("a: 010\nb: 5\nc: 0x10\nd: [1_000, 2]\n")] == [1, 3, 4]


def test_yes_and_no_are_not_numbers():
    # YAML 1.1 reads yes/no/on/off as true/false: never a number, so a count refuses them.
    assert load_yaml("a: yes\nb: off\n") == {"a": True, "b": False}


COUNT = [Field("value", "whole number", help="a count")]


def count_problems(value) -> list[str]:
    problems = Problems()
    validate({"value": value}, COUNT, "f.yaml", problems)
    return [str(problem) for problem in problems.items]


def which(text: str, write: str, why: str) -> str:
    return f'is "{text}", which is not written as a plain number: write {write} ({PLAIN}{why})'


NUMBERLESS = "must be a whole number (0 or more), got"


@pytest.mark.parametrize(
    "text, message",
    [
        ("0o10", which("0o10", "8", ": 0o10 is 8 in octal")),
        ("1e3", which("1e3", "1000", ", without an exponent")),
        ("1.0e3", which("1.0e3", "1000", ", without a decimal point or an exponent")),
        ("09", which("09", "9", ", without leading zeros")),
        ("010", which("010", "10", ", without leading zeros")),
        ("1,000", which("1,000", "1000", ", without commas")),
        ("1.5", 'is "1.5", which is not a whole number: write a whole number in plain digits'),
        ("5" * 5000, 'is "' + "5" * 30 + '…", which is too long to be a count: a count has at '
         "most 15 digits"),
        ("12", 'is "12" in quotes, which makes it text: remove the quotes'),
        ("1,5", f'{NUMBERLESS} "1,5"'),  # 1.5 written the continental way, or a slip
        ("call 0123 456 789 012 345", f'{NUMBERLESS} "call 0123 456 789 012 345"'),
        ("fifteen", f'{NUMBERLESS} "fifteen"'),
    ],
)  # fmt: skip
def test_a_count_given_as_text_names_the_number_meant(text, message):
    assert count_problems(text) == [f"f.yaml:1: value {message}"]


@pytest.mark.parametrize(
    "value, shown",
    [(True, '"True"'), (1.5, '"1.5"'), (-3, '"-3"'), (dt.date(2024, 1, 1), '"2024-01-01"')],
)
def test_a_count_of_another_kind_is_refused(value, shown):
    assert count_problems(value) == [
        f"f.yaml:1: value must be a whole number (0 or more), got {shown}"
    ]


@pytest.mark.parametrize("written", ["0000-01-01", "0000-12-31 10:00:00"])
def test_a_date_in_the_year_0_is_refused_at_its_line(written):
    assert refused(f"a: 1\npublished: {written}\n") == [
        (
            2,
            f'YAML problem: "{written}" is not a date that exists: write a real one as '
            "YYYY-MM-DD, or put quotes around it if it is meant as text",
        )
    ]


def test_a_month_in_the_year_0_is_refused():
    problems = Problems()
    validate({"month": "0000-07"}, [Field("month", "month")], "f.yaml", problems)
    assert [str(p) for p in problems.items] == [
        'f.yaml:1: month must be a month written as YYYY-MM, for example 2025-08, got "0000-07"'
    ]


@pytest.mark.parametrize("month", ["0001-01", "9999-12"])
def test_the_first_and_last_months_are_months(month):
    problems = Problems()
    validate({"month": month}, [Field("month", "month")], "f.yaml", problems)
    assert not problems


LIST_NAME = (
    "YAML problem: a list cannot be a name: write each setting as `name: value`, with the "
    "name in words before the colon"
)


@pytest.mark.parametrize(
    "text, line", [("a: 1\n? [a, b]\n: x\n", 2), ("a: 1\n[a]: 1\n", 2), ("a:\n  [b]: 1\n", 2)]
)
def test_a_list_as_a_name_is_refused_at_its_line(text, line):
    assert refused(text) == [(line, LIST_NAME)]


def test_a_mapping_as_a_name_is_refused_at_its_line():
    assert refused("a: 1\n{b: 1}: 2\n") == [
        (2, LIST_NAME.replace("a list cannot", "a mapping cannot"))
    ]


def test_a_name_is_the_text_as_written():
    # Not 8, True, None or a date: a name is never read as another kind of value.
    data = load_yaml("010: a\nyes: b\nnull: c\n2024-01-01: d\n5: e\n")
    assert list(data) == ["010", "yes", "null", "2024-01-01", "5"]
    assert data.line_of("5") == 5


def test_a_name_written_twice_in_two_ways_is_named():
    assert refused('5: a\n"5": b\n') == [(2, 'YAML problem: "5" appears twice: remove one of them')]


@pytest.mark.parametrize(
    "kind, text",
    [("binary", "!!binary aGVsbG8="), ("set", "!!set {a, b}"), ("omap", "!!omap [a: 1]")],
)
def test_kinds_of_value_no_setting_takes_are_refused(kind, text):
    assert refused(f"a: 1\nb: {text}\n") == [
        (2, f"YAML problem: !!{kind} is not a kind of value these files use")
    ]


CONTROL = "is a control character, which your editor may not show and which cannot be published"


ESCAPE = "remove the escape that writes it (such as \\u{})"
WINDOWS = "write “{}” instead if that is what it stands for, or "


@pytest.mark.parametrize(
    "escape, message",
    [
        ("\\x01", f"the character U+0001 {CONTROL}: " + ESCAPE.format("0001")),
        ("\\u0007", f"the character U+0007 {CONTROL}: " + ESCAPE.format("0007")),
        ("\\a", f"the character U+0007 {CONTROL}: " + ESCAPE.format("0007")),
        ("\\x7f", f"the character U+007F {CONTROL}: " + ESCAPE.format("007F")),
        ("\\x92", f"the character U+0092 {CONTROL}: {WINDOWS.format('’')}" + ESCAPE.format("0092")),
        ("\\N", f"the character U+0085 {CONTROL}: {WINDOWS.format('…')}" + ESCAPE.format("0085")),
        ("\\x81", f"the character U+0081 {CONTROL}: " + ESCAPE.format("0081")),
        ("\\uFFFE", "U+FFFE is not a character and cannot be published: " + ESCAPE.format("FFFE")),
    ],
)  # fmt: skip
def test_a_control_character_written_as_an_escape_is_refused_at_its_line(escape, message):
    assert refused(f'a: 1\ntitle: "Patrols{escape} in July"\n') == [(2, message)]


def test_a_control_character_in_a_name_is_refused_too():
    assert refused('"a\\x01": 1\n')[0][0] == 1


@pytest.mark.parametrize("escape, character", [("\\t", "\t"), ("\\n", "\n"), ("\\r", "\r")])
def test_tab_line_feed_and_carriage_return_are_text(escape, character):
    assert load_yaml(f'a: "x{escape}y"\n')["a"] == f"x{character}y"
