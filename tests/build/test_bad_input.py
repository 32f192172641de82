"""Every kind of content mistake gets `path:line: message`, exit 1 and no traceback."""

import re

import pytest

import build
from hub.site import Options
from tests.conftest import TODAY, run_cli, write
from tests.support.builds import first_report, line_number, problems_for

PAGE = """
---
title: {title}
summary: A short summary of this test page for readers.
section: Understanding ASB
order: 5
last_reviewed: 2026-11-01
review_by: 2027-05-01
owner: community-safety
---
## A heading

Some text.
"""


def test_malformed_yaml_in_site_settings(small_site):
    site_yaml = small_site / "data" / "site.yaml"
    site_yaml.write_text(
        site_yaml.read_text().replace("name: Derbyshire ASB Hub", "name: Derbyshire: ASB Hub")
    )
    [problem] = problems_for(small_site)
    line = line_number(site_yaml, "name: Derbyshire: ASB Hub")
    assert problem.startswith(f"data/site.yaml:{line}: YAML problem")
    assert "needs quotes" in problem


def test_malformed_front_matter_points_at_the_file_line(small_site):
    page = write(
        small_site / "content" / "guidance" / "bad.md",
        PAGE.format(title="Bad page").replace("order: 5", "order: [5"),
    )
    problems = problems_for(small_site)
    assert len(problems) == 1 and problems[0].startswith("content/guidance/bad.md:")
    assert int(problems[0].split(":")[1]) >= line_number(page, "order: [5")


def test_missing_field_names_the_field(small_site):
    write(
        small_site / "content" / "guidance" / "no-summary.md",
        PAGE.format(title="No summary").replace(
            "summary: A short summary of this test page for readers.\n", ""
        ),
    )
    assert problems_for(small_site) == [
        'content/guidance/no-summary.md:2: missing field "summary": '
        "one sentence used in search results and page lists"
    ]


def test_wrongly_typed_figure_matches_the_design_example(small_site):
    report = small_site / "data" / "patrols" / "2024-07.en.yaml"
    report.write_text(report.read_text().replace("value: 15\n", 'value: "fifteen"\n', 1))
    line = line_number(report, '"fifteen"')
    assert problems_for(small_site) == [
        f"data/patrols/2024-07.en.yaml:{line}: figures[2].value must be a whole number "
        '(0 or more), got "fifteen"'
    ]


def test_wrong_date_and_review_order(small_site):
    write(
        small_site / "content" / "guidance" / "dates.md",
        PAGE.format(title="Dates").replace(
            "last_reviewed: 2026-11-01", "last_reviewed: 1st November"
        ),
    )
    write(
        small_site / "content" / "guidance" / "order.md",
        PAGE.format(title="Order").replace("review_by: 2027-05-01", "review_by: 2026-01-01"),
    )
    assert problems_for(small_site) == [
        "content/guidance/dates.md:6: last_reviewed must be a date written as YYYY-MM-DD, "
        'got "1st November"',
        "content/guidance/order.md:7: review_by must be after last_reviewed",
    ]


def test_unknown_key_suggests_the_near_match(small_site):
    write(
        small_site / "content" / "guidance" / "typo.md",
        PAGE.format(title="Typo").replace("summary:", "sumary:"),
    )
    problems = problems_for(small_site)
    assert 'content/guidance/typo.md:3: unknown field "sumary"; did you mean "summary"?' in problems
    assert (
        'content/guidance/typo.md:2: missing field "summary": '
        "one sentence used in search results and page lists" in problems
    )


def test_unknown_key_in_nested_data_suggests_too(small_site):
    report = small_site / "data" / "patrols" / "2024-07.en.yaml"
    report.write_text(report.read_text().replace("qualifier: more than", "qualifer: more than"))
    problems = problems_for(small_site)
    line = line_number(report, "qualifer")
    assert (
        f'data/patrols/2024-07.en.yaml:{line}: unknown field "figures[1].qualifer"; '
        'did you mean "figures[1].qualifier"?'
    ) in problems


def test_an_unknown_figure_suggests_the_near_match(small_site):
    report = small_site / "data" / "patrols" / "2024-07.en.yaml"
    report.write_text(
        report.read_text().replace("figure: groups_dispersed", "figure: group_dispersed")
    )
    assert problems_for(small_site) == [
        f"data/patrols/2024-07.en.yaml:{line_number(report, 'group_dispersed')}: figures[3].figure "
        '"group_dispersed" is not a figure in data/figures.yaml: did you mean "groups_dispersed"?'
    ]


