"""Turning pages and reports into HTML, feeds and the sitemap with Jinja templates."""

from __future__ import annotations

import datetime as dt

import jinja2

from .addresses import NEWS, breadcrumbs, news_index_urls
from .config import EXIT_KEY_WORDS
from .content import SECTIONS, Page
from .opendata import patrol_trend
from .output import Output
from .patrols import figure_words, month_name
from .routes import route_table
from .sharing import add_sharing_helpers
from .site import Options, Site

# The one essential cookie the consent script writes; it must be listed in data/site.yaml.
CONSENT_COOKIE = "asb_hub_consent"


class _Environment(jinja2.Environment):
    """Jinja's environment, giving each template its globals as one plain mapping.

    Jinja layers a template's globals over the environment's so that globals added later
    show through; ours are all set before the first template loads, and the layered lookup
    ran a few hundred times a page (for each `{% from ... import %}`).
    """

    def make_globals(self, d):
        return {**self.globals, **(d or {})}


def make_environment(site: Site, assets: dict[str, str], options: Options) -> jinja2.Environment:
    """Returns the Jinja environment pages are rendered with: it escapes everything, fails on
    unknown names, and gives templates the settings as `site` and the assets by name."""
    settings = site.settings
    env = _Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in site.template_folders if d.is_dir()]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Each build makes a new environment, so templates cannot change under it; without
        # this, Jinja checks every template file's time on every use, thousands of times.
        auto_reload=False,
    )

    def asset(name: str) -> str:
        if name not in assets:
            raise jinja2.TemplateRuntimeError(f"no asset called {name} in assets/")
        return assets[name]

    env.globals.update(
        site=settings,
        asset=asset,
        base_url=(options.base_url or settings.base_url).rstrip("/"),
        exit_hint=exit_hint(settings.quick_exit.keys),
        consent_cookie=CONSENT_COOKIE,
        analytics=settings.analytics,
        non_essential=[c for c in settings.cookies if not c.essential],
    )
    add_sharing_helpers(env)
    env.filters["long_date"] = lambda d: f"{d.day} {d:%B %Y}"
    env.filters["number"] = lambda n: f"{n:,}"
    env.filters["figure"] = lambda entry: figure_words(entry["value"], entry["qualifier"])
    env.filters["sentence"] = lambda text: text[:1].upper() + text[1:]
    env.filters["change"] = change_words
    env.filters["day_or_month"] = day_or_month
    return env


def change_words(change: dict) -> str:
    """Returns a change on the month before in words, naming that month: "down 20 on
    October 2024"."""
    by, since = change["by"], change["since"]
    if by == 0:
        return f"no change on {since}"
    return f"{'up' if by > 0 else 'down'} {abs(by):,} on {since}"


def day_or_month(value) -> str:
    """Returns a date as "18 February 2024", or a month given as "2024-09" as "September 2024"."""
    if isinstance(value, dt.date):
        return f"{value.day} {value:%B %Y}"
    return month_name(value)


def exit_hint(keys: list[str]) -> str:
    """Returns the sentence telling readers which keys leave the site, or "" for none."""
    words = [EXIT_KEY_WORDS[key] for key in keys]
    return f"To leave quickly, {' or '.join(words)}." if words else ""


def _nav(pages: list[Page]) -> list[dict]:
    """Returns the guidance pages grouped by section, in reading order.

    Each page is listed by its address, title and summary only: all the home page shows,
    so that editing a page's text does not make the home page again.
    """
    groups = []
    for section in SECTIONS:
        members = sorted(
            (p for p in pages if p.kind != "home" and p.section == section),
            key=lambda p: (p.order, p.title),
        )
        if members:
            groups.append(
                {
                    "name": section,
                    "id": section.lower().replace(" ", "-"),
                    "pages": [
                        {"url": p.url, "title": p.title, "summary": p.summary} for p in members
                    ],
                }
            )
    return groups


# Pages whose layout adds something made from data to their text.
LAYOUTS = {"cookies": "layouts/cookies.html", "who-to-report-to": "layouts/who-to-report-to.html"}


def write_guidance_pages(env: jinja2.Environment, site: Site, output: Output) -> None:
    """Writes the home page and every guidance and statutory page. The who-to-report-to page
    shows a table made from the report helper's routes, so the two can never disagree."""
    nav = _nav(site.pages)
    # One list per section, shared by its pages, so it is fingerprinted once (see RenderKeys).
    crumbs = {g["name"]: breadcrumbs((g["name"], f"/#{g['id']}")) for g in nav}
    latest = site.reports[0] if site.reports else None
    jobs = []  # (path, template, values): unchanged pages are kept, the rest shared out
    for page in site.pages:
        if page.kind == "home":
            values = {"page": page, "url": page.url, "nav": nav, "latest": latest}
            jobs.append((page.output, "layouts/home.html", values))
        else:
            values = {"page": page, "url": page.url, "breadcrumbs": crumbs[page.section]}
            if page.slug == "who-to-report-to":
                values["routes"] = route_table(site.helper)
            jobs.append((page.output, LAYOUTS.get(page.slug, "layouts/page.html"), values))
        output.add_address(page.url, page.last_reviewed)
    output.write_rendered(env, jobs)


def write_patrol_pages(env: jinja2.Environment, site: Site, output: Output) -> None:
    """Writes one page per report and the news index, newest first, split into pages."""
    reports = site.reports
    crumbs = breadcrumbs(("Patrol news", NEWS))
    jobs = []
    for report in reports:
        values = {"report": report, "url": report.url, "breadcrumbs": crumbs}
        jobs.append((report.output, "layouts/report.html", {**values, "figures": reports.figures}))
        output.add_address(report.url, report.published)
    per_page = site.settings.news_per_page
    urls = news_index_urls(len(reports), per_page)
    trend = patrol_trend(reports)
    for number, url in enumerate(urls, start=1):
        pagination = {
            "previous": urls[number - 2] if number > 1 else None,
            "next": urls[number] if number < len(urls) else None,
            "number": number,
            "count": len(urls),
        }
        values = {
            "reports": reports[(number - 1) * per_page : number * per_page],
            "url": url,
            "pagination": pagination,
            "trend": trend,
            "breadcrumbs": breadcrumbs(),
        }
        jobs.append((url.lstrip("/") + "index.html", "layouts/news.html", values))
        output.add_address(url, reports[0].published if reports and number == 1 else None)
    output.write_rendered(env, jobs)


def write_feeds_and_sitemap(env: jinja2.Environment, site: Site, output: Output) -> None:
    """Writes the Atom feed, robots.txt, the 404 page and sitemap.xml, which lists every
    address the earlier steps registered on `output`."""
    reports = site.reports
    updated = max((r.published for r in reports), default=dt.date(2000, 1, 1))
    entries = sorted(output.addresses, key=lambda entry: entry[0])
    output.write_rendered(
        env,
        [
            (
                "news/feed.xml",
                "feed.xml",
                {"reports": reports, "updated": updated, "figures": reports.figures},
            ),
            ("sitemap.xml", "sitemap.xml", {"entries": entries}),
            ("robots.txt", "robots.txt", {}),
            ("404.html", "layouts/404.html", {"url": "/404.html"}),
        ],
    )
