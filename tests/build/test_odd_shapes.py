"""Numbers in every spelling, odd shapes and invisible characters in every kind of file: each
is `path:line: message` and exit 1 from `build.py check`, never a traceback."""

import pytest

import build
from tests.conftest import REPO, guidance_page, write
from tests.support.builds import line_number

REPORT = "data/patrols/2024-07.en.yaml"
PAGE = "content/guidance/test-page.md"  # written afresh by each test (a page no other links to)
PLAIN = "numbers are written in plain digits"
AS_TEXT = "; if it is meant as text, put quotes around it"


@pytest.fixture
def small_site(small_site):
    """The small site (tests/conftest.py) with a page of its own, to change without breaking
    others' links."""
    write(small_site / PAGE, guidance_page("A test page", "Some text.\n"))
    return small_site


@pytest.fixture
def example_site(example_site):
    """The example site with a page of its own, for the tests that need its Welsh files or
    its yearly summaries."""
    write(example_site / PAGE, guidance_page("A test page", "Some text.\n"))
    return example_site


def check(site, capsys) -> list[str]:
    """Returns the problems `build.py check` prints for `site`, failing unless it exits 1
    with no traceback. Run in this process: a traceback would fail the test just the same."""
    status = build.main(["check", "--site", str(site)])
    errors = capsys.readouterr().err
    assert status == 1 and "Traceback" not in errors
    problems, summary = errors.split("\n\n", 1)
    assert summary.startswith(f"{len(problems.splitlines())} problem")
    return problems.splitlines()


def replace(site, rel: str, old: str, new: str) -> int:
    """Replaces the first `old` in file `rel` of `site`; returns the number of its line."""
    path = site / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line_number(path, new.split("\n")[0])


def not_plain(written: str, write: str, why: str) -> str:
    return f'"{written}" is not written as a plain number: write {write} ({PLAIN}{why}){AS_TEXT}'


def which(written: str, write: str, why: str) -> str:
    # A spelling YAML itself reads as text reaches the count's rule, which names it so.
    return (
        f'figures[2].value is "{written}", which is not written as a plain number: '
        f"write {write} ({PLAIN}{why})"
    )


@pytest.mark.parametrize(
    "written, message",
    [
        ("010", not_plain("010", "10", ", without leading zeros")),
        ("0x10", not_plain("0x10", "16", ": 0x10 is 16 in hexadecimal")),
        ("0b10", not_plain("0b10", "2", ": 0b10 is 2 in binary")),
        ("1_000", not_plain("1_000", "1000", ", without _ between the digits")),
        ("1:30", not_plain("1:30", "90", ": YAML reads 1:30 in sixties, like a time")),
        ("+5", not_plain("+5", "5", ", without a + sign")),
        ("1.0e+3", not_plain("1.0e+3", "1000", ", without a decimal point or an exponent")),
        ("0o10", which("0o10", "8", ": 0o10 is 8 in octal")),
        ("1e3", which("1e3", "1000", ", without an exponent")),
        ("1.0e3", which("1.0e3", "1000", ", without a decimal point or an exponent")),
        ("5" * 5000, f'"{"5" * 30}…" is too long to be a count: a count has at most 15 digits'
         + AS_TEXT),
    ],
)  # fmt: skip
def test_a_figure_in_any_spelling_but_plain_digits_is_refused(small_site, capsys, written, message):
    line = replace(small_site, REPORT, "value: 15\n", f"value: {written}\n")
    assert check(small_site, capsys) == [f"{REPORT}:{line}: {message}"]


@pytest.mark.parametrize(
    "rel, old, new, written, write",
    [
        ("data/site.yaml", "threshold_complaints: 3", "threshold_complaints: 03", "03", "3"),
        (PAGE, "order: 9", "order: 010", "010", "10"),
        ("data/patrols/summaries/year-to-2024-10.en.yaml", "value: 30000", "value: 030000",
         "030000", "30000"),
    ],
)  # fmt: skip
def test_a_leading_zero_is_refused_in_every_file(
    example_site, capsys, rel, old, new, written, write
):
    line = replace(example_site, rel, old, new)
    message = not_plain(written, write, ", without leading zeros")
    assert check(example_site, capsys) == [f"{rel}:{line}: {message}"]


