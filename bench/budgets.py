"""Page weight and Lighthouse scores of the example site, against the budgets the tests enforce.

    .venv/bin/python bench/budgets.py                 # weights, then Lighthouse (about a minute)
    .venv/bin/python bench/budgets.py --no-lighthouse # weights only

It builds the example site into a temporary folder, prints every page's HTML size and the
gzipped CSS plus JS it loads, then
serves the build with netlify.toml's headers and runs Lighthouse (mobile) on the pages the
test suite checks. It uses the tests' own measuring code, so figures and gates agree.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from tests.support.netlify_server import NetlifyLikeServer  # noqa: E402
from tests.support.node_tools import (  # noqa: E402
    LIGHTHOUSE_BUDGET,
    lighthouse_pages,
    lighthouse_scores,
    run_lighthouse,
)
from tests.support.site_checks import (  # noqa: E402
    CODE_LIMIT_GZIP,
    HTML_LIMIT,
    all_pages,
    editor_bundle,
    page_weight,
    weight_problems,
)


def print_weights(out: Path) -> int:
    """Prints one line per page; returns how many pages break a budget."""
    print(f"{'page':<48} {'HTML':>9} {'CSS+JS gz':>10}")
    over = 0
    for facts in all_pages(out):
        weight = page_weight(out, facts)
        broken = weight_problems(weight)
        over += bool(broken)
        print(
            f"{weight.url:<48} {weight.html_bytes:>9,} {weight.code_gzip_bytes:>10,}"
            f"{'  OVER BUDGET' if broken else ''}"
        )
    print(f"budgets: HTML < {HTML_LIMIT:,} bytes; CSS+JS < {CODE_LIMIT_GZIP:,} bytes gzipped.")
    editor = editor_bundle(out)
    if editor:
        print(
            f"/admin/ (the browser editor, not a page for readers and outside the budgets): "
            f"{editor.files} files, {editor.bytes:,} bytes, {editor.gzip_bytes:,} gzipped; "
            "its first screen loads decap-cms.js and the chunks it asks for"
        )
    else:
        print("/admin/: not built (the browser editor is not installed)")
    return over


def print_lighthouse(out: Path) -> int:
    """Prints Lighthouse's scores for each checked page; returns how many miss the budget."""
    names = list(LIGHTHOUSE_BUDGET)
    print(f"\n{'Lighthouse (mobile)':<48} " + " ".join(f"{name:>14}" for name in names))
    short = 0
    with NetlifyLikeServer(out) as server:
        for address in lighthouse_pages(out):
            scores = lighthouse_scores(run_lighthouse(server.url + address))
            short += any(scores[name] < least for name, least in LIGHTHOUSE_BUDGET.items())
            print(f"{address:<48} " + " ".join(f"{scores[name]:>14}" for name in names))
    print("budget: " + ", ".join(f"{name} >= {least}" for name, least in LIGHTHOUSE_BUDGET.items()))
    return short


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-lighthouse", action="store_true", help="print page weights only")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="asb-hub-budgets-") as scratch:
        out = Path(scratch) / "public"
        subprocess.run(
            [sys.executable, str(REPO / "build.py"), "build", "--out", str(out)], check=True
        )
        over = print_weights(out)
        if not args.no_lighthouse:
            over += print_lighthouse(out)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
