"""`build.py serve` for real, under the ways real editors save: a temporary file renamed over
the page, a backup made by renaming, a lock file beside the page, a file truncated then
written, a file deleted and restored, a folder renamed. The preview never stops, shows the
error page while the content is wrong, and shows the site again once it is right."""

from __future__ import annotations

import html
import os
import re
import time

import pytest

from hub.core.languages import split_name
from tests.conftest import run_cli
from tests.support.builds import clean_build, first_report
from tests.support.files import tree
from tests.support.serve import WAIT, Served, serving

pytestmark = pytest.mark.slow  # a real server each, as in test_serve.py


def with_setting(text: str, key: str, value: str) -> str:
    """Returns `text` with its first top-level `key:` line set to `value`."""
    new, count = re.subn(rf"^{key}:.*$", f"{key}: {value}", text, count=1, flags=re.MULTILINE)
    assert count == 1, f"no {key}: line"
    return new


def set_setting(path, key: str, value: str) -> None:
    path.write_text(with_setting(path.read_text(encoding="utf-8"), key, value), encoding="utf-8")


def eventually(served: Served, path: str, shows) -> tuple[int, str]:
    """Returns (status, body) of `path` once `shows(status, body)` holds, checking that the
    server is still running; fails after WAIT seconds."""
    deadline = time.monotonic() + WAIT
    while True:
        assert served.process.poll() is None, "".join(served.stderr)
        status, _, body = served.get(path)
        if shows(status, body):
            return status, body
        shown = body.partition("<main>")[2][:2000]
        assert time.monotonic() < deadline, f"{path} never showed it: {status} {shown}"
        time.sleep(0.1)


def shows_title(title: str):
    return lambda status, body: status == 200 and f"<h1>{title}</h1>" in body


def shows_problem(text: str):
    return lambda status, body: status == 500 and text in html.unescape(body)


def finish(served: Served) -> None:
    """Stops the server and checks it never met an error it did not expect."""
    assert served.stop() == 0
    errors = "".join(served.stderr)
    assert "Traceback" not in errors and "unexpected error" not in errors, errors


def test_a_temporary_file_renamed_over_the_page(served, example_site):
    folder = example_site / "content" / "guidance"
    page = folder / "what-is-asb.en.md"
    for n in range(3):  # as gedit, Sublime Text and VS Code's atomic save do
        temporary = folder / f".goutputstream-{n}"
        temporary.write_text(
            with_setting(page.read_text(encoding="utf-8"), "title", f"Renamed save {n}"),
            encoding="utf-8",
        )
        os.replace(temporary, page)
        eventually(served, "/what-is-asb/", shows_title(f"Renamed save {n}"))
    finish(served)


def test_a_backup_made_by_renaming_and_an_editors_lock_file(served, example_site):
    folder = example_site / "content" / "guidance"
    page = folder / "what-is-asb.en.md"
    text = page.read_text(encoding="utf-8")
    lock = folder / ".#what-is-asb.en.md"  # Emacs marks a page being edited with this
    lock.symlink_to("someone@host.1234:1700000000")  # a link to nowhere, as Emacs makes it
    os.rename(page, folder / "what-is-asb.en.md~")  # vim's save: the old file becomes the backup
    time.sleep(0.2)  # the preview may rebuild while the page is missing
    page.write_text(with_setting(text, "title", "Saved by vim"), encoding="utf-8")
    (folder / "what-is-asb.en.md~").unlink()
    eventually(served, "/what-is-asb/", shows_title("Saved by vim"))
    lock.unlink()
    eventually(served, "/what-is-asb/", shows_title("Saved by vim"))
    finish(served)


def test_a_file_saved_empty_then_filled(served, example_site):
    page = example_site / "content" / "guidance" / "what-is-asb.en.md"
    text = page.read_text(encoding="utf-8")
    page.write_text("", encoding="utf-8")
    eventually(
        served,
        "/what-is-asb/",
        shows_problem("content/guidance/what-is-asb.en.md:1: this file is empty"),
    )
    assert served.get("/")[0] == 500  # every page shows the problem, not the old site
    half = text.index("\n---\n") // 2
    page.write_text(text[:half], encoding="utf-8")  # written in two parts
    eventually(served, "/what-is-asb/", shows_problem("content/guidance/what-is-asb.en.md:"))
    page.write_text(with_setting(text, "title", "Filled again"), encoding="utf-8")
    eventually(served, "/what-is-asb/", shows_title("Filled again"))
    finish(served)


