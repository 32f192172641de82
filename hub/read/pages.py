"""Guidance pages, statutory pages and the home page, read from content/."""

from __future__ import annotations

import datetime as dt
import html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import Problem, Problems, did_you_mean
from ..core.fields import SLUG, Field, validate
from ..core.languages import in_language, language_of, split_name
from ..core.sources import check_inside, read_text, split_front_matter
from ..core.workers import map_in_workers
from .prose import (
    callout_markup,
    check_markdown_source,
    fill_page_text,
    line_of,
    make_markdown,
    render_page_text,
)
from .templates import template_folders, template_problems

SECTIONS = ["Understanding ASB", "Reporting ASB", "Action and support", "About this site"]


# What a page's front matter may hold. The owner's allowed values come from the settings,
# so the fields are made from them (page_fields); these are the rest. A page in another
# language is a file of its own with all these fields: its words and dates (i18n True) its
# own, the section, order, owner and publishing day (i18n "duplicate") as its default
# language's page gives them.
TITLE = Field(
    "title", "text", label="Title", help="the page's title, shown as its main heading", i18n=True
)
SUMMARY = Field(
    "summary",
    "text",
    label="Summary",
    help="one sentence used in search results and page lists",
    max_length=160,
    i18n=True,
)
LAST_REVIEWED = Field(
    "last_reviewed",
    "date",
    label="Last reviewed",
    help="when the page was last checked",
    i18n=True,
)
REVIEW_BY = Field(
    "review_by",
    "date",
    label="Review by",
    help="when the page must be checked again",
    i18n=True,
)
DRAFT = Field(
    "draft",
    "yes/no",
    required=False,
    default=False,
    label="Draft",
    help="true to keep it unpublished (previews still show it)",
    i18n=True,
)
HOME_FIELDS = [TITLE, SUMMARY, LAST_REVIEWED, REVIEW_BY, DRAFT]


def page_fields(settings) -> list[Field]:
    """Returns the fields of a guidance or statutory page's front matter, with the owners
    that data/site.yaml lists as the owner's allowed values."""
    return [
        TITLE,
        SUMMARY,
        Field(
            "section",
            "text",
            label="Section",
            choices=tuple(SECTIONS),
            help="which group of pages this belongs to",
            i18n="duplicate",
        ),
        Field(
            "order",
            "whole number",
            label="Order",
            help="position within its section",
            i18n="duplicate",
        ),
        LAST_REVIEWED,
        REVIEW_BY,
        Field(
            "owner",
            "slug",
            label="Owner",
            choices=tuple(settings.owners or {}),
            choice_labels=tuple((settings.owners or {}).values()),  # the form shows team names
            choices_from="owners in data/site.yaml",
            help="the team responsible for the page",
            i18n="duplicate",
        ),
        DRAFT,
        Field(
            "published",
            "date",
            required=False,
            label="Publish on",
            help="optional: the day the page goes live; until then only previews show it",
            i18n="duplicate",
        ),
    ]


OPTIONAL = ("section", "order", "last_reviewed", "review_by", "owner", "draft", "published")
# Addresses the build makes itself, so no page may take them.
RESERVED = {
    "news",
    "assets",
    "404",
    "search",
    "feed",
    "sitemap",
    "robots",
    "data",
    "report",
    "search-index",
}


@dataclass(frozen=True)
class PageText:
    """A page's text: its HTML, its contents list (h2 and h3 headings) and the line of each
    link to an address of the site, for a message about a broken one (its Markdown is not
    kept: it would double what a build holds and caches of every page)."""

    html: str
    toc: list[dict]
    link_lines: dict[str, int]


@dataclass(frozen=True)
class Page:
    """One Markdown page, ready for its template. All but `text` is its outline: what other
    pages show of it (menus, lists, link checks)."""

    source: str
    kind: str  # home | guidance | page
    slug: str
    title: str
    summary: str
    text: PageText
    ids: set[str]
    body_line: int
    section: str = ""
    order: int = 0
    last_reviewed: dt.date | None = None
    review_by: dt.date | None = None
    owner: str = ""
    draft: bool = False
    published: dt.date | None = None  # the day it goes live, when that is not at once
    links: list[str] = field(default_factory=list)
    language: str = ""  # the key of its language (hub.core.languages.Language), "" for the default
    prefix: str = ""  # what its language's addresses start with: "" or "/cy"

    url: str = field(init=False)  # its address
    output: str = field(init=False)  # its file in the built site

    def __post_init__(self):
        # Set once, not worked out on each use: each is read several times a page. (A frozen
        # dataclass sets its own fields as object does.)
        url = self.prefix + ("/" if self.kind == "home" else f"/{self.slug}/")
        object.__setattr__(self, "url", url)
        object.__setattr__(self, "output", url.lstrip("/") + "index.html")


