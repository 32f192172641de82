"""The command line contract: commands, options and exit codes 0 / 1 / 2."""

from pathlib import Path

from tests.conftest import guidance_page, in_english_only, run_cli, write


def test_default_command_builds_into_public_of_the_site(small_site):
    result = run_cli("--site", str(small_site))
    assert result.returncode == 0, result.stderr
    assert (small_site / "public" / "index.html").is_file()
    assert (small_site / "public" / "news" / "2024-07" / "index.html").is_file()


def test_build_out_writes_only_there(small_site, tmp_path):
    out = tmp_path / "elsewhere"
    result = run_cli("build", "--site", str(small_site), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (out / "what-is-asb" / "index.html").is_file()
    assert not (small_site / "public").exists()


def test_check_validates_and_writes_nothing(small_site):
    before = sorted(p.relative_to(small_site) for p in small_site.rglob("*"))
    result = run_cli("check", "--site", str(small_site))
    assert result.returncode == 0, result.stderr
    assert "No problems found" in result.stdout
    assert sorted(p.relative_to(small_site) for p in small_site.rglob("*")) == before


def test_check_reports_content_errors_with_exit_1(small_site):
    report = small_site / "data" / "patrols" / "2024-07.en.yaml"
    text = report.read_text().replace("value: 15\n", 'value: "fifteen"\n', 1)
    report.write_text(text)
    line = text.split("\n").index('    value: "fifteen"') + 1
    result = run_cli("check", "--site", str(small_site))
    assert result.returncode == 1
    assert (
        f"data/patrols/2024-07.en.yaml:{line}: figures[2].value must be a whole number "
        '(0 or more), got "fifteen"' in result.stderr
    )
    assert "Traceback" not in result.stderr


def test_usage_errors_exit_2(small_site, tmp_path):
    assert run_cli("publish").returncode == 2
    assert run_cli("build", "--no-such-option").returncode == 2
    assert run_cli("new-report", "July 2025", "--site", str(small_site)).returncode == 2
    assert run_cli("new-report", "2025-13", "--site", str(small_site)).returncode == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_cli("build", "--site", str(empty))
    assert result.returncode == 2
    assert "has no content/ or data/ folder" in result.stderr


def test_content_error_leaves_previous_output_untouched(small_site, tmp_path):
    out = tmp_path / "public"
    assert run_cli("build", "--site", str(small_site), "--out", str(out)).returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    write(small_site / "content" / "guidance" / "broken.md", "no front matter here\n")
    result = run_cli("build", "--site", str(small_site), "--out", str(out))
    assert result.returncode == 1
    assert "content/guidance/broken.md:1:" in result.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".public")] == []


def test_stale_files_do_not_survive_a_rebuild(small_site, tmp_path):
    out = tmp_path / "public"
    page = write(
        small_site / "content" / "guidance" / "temporary-page.md",
        guidance_page("A temporary page", "Some text.\n"),
    )
    assert run_cli("build", "--site", str(small_site), "--out", str(out)).returncode == 0
    assert (out / "temporary-page" / "index.html").exists()
    page.unlink()
    assert run_cli("build", "--site", str(small_site), "--out", str(out)).returncode == 0
    assert not (out / "temporary-page").exists()
    assert "temporary-page" not in (out / "sitemap.xml").read_text()


def test_new_report_writes_a_commented_draft_and_refuses_to_overwrite(example_site):
    result = run_cli("new-report", "2024-12", "--site", str(example_site))
    assert result.returncode == 0, result.stderr
    # In English and Welsh: the default language's file named as Decap CMS names it.
    path = example_site / "data" / "patrols" / "2024-12.en.yaml"
    text = path.read_text()
    for field in (
        'month: "2024-12"',
        "draft: true",
        "figures:",
        "  - figure:",
        "    qualifier: exact",
        "# totals:",
        "statements:",
        "highlights:",
        "quotes:",
        "source:",
        "  published:",
    ):
        assert field in text
    # Every figure in data/figures.yaml is offered, by key and label.
    assert "#   patrol_hours: Extra patrol hours (hours)" in text
    assert "#   stop_searches: Stop and searches (stop and searches)" in text
    assert text.count("# ") >= 25  # every field explained
    # A draft is left out of the live build, so scaffolding never breaks publishing.
    assert run_cli("check", "--site", str(example_site)).returncode == 0
    again = run_cli("new-report", "2024-12", "--site", str(example_site))
    assert again.returncode == 2
    assert "already exists" in again.stderr
    assert path.read_text() == text


def test_new_report_in_two_languages_writes_the_words_file_too(example_site):
    assert run_cli("new-report", "2024-12", "--site", str(example_site)).returncode == 0
    words = (example_site / "data" / "patrols" / "2024-12.cy.yaml").read_text()
    # Only the report's words, each explained; no figure, date or source of its own.
    for field in ("title:", "summary:", "# statements:", "#   - text:", "#     speaker:"):
        assert field in words
    for other in ("month:", "published:", "value:", "qualifier:", "publisher:"):
        assert other not in words
    assert "2024-12.en.yaml" in words


def test_new_report_in_one_language_writes_the_plain_name(example_site):
    site = in_english_only(example_site)
    assert run_cli("new-report", "2024-12", "--site", str(site)).returncode == 0
    assert sorted(p.name for p in (site / "data" / "patrols").glob("2024-12*")) == ["2024-12.yaml"]


def test_new_report_draft_is_checked_when_previewed(example_site, tmp_path):
    run_cli("new-report", "2024-12", "--site", str(example_site))
    result = run_cli(
        "build", "--drafts", "--site", str(example_site), "--out", str(tmp_path / "out")
    )
    assert result.returncode == 1
    assert "data/patrols/2024-12.en.yaml:9: title is empty: fill in some text" in result.stderr
    assert "figures[1].figure is empty" in result.stderr
    assert "source.publisher is empty" in result.stderr


def test_readme_starts_with_the_two_setup_commands():
    """The README's first two code blocks are the set-up commands, exactly (tests/unit/test_docs.py
    checks that each runs as written)."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    first_blocks = readme.split("```")[1:4:2]
    assert first_blocks == [
        "sh\nscripts/setup && .venv/bin/python build.py serve\n",
        "sh\ntests/run\n",
    ]
