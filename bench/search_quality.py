"""How well the site's search answers residents' questions, against Pagefind's, in a browser.

    .venv/bin/python bench/search_quality.py [--questions bench/search-questions.yaml]

Builds the example site, installs Pagefind (PAGEFIND_VERSION, from npm, into a scratch folder
that is deleted afterwards: it is no dependency of the site), has it index the same pages' marked
<main> (main[data-search-body], what our index reads), then types every question of the set into
each engine's own search page in Debian's Chromium: ours at /search/ and /cy/search/, served
with netlify.toml's headers; Pagefind's default UI on a page of its own in each language, served
without them (its WebAssembly needs a CSP ours does not allow). For each engine and language it
prints the share of questions whose first result answers them, with an answer in the top three,
and with no result at all, as a Markdown table, then each question that either engine misses.

    .venv/bin/python bench/search_quality.py --download 1000

instead builds a synthetic hub of that many pages (bench/synth.py) and prints what a first
search downloads from the index (beyond the page and its scripts), for a few typical searches.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.synth import make_corpus, write_hub  # noqa: E402
from tests.support.netlify_server import NetlifyLikeServer  # noqa: E402

PAGEFIND_VERSION = "1.5.2"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
TOP = 3
# Pagefind's page: its UI, started by a file of its own (no inline script).
PAGEFIND_PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>Pagefind</title>
<link href="/pagefind/pagefind-ui.css" rel="stylesheet">
<script src="/pagefind/pagefind-ui.js"></script><script src="/pagefind-start.js" defer></script>
</head><body><div id="search"></div></body></html>
"""
PAGEFIND_START = 'new PagefindUI({ element: "#search", showSubResults: false, pageSize: 10 });\n'


DOWNLOAD_SEARCHES = [
    "noise",
    "anti social behaviour",
    "who do i call about fly tipping",
    "graffiti",
    "patrols",
]


def build_site(out: Path, site: Path = REPO) -> None:
    """Builds the site in `site` (the example) into `out`, with our search index."""
    command = [sys.executable, str(REPO / "build.py"), "build", "--out", str(out)]
    command += ["--site", str(site)]
    subprocess.run(command, check=True, cwd=REPO, stdout=subprocess.DEVNULL)


