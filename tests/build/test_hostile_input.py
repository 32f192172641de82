"""Hostile input (an alias bomb, a huge file, absurd nesting) ends in `path:line` errors, in a
real build process whose memory is measured, without a traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading

import pytest

from hub.core.sources import MAX_FILE_BYTES
from hub.core.yamlfile import MAX_DEPTH
from tests.conftest import REPO, guidance_page, write
from tests.support.builds import first_report

WAIT = 120  # seconds: a guard against a hang, never a timing
MEMORY_MB = 250  # a build of the example site takes about 60 MB


# A child's peak memory starts at its parent's size when it forks (Linux copies the high-water
# mark), and pytest grows to hundreds of MB over the whole suite; so a small launcher starts the
# build and reports the build's own peak.
LAUNCHER = """
import os, subprocess, sys
process = subprocess.Popen(sys.argv[1:])
_, status, usage = os.wait4(process.pid, 0)
print(usage.ru_maxrss // 1024, file=sys.stderr)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def build_measured(site, wait: float = WAIT) -> tuple[int, str, int]:
    """Returns (exit status, stderr, peak memory in MB) of `build.py build` for `site`,
    killed after `wait` seconds."""
    build = [sys.executable, str(REPO / "build.py"), "build", "--site", str(site)]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(
            [sys.executable, "-c", LAUNCHER, *build], stdout=out, stderr=err, start_new_session=True
        )
        # The guard kills the launcher and the build together.
        guard = threading.Timer(wait, lambda: os.killpg(process.pid, signal.SIGKILL))
        guard.start()
        process.wait()
        guard.cancel()
        err.seek(0)
        *stderr, memory = err.read().decode().rstrip("\n").split("\n")
        return process.returncode, "\n".join(stderr), int(memory)


def problems(stderr: str) -> list[str]:
    return [line for line in stderr.split("\n") if line and ": " in line and "/" in line[:40]]


def assert_problems(site, wait: float = WAIT) -> list[str]:
    """Returns the problems a build of `site` prints, checking it failed as it should: exit 1,
    no traceback, little memory, nothing published."""
    status, stderr, memory = build_measured(site, wait)
    assert status == 1 and "Traceback" not in stderr, stderr
    assert memory < MEMORY_MB
    assert not (site / "public").exists()
    return problems(stderr)


def alias_bomb(levels: int = 9) -> str:
    """Returns YAML whose nine short lines of aliases stand for 9**9 values."""
    lines = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, levels):
        lines.append(f"lol{n}: &lol{n} [{', '.join([f'*lol{n - 1}'] * 9)}]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_in_the_routes_file(small_site):
    routes = small_site / "data" / "report-routes.yaml"
    text = routes.read_text(encoding="utf-8")
    routes.write_text(text + alias_bomb(), encoding="utf-8")
    line = text.count("\n") + 6  # the alias that takes the count past the limit
    assert assert_problems(small_site) == [
        f"data/report-routes.yaml:{line}: YAML problem: this file holds more than 100,000 "
        "values (each *alias counted as a copy of what it names), far more than any hub "
        "needs: split it, or write it out without aliases"
    ]


def test_an_alias_bomb_in_a_pages_settings(small_site):
    page = small_site / "content" / "guidance" / "bomb.md"
    bomb = alias_bomb().replace("lol0:", "title: Bomb\nlol0:")
    page.write_text(f"---\n{bomb}---\nText.\n", encoding="utf-8")
    [problem] = assert_problems(small_site)
    assert problem.startswith("content/guidance/bomb.md:8: YAML problem: this file holds more")


@pytest.mark.parametrize(
    "nesting",
    [
        "[" * 100_000 + "]" * 100_000,  # crashed libyaml's composer (a segmentation fault)
        "{a: " * 1_000 + "}" * 1_000,  # Python's RecursionError
    ],
)
def test_absurd_nesting_in_a_report(small_site, nesting):
    report = first_report(small_site)
    text = report.read_text(encoding="utf-8")
    report.write_text(text + f"extra: {nesting}\n", encoding="utf-8")
    line = text.count("\n") + 1
    assert assert_problems(small_site) == [
        f"data/patrols/{report.name}:{line}: YAML problem: this is nested more than "
        f"{MAX_DEPTH} levels deep, which no setting needs: check the indentation and brackets"
    ]


def test_absurd_indentation_in_site_settings(small_site):
    settings = small_site / "data" / "site.yaml"
    text = settings.read_text(encoding="utf-8")
    deep = "".join(" " * level + f"k{level}:\n" for level in range(400))
    settings.write_text(text + deep, encoding="utf-8")
    [problem] = assert_problems(small_site)
    assert problem.startswith(f"data/site.yaml:{text.count(chr(10)) + MAX_DEPTH + 1}: YAML ")
    assert "nested more than" in problem


def test_absurd_nesting_in_a_page(small_site):
    lists = "".join("  " * level + "- item\n" for level in range(400))
    write(small_site / "content" / "guidance" / "deep.md", guidance_page("Deep", lists))
    [problem] = assert_problems(small_site)
    # The list starts on line 10, two more characters a level: the first line with more than
    # 100 before its text is the 51st, and the only one reported.
    assert problem.startswith("content/guidance/deep.md:60: this line is nested too deeply")


def test_a_huge_file(small_site):
    page = small_site / "content" / "guidance" / "huge.md"
    page.write_text(guidance_page("Huge", "word " * (MAX_FILE_BYTES // 5 + 1)), encoding="utf-8")
    assert assert_problems(small_site) == [
        "content/guidance/huge.md:1: this file is more than 1 MB, far more than any page or "
        "data file needs: split it, or remove what does not belong"
    ]


def test_a_page_that_is_a_device_or_a_pipe(small_site):
    # A device is reached through a link, which leads out of the site: refused as that.
    (small_site / "content" / "guidance" / "zero.md").symlink_to("/dev/zero")
    os.mkfifo(small_site / "data" / "patrols" / "2031-01.yaml")
    assert assert_problems(small_site, wait=30) == [
        "content/guidance/zero.md:1: this leads through a link to /dev/zero, outside "
        f"{small_site.resolve()}: only files inside it are published, so put a copy of the "
        "file here instead of the link",
        "data/patrols/2031-01.yaml:1: this is not a plain file (a device or a pipe?): replace it",
    ]


def test_a_gigabyte_file_costs_no_memory(small_site):
    with open(small_site / "content" / "guidance" / "huge.md", "wb") as page:
        page.truncate(1 << 30)  # sparse: no disk space, but a gigabyte of zeros to read
    assert assert_problems(small_site) == [
        "content/guidance/huge.md:1: this file is more than 1 MB, far more than any page or "
        "data file needs: split it, or remove what does not belong"
    ]
