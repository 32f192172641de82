"""The example site builds to exactly the committed golden output, byte for byte: in English
and Welsh as it is, and with Welsh switched off, as the one-language site it then is (all but
Decap CMS's own files in admin/, copied from node_modules/ and checked in test_cms_build.py).

So an upgrade of Python-Markdown, Jinja or nh3, or a change to a template or the code, shows
up here as the files it changes. After a change meant to alter the output, rewrite the golden
copies with `.venv/bin/python -m tests.golden.update` and read their diff.
"""

from __future__ import annotations

import difflib

import pytest

from tests.golden.update import GOLDEN, ONE_LANGUAGE, build_example, left_out, one_language_copy
from tests.support.files import tree


def files_under(folder, leave_out=frozenset()) -> dict[str, bytes]:
    """Returns the files of tree(folder) but those in `leave_out`, with their bytes."""
    found = tree(folder)
    return {
        rel: data for rel, data in found.items() if isinstance(data, bytes) and rel not in leave_out
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


def assert_same(golden: dict[str, bytes], built: dict[str, bytes]) -> None:
    hint = "if the change is intended: .venv/bin/python -m tests.golden.update"
    assert sorted(built) == sorted(golden), f"files added or missing ({hint})"
    changed = [rel for rel in golden if golden[rel] != built[rel]]
    assert not changed, (
        f"{len(changed)} files differ ({hint}); the first, {changed[0]}:\n"
        + first_difference(golden[changed[0]], built[changed[0]])
    )


def test_the_example_builds_to_the_golden_output(tmp_path):
    # Decap CMS's own files and the output's marker are left out of the golden copy (see
    # tests/golden/update.py).
    built = files_under(build_example(tmp_path / "site"), left_out())
    assert_same(files_under(GOLDEN), built)


@pytest.fixture(scope="module")
def one_language(tmp_path_factory):
    """Returns the output of the example with its second language switched off."""
    folder = tmp_path_factory.mktemp("one-language")
    return build_example(folder / "out", one_language_copy(folder / "site"))


def test_with_welsh_switched_off_the_example_builds_to_the_one_language_output(one_language):
    assert_same(files_under(ONE_LANGUAGE), files_under(one_language, left_out()))


def test_with_welsh_switched_off_nothing_of_a_second_language_is_left(one_language):
    # The Welsh files are still in the site's folders: the setting alone leaves them out.
    pages = {rel: text.decode() for rel, text in files_under(one_language, left_out()).items()}
    assert not any(rel.startswith("cy/") for rel in pages)
    html = [text for rel, text in pages.items() if rel.endswith(".html")]
    assert html and not any("hreflang" in text or "language-links" in text for text in html)
    assert all('<html lang="en-GB">' in text for text in html)
    assert "xhtml:link" not in pages["sitemap.xml"] and "/cy/" not in pages["sitemap.xml"]


def test_the_example_in_two_languages_adds_the_welsh_and_keeps_the_english(one_language):
    english = files_under(one_language, left_out())
    both = files_under(GOLDEN)
    welsh = sorted(rel for rel in both if rel.startswith("cy/"))
    assert "cy/index.html" in welsh and "cy/report/index.html" in welsh
    # Every English file is still there, at the same address.
    assert set(english) - set(both) == set()
    assert set(both) - set(english) == set(welsh)
