"""What the build writes: safe, deterministic, semantic pages with computed figures."""

import datetime as dt
import filecmp
import re
from pathlib import Path

import pytest

import build
from hub.site import Options
from hub.write.output import Output, make_folder, staging_dir
from tests.conftest import TODAY, guidance_page, run_cli, write
from tests.support.site_checks import html_files

REPORT = """
month: "{month}"
title: Patrols in {month}
summary: What the extra patrols did in {month}.
published: {published}
{extra}
figures:
  - {{figure: patrol_hours, value: {hours}}}
  - {{figure: arrests, value: {arrests}}}
  - {{figure: immediate_justice_referrals, value: {referrals}}}
source:
  publisher: Test Constabulary
  title: Patrols update
  published: "{month}"
"""


def add_report(
    site: Path, month: str, hours=100, arrests=5, referrals=10, published=None, extra=""
) -> Path:
    return write(
        site / "data" / "patrols" / f"{month}.yaml",
        REPORT.format(
            month=month,
            hours=hours,
            arrests=arrests,
            referrals=referrals,
            published=published or f"{month}-28",
            extra=extra,
        ),
    )


def test_two_builds_are_byte_identical(small_site, tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    build.build(small_site, first, Options(today=TODAY))
    build.build(small_site, second, Options(today=TODAY))
    names = sorted(p.relative_to(first) for p in first.rglob("*"))
    assert names == sorted(p.relative_to(second) for p in second.rglob("*"))
    match, mismatch, errors = filecmp.cmpfiles(
        first, second, [str(n) for n in names if (first / n).is_file()], shallow=False
    )
    assert mismatch == [] and errors == [] and len(match) > 20


def test_no_inline_script_style_or_handlers_anywhere(built_example):
    for page in html_files(built_example):
        html = page.read_text()
        for script in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in script or 'type="application/ld+json"' in script, (page, script)
        assert "<style" not in html, page
        assert not re.search(r"\sstyle=", html), page
        assert not re.search(r"\son[a-z]+=", html, re.I), page


def test_assets_are_fingerprinted(built_example):
    home = (built_example / "index.html").read_text()
    for url in re.findall(r'(?:href|src)="(/assets/[^"]+)"', home):
        assert re.search(r"\.[0-9a-f]{10}\.(css|js|svg)$", url), url
        assert (built_example / url.lstrip("/")).is_file()


def test_every_page_is_semantic(built_example):
    titles, descriptions = set(), set()
    for page in html_files(built_example):
        html = page.read_text()
        welsh = page.relative_to(built_example).parts[0] == "cy"
        assert re.search(f'<html lang="{"cy" if welsh else "en-GB"}">', html), page
        assert html.count("<h1") == 1, page
        assert '<a href="#main" class="skip-link">' in html, page
        for landmark in ("<header", '<main id="main"', "<footer"):
            assert landmark in html, (page, landmark)
        title = re.search(r"<title>(.*?)</title>", html).group(1)
        description = re.search(r'<meta name="description" content="([^"]+)">', html).group(1)
        assert title not in titles and description not in descriptions, page
        titles.add(title)
        descriptions.add(description)


def test_raw_html_in_markdown_is_sanitised(small_site, tmp_path):
    write(
        small_site / "content" / "guidance" / "raw.md",
        guidance_page(
            "Raw HTML",
            """
        <script>alert("x")</script>

        <p onclick="steal()" style="color:red">Click <a href="javascript:alert(1)">here</a>.</p>

        <iframe src="https://example.org"></iframe>

        <strong>Kept</strong> and [a link](https://example.org/page).
        """,
        ),
    )
    out = build.build(small_site, tmp_path / "out", Options(today=TODAY))
    html = (out / "raw" / "index.html").read_text()
    body = html.split('<div class="prose">')[1].split("</div>")[0]
    assert "<script" not in body and "alert" not in body
    assert "onclick" not in body and "style=" not in body and "javascript:" not in body
    assert "<iframe" not in body
    assert "<strong>Kept</strong>" in body
    assert '<a href="https://example.org/page">a link</a>' in body


def test_data_is_escaped(small_site, tmp_path):
    report = small_site / "data" / "patrols" / "2024-07.en.yaml"
    report.write_text(
        report.read_text().replace(
            'title: "July 2024: more than 700 extra patrol hours and 15 arrests"',
            "title: '<script>alert(\"x\")</script> Extra patrols in July'",
        )
    )
    out = build.build(small_site, tmp_path / "out", Options(today=TODAY))
    html = (out / "news" / "2024-07" / "index.html").read_text()
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Extra patrols" in html
    assert '<script>alert("x")' not in html


def test_drafts_and_future_items_only_with_drafts(small_site, tmp_path):
    add_report(small_site, "2025-08", published="2026-12-01")
    add_report(small_site, "2025-09", extra="draft: true")
    write(
        small_site / "content" / "guidance" / "unfinished.md",
        guidance_page("Unfinished", "Work in progress.\n", draft="true"),
    )
    live = build.build(small_site, tmp_path / "live", Options(today=TODAY))
    assert not (live / "news" / "2025-08").exists()
    assert not (live / "news" / "2025-09").exists()
    assert not (live / "unfinished").exists()
    assert "unfinished" not in (live / "sitemap.xml").read_text()
    preview = build.build(small_site, tmp_path / "preview", Options(drafts=True, today=TODAY))
    for path in ("news/2025-08/index.html", "news/2025-09/index.html", "unfinished/index.html"):
        assert (preview / path).is_file(), path


def test_news_index_is_newest_first_and_paginated(example_site, tmp_path):
    months = [f"2025-{m:02d}" for m in range(8, 13)] + [f"2026-{m:02d}" for m in range(1, 8)]
    for month in months:
        add_report(example_site, month)
    out = build.build(example_site, tmp_path / "out", Options(today=TODAY))
    first = (out / "news" / "index.html").read_text()
    listed = re.findall(r'href="/news/(\d{4}-\d{2})/"', first)
    assert listed == sorted(months, reverse=True)[:10]
    assert 'href="/news/page/2/" rel="next"' in first
    second = (out / "news" / "page" / "2" / "index.html").read_text()
    assert re.findall(r'href="/news/(\d{4}-\d{2})/"', second) == [
        "2025-09",
        "2025-08",
        "2024-11",
        "2024-10",  # the example's twelve-month summary comes next, under its own name
        "2024-07",
        "2023-12",
    ]
    assert 'href="/news/year-to-2024-10/"' in second
    assert 'href="/news/" rel="prev"' in second
    home = (out / "index.html").read_text()
    assert 'href="/news/2026-07/"' in home  # the latest report is on the home page


def test_headings_get_ids_long_pages_get_contents_and_breadcrumbs(built_example):
    html = (built_example / "how-to-report" / "index.html").read_text()
    ids = re.findall(r'<h2 id="([^"]+)"', html)
    assert len(ids) >= 4
    contents = html.split('<nav class="contents"')[1].split("</nav>")[0]
    for heading_id in ids[1:]:  # the first h2 is the Contents heading itself
        assert f'href="#{heading_id}"' in contents
    assert '<nav class="breadcrumbs" aria-label="Breadcrumb">' in html
    assert '<a href="/#reporting-asb">Reporting ASB</a>' in html
    assert 'id="reporting-asb"' in (built_example / "index.html").read_text()


def test_data_placeholders_are_filled_from_site_settings(built_example):
    html = (built_example / "asb-case-review" / "index.html").read_text()
    assert "{{" not in html
    assert "https://example.org/asb-case-review" in html


def test_feed_sitemap_robots_and_404(built_example):
    feed = (built_example / "news" / "feed.xml").read_text()
    assert "<id>https://asb-hub.example.org/news/2024-07/</id>" in feed
    assert "<updated>2026-11-26T00:00:00Z</updated>" in feed
    sitemap = (built_example / "sitemap.xml").read_text()
    for url in ("/", "/what-is-asb/", "/news/", "/news/2024-07/", "/cookies/"):
        assert f"<loc>https://asb-hub.example.org{url}</loc>" in sitemap
    assert "404" not in sitemap
    assert (
        "Sitemap: https://asb-hub.example.org/sitemap.xml"
        in (built_example / "robots.txt").read_text()
    )
    not_found = (built_example / "404.html").read_text()
    assert '<meta name="robots" content="noindex">' in not_found


def test_base_url_option_changes_absolute_addresses(small_site, tmp_path):
    out = tmp_path / "out"
    result = run_cli(
        "build",
        "--site",
        str(small_site),
        "--out",
        str(out),
        "--base-url",
        "https://preview.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "https://preview.example.org/news/2024-07/" in (out / "sitemap.xml").read_text()


def test_staging_leaves_the_old_output_when_a_step_fails(tmp_path):
    out = tmp_path / "public"
    make_folder(out)  # marked as the build's own, as a build leaves it
    (out / "index.html").write_text("last good build")
    with pytest.raises(RuntimeError), staging_dir(out) as stage:
        stage.write("index.html", "half a build")
        raise RuntimeError("a step failed")
    assert (out / "index.html").read_text() == "last good build"
    assert [p.name for p in tmp_path.iterdir()] == ["public"]


def test_leftovers_of_a_killed_build_are_cleared(tmp_path):
    out = tmp_path / "public"
    (tmp_path / ".public.staging-999").mkdir()  # what `kill -9` part way through would leave
    with staging_dir(out) as stage:
        stage.write("index.html", "new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_the_same_path_is_never_written_twice(tmp_path):
    output = Output(tmp_path)
    output.write("news/index.html", "one")
    with pytest.raises(RuntimeError, match="two things would be written"):
        output.write("News/index.html", "two")


def test_future_check_uses_the_given_day(small_site, tmp_path):
    add_report(small_site, "2025-08", published="2026-11-27")
    out = build.build(small_site, tmp_path / "a", Options(today=dt.date(2026, 11, 27)))
    assert (out / "news" / "2025-08").is_dir()
