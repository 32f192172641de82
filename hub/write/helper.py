"""Writing the "Who should I report this to?" helper: every step's page, in each language the
helper has a version in. What the steps are and where they lead is read and worked out in
hub/read/helper/."""

from __future__ import annotations

from ..core.addresses import breadcrumbs, home_crumb
from ..read.helper.pages import helper_pages
from ..site.editions import Versions, editions

LAYOUTS = {
    "start": "layouts/helper-question.html",
    "question": "layouts/helper-question.html",
    "emergency": "layouts/helper-emergency.html",
    "result": "layouts/helper-result.html",
}


def write_report_helper(env, site, output) -> None:
    """Writes every page of "Who should I report this to?", for a site that has one, in each
    language it has a version in.

    Only the start page goes in the sitemap: the rest are steps that make sense only in order.
    """
    versions = Versions(site)
    # Names each guidance link: the page in the helper's language, or the default's.
    page_titles = {page.url: page.title for page in site.pages}
    for language, part in editions(site):
        if part.helper is not None:
            _write_helper(env.for_language(language), part, language, page_titles, versions, output)


def _write_helper(env, site, language, page_titles: dict, versions, output) -> None:
    helper, words = site.helper, site.settings.words
    home = home_crumb(words, language.prefix)
    jobs = []  # rendered only when what a step shows changed (hub/speed/render_keys.py)
    for step in helper_pages(helper, words):
        if step.kind == "start":
            crumbs = breadcrumbs(home)
        else:
            crumbs = breadcrumbs(home, (words("helper.name"), helper.root))
        values = {"step": step, "url": step.url, "breadcrumbs": crumbs, "page_titles": page_titles}
        jobs.append(
            (step.output, LAYOUTS[step.kind], {**values, "versions": versions.of(step.url)})
        )
    output.write_rendered(env, jobs)
    output.add_address(helper.root)
