"""Turning pages and reports into HTML, feeds and the sitemap with Jinja templates."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence
from dataclasses import replace

import jinja2
from markupsafe import Markup, escape

from ..core.addresses import NEWS, breadcrumbs, home_crumb, is_example_address, news_index_urls
from ..core.interface import Words, fill, markup_strings, phone_link
from ..core.languages import Language
from ..read.helper.routes import case_review_areas, route_table
from ..read.pages import SECTIONS, Page
from ..read.prose import mark_example_addresses
from ..read.reports.model import PatrolReports
from ..read.settings import EXIT_KEY_WORDS, QuickExit
from ..read.templates import TemplateLoader
from ..site import Options, Site
from ..site.editions import Versions, editions, site_addresses
from .open_data import patrol_trend
from .output import Output
from .sharing import add_sharing_helpers

# The one essential cookie the consent script writes; it must be listed in data/site.yaml.
CONSENT_COOKIE = "asb_hub_consent"


class SiteEnvironment(jinja2.Environment):
    """Jinja's environment, giving each template its globals as one plain mapping.

    Jinja layers a template's globals over the environment's so that globals added later
    show through; ours are all set before the first template loads, and the layered lookup
    ran a few hundred times a page (for each `{% from ... import %}`).
    """

    languages: dict[str, SiteEnvironment]  # language key -> the environment of that language

    def make_globals(self, d):
        return {**self.globals, **(d or {})}

    def for_language(self, language: Language) -> SiteEnvironment:
        """Returns the environment pages in `language` are rendered with."""
        return self.languages[language.key]


def make_environment(
    site: Site,
    assets: dict[str, str],
    options: Options,
    compiled: jinja2.BytecodeCache | None = None,
) -> SiteEnvironment:
    """Returns the Jinja environment pages are rendered with: it escapes everything, fails on
    unknown names, and gives templates the settings as `site`, the interface strings as `t`
    and the assets by name. That is the default language's; `env.for_language(language)`
    gives each language's, whose settings and strings are in that language. `compiled` keeps
    compiled templates from one build to the next in this process (hub/speed/)."""
    envs = {}
    addresses = site_addresses(site)
    for language, part in editions(site):
        known = addresses[language.key]
        envs[language.key] = _language_environment(part, assets, options, language, known, compiled)
    for env in envs.values():
        env.languages = envs
    return envs[site.settings.languages[0].key]


def _language_environment(
    site: Site,
    assets: dict[str, str],
    options: Options,
    language: Language,
    known: dict,
    compiled: jinja2.BytecodeCache | None,
) -> SiteEnvironment:
    """Returns the environment of one language, for `site` in that language; `known` holds
    the addresses the build makes in it."""
    settings = site.settings
    env = SiteEnvironment(
        loader=TemplateLoader([str(d) for d in site.template_folders if d.is_dir()]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Each build makes a new environment, so templates cannot change under it; without
        # this, Jinja checks every template file's time on every use, thousands of times.
        auto_reload=False,
        bytecode_cache=compiled,
    )
    prefix = language.prefix
    # The addresses in this language, in order, so that the environment's fingerprint is the
    # same in every build (a set would pickle in another order in each process).
    here = sorted(known) if prefix else []

    def link(url: str) -> str:
        """Returns the address of the site's page `url` (written as in the default
        language) in this language, or `url` itself where it has no page in this one."""
        return url if not prefix or prefix + url not in here else prefix + url

    def asset(name: str) -> str:
        if name not in assets:
            raise jinja2.TemplateRuntimeError(f"no asset called {name} in assets/")
        return assets[name]

    words = settings.words
    # base_url, quick_exit and cookies are required in data/site.yaml, so any site that gets
    # this far has them; the fallbacks are for the type checker, which cannot know that.
    quick_exit = settings.quick_exit or QuickExit()
    env.globals.update(
        site=settings,
        t=markup_strings(words.strings),  # for the templates' own text
        text=words,  # text("group.name", ...): a string as plain text, for a value that is escaped
        asset=asset,
        link=link,
        base_url=(options.base_url or settings.base_url or "").rstrip("/"),
        exit_hint=exit_hint(quick_exit.keys or [], words),
        consent_cookie=CONSENT_COOKIE,
        analytics=settings.analytics,
        non_essential=[c for c in settings.cookies or [] if not c.essential],
    )
    add_sharing_helpers(env)
    env.filters["fill"] = fill
    env.filters["long_date"] = words.date
    env.filters["month_name"] = words.month
    env.filters["number"] = lambda n: f"{n:,}"
    env.filters["figure"] = lambda entry: words.figure(entry.value, entry.qualifier)
    env.filters["sentence"] = lambda text: text[:1].upper() + text[1:]
    env.filters["change"] = lambda change: words.change(change.by, change.since)
    env.filters["day_or_month"] = words.day_or_month
    env.filters["xml"] = xml_text
    env.filters["tel"] = phone_link
    # One rule and one label for placeholder addresses, in page text and in components.
    example_label = words("contact.example_address")
    env.filters["mark_examples"] = lambda html: mark_example_addresses(html, example_label)
    env.tests["example_address"] = is_example_address
    first = settings.languages[0].code
    in_first = words("language.in_first")
    env.filters["other_language_links"] = lambda html: (
        mark_other_language_links(html, set(here), prefix, first, in_first) if prefix else html
    )
    # Rendered here once, not on each of thousands of pages: nothing in them depends on the page.
    env.globals["every_page"] = {
        part: Markup(env.get_template(f"every-page/{part.replace('_', '-')}.html").render())
        for part in EVERY_PAGE
    }
    return env


# The parts of base.html that every page of a language shows alike (templates/every-page/).
EVERY_PAGE = ("top", "phase_banner", "footer")


_ANCHOR = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S)
_PAGE_HREF = re.compile(r'\bhref="(/[^"#?]*/)(?:[#?][^"]*)?"')


def mark_other_language_links(
    html: str, here: set[str], prefix: str, code: str, name: str
) -> Markup:
    """Returns a page's HTML (in the language whose addresses start with `prefix`, whose
    pages are `here`) with each link to a page of the site that has no version in it marked
    as in the first language (`code`): hreflang, and `name` after the link, so a reader knows
    before following it. A link that already names its language is left. The link's words
    are this page's unless its template marks them (lang) as the other page's own title."""

    def marked(link: re.Match) -> str:
        attributes, words = link[1], link[2]
        href = _PAGE_HREF.search(attributes)
        if "hreflang=" in attributes or not href:
            return link[0]
        path = href[1]
        if path.startswith(prefix + "/") or prefix + path in here:
            return link[0]
        return f'<a{attributes} hreflang="{code}">{words}</a> {escape(name)}'

    return Markup(_ANCHOR.sub(marked, str(html)))


def exit_hint(keys: list[str], words: Words) -> str:
    """Returns the sentence telling readers which keys leave the site, or "" for none."""
    named = [words(EXIT_KEY_WORDS[key]) for key in keys]
    return words("exit.hint", keys=f" {words('exit.or')} ".join(named)) if named else ""


def section_key(section: str) -> str:
    """Returns the key of a section's name in the strings: "Understanding ASB" is
    sections.understanding_asb."""
    return section.lower().replace(" ", "_")


def _nav(
    pages: list[Page], words: Words, elsewhere: Collection[str] = (), first: str = ""
) -> list[dict]:
    """Returns the guidance pages grouped by section, in reading order, each section named in
    `words`; a page whose address is in `elsewhere` is in the first language (`first`, its
    `lang`).

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
                    "title": words(f"sections.{section_key(section)}"),
                    "id": section.lower().replace(" ", "-"),
                    "pages": [
                        {
                            "url": p.url,
                            "title": p.title,
                            "summary": p.summary,
                            "lang": first if p.url in elsewhere else "",
                        }
                        for p in members
                    ],
                }
            )
    return groups


