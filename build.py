#!/usr/bin/env python3
"""Build the ASB hub: python build.py [build|check|serve|new-report YYYY-MM] --help for options.

Exit status: 0 success, 1 content errors (each printed as path:line: message), 2 usage,
130 stopped with Ctrl+C.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import os
import sys
import tempfile
from pathlib import Path

from hub.cache import BuildCache
from hub.config import load_site_config
from hub.content import check_internal_links, read_guidance_pages
from hub.errors import ContentErrors, Problem, Problems
from hub.headers import check_csp_hosts
from hub.lock import one_build_at_a_time
from hub.opendata import data_urls, write_patrol_data
from hub.output import Output, copy_assets, staging_dir
from hub.patrols import read_patrol_reports
from hub.render import (
    make_environment,
    write_feeds_and_sitemap,
    write_guidance_pages,
    write_patrol_pages,
)
from hub.reviews import overdue_reviews
from hub.routes import check_helper_links, helper_urls, read_report_routes, write_report_helper
from hub.search import SEARCH_URL, write_search_index, write_search_page
from hub.templates import template_problems

REPO = Path(__file__).resolve().parent


def read_site(
    site_dir: Path, include_drafts: bool, today: dt.date, cache: BuildCache | None = None
):
    """Returns (settings, pages, reports, report helper) after checking everything.

    Raises ContentErrors. The helper is None for a site without data/report-routes.yaml.
    With the build cache, pages are parsed again only when their inputs changed.
    """
    problems = Problems()
    site = load_site_config(site_dir / "data" / "site.yaml", "data/site.yaml", problems)
    if problems:  # every later step depends on the settings
        raise ContentErrors(problems.sorted())
    pages = read_guidance_pages(site_dir / "content", site, problems, include_drafts, cache)
    reports = read_patrol_reports(
        site_dir / "data" / "patrols", site_dir, problems, include_drafts, today, cache
    )
    helper = read_report_routes(
        site_dir / "data" / "report-routes.yaml", "data/report-routes.yaml", site, problems
    )
    targets = link_targets(pages, reports, site, helper)
    check_internal_links(pages, targets, problems)
    check_helper_links(helper, targets, problems)
    check_unique_titles(pages, reports, problems)
    if (site_dir / "netlify.toml").is_file():  # the headers this site is deployed with
        check_csp_hosts(site_dir / "netlify.toml", "netlify.toml", site, problems)
    if problems:
        raise ContentErrors(problems.sorted())
    return site, pages, reports, helper


def link_targets(pages, reports, site, helper=None) -> dict[str, set[str]]:
    """Returns every address the build makes, each with the ids a link may point at."""
    targets = {page.url: page.ids | {"main"} for page in pages}
    targets.update({report.url: {"main"} for report in reports})
    news_pages = max(1, -(-len(reports) // site["news_per_page"]))
    targets.update({f"/news/page/{n}/": {"main"} for n in range(2, news_pages + 1)})
    for url in (
        "/news/",
        "/news/feed.xml",
        "/sitemap.xml",
        "/robots.txt",
        SEARCH_URL,
        *helper_urls(helper),
        *data_urls(reports),
    ):
        targets[url] = {"main"}
    return targets


def check_unique_titles(pages, reports, problems: Problems) -> None:
    """Records pages that share a title: each page needs its own for search and screen readers."""
    seen = {}
    for item in [*pages, *reports]:
        other = seen.setdefault(item.title.lower(), item)
        if other is not item and item.title:
            problems.add(
                item.source,
                2,
                f'the title "{item.title}" is already used by '
                f"{other.source}: give each page its own title",
            )


@contextlib.contextmanager
def cycle_collection_paused():
    """Pauses Python's cycle collector for the block. A build holds tens of thousands of
    objects until it ends and makes few reference cycles: the collector would walk them all
    again and again, a tenth of the time of an incremental build."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def build(
    site_dir: Path,
    out: Path,
    include_drafts=False,
    base_url=None,
    today=None,
    search=True,
    cache: BuildCache | None = None,
) -> Path:
    """Builds the site into `out`, replacing it only when every step succeeded.

    `search=False` skips the search index (quicker previews and benchmarks).
    `cache` (by default the site's .cache/ folder) lets the build skip work whose inputs
    have not changed since the last build: the output is the same either way.
    Returns `out`; raises ContentErrors listing every content problem found.
    """
    with cycle_collection_paused():
        cache = cache or BuildCache(site_dir)
        today = today or dt.date.today()
        inputs = cache.inputs_fingerprint((include_drafts, base_url, today, search))
        if cache.output_is_current(out, inputs):
            return out  # nothing the build reads has changed since it made `out`
        try:
            if not search and update_edited_pages(
                site_dir, out, cache, include_drafts, base_url, inputs
            ):
                return out
            site, pages, reports, helper = read_site(site_dir, include_drafts, today, cache)
            with staging_dir(out, cache) as stage:
                env = make_site_environment(site_dir, site, stage, base_url)
                with template_problems(site_dir):
                    write_guidance_pages(env, pages, reports, stage)
                    write_patrol_pages(env, reports, site["news_per_page"], stage)
                    titles = {page.url: page.title for page in pages}
                    more = write_report_helper(env, helper, titles, stage)
                    more += write_patrol_data(env, reports, stage)
                    more += write_search_page(env, pages, helper, stage)
                    write_feeds_and_sitemap(env, pages, reports, stage, more)
                if search:
                    stage.keep_reused()  # Pagefind indexes the folder: every page, not new ones
                    write_search_index(stage.root)
            cache.remember_output(out, inputs, stage, outlines(pages))
        finally:
            cache.save()  # what was parsed is kept even when the content has problems
        return out


