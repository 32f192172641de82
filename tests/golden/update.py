"""Rewrites the golden output from builds of the example site: tests/golden/example/ (the
example as it is, in English and Welsh) and tests/golden/one-language/ (the same example
with Welsh switched off in data/site.yaml, which must build as a one-language site always
has).

Run it after a change that is meant to change the output, then read `git diff` before you
commit: the diff is exactly what readers will see change.

    .venv/bin/python -m tests.golden.update
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "example"
ONE_LANGUAGE = Path(__file__).resolve().parent / "one-language"
EXAMPLE_LANGUAGES = "languages: [en-GB, cy]"


def build_example(out: Path, site: Path | None = None) -> Path:
    """Builds the example site (or `site`) into `out` as the golden output records it: on
    the tests' fixed day, with no search index (hundreds of small files that the search
    tests check apart, by what they hold). Returns `out`."""
    import build
    from hub.site import Options
    from hub.speed.incremental import Cache
    from tests.conftest import REPO, TODAY

    site = site or REPO
    cache = Cache(site, writable=False)  # never touches the repository's own .cache/
    return build.build(site, out, Options(today=TODAY, search=False), cache)


def one_language_copy(folder: Path) -> Path:
    """Returns a copy of the example's content/ and data/ in `folder`, with the second
    language switched off in its settings (its Welsh files are still there)."""
    from tests.support.files import copy_example

    settings = copy_example(folder) / "data" / "site.yaml"
    text = settings.read_text(encoding="utf-8")
    assert EXAMPLE_LANGUAGES in text, "the example's settings no longer list its languages"
    settings.write_text(text.replace(EXAMPLE_LANGUAGES, "languages: [en-GB]"), encoding="utf-8")
    return folder


def left_out() -> set[str]:
    """Returns the output paths the golden copy leaves out: Decap CMS's own files (vendored)
    and the marker the build writes into every folder it makes (hub/write/output.py), which is not
    published (Netlify leaves out files whose names start with a dot)."""
    from hub.core.sources import OUTPUT_MARKER

    return vendored() | {OUTPUT_MARKER}


def vendored() -> set[str]:
    """Returns the output paths of Decap CMS's own files, which the build copies byte for byte
    from node_modules/ into admin/. The golden copy leaves them out: 6 MB of another project's
    code, pinned by package-lock.json, that tests/build/test_cms_build.py compares with the
    installed package. The editor's page and config.yml, which the build makes, stay in.

    Raises SystemExit when the editor is not installed: without it the build makes no admin/
    at all, and a golden copy made so would lose the editor's config.yml."""
    from hub.write.cms import ADMIN, editor_files

    files = editor_files()
    if not files:
        raise SystemExit("Decap CMS is not installed: run scripts/setup --test (or --editor)")
    return {f"{ADMIN}/{path.name}" for path in files}


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="asb-hub-golden-") as scratch:
        left = left_out()
        for golden, site in (
            (GOLDEN, None),
            (ONE_LANGUAGE, one_language_copy(Path(scratch) / "one-language")),
        ):
            built = build_example(Path(scratch) / f"{golden.name}-out", site)
            for rel in left:
                (built / rel).unlink()
            shutil.rmtree(golden, ignore_errors=True)
            shutil.copytree(built, golden)
            count = sum(1 for path in golden.rglob("*") if path.is_file())
            print(f"Wrote {count} files to {golden}.")
    print("Read `git diff tests/golden` before committing.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
