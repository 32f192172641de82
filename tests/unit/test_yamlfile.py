import datetime as dt

import pytest

from hub.core.yamlfile import MAX_DEPTH, MAX_VALUES, YamlSyntaxError, load_yaml


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


def limit_error(text: str, first_line: int = 1) -> tuple[int, str]:
    with pytest.raises(YamlSyntaxError) as caught:
        load_yaml(text, first_line)
    return caught.value.line, caught.value.message


@pytest.mark.parametrize(
    "nested",
    [
        "a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1),
        "a: " + "{b: " * (MAX_DEPTH + 1) + "}" * (MAX_DEPTH + 1),
        "".join(" " * n + f"k{n}:\n" for n in range(MAX_DEPTH + 1)),
        "a:\n  " + "- " * (MAX_DEPTH + 1) + "x",
        "a: " + "[" * 1_000_000,  # not even valid YAML: the depth is found first
    ],
)
def test_nesting_past_the_limit_is_refused_at_its_line(nested):
    line, message = limit_error("x: 1\n" + nested, first_line=2)
    assert 3 <= line <= MAX_DEPTH + 3
    assert message == (
        f"YAML problem: this is nested more than {MAX_DEPTH} levels deep, which no setting "
        "needs: check the indentation and brackets"
    )


def test_nesting_up_to_the_limit_is_read():
    deep = load_yaml("a: " + "[" * (MAX_DEPTH - 1) + "1" + "]" * (MAX_DEPTH - 1))
    for _ in range(MAX_DEPTH - 1):
        deep = deep[0] if isinstance(deep, list) else deep["a"]
    assert deep == [1]


def test_an_alias_bomb_is_refused_at_the_alias_that_passes_the_limit():
    bomb = 'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]\n'
    for n, name in enumerate("bcdefgh"):
        bomb += f"{name}: &{name} [" + ", ".join([f"*{'abcdefgh'[n]}"] * 9) + "]\n"
    line, message = limit_error(bomb)
    assert line == 6  # e: the first list to stand for more than 100,000 values
    assert message.startswith(f"YAML problem: this file holds more than {MAX_VALUES:,} values")


def test_a_merge_key_bomb_is_refused():
    lines = ["m0: &m0 {a: 1, b: 2}"]
    lines += [f"m{n}: &m{n} {{<<: [*m{n - 1}, *m{n - 1}], k{n}: 1}}" for n in range(1, 40)]
    line, message = limit_error("\n".join(lines))
    assert line < 40 and "more than 100,000 values" in message


def test_many_plain_values_are_refused_before_they_are_built():
    line, message = limit_error("a: [" + "0, " * (MAX_VALUES + 1) + "]")
    assert line == 1 and "more than 100,000 values" in message


def test_aliases_within_the_limit_are_read():
    data = load_yaml("a: &a {x: 1}\nb: *a\nc: *a\n")
    assert data["b"] == data["c"] == {"x": 1}


def test_an_alias_that_contains_itself_is_a_yaml_problem():
    line, message = limit_error("a: &a [1, *a]\n")
    assert line == 1 and message.startswith("YAML problem:")


@pytest.mark.parametrize("date", ["2025-13-45", "2025-02-30", "2025-07-01 25:00:00"])
def test_a_date_that_does_not_exist_is_a_yaml_problem_at_its_line(date):
    line, message = limit_error(f"a: 1\nb: {date}\n")
    assert line == 2
    assert message == (
        f'YAML problem: "{date}" is not a date that exists: write a real one as YYYY-MM-DD, '
        "or put quotes around it if it is meant as text"
    )


@pytest.mark.parametrize("escaped", ["\\ud83d", "\\udc00", "\\ud83d\\ude00"])
def test_an_escape_for_half_a_character_is_a_yaml_problem(escaped):
    line, message = limit_error(f'a: 1\nb: "x{escaped}"\n')
    assert line == 2 and "is half a character" in message


def test_a_whole_character_escaped_is_read():
    assert load_yaml('a: "\\U0001F600 \\u00e9"')["a"] == "\U0001f600 \xe9"


@pytest.mark.parametrize("character", ["\x00", "\x07", "\ufffe"])
def test_a_character_yaml_refuses_names_its_line(character):
    line, message = limit_error(f"a: 1\nb: 2\nc: x{character}\n", first_line=5)
    assert line == 7
    assert message == (
        f"YAML problem: the character U+{ord(character):04X} cannot be used in YAML "
        "(your editor may not show it): remove it"
    )