def outlines(pages) -> dict[str, str]:
    """Returns each page's outline (all that other pages show of it), by source file."""
    return {page.source: page._outline for page in pages}


def make_site_environment(site_dir: Path, site: dict, stage: Output, base_url: str | None):
    """Returns the Jinja environment pages are rendered with, once the assets it names are
    copied into `stage`."""
    assets = copy_assets([REPO / "assets", site_dir / "assets"], stage)
    return make_environment(
        [site_dir / "templates", REPO / "templates"], site, assets, base_url or site["base_url"]
    )


def update_edited_pages(
    site_dir: Path,
    out: Path,
    cache: BuildCache,
    include_drafts: bool,
    base_url: str | None,
    inputs: str,
) -> bool:
    """Brings `out` up to date by making again only the pages whose text was edited, when
    that is all that changed since its last build. Returns whether it did so; when it
    returns False, `out` is as it was and the whole build is needed.

    Saving a page is the commonest edit. Every other file the build makes reads of a page
    only its outline (title, summary, section, address, ids, links, dates), never its text
    (tests/build/test_incremental.py checks this), so while the edited pages' outlines are
    as the last build left them, their own files are the only ones that change.
    """
    last = cache.previous_output(out)
    if last is None or last.settings != cache.settings:
        return False
    edited = last.edited_since(cache.current)
    folders = tuple(f"{site_dir / 'content' / name}{os.sep}" for name in ("guidance", "pages"))
    if (
        not edited
        or not all(path.startswith(folders) and path.endswith(".md") for path in edited)
        or not last.untouched()
    ):
        return False
    problems = Problems()
    site = load_site_config(site_dir / "data" / "site.yaml", "data/site.yaml", problems)
    if problems:
        return False
    sources = {Path(path).relative_to(site_dir).as_posix() for path in edited}
    pages = read_guidance_pages(
        site_dir / "content", site, problems, include_drafts, cache, only=sources
    )
    if problems or outlines(pages) != {
        rel: last.outlines[rel] for rel in sources if rel in last.outlines
    }:
        return False  # the full build reports the problems, or remakes what lists the pages
    with staging_dir(out, cache) as stage:
        env = make_site_environment(site_dir, site, stage, base_url)
        with template_problems(site_dir):
            write_guidance_pages(env, pages, [], stage)
        stage.keep_the_rest()
    cache.remember_output(out, inputs, stage, last.outlines)
    return True


