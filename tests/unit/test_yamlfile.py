import datetime as dt

import pytest

from hub.yamlfile import YamlSyntaxError, load_yaml


def test_keys_and_items_remember_their_lines():
    data = load_yaml("title: A\nfigures:\n  arrests: 3\nitems:\n  - one\n  - two\n")
    assert data.line_of("title") == 1
    assert data["figures"].line_of("arrests") == 3
    assert data["items"].lines == [5, 6]
    assert data.line_of("missing") == data.line == 1


def test_line_numbers_can_start_later_for_front_matter():
    data = load_yaml("title: A\nsummary: B\n", first_line=2)
    assert data.line_of("summary") == 3


def test_dates_and_quoted_months():
    data = load_yaml('published: 2025-08-12\nmonth: "2025-07"\n')
    assert data["published"] == dt.date(2025, 8, 12)
    assert data["month"] == "2025-07"


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("a: 1\nb: c: d\n", 2, "needs quotes"),
        ("a: 1\na: 2\n", 2, '"a" appears twice'),
        ("a:\n\t- x\n", 2, "spaces, not tabs"),
        ("a: [1, 2\nb: 3\n", 2, "YAML problem"),
    ],
)
def test_syntax_errors_carry_a_line_and_advice(text, line, words):
    with pytest.raises(YamlSyntaxError) as caught:
        load_yaml(text)
    assert caught.value.line == line
    assert words in caught.value.message


def test_no_python_objects():
    with pytest.raises(YamlSyntaxError):
        load_yaml("x: !!python/object/apply:os.system ['true']\n")
