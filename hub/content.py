"""Guidance pages, statutory pages and the home page, read from content/."""

from __future__ import annotations

import datetime as dt
import html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .cache import BuildCache, KeptApart, read_pages
from .errors import Problems, did_you_mean
from .prose import (
    check_markdown_source,
    fill_placeholders,
    line_of,
    make_markdown,
    render_page_text,
)
from .schema import SLUG, Field, validate
from .sources import read_text, split_front_matter

# Where each kind of page lives and what its front matter must hold.
PAGE_FIELDS = [
    Field("title", "text", help="the page's title, shown as its main heading"),
    Field(
        "summary",
        "text",
        help="one sentence used in search results and page lists",
        check=lambda s: (
            None if len(s) <= 160 else f"is {len(s)} characters long: keep it to 160 or fewer"
        ),
    ),
    Field("section", "text", help="which group of pages this belongs to"),
    Field("order", "whole number", help="position within its section"),
    Field("last_reviewed", "date", help="when the page was last checked"),
    Field("review_by", "date", help="when the page must be checked again"),
    Field("owner", "slug", help="the team responsible, from owners in data/site.yaml"),
    Field("draft", "yes/no", required=False, default=False, help="true to keep it unpublished"),
]
HOME_FIELDS = [
    f for f in PAGE_FIELDS if f.name in {"title", "summary", "last_reviewed", "review_by", "draft"}
]
SECTIONS = ["Understanding ASB", "Reporting ASB", "Action and support", "About this site"]

# Addresses the build makes itself, so no page may take them.
OPTIONAL = ("section", "order", "last_reviewed", "review_by", "owner", "draft")
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
class Page(KeptApart):
    """One Markdown page, ready for its template."""

    TEXT = ("body_html", "toc", "body")  # read from the build cache only when used

    source: str
    kind: str  # home | guidance | page
    slug: str
    title: str
    summary: str
    body_html: str
    toc: list[dict]
    ids: set[str]
    body: str
    body_line: int
    section: str = ""
    order: int = 0
    last_reviewed: dt.date | None = None
    review_by: dt.date | None = None
    owner: str = ""
    draft: bool = False
    links: list[str] = field(default_factory=list)

    url: str = field(init=False)  # its address
    output: str = field(init=False)  # its file in the built site

    def __post_init__(self):
        # Set once, not worked out on each use: each is read several times a page.
        self.url = "/" if self.kind == "home" else f"/{self.slug}/"
        self.output = "index.html" if self.kind == "home" else f"{self.slug}/index.html"


def _read_page(path: Path, rel: str, kind: str, site: dict, md, problems: Problems):
    """Returns a Page from one Markdown file, or None when it cannot be read."""
    text = read_text(path, rel, problems)
    if text is None:
        return None
    parts = split_front_matter(text, rel, problems)
    if parts is None:
        return None
    meta, body, body_line = parts
    meta_values = validate(meta, HOME_FIELDS if kind == "home" else PAGE_FIELDS, rel, problems)
    if kind != "home":
        _check_page_meta(meta, meta_values, site, rel, problems)
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
        body_html=body_html,
        toc=toc,
        ids=set(re.findall(r'\sid="([^"]+)"', body_html)),
        body=body,
        body_line=body_line,
        links=[html.unescape(h) for h in re.findall(r'\shref="([^"]*)"', body_html)],
        title=str(values.get("title", "")),
        summary=str(values.get("summary", "")),
        **{k: values[k] for k in OPTIONAL if k in values},
    )


def _check_page_meta(meta, values: dict, site: dict, rel: str, problems: Problems) -> None:
    """Records cross-field mistakes: unknown section or owner, review dates in the wrong order."""
    section = values.get("section")
    if isinstance(section, str) and section not in SECTIONS:
        hint = did_you_mean(section, SECTIONS, f"use one of: {', '.join(SECTIONS)}")
        problems.add(rel, meta.line_of("section"), f'unknown section "{section}": {hint}')
    owner = values.get("owner")
    owners = site.get("owners") or {}
    if isinstance(owner, str) and owners and owner not in owners:
        problems.add(
            rel,
            meta.line_of("owner"),
            f'unknown owner "{owner}": use one of {", ".join(sorted(owners))} '
            "(listed under owners in data/site.yaml)",
        )
    reviewed, due = values.get("last_reviewed"), values.get("review_by")
    if isinstance(reviewed, dt.date) and isinstance(due, dt.date) and due <= reviewed:
        problems.add(rel, meta.line_of("review_by"), "review_by must be after last_reviewed")


def read_guidance_pages(
    content: Path,
    site: dict,
    problems: Problems,
    include_drafts: bool,
    cache: BuildCache | None = None,
    only: set[str] | None = None,
) -> list[Page]:
    """Returns the home page, guidance pages and statutory pages, drafts left out unless asked.

    With the build cache, only pages whose inputs changed are parsed again. `only` limits
    the pages read to those files (relative to the site folder, as in messages).
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

    def read_one(path, rel, kind, found):
        if not made:
            made.append(make_markdown())
        return _read_page(Path(path), rel, kind, site, made[0], found)

    for page in read_pages(jobs, read_one, site, problems, cache, every_page=only is None):
        if page and (include_drafts or not page.draft):
            pages.append(page)
    _check_slugs(pages, problems)
    return pages


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
                    line_of(page.body, href, page.body_line),
                    f'broken link to "{href}": no such page{hint}',
                )
            elif fragment and fragment not in targets[path]:
                problems.add(
                    page.source,
                    line_of(page.body, href, page.body_line),
                    f'broken link to "{href}": that page has no heading with the id "{fragment}"',
                )