# Pages whose layout adds something made from data to their text.
LAYOUTS = {
    "cookies": "layouts/cookies.html",
    "who-to-report-to": "layouts/who-to-report-to.html",
    "keep-a-diary": "layouts/diary.html",
    "after-you-report": "layouts/after-you-report.html",
    "asb-case-review-in-your-area": "layouts/case-review-areas.html",
}


def write_guidance_pages(env: SiteEnvironment, site: Site, output: Output) -> None:
    """Writes the home page and every guidance and statutory page, in each language. The
    who-to-report-to page shows a table made from the report helper's routes, so the two
    can never disagree."""
    versions = Versions(site)
    first = site.settings.languages[0].code
    parts = list(editions(site))
    first_pages = parts[0][1].pages
    for language, part in parts:
        # A page with no version in this language is listed on its home page in the first
        # language's words, marked as such, so every page can be reached from every home.
        own = {page.url.removeprefix(language.prefix) for page in part.pages}
        others = [p for p in first_pages if not language.default and p.url not in own]
        _write_guidance_pages(
            env.for_language(language), part, language, versions, output, others, first
        )


def _write_guidance_pages(
    env,
    site: Site,
    language: Language,
    versions,
    output: Output,
    others: Sequence[Page] = (),
    first: str = "",
) -> None:
    words, prefix = site.settings.words, language.prefix
    nav = _nav([*site.pages, *others], words, {p.url for p in others}, first)
    home = home_crumb(words, prefix)
    # One list per section, shared by its pages, so it is fingerprinted once (see RenderKeys).
    crumbs = {g["name"]: breadcrumbs(home, (g["title"], f"{prefix}/#{g['id']}")) for g in nav}
    latest = site.reports[0] if site.reports else None
    jobs = []  # (path, template, values): unchanged pages are kept, the rest shared out
    for page in site.pages:
        shared = {"page": page, "url": page.url, "versions": versions.of(page.url)}
        if page.kind == "home":
            values = {**shared, "nav": nav, "latest": latest}
            jobs.append((page.output, "layouts/home.html", values))
        else:
            values = {**shared, "breadcrumbs": crumbs[page.section]}
            if page.slug == "who-to-report-to":
                values["routes"] = route_table(site.helper)
            if page.slug == "asb-case-review-in-your-area":
                values["review"] = case_review_areas(site.helper)
            jobs.append((page.output, LAYOUTS.get(page.slug, "layouts/page.html"), values))
        output.add_address(page.url, page.last_reviewed)
    output.write_rendered(env, jobs)