def _read_page(path: Path, rel: str, kind: str, site, md, problems: Problems):
    """Returns a Page from one Markdown file, or None when it cannot be read. `site` is the
    settings in the page's language, and `md` makes HTML in that language."""
    text = read_text(path, rel, problems)
    if text is None:
        return None
    parts = split_front_matter(text, rel, problems)
    if parts is None:
        return None
    meta, body, body_line = parts
    fields = HOME_FIELDS if kind == "home" else page_fields(site)
    name, language = language_of(path.stem, site.languages)
    if not language.default and not _has_words(meta, body, fields):
        # Decap CMS writes a file for each language as soon as a page is saved, holding only
        # what it copies from the default one (section, order, owner): no version yet, which
        # `check` lists as missing, as it does a file not there.
        return None
    meta_values = validate(meta, fields, rel, problems)
    if kind != "home":
        _check_review_dates(meta, meta_values, rel, problems)
    if not body.strip():
        problems.add(rel, body_line, "the page has no text below its settings")
    readable = check_markdown_source(body, rel, body_line, problems)
    filled = fill_page_text(body, site, rel, body_line, problems) if readable else ""
    body_html, toc = render_page_text(md, filled or "", rel, body_line, problems)
    for entry in toc:
        entry["name"] = html.unescape(entry["name"])
    slug = name.lower()
    if kind != "home" and not SLUG.match(slug):
        problems.add(
            rel,
            1,
            f'the file name "{path.name}" cannot be a web address: use only '
            "lower-case letters, digits and hyphens, e.g. what-is-asb.md",
        )
    values = {k: v for k, v in meta_values.items() if v is not None}
    links = [html.unescape(h) for h in re.findall(r'\shref="([^"]*)"', body_html)]
    return Page(
        source=rel,
        kind=kind,
        slug=slug,
        text=PageText(html=body_html, toc=toc, link_lines=_lines(links, body, body_line)),
        ids=set(re.findall(r'\sid="([^"]+)"', body_html)),
        body_line=body_line,
        links=links,
        title=str(values.get("title", "")),
        summary=str(values.get("summary", "")),
        **{k: values[k] for k in OPTIONAL if k in values},
        language="" if language.default else language.key,
        prefix=language.prefix,
    )


def _is_internal(href: str) -> bool:
    """Returns whether `href` leads to an address of the site, or a #fragment of the page."""
    return href.startswith(("/", "#")) and not href.startswith("//")


def _lines(links: list[str], body: str, body_line: int) -> dict[str, int]:
    """Returns the line of the page's Markdown `body` (starting at `body_line`) where each
    of its `links` to the site first appears (the body's first line where it is not written
    as it is in the HTML)."""
    return {href: line_of(body, href, body_line) for href in links if _is_internal(href)}


def _has_words(meta, body: str, fields) -> bool:
    """Returns whether a page's file gives any text of its own: a page text, or a value for
    one of the fields each language writes (i18n True) other than a yes or no."""
    if body.strip() or not isinstance(meta, dict):
        return True
    own = [f.name for f in fields if f.i18n is True and f.kind != "yes/no"]
    return any(meta.get(name) not in (None, "") for name in own)


def _check_review_dates(meta, values: dict, rel: str, problems: Problems) -> None:
    """Records review dates in the wrong order."""
    reviewed, due = values.get("last_reviewed"), values.get("review_by")
    if isinstance(reviewed, dt.date) and isinstance(due, dt.date) and due <= reviewed:
        problems.add(rel, meta.line_of("review_by"), "review_by must be after last_reviewed")


