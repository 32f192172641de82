"""Guidance pages, statutory pages and the home page, read from content/."""

from __future__ import annotations

import datetime as dt
import html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problems, did_you_mean
from .prose import (
    callout_markup,
    check_markdown_source,
    fill_placeholders,
    line_of,
    make_markdown,
    render_page_text,
)
from .schema import SLUG, Field, validate
from .site import template_folders
from .sources import read_text, split_front_matter
from .speed.workers import map_in_workers
from .templates import template_problems

SECTIONS = ["Understanding ASB", "Reporting ASB", "Action and support", "About this site"]


# What a page's front matter may hold. The owner's allowed values come from the settings,
# so the fields are made from them (page_fields); these are the rest.
TITLE = Field("title", "text", label="Title", help="the page's title, shown as its main heading")
SUMMARY = Field(
    "summary",
    "text",
    label="Summary",
    help="one sentence used in search results and page lists",
    max_length=160,
)
LAST_REVIEWED = Field(
    "last_reviewed", "date", label="Last reviewed", help="when the page was last checked"
)
REVIEW_BY = Field(
    "review_by", "date", label="Review by", help="when the page must be checked again"
)
DRAFT = Field(
    "draft",
    "yes/no",
    required=False,
    default=False,
    label="Draft",
    help="true to keep it unpublished (previews still show it)",
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
        ),
        Field("order", "whole number", label="Order", help="position within its section"),
        LAST_REVIEWED,
        REVIEW_BY,
        Field(
            "owner",
            "slug",
            label="Owner",
            choices=tuple(settings.owners or {}),
            choices_from="owners in data/site.yaml",
            help="the team responsible, from owners in data/site.yaml",
        ),
        DRAFT,
        Field(
            "published",
            "date",
            required=False,
            label="Publish on",
            help="optional: the day the page goes live; until then only previews show it",
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
    "pagefind",
}


@dataclass
class PageText:
    """A page's text: its HTML, its contents list (h2 and h3 headings) and its Markdown."""

    html: str
    toc: list[dict]
    source: str


@dataclass
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

    url: str = field(init=False)  # its address
    output: str = field(init=False)  # its file in the built site

    def __post_init__(self):
        # Set once, not worked out on each use: each is read several times a page.
        self.url = "/" if self.kind == "home" else f"/{self.slug}/"
        self.output = "index.html" if self.kind == "home" else f"{self.slug}/index.html"


