"""`build.py serve` for real: a subprocess on a free port, pages fetched over HTTP, the browser's
livereload websocket told to reload after each saved edit, and content errors shown then fixed."""

from __future__ import annotations

import asyncio
import json
import threading
import time

import pytest
from tornado.websocket import websocket_connect

from tests.conftest import run_cli, write
from tests.support.serve import WAIT, serving

pytestmark = pytest.mark.slow

DRAFT = """
---
title: A page still being written
summary: This page is a draft, so only the preview shows it.
section: Understanding ASB
order: 9
last_reviewed: 2026-11-01
review_by: 2027-05-01
owner: community-safety
draft: true
---
## Not finished

Still being written.
"""


class Browser:
    """The livereload client a browser runs: says hello, then waits to be told to reload."""

    def __init__(self, url: str):
        self.url = url.replace("http://", "ws://") + "/livereload"
        self.connection = None

    async def connect(self) -> None:
        self.connection = await websocket_connect(self.url)
        await self.connection.write_message(
            json.dumps(
                {"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}
            )
        )
        hello = json.loads(await self.connection.read_message())
        assert hello["command"] == "hello"
        await self.connection.write_message(json.dumps({"command": "info", "url": "/"}))

    async def reloaded_until(self, shows_the_edit) -> None:
        """Waits for reload messages until `shows_the_edit()` is true after one of them.

        One save can reach the server as more than one burst of file events, so a reload may
        come before the one that carries the edit; each must still come from the server.
        """
        while True:
            raw = await asyncio.wait_for(self.connection.read_message(), WAIT)
            assert raw is not None, "the server closed the livereload connection"
            if json.loads(raw).get("command") == "reload" and shows_the_edit():
                return


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_serve_previews_drafts_without_the_production_csp(example_site, tmp_path):
    write(example_site / "content" / "guidance" / "draft-page.md", DRAFT)
    with serving(example_site, tmp_path / "serve-tmp") as served:
        status, headers, body = served.get("/")
        assert status == 200
        assert "livereload.js" in body  # the reload script livereload injects into each page
        assert "Content-Security-Policy" not in headers  # it would block that inline script
        assert served.get("/draft-page/")[0] == 200  # a preview shows drafts
        assert served.get("/livereload.js")[0] == 200
        status, _, body = served.get("/no-such-page/")
        assert status == 404 and "Page not found" in body
        status, headers, _ = served.get("/what-is-asb")
        assert status == 301 and headers["Location"] == "/what-is-asb/"
        assert served.get("/../../etc/passwd")[0] in (400, 404)
        assert served.stop() == 0
        assert list(served.scratch.iterdir()) == []  # the preview and its search index are gone


def test_edits_reload_the_browser_and_errors_show_then_clear(served, example_site):
    page = example_site / "content" / "guidance" / "what-is-asb.en.md"
    settings = example_site / "data" / "site.yaml"
    report = example_site / "data" / "patrols" / "2024-07.en.yaml"

    async def scenario():
        browser = Browser(served.url)
        await browser.connect()

        edit(page, "title: What is anti-social behaviour?", "title: What counts as ASB?")
        await browser.reloaded_until(
            lambda: "<h1>What counts as ASB?</h1>" in served.get("/what-is-asb/")[2]
        )

        edit(settings, "name: Derbyshire ASB Hub", "name: [Derbyshire ASB Hub")
        # The YAML parser notices the unclosed [ on the next line.
        line = settings.read_text().split("\n").index("name: [Derbyshire ASB Hub") + 2
        problem = f"data/site.yaml:{line}: YAML problem"
        await browser.reloaded_until(lambda: problem in served.get("/what-is-asb/")[2])
        assert served.get("/what-is-asb/")[0] == 500
        assert problem in "".join(served.stderr)

        edit(settings, "name: [Derbyshire ASB Hub", "name: Derbyshire ASB Hub")
        edit(report, "  - figure: arrests\n", '  - figure: arrests\n    "<b>bold</b>": 1\n')
        line = report.read_text().split("\n").index('    "<b>bold</b>": 1') + 1
        await browser.reloaded_until(
            lambda: f"data/patrols/2024-07.en.yaml:{line}: " in served.get("/")[2]
        )
        body = served.get("/")[2]
        assert "&lt;b&gt;bold&lt;/b&gt;" in body and "<b>bold</b>" not in body

        edit(report, '    "<b>bold</b>": 1\n', "")
        await browser.reloaded_until(lambda: served.get("/")[0] == 200)
        assert "<h1>What counts as ASB?</h1>" in served.get("/what-is-asb/")[2]

    run_in_own_thread(scenario())
    assert served.stop() == 0
    assert "Traceback" not in "".join(served.stderr)


def run_in_own_thread(coroutine) -> None:
    """Runs `coroutine` to the end on a fresh event loop in another thread.

    Playwright's sync API keeps an event loop running in the test thread once a browser test
    has run in the same session, and asyncio.run refuses to start inside a running loop.
    """
    failure: list[BaseException] = []

    def target():
        try:
            asyncio.run(coroutine)
        except BaseException as error:  # handed back to the test thread below
            failure.append(error)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


def test_a_burst_of_edits_ends_with_the_last_one_shown(served, example_site):
    page = example_site / "content" / "guidance" / "what-is-asb.en.md"
    original = page.read_text(encoding="utf-8")
    # Saved 80 ms apart: some arrive while a rebuild is running, and must not be lost.
    for n in range(1, 8):
        page.write_text(
            original.replace("title: What is anti-social behaviour?", f"title: Edit number {n}"),
            encoding="utf-8",
        )
        time.sleep(0.08)
    deadline = time.monotonic() + WAIT
    while "<h1>Edit number 7</h1>" not in served.get("/what-is-asb/")[2]:
        assert time.monotonic() < deadline, "the last edit never reached the preview"
        time.sleep(0.2)
    assert served.stop() == 0
    assert list(served.scratch.iterdir()) == []  # even with a search index being made


@pytest.mark.parametrize("port", ["99999", "65536", "abc", "-1", "8000.5", ""])
def test_a_port_that_cannot_be_is_a_usage_error_before_anything_starts(example_site, port):
    result = run_cli("serve", "--site", str(example_site), "--port", port)
    assert result.returncode == 2
    usage, error = result.stderr.splitlines()  # argparse's usage line, then one line
    assert usage.startswith("usage: build.py serve")
    assert error == (
        "build.py serve: error: argument --port: must be a whole number from 1 to 65535 "
        f'(or 0 for any free port), got "{port}"'
    )
    assert result.stdout == ""  # nothing built, nothing served


def test_port_0_serves_on_a_free_port_and_says_which(example_site, tmp_path):
    with serving(example_site, tmp_path / "serve-tmp", port=0) as server:
        port = int(server.url.rsplit(":", 1)[1])
        assert port != 0
        assert f"Previewing {example_site} (drafts included) at {server.url}/\n" in "".join(
            server.stdout
        )
        status, _, body = server.get("/what-is-asb/")
        assert status == 200 and "<h1>What is anti-social behaviour?</h1>" in body
        # The site's own addresses name the port it is served on.
        assert f'href="{server.url}/what-is-asb/"' in body
        assert server.stop() == 0