def test_duplicate_yaml_key(small_site):
    write(
        small_site / "content" / "guidance" / "twice.md",
        PAGE.format(title="Twice").replace("order: 5", "order: 5\norder: 6"),
    )
    [problem] = problems_for(small_site)
    assert problem.startswith("content/guidance/twice.md:6: YAML problem")
    assert '"order" appears twice' in problem


def test_duplicate_slug_across_folders(example_site):
    write(example_site / "content" / "guidance" / "privacy.md", PAGE.format(title="Privacy 2"))
    [problem] = problems_for(example_site)
    assert problem.startswith(
        "content/pages/privacy.en.md:1: this page would have the same "
        "address (/privacy/) as content/guidance/privacy.md"
    )


def test_case_colliding_slug(small_site):
    write(small_site / "content" / "guidance" / "What-Is-ASB.md", PAGE.format(title="Clash"))
    problems = problems_for(small_site)
    assert any(
        "same address (/what-is-asb/)" in p and "differ only in capital letters" in p
        for p in problems
    ), problems


@pytest.mark.parametrize("name", ["my page.md", "page_two.md", "café.md", "news.md"])
def test_unsafe_or_reserved_slug(small_site, name):
    write(small_site / "content" / "guidance" / name, PAGE.format(title="Unsafe"))
    [problem] = problems_for(small_site)
    assert problem.startswith(f"content/guidance/{name}:1: ")
    assert "web address" in problem or "used by the site itself" in problem


def test_broken_internal_link_and_fragment(small_site):
    page = write(
        small_site / "content" / "guidance" / "links.md",
        PAGE.format(title="Links")
        + "\nSee [what ASB is](/what-is-asbb/).\n\nAnd [a part](/what-is-asb/#nope).\n",
    )
    problems = problems_for(small_site)
    assert problems == [
        f"content/guidance/links.md:{line_number(page, 'asbb')}: broken link to "
        '"/what-is-asbb/": no such page; did you mean "/what-is-asb/"?',
        f"content/guidance/links.md:{line_number(page, '#nope')}: broken link to "
        '"/what-is-asb/#nope": that page has no heading with the id "nope"',
    ]


def test_empty_files(small_site):
    (small_site / "content" / "guidance" / "empty.md").write_text("")
    (small_site / "data" / "patrols" / "2025-08.yaml").write_text("\n  \n")
    assert problems_for(small_site) == [
        "content/guidance/empty.md:1: this file is empty: add content or delete the file",
        "data/patrols/2025-08.yaml:1: this file is empty: add content or delete the file",
    ]


def test_unknown_placeholder_names_its_line(small_site):
    page = write(
        small_site / "content" / "guidance" / "holder.md",
        PAGE.format(title="Holder") + "\nCall {{ site.contacts.non_emergencyy }} today.\n",
    )
    [problem] = problems_for(small_site)
    assert problem.startswith(
        f"content/guidance/holder.md:{line_number(page, 'Call')}: unknown placeholder"
    )


def test_heading_mistakes(small_site):
    write(
        small_site / "content" / "guidance" / "heads.md",
        PAGE.format(title="Heads").replace("## A heading", "# Top\n\n#### Too deep"),
    )
    problems = problems_for(small_site)
    assert any(p.startswith("content/guidance/heads.md:10: use ## for headings") for p in problems)
    assert any(
        p.startswith("content/guidance/heads.md:12: heading skips a level") for p in problems
    )


def test_report_month_must_match_file_name(small_site):
    report = small_site / "data" / "patrols" / "2024-07.en.yaml"
    report.rename(report.with_name("2024-06.yaml"))
    problems = problems_for(small_site)
    assert any(
        p.startswith(
            'data/patrols/2024-06.yaml:3: month is "2024-07" but the file is named 2024-06.yaml'
        )
        for p in problems
    )


def test_badly_named_report_file(example_site):
    (example_site / "data" / "patrols" / "july.yaml").write_text("month: '2024-07'\n")
    (example_site / "data" / "patrols" / "summaries" / "2024-10.yaml").write_text("period: x\n")
    (example_site / "data" / "patrols" / "summaries" / "data.yaml").write_text("period: x\n")
    assert problems_for(example_site) == [
        "data/patrols/july.yaml:1: patrol report files must be named YYYY-MM.yaml, "
        "for example 2024-07.yaml",
        "data/patrols/summaries/2024-10.yaml:1: summary files must be named in lower-case words "
        "and digits joined by hyphens, with at least one word, for example year-to-2024-10.yaml",
        "data/patrols/summaries/data.yaml:1: /news/data/ is the address of the build's own "
        "pages: give the file another name",
    ]


