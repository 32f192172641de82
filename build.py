#!/usr/bin/env python3
"""Build the ASB hub: python build.py [build|check|serve|new-report YYYY-MM] --help for options.

Exit status: 0 success, 1 content errors (each printed as path:line: message), 2 usage,
130 stopped with Ctrl+C.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

from hub import REPO
from hub.commands.lock import one_build_at_a_time
from hub.commands.serve import port_number
from hub.core.errors import ContentErrors, Problem, Problems
from hub.read.figures import read_figures
from hub.read.headers import check_csp_hosts, check_not_found_rules
from hub.read.helper.reading import read_report_routes
from hub.read.pages import Page, read_guidance_pages, untranslated_pages
from hub.read.reports.model import PatrolReports, Report
from hub.read.reports.reading import read_patrol_reports
from hub.read.reviews import overdue_reviews
from hub.read.settings import read_settings
from hub.read.templates import template_problems
from hub.site import Options, Site
from hub.site.checks import check_links_and_titles
from hub.speed.incremental import Cache, CachedTypes, Run, incremental
from hub.write.cms import write_cms
from hub.write.helper import write_report_helper
from hub.write.open_data import write_patrol_data
from hub.write.output import OutputRefused, copy_assets, output_refusal, staging_dir
from hub.write.pages import (
    make_environment,
    write_feeds_and_sitemap,
    write_guidance_pages,
    write_patrol_pages,
)
from hub.write.search_index import update_search_index, write_search_index
from hub.write.search_page import write_search_page

ROUTES = "data/report-routes.yaml"  # the report helper's routes, in the site folder

# What the speed layer's cache keeps of the readers' work, by type (hub/speed/ imports no reader).
CACHED = CachedTypes(page=Page, report=Report)


def build(
    site_dir: Path, out: Path, options: Options = Options(), cache: Cache | None = None
) -> Path:
    """Builds the site in `site_dir` into `out`. At every moment `out` holds the whole last
    good build or the whole new one. `cache` (by default the site's .cache/ folder) lets the
    build skip work whose inputs have not changed: the output is the same either way.

    Returns `out`; raises ContentErrors listing every content problem found.
    """
    options = replace(options, today=options.today or dt.date.today())
    with incremental(site_dir, out, options, CACHED, cache) as run:  # speed layer: may skip work
        if not run.needed:
            return out  # the output is already what this build would make
        if run.edited and write_edited_pages(site_dir, out, options, run):
            return out  # only pages' text changed, and only those pages were made again
        site = read_site(site_dir, options, run.cache)
        with staging_dir(out, run) as stage, template_problems(site_dir):
            assets = copy_assets(site.asset_folders, stage)
            env = make_environment(site, assets, options, run.cache.template_code)
            with stage.rendering_meanwhile():  # speed: the pages render while the steps go on
                write_guidance_pages(env, site, stage)
                write_patrol_pages(env, site, stage)  # reports, the news index and its charts
                write_patrol_data(env, site, stage)  # CSV, JSON and the data dictionary
                write_report_helper(env, site, stage)
                write_search_page(env, site, stage)
                write_cms(env, site, stage)  # /admin/: the browser editor, not in the sitemap
                write_feeds_and_sitemap(env, site, stage)  # lists what the steps registered
            if options.search:
                write_search_index(env, site, stage)
    return out


def write_edited_pages(site_dir: Path, out: Path, options: Options, run: Run) -> bool:
    """The build when only pages' text changed (`run.edited`, which the speed layer names):
    the same steps as above, on those pages alone, keeping every other file of the last build.

    Returns whether it made them; False, having written nothing, when a problem or a change
    to what other pages show of them (their outline) calls for the whole build, which then
    reports any problem.
    """
    problems = Problems()
    settings = read_settings(site_dir, problems)
    if problems:
        return False
    pages = read_guidance_pages(
        site_dir / "content",
        settings,
        problems,
        options.drafts,
        run.cache.pages,
        set(run.edited or []),
        options.today,  # a page to be published later is not made before its day
    )
    # The who-to-report-to page shows the helper's routes: read as read_site reads them.
    helper = read_report_routes(site_dir / ROUTES, ROUTES, settings, problems)
    if problems or not run.outlines_kept():
        return False
    site = Site(site_dir, settings, pages, reports=PatrolReports(), helper=helper)
    with staging_dir(out, run) as stage, template_problems(site_dir):
        assets = copy_assets(site.asset_folders, stage)
        env = make_environment(site, assets, options, run.cache.template_code)
        write_guidance_pages(env, site, stage)
        if options.search:
            update_search_index(env, site, stage)  # keeps the other files of the last build
        else:
            stage.keep_the_rest()
    return True


def read_site(site_dir: Path, options: Options, cache: Cache | None = None) -> Site:
    """Returns the site's settings, pages, reports and report helper, after checking them all.

    Raises ContentErrors with every problem found. The reports carry the figure definitions
    from data/figures.yaml (`site.reports.figures`). With `cache`, only files that changed
    since an earlier build are parsed again.
    """
    problems = Problems()
    settings = read_settings(site_dir, problems)
    if problems:  # every later step depends on the settings
        raise ContentErrors(problems.sorted())
    pages = read_guidance_pages(
        site_dir / "content",
        settings,
        problems,
        options.drafts,
        cache and cache.pages,
        today=options.today,
    )
    missing = untranslated_pages(pages, settings)  # and reports, helper: what a language lacks
    before = len(problems.items)
    figures = read_figures(site_dir / "data" / "figures.yaml", problems)
    reports = read_patrol_reports(
        site_dir,
        problems,
        options,
        cache and cache.reports,
        figures if len(problems.items) == before else None,  # None: not checked against it
        settings,
        missing,
    )
    helper = read_report_routes(site_dir / ROUTES, ROUTES, settings, problems, missing)
    if settings.all_languages_required:  # as the Welsh Language Standards need
        for gap in missing:
            problems.add(gap.path, gap.line, gap.message)
    site = Site(site_dir, settings, pages, reports, helper, sorted(missing))
    check_links_and_titles(site, problems)
    if (site_dir / "netlify.toml").is_file():  # the headers this site is deployed with
        check_csp_hosts(site_dir / "netlify.toml", "netlify.toml", settings, problems)
        check_not_found_rules(site_dir / "netlify.toml", "netlify.toml", settings, problems)
    if problems:
        raise ContentErrors(problems.sorted())
    return site


class Checked(NamedTuple):
    """What `check` found that does not stop a build: pages overdue for review, and what is
    missing in a language (a page, a report, the helper or a word of a translation)."""

    overdue: list[Problem]
    missing: list[Problem]


def check(site_dir: Path, today: dt.date | None = None) -> Checked:
    """Validates everything, including rendering, and writes nothing into the project.

    Returns a warning for each page overdue for review (a date never fails a build) and for
    each thing missing in a language (which fails it only with all_languages_required).
    """
    day = today or dt.date.today()
    options = Options(today=day, search=False)
    cache = Cache(site_dir, writable=False)
    with tempfile.TemporaryDirectory(prefix="asb-hub-check-") as scratch:
        build(site_dir, Path(scratch) / "site", options, cache)
    site = read_site(site_dir, options, cache)
    return Checked(overdue_reviews(site.pages, site_dir, day), site.missing)


def print_problems(error: ContentErrors) -> None:
    for problem in error.problems:
        print(problem, file=sys.stderr)
    count = len(error.problems)
    print(
        f"\n{count} problem{'s' if count != 1 else ''} found. Nothing was published: "
        "fix the lines above and run the command again.",
        file=sys.stderr,
    )


def report_check(checked: Checked, strict: bool) -> int:
    """Prints the warnings; returns the exit status (1 only when strict)."""
    for warning in sorted(checked.overdue + checked.missing):
        print(warning, file=sys.stderr)
    if not checked.overdue and not checked.missing:
        print("No problems found.")
        return 0
    found = []
    if checked.overdue:
        count = len(checked.overdue)
        found.append(f"{count} page{'s are' if count != 1 else ' is'} overdue for review")
    if checked.missing:
        count = len(checked.missing)
        found.append(
            f"{count} thing{'s are' if count != 1 else ' is'} missing in a language "
            "(all_languages_required in data/site.yaml makes these stop the build)"
        )
    said = "; ".join(found)
    if strict:
        print(
            f"\n{said}. check --strict fails on these: fix them, or run check without --strict.",
            file=sys.stderr,
        )
        return 1
    print(f"No problems found, but {said} (warnings above).")
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
    serve.add_argument(
        "--port", type=port_number, default=8000, help="default 8000; 0 picks any free port"
    )
    serve.add_argument(
        "--editor",
        action="store_true",
        help="also run the browser editor at /admin/, saving into this folder (no account)",
    )
    verify.add_argument(
        "--strict",
        action="store_true",
        help="fail (exit 1) on a warning: a page overdue for review, or missing in a language",
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
    if args.command == "build":  # checked before anything is written, the lock included
        args.out = args.out or args.site / "public"
        if refusal := output_refusal(args.out, args.site.resolve()):
            parser.error(refusal)
    return args


def main(argv=None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    site_dir = args.site.resolve()
    try:
        if args.command == "build":
            options = Options(drafts=args.drafts, base_url=args.base_url, search=not args.no_search)
            with one_build_at_a_time(site_dir, args.out):
                build(site_dir, args.out, options)
            print(f"Built the site into {args.out}")
        elif args.command == "check":
            with one_build_at_a_time(site_dir):
                return report_check(check(site_dir), args.strict)
        elif args.command == "serve":
            from hub.commands.serve import serve

            # Each rebuild takes the lock itself.
            return serve(site_dir, args.port, build, editor=args.editor)
        elif args.command == "new-report":
            from hub.commands.new_report import new_report

            with one_build_at_a_time(site_dir):
                return new_report(site_dir, args.month)
    except ContentErrors as error:
        print_problems(error)
        return 1
    except OutputRefused as error:  # filled by something else since parse_args checked it
        print(f"build.py: error: --out {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl+C, while waiting for another build or building
        print("Stopped.", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