def test_a_number_is_refused_even_where_text_belongs(small_site, capsys):
    # YAML 1.1 would publish 0x1F as 31: where text is wanted the quotes keep it as written.
    line = replace(small_site, "data/site.yaml", "tag: Beta", "tag: 0x1F")
    assert check(small_site, capsys) == [
        f"data/site.yaml:{line}: " + not_plain("0x1F", "31", ": 0x1F is 31 in hexadecimal")
    ]


def test_every_refused_number_in_a_file_is_listed(small_site, capsys):
    first = replace(small_site, REPORT, "value: 700\n", "value: 0700\n")
    second = replace(small_site, REPORT, "value: 68\n", "value: 6_8\n")
    assert check(small_site, capsys) == [
        f"{REPORT}:{first}: " + not_plain("0700", "700", ", without leading zeros"),
        f"{REPORT}:{second}: " + not_plain("6_8", "68", ", without _ between the digits"),
    ]


NOT_A_MAPPING = "must be a list of `name: value` lines, got"


@pytest.mark.parametrize(
    "rel",
    [
        "data/site.yaml",
        "data/site.cy.yaml",
        "data/figures.yaml",
        "data/figures.cy.yaml",
        "data/report-routes.yaml",
        "data/report-routes.cy.yaml",
        REPORT,
        "data/patrols/2024-07.cy.yaml",
        "data/patrols/summaries/year-to-2024-10.en.yaml",
        "data/strings/en.yaml",
    ],
)
@pytest.mark.parametrize(
    "text, got, line",
    [("- name: A\n- b\n", "a list", 2), ("just words\n", '"just words"', 1), ("5\n", '"5"', 1)],
)
def test_a_data_file_that_is_not_a_mapping(example_site, capsys, rel, text, got, line):
    write(example_site / rel, "# A comment first\n" + text)
    # Other files may miss what this one held (a page, the report helper): those follow.
    assert f"{rel}:{line}: this file {NOT_A_MAPPING} {got}" in check(example_site, capsys)


def test_front_matter_that_is_a_list(small_site, capsys):
    rel = "content/guidance/what-is-asb.en.md"
    write(small_site / rel, "---\n- title: A\n- summary: B\n---\nText.\n")
    assert f"{rel}:2: the settings at the top {NOT_A_MAPPING} a list" in check(small_site, capsys)


LIST_NAME = (
    "YAML problem: a list cannot be a name: write each setting as `name: value`, with the "
    "name in words before the colon"
)


@pytest.mark.parametrize(
    "rel, old, new, key",
    [
        (PAGE, "order: 9\n", "order: 9\n[a]: 1\n", "[a]"),
        (PAGE, "order: 9\n", "order: 9\n? [a, b]\n: x\n", "?"),
        ("data/site.yaml", "contacts:\n", "contacts:\n  [a]: 1\n", "[a]"),
        (REPORT, "figures:\n", "[figures]: 1\nfigures:\n", "[figures]"),
        ("data/report-routes.yaml", "have_ready:\n", "? - a\n: 1\nhave_ready:\n", "? - a"),
    ],
)
def test_a_list_as_a_name(small_site, capsys, rel, old, new, key):
    replace(small_site, rel, old, new)
    line = line_number(small_site / rel, key)
    assert check(small_site, capsys) == [f"{rel}:{line}: {LIST_NAME}"]


def test_a_mapping_as_a_name(small_site, capsys):
    line = replace(small_site, "data/site.yaml", "contacts:\n", "contacts:\n  {a: 1}: 2\n")
    assert check(small_site, capsys) == [
        f"data/site.yaml:{line + 1}: " + LIST_NAME.replace("a list cannot", "a mapping cannot")
    ]


MONTH_RULE = "month must be a month written as YYYY-MM, for example 2025-08"


def test_a_report_for_the_month_0000_07(example_site, capsys):
    old = example_site / "data" / "patrols" / "2023-12.en.yaml"
    new = old.with_name("0000-07.en.yaml")
    new.write_text(old.read_text().replace('month: "2023-12"', 'month: "0000-07"'))
    old.unlink()
    line = line_number(new, "month:")
    assert f'data/patrols/0000-07.en.yaml:{line}: {MONTH_RULE}, got "0000-07"' in check(
        example_site, capsys
    )


def test_a_summary_ending_in_the_year_0(example_site, capsys):
    rel = "data/patrols/summaries/year-to-2024-10.en.yaml"
    line = replace(example_site, rel, 'ends: "2024-10"', 'ends: "0000-10"')
    assert check(example_site, capsys) == [f'{rel}:{line}: ends {MONTH_RULE[6:]}, got "0000-10"']


