"""Turning pages and reports into HTML, feeds and the sitemap with Jinja templates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2

from .config import EXIT_KEY_WORDS
from .content import SECTIONS, Page
from .opendata import patrol_trend
from .output import Output
from .patrols import PatrolReports, Report, figure_words, month_name
from .routes import Helper, route_table
from .sharing import add_sharing_helpers

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


def make_environment(
    template_dirs: list[Path], site: dict, assets: dict[str, str], base_url: str
) -> jinja2.Environment:
    """Returns a Jinja environment that escapes everything and fails on unknown names."""
    env = _Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs if d.is_dir()]),
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
            raise KeyError(f"no asset called {name} in assets/")
        return assets[name]

    env.globals.update(
        site=site,
        asset=asset,
        base_url=base_url.rstrip("/"),
        exit_hint=exit_hint(site["quick_exit"]["keys"]),
        consent_cookie=CONSENT_COOKIE,
        analytics=site.get("analytics"),
        non_essential=[c for c in site["cookies"] if not c["essential"]],
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


def write_guidance_pages(
    env: jinja2.Environment,
    pages: list[Page],
    reports: list[Report],
    output: Output,
    helper: Helper | None = None,
) -> None:
    """Writes the home page and every guidance and statutory page.

    `helper` (the report helper's routes) gives the who-to-report-to page its table, so the
    page and the helper can never disagree.
    """
    nav = _nav(pages)
    # One list per section, shared by its pages, so it is fingerprinted once (see Output).
    crumbs = {
        g["name"]: [{"text": "Home", "href": "/"}, {"text": g["name"], "href": f"/#{g['id']}"}]
        for g in nav
    }
    jobs = []  # (path, template, values): unchanged pages are reused, the rest shared out
    for page in pages:
        if page.kind == "home":
            jobs.append(
                (
                    page.output,
                    "layouts/home.html",
                    {
                        "page": page,
                        "url": page.url,
                        "nav": nav,
                        "latest": reports[0] if reports else None,
                    },
                )
            )
        else:
            values = {"page": page, "url": page.url, "breadcrumbs": crumbs[page.section]}
            layout = LAYOUTS.get(page.slug, "layouts/page.html")
            if page.slug == "who-to-report-to":
                values["routes"] = route_table(helper)
            jobs.append((page.output, layout, values))
    output.write_rendered(env, jobs)


def write_patrol_pages(
    env: jinja2.Environment, reports: PatrolReports, per_page: int, output: Output
) -> None:
    """Writes one page per report and the news index, newest first, split into pages."""
    crumbs = [{"text": "Home", "href": "/"}, {"text": "Patrol news", "href": "/news/"}]
    jobs = [
        (
            report.output,
            "layouts/report.html",
            {
                "report": report,
                "url": report.url,
                "breadcrumbs": crumbs,
                "figures": reports.figures,
            },
        )
        for report in reports
    ]
    chunks = [reports[i : i + per_page] for i in range(0, len(reports), per_page)] or [[]]
    trend = patrol_trend(reports)
    for number, chunk in enumerate(chunks, start=1):
        url = "/news/" if number == 1 else f"/news/page/{number}/"
        pagination = {
            "previous": None
            if number == 1
            else ("/news/" if number == 2 else f"/news/page/{number - 1}/"),
            "next": f"/news/page/{number + 1}/" if number < len(chunks) else None,
            "number": number,
            "count": len(chunks),
        }
        jobs.append(
            (
                url.lstrip("/") + "index.html",
                "layouts/news.html",
                {
                    "reports": chunk,
                    "url": url,
                    "pagination": pagination,
                    "trend": trend,
                    "breadcrumbs": [{"text": "Home", "href": "/"}],
                },
            )
        )
    output.write_rendered(env, jobs)


def write_feeds_and_sitemap(
    env: jinja2.Environment,
    pages: list[Page],
    reports: PatrolReports,
    output: Output,
    more_urls: list[str] = (),
) -> list[str]:
    """Writes the Atom feed, sitemap.xml, robots.txt and the 404 page.

    `more_urls` are pages other steps made (the report helper, search, open data).
    Returns every address in the sitemap.
    """
    entries = [(p.url, p.last_reviewed) for p in pages]
    entries += [(r.url, r.published) for r in reports]
    news_pages = max(1, -(-len(reports) // env.globals["site"]["news_per_page"]))
    entries += [("/news/", reports[0].published if reports else None)]
    entries += [(f"/news/page/{n}/", None) for n in range(2, news_pages + 1)]
    entries += [(url, None) for url in more_urls]
    entries.sort(key=lambda e: e[0])
    updated = max((r.published for r in reports), default=dt.date(2000, 1, 1))
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
    return [url for url, _ in entries]
