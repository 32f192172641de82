"""A build killed at any moment leaves the output folder as the whole last good build or the
whole new one, never a mix, and the next build makes exactly what a clean build makes.

Real `build.py` processes are killed with SIGKILL, for three kinds of build: a page's text
edited (that page is remade alone), a monthly report edited (the whole pipeline, from the
spare copy) and a build with no cache (everything made afresh). They are killed at precise points,
by strace, which delivers the signal as the process makes its Nth call of a system call that
changes the file system, and at moments spread over the whole run. Each kind of rename (the swap
itself, the spare copy, each of the cache's files) is a kill point; where a build makes many of one
kind (the cache's page shards, written alike by one piece of code) and for hard links and
deletions, a few calls spread from the first to the last.
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
# Calls sampled, of one kind of rename or of links or deletions.
SAMPLED = 4
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
        # In words, not digits: a number in a summary must be one of the report's figures.
        r"(?m)^summary: .*$",
        f"summary: The summary as edited, edit {'abcdefghijklmnopqrstuvwxyz'[n % 26]}.",
        path.read_text(),
    )
    path.write_text(text, encoding="utf-8")


def drop_cache(site, n: int) -> None:
    edit_page(site, n)
    shutil.rmtree(site / ".cache", ignore_errors=True)


def traced_build(site, out) -> tuple[float, dict[str, int], list[str]]:
    """Builds as usual under strace; returns how long the build took, how often it called each
    of SYSCALLS, and what each rename made, in order: the name it gave, its numbers as # (so the
    cache's page shards pages-3.json and pages-52.json are one kind, pages-#.json)."""
    trace = out.parent / "syscalls.txt"
    started = time.perf_counter()
    result = subprocess.run(
        ["strace", "-o", str(trace), "-e", f"trace={','.join(SYSCALLS)}"] + command(site, out),
        capture_output=True,
        text=True,
    )
    took = time.perf_counter() - started
    assert result.returncode == 0, result.stderr
    counts: dict[str, int] = {}
    renamed = []
    for line in trace.read_text().splitlines():
        call = re.match(r"^(\w+)\((.*)\) += ", line)
        if call and call.group(1) in SYSCALLS:
            counts[call.group(1)] = counts.get(call.group(1), 0) + 1
            if call.group(1) == "rename":
                target = os.path.basename(call.group(2).rsplit(", ", 1)[1].strip('"'))
                renamed.append(re.sub(r"[0-9a-f]{16}|\d+", "#", target))
    return took, counts, renamed


def rename_points(renamed: list[str]) -> list[int]:
    """Returns the call numbers of the renames to kill a build at: each rename of a kind made
    once, and SAMPLED spread from the first to the last of a kind made more often."""
    kinds: dict[str, list[int]] = {}
    for n, kind in enumerate(renamed, 1):
        kinds.setdefault(kind, []).append(n)
    return sorted(numbers[i - 1] for numbers in kinds.values() for i in spread(len(numbers)))


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
    for n in (0, 1):  # twice, so that the spare copy exists and is one build old, as every day
        change(site, n)
        build(site, out)
    change(site, 2)
    # Each build before a kill is made in that same state, so it makes the same calls in the
    # same order (a rename of each kind at the same number) as this one.
    took, counts, renamed = traced_build(site, out)
    number = 2

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

    assert len(set(renamed)) >= 4, f"a build should make several kinds of rename: {renamed}"
    for n in rename_points(renamed):
        assert kill_once("rename", n), f"a build should be killed at rename {n} ({renamed[n - 1]})"
    for syscall in ("renameat2", "link", "unlink"):
        for n in spread(counts.get(syscall, 0)):
            killed = kill_once(syscall, n)
            assert killed or syscall != "renameat2", "a build should be killed as it swaps"
    for n in range(TIMED_KILLS):
        kill_once("time", n)
