"""`build.py serve` for real in tests: a subprocess on a free port, its pages fetched over HTTP,
its terminal output collected, and stopped as a service manager stops it."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.support.files import REPO

WAIT = 120  # seconds; generous because test runs share the machine with other builds


def free_port() -> int:
    """Returns a port on 127.0.0.1 that nothing listens on now (the system chooses it, so
    tests running side by side get different ones)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Served:
    """`build.py serve` (`serve --editor` with `editor`) for `site` in a subprocess on `port`
    (0: any free port, which serve names), answering once `wait_until_up` returns.

    `stdout` and `stderr` collect its terminal output line by line. With `scratch`, a folder
    made for it, its temporary files go there (TMPDIR), to check they are cleared."""

    def __init__(self, site: Path, port: int, scratch: Path | None = None, editor: bool = False):
        self.site, self.url, self.scratch = site, f"http://127.0.0.1:{port}", scratch
        env = {**os.environ, "PYTHONFAULTHANDLER": "1"}  # SIGABRT prints where each thread is
        if scratch is not None:
            scratch.mkdir()
            env["TMPDIR"] = str(scratch)
        command = [sys.executable, str(REPO / "build.py"), "serve", "--site", str(site)]
        self.process = subprocess.Popen(
            command + ["--port", str(port)] + (["--editor"] if editor else []),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        for stream, lines in (
            (self.process.stdout, self.stdout),
            (self.process.stderr, self.stderr),
        ):
            threading.Thread(
                target=lambda s=stream, ls=lines: ls.extend(iter(s.readline, "")), daemon=True
            ).start()

    @property
    def output(self) -> str:
        """Returns everything it printed so far, standard output then standard error."""
        return "".join(self.stdout + self.stderr)

    def get(self, path: str) -> tuple[int, object, str]:
        """Returns (status, headers, body text) without following redirects."""

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(self.url + path, timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def wait_until_up(self) -> None:
        """Waits until serve says where it serves (after its first build, with the editor's
        backend running) and answers there, whatever the status; fails if it stops first."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.output
            said = re.search(r" at (http://127\.0\.0\.1:[0-9]+)/$", "".join(self.stdout), re.M)
            if said is None:
                time.sleep(0.1)
                continue
            self.url = said.group(1)
            try:
                self.get("/")
                return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("serve did not start: " + self.output)

    def stop(self) -> int:
        """Stops the server as a service manager does (serve cleans up exactly as after Ctrl+C);
        returns its exit status. Not SIGINT: a process started in the background by a shell
        without job control ignores it, and the server would inherit that."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            self.process.send_signal(signal.SIGABRT)  # faulthandler prints every thread's stack
            self.process.wait(timeout=WAIT)
            time.sleep(0.5)  # for the reading threads to take the last lines
            raise AssertionError("serve did not stop:\n" + self.output) from None


@contextlib.contextmanager
def serving(site: Path, scratch: Path | None = None, port: int | None = None, editor=False):
    """Yields a Served for `site` once it answers (on a free `port` unless one is given), its
    temporary files in `scratch` if given; kills it afterwards if it is still running."""
    server = Served(site, free_port() if port is None else port, scratch, editor)
    try:
        server.wait_until_up()
        yield server
    finally:
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait()