@pytest.mark.parametrize(
    "written, message",
    [
        ("0000-01-01", 'YAML problem: "0000-01-01" is not a date that exists: write a real one as '
         "YYYY-MM-DD, or put quotes around it if it is meant as text"),
        ("10000-01-01", 'published must be a date written as YYYY-MM-DD, got "10000-01-01"'),
    ],
)  # fmt: skip
def test_a_publishing_date_outside_the_years_1_to_9999(small_site, capsys, written, message):
    line = replace(small_site, REPORT, "published: 2026-11-26", f"published: {written}")
    assert check(small_site, capsys) == [f"{REPORT}:{line}: {message}"]


CONTROL = "is a control character, which your editor may not show and which cannot be published"


def test_a_control_character_in_a_page(small_site, capsys):
    line = replace(small_site, PAGE, "Some text.", "Some\x07 text.")
    assert check(small_site, capsys) == [
        f"{PAGE}:{line}: the character U+0007 {CONTROL}: remove it"
    ]


def test_a_windows_character_copied_wrongly_into_a_page(small_site, capsys):
    line = replace(small_site, PAGE, "Some text.", "The law\x92s words.")
    assert check(small_site, capsys) == [
        f"{PAGE}:{line}: the character U+0092 {CONTROL}: write “’” instead if that is what it "
        "stands for, or remove it"
    ]


@pytest.mark.parametrize(
    "escape, code", [("\\x01", "0001"), ("\\u001B", "001B"), ("\\x7F", "007F")]
)
def test_a_control_character_written_as_an_escape_in_a_report_title(
    small_site, capsys, escape, code
):
    title = 'title: "July 2024: more than 700 extra patrol hours and 15 arrests"'
    line = replace(small_site, REPORT, title, f'title: "Extra patrols in July{escape} 2024"')
    assert check(small_site, capsys) == [
        f"{REPORT}:{line}: the character U+{code} {CONTROL}: remove the escape that writes it "
        f"(such as \\u{code})"
    ]


def test_a_control_character_in_a_report_itself(small_site, capsys):
    path = small_site / REPORT
    path.write_text(path.read_text().replace("summary:", "summary: \x00", 1))
    line = line_number(path, "summary:")
    assert check(small_site, capsys) == [
        f"{REPORT}:{line}: the character U+0000 {CONTROL}: remove it"
    ]


def in_a_language_of_its_own(site):
    """Switches the example's second language to Irish, for which the generator has no words:
    the site's own data/strings/ga.yaml must give every one."""
    replace(site, "data/site.yaml", "languages: [en-GB, cy]", "languages: [en-GB, ga]")
    (site / "data" / "site.ga.yaml").write_text((site / "data" / "site.cy.yaml").read_text())


def test_a_language_with_no_strings_at_all(example_site, capsys):
    in_a_language_of_its_own(example_site)
    line = line_number(example_site / "data" / "site.yaml", "languages:")
    assert check(example_site, capsys) == [
        f'data/site.yaml:{line}: the site has no interface strings for "ga": write '
        "data/strings/ga.yaml with every string (copy templates/strings/en.yaml and translate it)"
    ]


def test_a_language_whose_strings_lack_a_part(example_site, capsys):
    # English stands in for the words the file gets wrong while the build reads on, so the
    # problem is a message, not a string missing later.
    in_a_language_of_its_own(example_site)
    english = (REPO / "templates" / "strings" / "en.yaml").read_text(encoding="utf-8")
    assert "\nexit:\n" in english
    write(
        example_site / "data" / "strings" / "ga.yaml",
        english.replace("\nexit:\n", "\nexit: [a]\nx:\n"),
    )
    line = line_number(example_site / "data" / "strings" / "ga.yaml", "exit: [a]")
    assert (
        f"data/strings/ga.yaml:{line}: exit must be a list of `name: value` lines, got a list"
        in check(example_site, capsys)
    )


@pytest.mark.parametrize("name", ["statements", "highlights", "quotes"])
def test_a_mapping_where_a_welsh_report_lists_words_is_named_at_its_line(
    example_site, capsys, name
):
    line = replace(
        example_site,
        "data/patrols/2024-07.cy.yaml",
        f"{name}:\n",
        f"{name}:\n  first: one\n{name}_was:\n",
    )
    problems = check(example_site, capsys)
    assert any(p.startswith(f"data/patrols/2024-07.cy.yaml:{line}:") for p in problems), problems
