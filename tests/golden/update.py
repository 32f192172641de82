"""Rewrites the golden output (tests/golden/example/) from a build of the example site.

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


def build_example(out: Path) -> Path:
    """Builds the example site into `out` as the golden output records it: on the tests'
    fixed day, with no search index (Pagefind's own output, pinned and checked apart).
    Returns `out`."""
    import build
    from hub.site import Options
    from hub.speed import Cache
    from tests.conftest import REPO, TODAY

    cache = Cache(REPO, writable=False)  # never touches the repository's own .cache/
    return build.build(REPO, out, Options(today=TODAY, search=False), cache)


def vendored() -> set[str]:
    """Returns the output paths of Decap CMS's own files, which the build copies byte for byte
    from node_modules/ into admin/. The golden copy leaves them out: 6 MB of another project's
    code, pinned by package-lock.json, that tests/build/test_cms_build.py compares with the
    installed package. The editor's page and config.yml, which the build makes, stay in.

    Raises SystemExit when the editor is not installed: without it the build makes no admin/
    at all, and a golden copy made so would lose the editor's config.yml."""
    from hub.cms import ADMIN, editor_files

    files = editor_files()
    if not files:
        raise SystemExit("Decap CMS is not installed: run scripts/setup --test (or --editor)")
    return {f"{ADMIN}/{path.name}" for path in files}


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="asb-hub-golden-") as scratch:
        built = build_example(Path(scratch) / "site")
        for rel in vendored():
            (built / rel).unlink()
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(built, GOLDEN)
    count = sum(1 for path in GOLDEN.rglob("*") if path.is_file())
    print(f"Wrote {count} files to {GOLDEN}. Read `git diff {GOLDEN}` before committing.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