def check(site_dir: Path, today=None) -> list[Problem]:
    """Validates everything, including rendering, and writes nothing into the project.

    Returns a warning for each page overdue for review: a date never fails a build.
    """
    today = today or dt.date.today()
    cache = BuildCache(site_dir, writable=False)
    with tempfile.TemporaryDirectory(prefix="asb-hub-check-") as scratch:
        build(site_dir, Path(scratch) / "site", today=today, search=False, cache=cache)
    pages = read_site(site_dir, False, today, cache)[1]
    return overdue_reviews(pages, site_dir, today)


def print_problems(error: ContentErrors) -> None:
    for problem in error.problems:
        print(problem, file=sys.stderr)
    count = len(error.problems)
    print(
        f"\n{count} problem{'s' if count != 1 else ''} found. Nothing was published: "
        "fix the lines above and run the command again.",
        file=sys.stderr,
    )


def report_check(overdue: list[Problem], strict: bool) -> int:
    """Prints the overdue-review warnings; returns the exit status (1 only when strict)."""
    for warning in overdue:
        print(warning, file=sys.stderr)
    if not overdue:
        print("No problems found.")
        return 0
    pages = f"{len(overdue)} page{'s are' if len(overdue) != 1 else ' is'} overdue for review"
    if strict:
        print(
            f"\n{pages}. check --strict fails on this: review them, or run check without --strict.",
            file=sys.stderr,
        )
        return 1
    print(f"No problems found, but {pages} (warnings above).")
    return 0


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="build.py", description="Build the ASB hub.")
    commands = parser.add_subparsers(dest="command")
    make = commands.add_parser("build", help="build the site (the default)")
    make.add_argument("--out", type=Path, default=None, help="output folder (default public/)")
    make.add_argument("--drafts", action="store_true", help="include drafts and future items")
    make.add_argument("--base-url", default=None, help="address the site is published at")
    make.add_argument(
        "--no-search",
        action="store_true",
        help="skip the search index (quicker previews and benchmarks)",
    )
    for command in (
        make,
        verify := commands.add_parser("check", help="validate, write nothing"),
        serve := commands.add_parser("serve", help="preview with live reload"),
        new := commands.add_parser("new-report", help="start next month's report"),
    ):
        command.add_argument(
            "--site",
            type=Path,
            default=REPO,
            help="folder holding content/ and data/ (default: this repository)",
        )
    serve.add_argument("--port", type=int, default=8000)
    verify.add_argument(
        "--strict", action="store_true", help="fail (exit 1) when a page is overdue for review"
    )
    new.add_argument("month", help="the month the report covers, YYYY-MM")
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv = ["build", *argv]  # `build` is the default command
    args = parser.parse_args(argv)
    if args.command == "new-report":
        try:
            dt.date.fromisoformat(args.month + "-01")
        except ValueError:
            parser.error(f"month must be written YYYY-MM, for example 2025-08, got {args.month}")
    if not (args.site / "content").is_dir() and not (args.site / "data").is_dir():
        parser.error(f"{args.site} has no content/ or data/ folder")
    return args


def main(argv=None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    site_dir = args.site.resolve()
    try:
        if args.command == "build":
            out = args.out or site_dir / "public"
            with one_build_at_a_time(site_dir, out):
                build(site_dir, out, args.drafts, args.base_url, search=not args.no_search)
            print(f"Built the site into {out}")
        elif args.command == "check":
            with one_build_at_a_time(site_dir):
                return report_check(check(site_dir), args.strict)
        elif args.command == "serve":
            from hub.serve import serve

            return serve(site_dir, args.port, build)  # each rebuild takes the lock itself
        elif args.command == "new-report":
            from hub.scaffold import new_report

            with one_build_at_a_time(site_dir):
                return new_report(site_dir, args.month)
    except ContentErrors as error:
        print_problems(error)
        return 1
    except KeyboardInterrupt:  # Ctrl+C, while waiting for another build or building
        print("Stopped.", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