def test_stated_total_is_checked_against_monthly_rows(small_site):
    report = small_site / "data" / "patrols" / "2024-07.en.yaml"
    report.write_text(report.read_text().replace("stated: 670", "stated: 671"))
    [problem] = problems_for(small_site)
    assert problem == (
        f"data/patrols/2024-07.en.yaml:{line_number(report, 'stated: 671')}: totals: the stated "
        "total for immediate_justice_referrals is 671, but the opening balance plus each "
        "month's figure adds up to 670: check the figures"
    )


def test_a_source_date_must_be_a_day_or_a_month(small_site):
    report = small_site / "data" / "patrols" / "2024-07.en.yaml"
    report.write_text(report.read_text().replace('published: "2024-09"', "published: Sept 2024"))
    assert problems_for(small_site) == [
        f"data/patrols/2024-07.en.yaml:{line_number(report, 'Sept 2024')}: source.published must "
        'be a date written as YYYY-MM-DD, or a month written as "YYYY-MM" in quotes when the '
        'day is not known, got "Sept 2024"'
    ]


def test_duplicate_titles(small_site):
    write(
        small_site / "content" / "guidance" / "copy.md",
        PAGE.format(title="What is anti-social behaviour?"),
    )
    [problem] = problems_for(small_site)
    assert "content/guidance/copy.md" in problem and "content/guidance/what-is-asb.en.md" in problem
    assert "is already used by" in problem


def test_every_problem_is_reported_in_one_run(small_site):
    (small_site / "content" / "guidance" / "empty.md").write_text("")
    write(
        small_site / "content" / "guidance" / "typo.md",
        PAGE.format(title="Typo").replace("owner:", "ownr:"),
    )
    report = small_site / "data" / "patrols" / "2024-07.en.yaml"
    report.write_text(report.read_text().replace("value: 15\n", "value: -2\n", 1))
    problems = problems_for(small_site)
    files = {p.split(":")[0] for p in problems}
    assert files == {
        "content/guidance/empty.md",
        "content/guidance/typo.md",
        "data/patrols/2024-07.en.yaml",
    }


def test_unknown_section_and_owner(small_site):
    write(
        small_site / "content" / "guidance" / "where.md",
        PAGE.format(title="Where")
        .replace("section: Understanding ASB", "section: Understanding asb")
        .replace("owner: community-safety", "owner: comms"),
    )
    assert problems_for(small_site) == [
        'content/guidance/where.md:4: section must be one of "Understanding ASB", '
        '"Reporting ASB", "Action and support", "About this site", got "Understanding asb": '
        'did you mean "Understanding ASB"?',
        'content/guidance/where.md:8: owner must be one of "community-safety", "digital" '
        '(listed under owners in data/site.yaml), got "comms"',
    ]


def test_not_utf8(small_site):
    (small_site / "content" / "guidance" / "latin.md").write_bytes(
        PAGE.format(title="Caf\xe9").lstrip().encode("latin-1")
    )
    [problem] = problems_for(small_site)
    assert (
        problem == "content/guidance/latin.md:2: this file is not saved as UTF-8 text: "
        "save it again as UTF-8"
    )


def test_yaml_is_loaded_safely(small_site):
    site_yaml = small_site / "data" / "site.yaml"
    site_yaml.write_text(
        site_yaml.read_text().replace(
            "name: Derbyshire ASB Hub", "name: !!python/object/apply:os.system ['echo hacked']"
        )
    )
    [problem] = problems_for(small_site)
    assert problem.startswith("data/site.yaml:")
    assert "YAML problem" in problem


