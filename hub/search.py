"""Site search: the /search/ page with its A to Z, and the Pagefind index built into the output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .addresses import breadcrumbs
from .errors import ContentErrors, Problem
from .opendata import DATA_URL
from .routes import NAME as HELPER_NAME
from .routes import ROOT as HELPER_URL

SEARCH_URL = "/search/"
INDEX_FOLDER = "pagefind"
# Pagefind also writes its ready-made interfaces; the search page uses only the JS API, so
# these are removed to keep the deploy small (and their CSS needs a data: image the CSP blocks).
UNUSED_BUNDLE_FILES = [
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
]


# Pages the build makes itself, as (title, address, summary) for the A to Z.
BUILT_PAGES = [
    ("Patrol news", "/news/", "Reports on what the extra hotspot patrols did, and their sources."),
    (
        "Patrol figures as open data",
        DATA_URL,
        "Every month's patrol figures as CSV and JSON, and what each column means.",
    ),
]
HELPER_PAGE = (
    HELPER_NAME,
    HELPER_URL,
    "Answer a few questions to find out who deals with your problem and how to contact them.",
)


def a_to_z(pages, extra: list[tuple[str, str, str]]) -> list[dict]:
    """Returns every page except the home page, grouped by the first letter of its title.

    `extra` adds (title, address, summary) entries for pages the build makes itself.
    """
    entries = [(p.title, p.url, p.summary) for p in pages if p.kind != "home"] + extra
    groups: dict[str, list[dict]] = {}
    for title, url, summary in sorted(entries, key=lambda e: (e[0].casefold(), e[1])):
        letter = title[:1].upper() if title[:1].isalpha() else "#"
        groups.setdefault(letter, []).append({"title": title, "url": url, "summary": summary})
    return [
        {
            "letter": letter,
            "id": f"letter-{letter.lower()}" if letter != "#" else "other",
            "entries": entries,
        }
        for letter, entries in groups.items()
    ]


def write_search_page(env, site, output) -> None:
    """Writes /search/: a search box run by search.js, and an A to Z that works without it."""
    extra = BUILT_PAGES + ([HELPER_PAGE] if site.helper else [])
    output.write_rendered(
        env,
        [
            (
                SEARCH_URL.lstrip("/") + "index.html",
                "layouts/search.html",
                {
                    "url": SEARCH_URL,
                    "groups": a_to_z(site.pages, extra),
                    "breadcrumbs": breadcrumbs(),
                },
            )
        ],
    )  # kept if no title changed
    output.add_address(SEARCH_URL)


def write_search_index(output) -> None:
    """Indexes the built pages with Pagefind, writing pagefind/ beside them.

    Only elements marked data-pagefind-body are indexed, so headers, footers and the helper's
    step pages stay out of the results. Raises ContentErrors if Pagefind fails.
    """
    output.write_folder(INDEX_FOLDER, _run_pagefind)


def _run_pagefind(root: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            str(root),
            "--output-subdir",
            INDEX_FOLDER,
            "--silent",
        ],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise ContentErrors(
            [
                Problem(
                    "search index",
                    1,
                    "Pagefind could not build the search "
                    f"index ({detail[-1] if detail else 'no message'}); build "
                    "with --no-search to publish without search",
                )
            ]
        )
    for name in UNUSED_BUNDLE_FILES:
        (root / INDEX_FOLDER / name).unlink(missing_ok=True)
