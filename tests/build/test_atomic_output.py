"""A build killed at any moment leaves the output folder as the whole last good build or the
whole new one, never a mix, and the next build makes exactly what a clean build makes.

Real `build.py` processes are killed with SIGKILL, for three kinds of build: a page's text
edited (that page is remade alone), a monthly report edited (the whole pipeline, from the
spare copy) and a build with no cache (everything made afresh). They are killed at precise points,
by strace, which delivers the signal as the process makes its Nth call of a system call that
changes the file system (each rename, including the swap itself, each hard link and each
deletion), and at moments spread over the whole run.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import pytest

import build as build_module
from bench.synth import make_corpus, write_hub
from tests.conftest import REPO
from tests.support.builds import clean_build
from tests.support.files import tree

PAGES = 40
# The system calls that change the file system: rename (files, cache entries, the spare and
# staging folders), renameat2 (the exchange that swaps the new tree in), link and unlink.
SYSCALLS = ("rename", "renameat2", "link", "unlink")
# Renames move folders and cache entries into place: each is a kill point, in order, up to
# MOST_RENAMES. Links and deletions, of which a build makes more, are sampled at SAMPLED points.
MOST_RENAMES, SAMPLED = 60, 4
TIMED_KILLS = 3


def command(site, out) -> list[str]:
    build_py = str(REPO / "build.py")
    return [
        sys.executable,
        build_py,
        "build",
        "--site",
        str(site),
        "--out",
        str(out),
        "--no-search",
    ]


def build(site, out) -> None:
    """Builds `site` into `out` as the command does, in this process: the same code, without
    starting Python again. Only the builds that are killed need a process of their own."""
    errors = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(errors):
        status = build_module.main(command(site, out)[2:])
    assert status == 0, errors.getvalue()


def edit_page(site, n: int) -> None:
    page = sorted((site / "content" / "guidance").glob("*-guide-*.md"))[5]
    page.write_text(page.read_text(encoding="utf-8") + f"\nAn editor's sentence, edit {n}.\n")


def edit_report(site, n: int) -> None:
    path = sorted((site / "data" / "patrols").glob("*.yaml"))[-1]
    text = re.sub(
        r"(?m)^summary: .*$", f"summary: The summary as edited, edit {n}.", path.read_text()
    )
    path.write_text(text, encoding="utf-8")


def drop_cache(site, n: int) -> None:
    edit_page(site, n)
    shutil.rmtree(site / ".cache", ignore_errors=True)


def counted_build(site, out, counts) -> float:
    """Builds as usual under strace, recording how often each of SYSCALLS was called in
    `counts`; returns how long the build took."""
    summary = out.parent / "syscalls.txt"
    started = time.perf_counter()
    result = subprocess.run(
        ["strace", "-c", "-o", str(summary), "-e", f"trace={','.join(SYSCALLS)}"]
        + command(site, out),
        capture_output=True,
        text=True,
    )
    took = time.perf_counter() - started
    assert result.returncode == 0, result.stderr
    for line in summary.read_text().splitlines():
        found = re.match(r"^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(\w+)$", line)
        if found and found.group(2) in SYSCALLS:
            counts[found.group(2)] = int(found.group(1))
    return took


def spread(count: int) -> list[int]:
    """Returns up to SAMPLED call numbers from 1 to `count`, the first and last included."""
    if count <= SAMPLED:
        return list(range(1, count + 1))
    return sorted({1 + round(i * (count - 1) / (SAMPLED - 1)) for i in range(SAMPLED)})


def killed_at_call(syscall: str, n: int) -> list[str]:
    """Returns the strace words that kill the build as it makes its `n`th call of `syscall`."""
    return ["strace", "-qq", "-o", os.devnull, "-e", f"trace={syscall}",
            "-e", f"inject={syscall}:signal=KILL:when={n}"]  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize(
    "change", [edit_page, edit_report, drop_cache], ids=["page text", "report", "no cache"]
)
def test_a_killed_build_leaves_one_whole_tree_and_the_next_build_is_clean(tmp_path, change):
    pages, reports = make_corpus(PAGES)
    site = write_hub(pages, reports, tmp_path / "site")
    out = tmp_path / "public"
    build(site, out)
    change(site, 0)
    build(site, out)  # so that the spare copy exists, as in everyday use
    counts: dict[str, int] = {}
    change(site, 1)
    took = counted_build(site, out, counts)
    number = 1

    def kill_once(syscall: str, n: int) -> bool:
        """Kills a build at its `n`th call of `syscall` (or after `n` sixths of its run),
        checks the output, and returns whether the build was in fact killed."""
        nonlocal number
        number += 1
        # A build after a kill may find the cache's record of the output out of date and make
        # everything afresh; one more build brings back the everyday state before each kill.
        change(site, 2 * number)
        build(site, out)
        old = tree(out)
        change(site, 2 * number + 1)
        if syscall == "time":
            process = subprocess.Popen(command(site, out), stderr=subprocess.DEVNULL)
            time.sleep(took * (n + 0.5) / TIMED_KILLS)  # from the very start to the very end
            process.send_signal(signal.SIGKILL)
            killed = process.wait() == -signal.SIGKILL
        else:
            run = subprocess.run(killed_at_call(syscall, n) + command(site, out))
            killed = run.returncode in (-signal.SIGKILL, 128 + signal.SIGKILL)
        now = tree(out)
        build(site, out)
        new = tree(out)
        where = f"killed at {syscall} {n}"
        assert new == clean_build(site, tmp_path / f"clean-{number}"), (
            f"{where}: the next build differs"
        )
        assert new != old, "each change should change the output"
        assert now in (old, new), f"{where}: the output is neither the old tree nor the new one"
        return killed

    # Every rename, in order, until a build outlives its nth.
    renames = 1
    while renames <= MOST_RENAMES and kill_once("rename", renames):
        renames += 1
    assert renames > 3, "builds should be killed at several renames"
    for syscall in ("renameat2", "link", "unlink"):
        for n in spread(counts.get(syscall, 0)):
            killed = kill_once(syscall, n)
            assert killed or syscall != "renameat2", "a build should be killed as it swaps"
    for n in range(TIMED_KILLS):
        kill_once("time", n)
