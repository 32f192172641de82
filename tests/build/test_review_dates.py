"""Review dates: `check` warns about overdue pages, `check --strict` fails, builds never do."""

import datetime as dt

import build
from tests.conftest import TODAY, in_english_only, run_cli


def make_overdue(site, name: str) -> int:
    """Moves a page's review_by into the past (2020); returns that line's number."""
    path = site / "content" / "guidance" / f"{name}.en.md"
    lines = path.read_text().split("\n")
    number = next(n for n, line in enumerate(lines) if line.startswith("review_by:"))
    lines[number] = "review_by: 2020-06-01"
    lines = [
        ("last_reviewed: 2020-01-01" if line.startswith("last_reviewed:") else line)
        for line in lines
    ]
    path.write_text("\n".join(lines))
    return number + 1


def test_check_lists_overdue_pages_as_warnings_and_passes(example_site):
    line = make_overdue(in_english_only(example_site), "what-is-asb")
    result = run_cli("check", "--site", str(example_site))
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith(
        f"content/guidance/what-is-asb.en.md:{line}: review was due on 1 June 2020 ("
    )
    assert "1 page is overdue for review" in result.stdout


def test_check_strict_fails_on_overdue_pages(example_site):
    first = make_overdue(in_english_only(example_site), "what-is-asb")
    second = make_overdue(example_site, "how-to-report")
    result = run_cli("check", "--strict", "--site", str(example_site))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"content/guidance/how-to-report.en.md:{second}: review was due")
    assert lines[1].startswith(f"content/guidance/what-is-asb.en.md:{first}: review was due")
    assert "2 pages are overdue for review" in result.stderr


def test_check_strict_passes_when_nothing_is_overdue(example_site):
    # In English only: the example's Welsh is partial, and check --strict fails on that too.
    result = run_cli("check", "--strict", "--site", str(in_english_only(example_site)))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "No problems found."


def test_the_build_never_fails_because_of_a_date(small_site, tmp_path):
    make_overdue(small_site, "what-is-asb")
    result = run_cli(
        "build", "--site", str(small_site), "--out", str(tmp_path / "out"), "--no-search"
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_check_takes_today_from_its_caller(small_site):
    assert build.check(small_site, today=TODAY).overdue == []  # the example is up to date
    late = build.check(small_site, today=dt.date(2100, 1, 1)).overdue
    every_page = {
        p.relative_to(small_site).as_posix() for p in (small_site / "content").rglob("*.md")
    }
    assert {w.path for w in late} == every_page
    assert all(w.message.startswith("review was due on ") for w in late)