def test_template_syntax_in_a_page_is_an_error_not_run(small_site):
    page = write(
        small_site / "content" / "guidance" / "tags.md",
        PAGE.format(title="Tags")
        + "\n{% include 'base.html' %}\n\n"
        + "{% for a in range(99999999) %}{% for b in range(99999999) %}x{% endfor %}{% endfor %}"
        + "\n\nHidden? {# a comment #} {{ site.name | upper }}\n",
    )
    result = run_cli("build", "--site", str(small_site), "--out", str(small_site / "out"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    rel = "content/guidance/tags.md"
    lines = [line for line in result.stderr.split("\n") if line.startswith(rel)]
    include, loops, hidden = (line_number(page, text) for text in ("include", "range", "Hidden"))
    assert [line.split(": ")[0] for line in lines] == [
        f"{rel}:{include}",
        f"{rel}:{loops}",  # four tags, one message: the same problem is listed once
        f"{rel}:{hidden}",
        f"{rel}:{hidden}",
    ]
    assert "template tags ({% ... %}) are not allowed" in lines[0]
    assert "template tags ({% ... %}) are not allowed" in lines[1]
    assert any("template comments ({# ... #}) are not allowed" in line for line in lines[2:])
    assert any('"{{ site.name | upper }}" is not a placeholder' in line for line in lines[2:])
    assert not (small_site / "out").exists()


def test_an_unreadable_routes_file_is_the_only_problem(small_site):
    # Pages link to /report/; while the routes file cannot be read those links are not
    # reported as broken on top of the real mistake.
    routes = small_site / "data" / "report-routes.yaml"
    routes.write_text("have_ready: [\n", encoding="utf-8")
    [problem] = problems_for(small_site)
    assert problem.startswith("data/report-routes.yaml:2: YAML problem")
    routes.write_text("- a list, not the mapping of lists the helper needs\n", encoding="utf-8")
    [problem] = problems_for(small_site)
    assert problem.startswith("data/report-routes.yaml:1: this file must be a list of")


def test_an_editors_hidden_files_beside_pages_are_not_pages(small_site):
    guidance = small_site / "content" / "guidance"
    (guidance / ".#what-is-asb.md").symlink_to("someone@host.1234:1700000000")  # Emacs's lock
    write(guidance / ".what-is-asb.md", PAGE.format(title="A hidden copy"))
    pages = build.read_site(small_site, Options(today=TODAY)).pages
    assert not [page for page in pages if "#" in page.source or "/." in page.source]


def test_a_settings_file_of_comments_only(small_site):
    (small_site / "data" / "site.yaml").write_text("# all settings removed\n")
    assert problems_for(small_site) == [
        "data/site.yaml:1: this file holds no settings (only comments?): add them, or delete "
        "the file"
    ]


def test_an_empty_quick_exit_setting(small_site):
    site_yaml = small_site / "data" / "site.yaml"
    lines = site_yaml.read_text().split("\n")
    start = next(n for n, line in enumerate(lines) if line.startswith("quick_exit:"))
    end = next(n for n in range(start + 1, len(lines)) if lines[n] and lines[n][0] != " ")
    site_yaml.write_text("\n".join(lines[: start + 1] + lines[end:]))
    [problem] = problems_for(small_site)
    assert problem.startswith(f"data/site.yaml:{start + 1}: quick_exit is empty")


def test_a_control_character_in_a_report(small_site):
    report = first_report(small_site)
    report.write_text("\x00" + report.read_text())
    assert problems_for(small_site) == [
        f"data/patrols/{report.name}:1: the character U+0000 is a control character, which "
        "your editor may not show and which cannot be published: remove it"
    ]


def test_placeholders_where_they_are_not_filled_are_errors(small_site):
    # Only page text and the routes file fill placeholders; anywhere else they would reach
    # the page as written.
    write(
        small_site / "content" / "guidance" / "settings.md",
        PAGE.format(title="Call {{ site.contacts.non_emergency }}"),
    )
    report = first_report(small_site)
    report.write_text(
        re.sub(r"(?m)^title: .*$", "title: Patrols {% if x %}", report.read_text(), count=1)
    )
    message = (
        "placeholders such as {{ site.contacts.non_emergency }} work only in a page's text "
        "and in data/report-routes.yaml, and this is shown as written: write the value itself "
        "(or leave out the {{, {% or {#)"
    )
    assert problems_for(small_site) == [
        f"content/guidance/settings.md:2: {message}",
        f"data/patrols/{report.name}:{line_number(report, 'Patrols {%')}: {message}",
    ]
    site_yaml = small_site / "data" / "site.yaml"
    site_yaml.write_text(
        site_yaml.read_text().replace("name: Derbyshire ASB Hub", "name: Derbyshire {# x #} Hub")
    )
    assert problems_for(small_site) == [  # the settings are checked before anything else
        f"data/site.yaml:{line_number(site_yaml, 'Derbyshire {#')}: {message}",
    ]
