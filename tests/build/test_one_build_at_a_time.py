"""Builds, checks and new-report started at the same moment on one site, as real processes:
each waits its turn, none ends in a traceback, and the output is then a clean build's."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

from hub.commands.lock import WAITING, one_build_at_a_time
from tests.conftest import REPO, run_cli
from tests.support.builds import clean_build
from tests.support.files import tree

# A stress test of many builds: left out of tests/run --fast, run in full.
pytestmark = pytest.mark.slow

WAIT = 300  # seconds: a guard against a hang, never a timing


def _ctrl_c_as_in_a_terminal() -> None:
    # A shell starts background jobs with Ctrl+C ignored, and children inherit that: without
    # this, the test would hang when pytest itself was started in the background.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_ctrl_c_as_in_a_terminal,
    )


def test_builds_started_together_take_turns(example_site, tmp_path):
    out = example_site / "public"
    page = example_site / "content" / "guidance" / "what-is-asb.en.md"
    original = page.read_text(encoding="utf-8")
    months = iter(["2031-01", "2031-02", "2031-03"])
    for round_number in range(3):
        # A small edit (the few-files path that moves files into public/) each round.
        page.write_text(original + f"\nEdit {round_number}.\n", encoding="utf-8")
        processes = [
            *(start("build", "--site", str(example_site)) for _ in range(3)),
            start("check", "--site", str(example_site)),
            start("new-report", next(months), "--site", str(example_site)),
        ]
        results = [(p, *p.communicate(timeout=WAIT)) for p in processes]
        for process, _, errors in results:
            assert "Traceback" not in errors, errors
            assert process.returncode == 0, errors
        # The drafts new-report writes stay off the live site; the next round builds them.
    after = tree(out)
    assert after == clean_build(example_site, tmp_path / "clean", search=True)
    beside = sorted(path.name for path in example_site.iterdir() if path.name.startswith("."))
    # No staging folder or half-made output left behind: only the cache, and the speed
    # layer's one spare copy of an earlier build (hub/write/output.py), which the next build reuses.
    assert beside[0] == ".cache" and len(beside) <= 2
    assert all(name.startswith(".public.spare-") for name in beside[1:])
    assert not [p for p in (example_site / ".cache").rglob("*") if p.name.endswith(".part")]
    again = run_cli("build", "--site", str(example_site))
    assert again.returncode == 0 and "Traceback" not in again.stderr
    assert tree(out) == after  # the cache the racing builds left is whole and right


def test_a_build_waits_for_the_lock_saying_so_once_and_ctrl_c_stops_it(example_site):
    with one_build_at_a_time(example_site):  # as a serve rebuild would hold it
        waiting = start("build", "--site", str(example_site), "--no-search")
        assert waiting.stderr.readline() == WAITING + "\n"
        stopped = start("check", "--site", str(example_site))
        assert stopped.stderr.readline() == WAITING + "\n"
        stopped.send_signal(signal.SIGINT)
        _, errors = stopped.communicate(timeout=WAIT)
        assert stopped.returncode == 130 and errors == "Stopped.\n"
        assert waiting.poll() is None
    output, errors = waiting.communicate(timeout=WAIT)
    assert waiting.returncode == 0 and errors == ""  # said once, above
    assert output.startswith("Built the site into")
