"""Remaking edited pages alone, with the pipeline's own steps, when that is all that changed
(see edited_pages_only in __init__.py for when)."""

from __future__ import annotations

from ..core.errors import Problems
from ..read.helper import read_report_routes
from ..read.pages import read_guidance_pages
from ..read.reports import PatrolReports
from ..read.settings import read_settings
from ..site import Site
from ..write.output import copy_assets, staging_dir
from ..write.pages import make_environment, write_guidance_pages
from .search import update_search_index


def remake_edited_pages(run, edited: list[str]) -> bool:
    """Brings the output up to date by making again only the pages in `edited` (their files'
    paths). Returns whether it did; when it returns False, the output is as it was and the
    whole build is needed (which also reports any problem found here)."""
    problems = Problems()
    settings = read_settings(run.site_dir, problems)
    if problems:
        return False
    sources = set(edited)  # relative to the site folder, as in messages
    pages = read_guidance_pages(
        run.site_dir / "content",
        settings,
        problems,
        run.options.drafts,
        run.cache.pages,
        sources,
        run.options.today,  # a page to be published later is not made before its day
    )
    # The who-to-report-to page shows the helper's routes: read here as the whole build does.
    routes = run.site_dir / "data" / "report-routes.yaml"
    helper = read_report_routes(routes, "data/report-routes.yaml", settings, problems)
    last = run.previous.outlines
    if problems or run.cache.pages.outlines != {rel: last.get(rel) for rel in sources}:
        return False  # an outline changed: what lists the pages must be made again too
    site = Site(run.site_dir, settings, pages, reports=PatrolReports(), helper=helper)
    with staging_dir(run.out, run) as stage:
        env = make_environment(site, copy_assets(site.asset_folders, stage), run.options)
        write_guidance_pages(env, site, stage)
        if run.options.search:
            update_search_index(stage, sorted(r for r in stage.fresh if r.endswith(".html")))
        else:
            stage.keep_the_rest()
    run.facts["outlines"] = last
    return True