def read_guidance_pages(
    content: Path,
    site,
    problems: Problems,
    include_drafts: bool,
    store=None,
    only: set[str] | None = None,
    today: dt.date | None = None,
) -> list[Page]:
    """Returns the home page, guidance and statutory pages in every language of the site,
    drafts left out unless asked. A page in another language (what-is-asb.cy.md) is published
    only with its page in the default language, which it must have.

    Given `today`, pages to be published after it are left out too, unless drafts are asked
    for. With `store` (hub.speed.pages.PageStore), only pages whose inputs changed are parsed
    again. `only` limits the pages read to those files (relative to the site folder, as in
    messages) and their versions in the site's other languages: a page's language link shows
    them.
    """
    languages = site.languages
    # (path, rel, kind) by language
    jobs: dict[str, list[tuple[str, str, str]]] = {lang.key: [] for lang in languages}
    for folder, kind, names in (
        ("", "home", [n for n in _markdown_files(content, "", problems) if _is_home(n)]),
        ("guidance", "guidance", _markdown_files(content, "guidance", problems)),
        ("pages", "page", _markdown_files(content, "pages", problems)),
    ):
        where = f"{content / folder}{os.sep}" if folder else f"{content}{os.sep}"
        for name in names:
            language = language_of(name[:-3], languages)[1]
            if language is not None:  # None: its language is not one of the site's
                rel = f"{content.name}/{folder}/{name}" if folder else f"{content.name}/{name}"
                jobs[language.key].append((where + name, rel, kind))
    if not any(job[2] == "home" for job in jobs[languages[0].key]):
        problems.add(
            f"{content.name}/index.md", 1, "the home page's text is missing: create this file"
        )
    if only is not None:
        wanted = {
            (kind, _page_name(rel))
            for jobs_of in jobs.values()
            for _, rel, kind in jobs_of
            if rel in only
        }
        jobs = {
            key: [j for j in found if (j[2], _page_name(j[1])) in wanted]
            for key, found in jobs.items()
        }
    made = {}  # the Markdown converter of each language, made only if a page has to be parsed
    # What every page in a language is made from besides its file: its settings and its
    # callouts' markup. Each is kept to the end, as the store knows it by its id.
    shares = {}
    with template_problems(content.parent):
        for language in languages:
            words = in_language(site, language)
            shares[language.key] = (
                words,
                callout_markup(template_folders(content.parent), words.words),
            )
    parsed = []
    for language in languages:
        words, callouts = shares[language.key]

        def read_one(path, rel, kind, found, words=words, callouts=callouts, key=language.key):
            if key not in made:
                made[key] = make_markdown(callouts)
            return _read_page(Path(path), rel, kind, words, made[key], found)

        # A page is made from its file, the settings and the callouts' markup. That markup
        # comes from templates, which a site may override and which the cache's key of a
        # page does not cover (only the code, the file and the settings): so it goes into the
        # key beside the settings, and a page is parsed again when its callouts would look
        # different.
        shared = shares[language.key]
        found = read_pages(jobs[language.key], read_one, shared, problems, store, only is None)
        parsed += [page for page in found if page]
    pages = _published(parsed, languages, include_drafts, today, problems)
    _check_slugs(pages, languages, problems)
    return pages


def untranslated_pages(pages: list[Page], settings) -> list[Problem]:
    """Returns, for each published page in the default language, a note of each language
    it has no published version in."""
    present = {(p.language, p.kind, p.slug) for p in pages}
    found = []
    for language in settings.languages[1:]:
        name = in_language(settings, language).words("language.name")
        for page in pages:
            if not page.language and (language.key, page.kind, page.slug) not in present:
                path = Path(page.source)
                wanted = path.parent / f"{_page_name(page.source)}.{language.key}{path.suffix}"
                found.append(
                    Problem(
                        page.source,
                        1,
                        f"has no version in {name} ({language.code}): write or publish "
                        f"{wanted.as_posix()}",
                    )
                )
    return found


def _page_name(rel: str) -> str:
    """Returns what a page is called in every language: its file's name without the
    language's key ("what-is-asb" for content/guidance/what-is-asb.cy.md)."""
    return split_name(Path(rel).stem)[0].lower()


def _published(pages: list[Page], languages, include_drafts: bool, today, problems: Problems):
    """Returns the pages to publish: drafts and pages to be published after `today` left
    out (unless `include_drafts`), and a page in another language only with its page in the
    default language. Records a page in another language that has none."""
    default = {(p.kind, p.slug): p for p in pages if not p.language}
    published = []
    for page in pages:
        partner = default.get((page.kind, page.slug)) if page.language else page
        if partner is None:
            problems.add(
                page.source,
                1,
                f"there is no {languages[0].code} page for this one to translate: write "
                f"{_default_file(page.source)} first (every page starts in the default "
                "language, and its translations follow it)",
            )
        elif include_drafts or not any(p.draft or _to_come(p, today) for p in (page, partner)):
            published.append(page)
    return published


def _default_file(rel: str) -> str:
    """Returns the default language's file of a page in another language."""
    path = Path(rel)
    return (path.parent / f"{split_name(path.stem)[0]}{path.suffix}").as_posix()


def _to_come(page: Page, today: dt.date | None) -> bool:
    """Returns whether the page is to be published after `today`."""
    return today is not None and page.published is not None and page.published > today