def test_a_file_deleted_and_restored(served, example_site):
    page = example_site / "content" / "guidance" / "what-is-asb.en.md"
    report = first_report(example_site)
    news = f"/news/{split_name(report.stem)[0]}/"
    texts = {path: path.read_bytes() for path in (page, report)}
    page.unlink()
    # Other pages link to it, so the build reports those links until it is back.
    eventually(served, "/", shows_problem('broken link to "/what-is-asb/'))
    page.write_bytes(texts[page])
    eventually(served, "/what-is-asb/", lambda status, body: status == 200)
    report.unlink()
    eventually(served, news, lambda status, body: status == 404)
    report.write_bytes(texts[report])
    eventually(served, news, lambda status, body: status == 200)
    finish(served)


@pytest.mark.parametrize(
    ("folder", "address"),
    [("content/guidance", "/what-is-asb/"), ("data/patrols", "a report"), ("data", "/")],
)
def test_a_folder_renamed_and_back(served, example_site, folder, address):
    original = example_site / folder
    if address == "a report":  # its page goes while the folder is away
        address = f"/news/{split_name(first_report(example_site).stem)[0]}/"
    moved = original.with_name(original.name + "-old")
    ok = lambda status, body: status == 200  # noqa: E731
    eventually(served, address, ok)
    os.rename(original, moved)
    eventually(served, address, lambda status, body: status in (404, 500))
    os.rename(moved, original)
    eventually(served, address, ok)
    # The folder is watched again where it is: an edit inside it still reaches the preview.
    if folder == "data":
        set_setting(original / "site.yaml", "name", "Renamed Hub")
        eventually(served, "/", lambda status, body: status == 200 and "Renamed Hub" in body)
    else:
        changed = (
            first_report(example_site)
            if folder == "data/patrols"
            else original / "what-is-asb.en.md"
        )
        set_setting(changed, "title", "After the rename")
        eventually(served, address, shows_title("After the rename"))
    finish(served)


def test_build_run_while_serve_is_running(served, example_site, tmp_path):
    # Comms staff often build with the preview still running: each waits for the other's
    # turn (hub/commands/lock.py), and both end with what the content says.
    page = example_site / "content" / "guidance" / "what-is-asb.en.md"
    for n in range(3):
        set_setting(page, "title", f"Built beside serve {n}")
        result = run_cli("build", "--site", str(example_site), "--no-search")
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
        eventually(served, "/what-is-asb/", shows_title(f"Built beside serve {n}"))
    built = tree(example_site / "public")
    assert f"<h1>Built beside serve {n}</h1>".encode() in built["what-is-asb/index.html"]
    assert built == clean_build(example_site, tmp_path / "clean")
    finish(served)


# ---- a file the build refuses never locks the editor out ---------------------------------


def refused_welsh_copy(site) -> tuple[str, str]:
    """Gives July 2024's Welsh file a figure that is not the English one (as a copy made
    before the English was corrected would be); returns (the problem it causes, its fix)."""
    path = site / "data" / "patrols" / "2024-07.cy.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "figures:\n  - figure: arrests\n    value: 16\n", encoding="utf-8")
    line = len(text.splitlines()) + 3
    return (
        f"data/patrols/2024-07.cy.yaml:{line}: figures[arrests].value is 16, but "
        "data/patrols/2024-07.en.yaml:",
        text,
    )


def editor_is_served(served: Served) -> None:
    """Checks that /admin/, its config.yml and what the page loads all answer."""
    status, _, page = served.get("/admin/")
    assert status == 200 and '<script src="/admin/decap-cms.js" defer></script>' in page
    for script in re.findall(r'src="([^"]+)"', page):
        assert served.get(script)[0] == 200, script
    status, _, config = served.get("/admin/config.yml")
    assert status == 200 and "- name: reports" in config and "folder: data/patrols" in config
    assert served.get("/admin")[0] == 301


@pytest.mark.parametrize("when", ["from the start", "after a good build"])
def test_a_refused_file_leaves_the_editor_and_shows_its_problem_elsewhere(
    example_site, tmp_path, when
):
    if when == "from the start":  # no good build to take the editor from: it is made alone
        problem, fixed = refused_welsh_copy(example_site)
    with serving(example_site, tmp_path / "serve-tmp") as served:
        if when == "after a good build":
            eventually(served, "/", lambda status, body: status == 200)
            problem, fixed = refused_welsh_copy(example_site)
        for address in ("/", "/news/2024-07/", "/cy/news/2024-07/", "/no-such-page/"):
            eventually(served, address, shows_problem(problem))
        editor_is_served(served)
        assert problem in "".join(served.stderr)  # the terminal lists it too
        (example_site / "data" / "patrols" / "2024-07.cy.yaml").write_text(fixed)
        eventually(served, "/cy/news/2024-07/", lambda status, body: status == 200)
        editor_is_served(served)
        finish(served)