def write_patrol_pages(env: SiteEnvironment, site: Site, output: Output) -> None:
    """Writes one page per report and the news index, newest first, split into pages, in
    each language."""
    versions = Versions(site)
    for language, part in editions(site):
        # The charts show every month's figures, whichever reports have a version here.
        every = PatrolReports(site.reports, part.reports.figures)
        listed = _listed_reports(site, part)
        _write_patrol_pages(
            env.for_language(language), part, language, every, listed, versions, output
        )


def _listed_reports(site: Site, part: Site) -> list:
    """Returns every report for the news index of `part` (the site in one language), newest
    first: its own version where it has one, else the first language's, with the month and
    the site's own organisation named in this language (the page marks its words as the
    other language's)."""
    own = {report.key: report for report in part.reports}
    words, organisation = part.settings.words, site.settings.organisation
    listed = []
    for report in site.reports:
        if report.key in own:
            listed.append(own[report.key])
            continue
        release = report.release
        if release.publisher == organisation:
            release = replace(release, publisher=part.settings.organisation)
        period = words.month(report.month) if report.kind == "month" else report.period
        listed.append(replace(report, period=period, release=release))
    return listed


def _write_patrol_pages(
    env,
    site: Site,
    language: Language,
    every: PatrolReports,
    listed: list,
    versions,
    output: Output,
) -> None:
    reports = site.reports
    words, prefix = site.settings.words, language.prefix
    home = home_crumb(words, prefix)
    crumbs = breadcrumbs(home, (words("news.title"), prefix + NEWS))
    jobs = []
    for report in reports:
        values = {"report": report, "url": report.url, "breadcrumbs": crumbs}
        values.update(figures=reports.figures, versions=versions.of(report.url))
        jobs.append((report.output, "layouts/report.html", values))
        output.add_address(report.url, report.published)
    per_page = site.settings.news_per_page
    urls = news_index_urls(len(listed), per_page, prefix)
    trend = patrol_trend(every, words)
    for number, url in enumerate(urls, start=1):
        pagination = {
            "previous": urls[number - 2] if number > 1 else None,
            "next": urls[number] if number < len(urls) else None,
            "number": number,
            "count": len(urls),
        }
        values = {
            "reports": listed[(number - 1) * per_page : number * per_page],
            "url": url,
            "pagination": pagination,
            "trend": trend,
            "breadcrumbs": breadcrumbs(home),
            "versions": versions.of(url),
        }
        jobs.append((url.lstrip("/") + "index.html", "layouts/news.html", values))
        output.add_address(url, listed[0].published if listed and number == 1 else None)
    output.write_rendered(env, jobs)


# Every character that XML 1.0 does not allow (the complement of its `Char`): the C0 controls
# but tab, line feed and carriage return, lone surrogates, U+FFFE and U+FFFF. One of them
# anywhere makes a feed or sitemap not well-formed, and readers then drop the whole file.
# Listed rather than written as "not one of XML's ranges", which takes 4 ms to compile.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text) -> Markup:
    """Returns `text` escaped (unless it is markup already) without the characters XML 1.0
    forbids. The feed and sitemap templates pass all they write through it (`{% filter xml %}`).

    The readers refuse those characters at their line (hub/core/yamlfile.py); this is the second
    line, which leaves out what gets past them rather than publish an unreadable file."""
    return Markup(NOT_XML.sub("", str(escape(text))))


def write_feeds_and_sitemap(env: SiteEnvironment, site: Site, output: Output) -> None:
    """Writes the Atom feed and the 404 page in each language, robots.txt, and sitemap.xml,
    which lists every address the earlier steps registered on `output`, with each one's
    versions in the other languages."""
    versions = Versions(site)
    for language, part in editions(site):
        reports, prefix = part.reports, language.prefix
        updated = max((r.published for r in reports), default=dt.date(2000, 1, 1))
        feed = {"reports": reports, "updated": updated, "figures": reports.figures}
        missing = {"url": prefix + "/404.html", "versions": versions.of(prefix + "/404.html")}
        output.write_rendered(
            env.for_language(language),
            [
                (f"{prefix.lstrip('/')}/news/feed.xml".lstrip("/"), "feed.xml", feed),
                (f"{prefix.lstrip('/')}/404.html".lstrip("/"), "layouts/404.html", missing),
            ],
        )
    entries = [
        (url, updated, versions.of(url))
        for url, updated in sorted(output.addresses, key=lambda entry: entry[0])
    ]
    output.write_rendered(
        env,
        [
            ("sitemap.xml", "sitemap.xml", {"entries": entries}),
            ("robots.txt", "robots.txt", {}),
        ],
    )