def add_pagefind(site: Path, scratch: Path) -> Path:
    """Returns a copy of `site` with Pagefind's index and a search page in each language."""
    subprocess.run(
        [
            "npm",
            "install",
            "--prefix",
            str(scratch / "npm"),
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            f"pagefind@{PAGEFIND_VERSION}",
        ],
        check=True,
    )
    copy = scratch / "pagefind-site"
    shutil.copytree(site, copy)
    pagefind = scratch / "npm" / "node_modules" / ".bin" / "pagefind"
    subprocess.run(
        [str(pagefind), "--site", str(copy), "--root-selector", "main[data-search-body]"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    (copy / "pagefind-start.js").write_text(PAGEFIND_START)
    for prefix, lang in (("", "en-GB"), ("cy/", "cy")):
        page = copy / prefix / "pagefind-search" / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(PAGEFIND_PAGE.format(lang=lang))
    return copy


def settled(page, read, timeout: float = 10.0) -> list[str]:
    """Returns what `read(page)` gives once it has stayed the same for a second."""
    last, since, start = None, time.monotonic(), time.monotonic()
    while time.monotonic() - start < timeout:
        now = read(page)
        if now != last:
            last, since = now, time.monotonic()
        elif now is not None and time.monotonic() - since > 1.0:
            return now[1]
        page.wait_for_timeout(100)
    raise TimeoutError(f"results did not settle: {last}")


def _ours(page):
    state = page.evaluate(
        """() => [document.querySelector("[data-search-status]").textContent,
                  [...document.querySelectorAll("[data-search-results] > li h2 a")]
                    .map(a => a.getAttribute("href"))]"""
    )
    return None if state[0] in ("", "Searching…", "Yn chwilio…") else (state[0], state[1])


def _pagefind(page):
    state = page.evaluate(
        """() => [(document.querySelector(".pagefind-ui__message") || {}).textContent || "",
                  [...document.querySelectorAll(".pagefind-ui__result")]
                    .map(r => (r.querySelector("a") || {}).href || null)]"""
    )
    # Pagefind shows each result's place first and fills it in when its fragment has loaded.
    return None if not state[0] or None in state[1] else (state[0], state[1])


def ask_ours(page, base: str, prefix: str, question: str) -> list[str]:
    """Returns the addresses our search page lists for `question`, in order."""
    page.goto(f"{base}{prefix}/search/")
    box = page.locator("[data-search-input]")
    box.fill(question)
    box.press("Enter")
    return settled(page, _ours)


def ask_pagefind(page, base: str, prefix: str, question: str) -> list[str]:
    """Returns the addresses Pagefind's UI lists for `question`, in order."""
    page.goto(f"{base}{prefix}/pagefind-search/")
    box = page.locator(".pagefind-ui__search-input")
    box.fill(question)
    return settled(page, _pagefind)


def clean(href: str) -> str:
    """Returns a result's address without its origin, section or page file name."""
    path = href.split("://", 1)[-1]
    path = "/" + path.split("/", 1)[1] if "://" in href else path
    return path.split("#")[0].removesuffix("index.html")


def score(results: dict[str, list[str]], questions: list[dict]) -> dict[str, float]:
    """Returns the shares of `questions` answered first, in the top three, and with nothing."""
    answered = [q for q in questions if q["answers"]]
    first = sum(1 for q in answered if results[q["q"]][:1] and results[q["q"]][0] in q["answers"])
    top = sum(1 for q in answered if set(results[q["q"]][:TOP]) & set(q["answers"]))
    empty = sum(1 for q in questions if not results[q["q"]])
    return {
        "first": first / len(answered),
        "top": top / len(answered),
        "none": empty / len(questions),
        "none_answered": sum(1 for q in answered if not results[q["q"]]),
    }


def first_search_bytes(pages: int) -> None:
    """Prints how many bytes of the index each of DOWNLOAD_SEARCHES fetches as a first search,
    on a synthetic hub of `pages` pages."""
    with tempfile.TemporaryDirectory(prefix="asb-hub-search-") as scratch_name:
        scratch = Path(scratch_name)
        write_hub(*make_corpus(pages), scratch / "hub")
        build_site(scratch / "out", scratch / "hub")
        with NetlifyLikeServer(scratch / "out") as server, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox"]
            )
            print(
                f"| First search, {pages} pages | Files | KB gzipped: all "
                "| word files | pages files |"
            )
            print("|---|---|---|---|---|")
            for question in DOWNLOAD_SEARCHES:
                page = browser.new_page()  # a new profile each time: nothing cached
                page.goto(server.url + "/search/")
                fetched = []  # (kind of file, bytes as sent gzipped, as Netlify sends JSON)
                page.on(
                    "response",
                    lambda r, fetched=fetched: (
                        "/search-index/" in r.url
                        and fetched.append((r.url.split("/")[-2], len(gzip.compress(r.body(), 6))))
                    ),
                )
                box = page.locator("[data-search-input]")
                box.fill(question)
                box.press("Enter")
                settled(page, _ours)
                kb = {
                    kind: sum(size for k, size in fetched if k == kind) / 1000
                    for kind in ("words", "pages")
                }
                total = sum(size for _, size in fetched) / 1000
                print(
                    f"| {question} | {len(fetched)} | {total:.1f} | {kb['words']:.1f} "
                    f"| {kb['pages']:.1f} |"
                )
                page.close()
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=Path, default=REPO / "bench" / "search-questions.yaml")
    parser.add_argument("--download", type=int, metavar="PAGES", help="measure downloads instead")
    args = parser.parse_args()
    if args.download:
        first_search_bytes(args.download)
        return
    questions = yaml.safe_load(args.questions.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="asb-hub-search-") as scratch_name:
        scratch = Path(scratch_name)
        site = scratch / "site"
        build_site(site)
        copy = add_pagefind(site, scratch)
        no_headers = scratch / "netlify.toml"
        no_headers.write_text("")
        found: dict[tuple[str, str], dict[str, list[str]]] = {}
        with (
            NetlifyLikeServer(site) as ours,
            NetlifyLikeServer(copy, toml_path=no_headers) as theirs,
            sync_playwright() as playwright,
        ):
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox"]
            )
            page = browser.new_page()
            for language, prefix in (("en", ""), ("cy", "/cy")):
                for engine, ask, base in (
                    ("Ours", ask_ours, ours.url),
                    (f"Pagefind {PAGEFIND_VERSION}", ask_pagefind, theirs.url),
                ):
                    found[engine, language] = {
                        q["q"]: [clean(h) for h in ask(page, base, prefix, str(q["q"]))]
                        for q in questions[language]
                    }
            browser.close()
    print("| Engine | Language | Questions | Best page first | In the top three | No result |")
    print("|---|---|---|---|---|---|")
    for (engine, language), results in found.items():
        shares = score(results, questions[language])
        print(
            f"| {engine} | {language} | {len(questions[language])} | {shares['first']:.0%} "
            f"| {shares['top']:.0%} | {shares['none']:.0%} "
            f"({shares['none_answered']} with an answer) |"
        )
    print()
    engines = sorted({engine for engine, _ in found})
    for language in ("en", "cy"):
        for q in questions[language]:
            tops = {e: found[e, language][q["q"]][:TOP] for e in engines}
            if any(not set(top) & set(q["answers"]) for top in tops.values()) and q["answers"]:
                shown = "; ".join(f"{e}: {' '.join(top) or '(none)'}" for e, top in tops.items())
                print(f"- [{language}] {q['q']!r} wants {q['answers'][0]} -- {shown}")


if __name__ == "__main__":
    main()