def _read_page(path: Path, rel: str, kind: str, site, md, problems: Problems):
    """Returns a Page from one Markdown file, or None when it cannot be read."""
    text = read_text(path, rel, problems)
    if text is None:
        return None
    parts = split_front_matter(text, rel, problems)
    if parts is None:
        return None
    meta, body, body_line = parts
    meta_values = validate(
        meta, HOME_FIELDS if kind == "home" else page_fields(site), rel, problems
    )
    if kind != "home":
        _check_review_dates(meta, meta_values, rel, problems)
    if not body.strip():
        problems.add(rel, body_line, "the page has no text below its settings")
    readable = check_markdown_source(body, rel, body_line, problems)
    filled = fill_placeholders(body, {"site": site}, rel, body_line, problems) if readable else ""
    body_html, toc = render_page_text(md, filled or "", rel, body_line, problems)
    for entry in toc:
        entry["name"] = html.unescape(entry["name"])
    slug = path.stem.lower()
    if kind != "home" and not SLUG.match(slug):
        problems.add(
            rel,
            1,
            f'the file name "{path.name}" cannot be a web address: use only '
            "lower-case letters, digits and hyphens, e.g. what-is-asb.md",
        )
    values = {k: v for k, v in meta_values.items() if v is not None}
    return Page(
        source=rel,
        kind=kind,
        slug=slug,
        text=PageText(html=body_html, toc=toc, source=body),
        ids=set(re.findall(r'\sid="([^"]+)"', body_html)),
        body_line=body_line,
        links=[html.unescape(h) for h in re.findall(r'\shref="([^"]*)"', body_html)],
        title=str(values.get("title", "")),
        summary=str(values.get("summary", "")),
        **{k: values[k] for k in OPTIONAL if k in values},
    )


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
    """Returns the home page, guidance pages and statutory pages, drafts left out unless asked.

    Given `today`, pages to be published after it are left out too, unless drafts are asked
    for. With `store` (hub.speed.pages.PageStore), only pages whose inputs changed are parsed
    again. `only` limits the pages read to those files (relative to the site folder, as in
    messages).
    """
    made = []  # the Markdown converter, made only if a page has to be parsed
    jobs = [(str(content / "index.md"), f"{content.name}/index.md", "home")]
    if not (content / "index.md").exists():
        problems.add(jobs.pop()[1], 1, "the home page's text is missing: create this file")
    for folder, kind in (("guidance", "guidance"), ("pages", "page")):
        where = f"{content / folder}{os.sep}"
        jobs += [
            (where + name, f"{content.name}/{folder}/{name}", kind)
            for name in _markdown_files(content / folder)
        ]
    if only is not None:
        jobs = [job for job in jobs if job[1] in only]
    pages = []
    with template_problems(content.parent):
        callouts = callout_markup(template_folders(content.parent))

    def read_one(path, rel, kind, found):
        if not made:
            made.append(make_markdown(callouts))
        return _read_page(Path(path), rel, kind, site, made[0], found)

    # A page is made from its file, the settings and the callouts' markup. That markup comes
    # from templates, which a site may override and which the cache's key of a page does not
    # cover (only the code, the file and the settings): so it goes into the key beside the
    # settings, and a page is parsed again when its callouts would look different.
    shared = (site, callouts)
    for page in read_pages(jobs, read_one, shared, problems, store, every_page=only is None):
        if page and (include_drafts or not page.draft and not _to_come(page, today)):
            pages.append(page)
    _check_slugs(pages, problems)
    return pages


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
        page = read_one(*jobs[item[0]], found)
        return page, found.items

    for (n, key), (page, found) in zip(todo, map_in_workers(parse, todo)):
        for problem in found:
            problems.add(problem.path, problem.line, problem.message)
        results[n] = page
        if store is None:
            continue
        path, rel, _ = jobs[n]
        if page is None or found:
            store.forget(rel)
        else:
            store.keep(rel, key, page, path)
    if store is not None and every_page:
        store.listed = True
    return results


def _markdown_files(folder: Path) -> list[str]:
    """Returns the names of the .md files in `folder` that are not hidden, sorted (plain
    names: making thousands of Path objects costs more than reading the pages from the
    cache)."""
    try:
        return sorted(
            entry.name
            for entry in os.scandir(folder)
            # A hidden file is an editor's, not a page: Emacs marks a page being edited
            # with a link named .#NAME.md that points nowhere.
            if entry.name.endswith(".md") and not entry.name.startswith(".")
        )
    except (FileNotFoundError, NotADirectoryError):
        return []


def _check_slugs(pages: list[Page], problems: Problems) -> None:
    """Records pages that would share an address, including names that differ only in case."""
    seen: dict[str, Page] = {}
    for page in pages:
        if page.kind == "home":
            continue
        if page.slug in RESERVED:
            problems.add(
                page.source, 1, f'"{page.slug}" is used by the site itself: rename the file'
            )
        other = seen.get(page.slug)
        if other:
            how = (
                "names that differ only in capital letters"
                if Path(other.source).stem != Path(page.source).stem
                else "the same name"
            )
            problems.add(
                page.source,
                1,
                f"this page would have the same address ({page.url}) "
                f"as {other.source} ({how}): rename one of them",
            )
        else:
            seen[page.slug] = page


def check_internal_links(
    pages: list[Page], targets: dict[str, set[str]], problems: Problems
) -> None:
    """Records every link to a page or #fragment that the site does not have.

    `targets` maps each address the build makes to the ids on that page.
    """
    for page in pages:
        here = page.url
        for href in page.links:
            if not href.startswith(("/", "#")) or href.startswith("//"):
                continue
            path, _, fragment = href.partition("#")
            path = path or here
            if path not in targets:
                hint = did_you_mean(path, targets)
                hint = f"; {hint}" if hint else ""
                problems.add(
                    page.source,
                    line_of(page.text.source, href, page.body_line),
                    f'broken link to "{href}": no such page{hint}',
                )
            elif fragment and fragment not in targets[path]:
                problems.add(
                    page.source,
                    line_of(page.text.source, href, page.body_line),
                    f'broken link to "{href}": that page has no heading with the id "{fragment}"',
                )