def read_pages(jobs, read_one, shared, problems: Problems, store=None, every_page=True) -> list:
    """Returns `read_one(path, rel, kind, found)` for each (path, rel, kind) job, in order.

    A page parsed before from the same inputs (its file, and `shared`: what every page is
    made from besides, such as the settings) comes from `store`; the rest are parsed on
    every core, and their problems added to `problems`. A page parsed without problems is
    kept in the store for next time. Unless `every_page` is False (the jobs are some of the
    pages), the store then forgets pages that had no job: their files are gone.
    """
    results: list = [None] * len(jobs)
    todo = []
    for n, (path, rel, kind) in enumerate(jobs):
        key = store.key(path, rel, kind, shared) if store else None
        results[n] = store.recall(rel, key) if store else None
        if results[n] is None:
            todo.append((n, key))

    def parse(item):
        found = Problems()
        path, rel, kind = jobs[item[0]]
        page = read_one(path, rel, kind, found)
        # What the store needs to keep the page, worked out here, on the core that parsed it.
        kept = store.parsed(page, path) if store and page and not found else None
        return page, found.items, kept

    for (n, key), (page, found, kept) in zip(todo, map_in_workers(parse, todo)):
        for problem in found:
            problems.add(problem.path, problem.line, problem.message)
        results[n] = page
        if store is None:
            continue
        rel = jobs[n][1]
        if kept is None:
            store.forget(rel)
        else:
            store.keep(rel, key, page, kept)
    if store is not None and every_page:
        store.listed = True
    return results


def _is_home(name: str) -> bool:
    """Returns whether the file `name` in content/ is the home page, in some language."""
    return split_name(name[:-3])[0] == "index"


def _markdown_files(content: Path, folder: str, problems: Problems) -> list[str]:
    """Returns the names of the .md files in the folder `folder` of `content` (its own files
    for "") that are not hidden, sorted (plain names: making thousands of Path objects costs
    more than reading the pages from the cache). Records, and leaves out, the folder or a file
    that is a link out of the site, to nothing or round in a circle."""
    path = content / folder if folder else content
    where = f"{content.name}/{folder}/" if folder else f"{content.name}/"
    if not check_inside(path, content.parent, where.rstrip("/"), problems):
        return []
    try:
        with os.scandir(path) as entries:
            return sorted(
                entry.name
                for entry in entries
                # A hidden file is an editor's, not a page: Emacs marks a page being edited
                # with a link named .#NAME.md that points nowhere.
                if entry.name.endswith(".md")
                and not entry.name.startswith(".")
                # Only a link can lead elsewhere: the folder itself is inside the site.
                and (
                    not entry.is_symlink()
                    or check_inside(entry.path, content.parent, where + entry.name, problems)
                )
            )
    except (FileNotFoundError, NotADirectoryError):
        return []


def _check_slugs(pages: list[Page], languages, problems: Problems) -> None:
    """Records pages that would share an address, including names that differ only in case,
    and names the site's own addresses use (a language's key among them)."""
    reserved = RESERVED | {lang.key for lang in languages if not lang.default}
    seen: dict[tuple[str, str], Page] = {}
    for page in pages:
        if page.kind == "home":
            continue
        if page.slug in reserved:
            problems.add(
                page.source, 1, f'"{page.slug}" is used by the site itself: rename the file'
            )
        other = seen.get((page.language, page.slug))
        if other:
            same = split_name(Path(other.source).stem)[0] == split_name(Path(page.source).stem)[0]
            how = "the same name" if same else "names that differ only in capital letters"
            problems.add(
                page.source,
                1,
                f"this page would have the same address ({page.url}) "
                f"as {other.source} ({how}): rename one of them",
            )
        else:
            seen[(page.language, page.slug)] = page


def check_internal_links(
    pages: list[Page], targets: dict[str, set[str]], problems: Problems
) -> None:
    """Records every link to a page or #fragment that the site does not have.

    `targets` maps each address the build makes to the ids on that page.
    """
    for page in pages:
        here = page.url
        for href in page.links:
            if not _is_internal(href):
                continue
            path, _, fragment = href.partition("#")
            path = path or here
            if path not in targets:
                hint = did_you_mean(path, targets)
                hint = f"; {hint}" if hint else ""
                problems.add(
                    page.source,
                    page.text.link_lines[href],
                    f'broken link to "{href}": no such page{hint}',
                )
            elif fragment and fragment not in targets[path]:
                problems.add(
                    page.source,
                    page.text.link_lines[href],
                    f'broken link to "{href}": that page has no heading with the id "{fragment}"',
                )
