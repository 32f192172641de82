"""The example site builds to exactly the committed golden output, byte for byte (all but
Decap CMS's own files in admin/, copied from node_modules/ and checked in test_cms_build.py).

So an upgrade of Python-Markdown, Jinja or nh3, or a change to a template or the code, shows
up here as the files it changes. After a change meant to alter the output, rewrite the golden
copy with `.venv/bin/python -m tests.golden.update` and read its diff.
"""

from __future__ import annotations

import difflib

from tests.golden.update import GOLDEN, build_example, vendored


def files_under(folder, leave_out=frozenset()) -> dict[str, bytes]:
    files = {path.relative_to(folder).as_posix(): path for path in sorted(folder.rglob("*"))}
    return {
        rel: path.read_bytes()
        for rel, path in files.items()
        if path.is_file() and rel not in leave_out
    }


def first_difference(expected: bytes, actual: bytes) -> str:
    """Returns a few lines of unified diff between two files' text."""
    lines = difflib.unified_diff(
        expected.decode("utf-8", "replace").splitlines(),
        actual.decode("utf-8", "replace").splitlines(),
        "golden",
        "built",
        n=1,
        lineterm="",
    )
    return "\n".join(list(lines)[:12])


def test_the_example_builds_to_the_golden_output(tmp_path):
    # Decap CMS's own files are left out of the golden copy (see tests/golden/update.py).
    copied = vendored()
    golden, built = files_under(GOLDEN), files_under(build_example(tmp_path / "site"), copied)
    hint = "if the change is intended: .venv/bin/python -m tests.golden.update"
    assert sorted(built) == sorted(golden), f"files added or missing ({hint})"
    changed = [rel for rel in golden if golden[rel] != built[rel]]
    assert not changed, (
        f"{len(changed)} files differ ({hint}); the first, {changed[0]}:\n"
        + first_difference(golden[changed[0]], built[changed[0]])
    )
