"""Sharing work between cores gives the same results, in order, and the same errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hub.core import workers
from hub.core.workers import MIN_ITEMS_TO_SHARE, map_in_workers


def child_pids() -> set[int]:
    """Returns this process's children, zombies included (Linux's /proc lists both).

    Other tests in the same run may have children of their own (browsers, servers), so the
    check compares sets rather than asking whether any child exists at all.
    """
    return {
        int(pid)
        for task in Path("/proc/self/task").iterdir()
        for pid in (task / "children").read_text().split()
    }


@pytest.fixture(autouse=True)
def two_cores(monkeypatch):
    monkeypatch.setattr(workers, "cores", lambda: 2)  # share even on a one-core machine


def test_results_come_back_in_order_from_every_worker():
    items = list(range(MIN_ITEMS_TO_SHARE * 3 + 1))
    offset = 7  # a closure: workers are forked, so nothing is sent but the items' results
    results = map_in_workers(lambda n: (n + offset, os.getpid()), items)
    assert [value for value, _ in results] == [n + offset for n in items]
    assert len({pid for _, pid in results}) == 2  # this process and one child


def test_a_small_batch_stays_in_this_process():
    assert set(map_in_workers(lambda _: os.getpid(), [1, 2, 3])) == {os.getpid()}


@pytest.mark.parametrize("failing", [0, 1], ids=["in this process", "in the worker"])
def test_an_error_is_raised_here_as_a_run_on_one_core_would(failing):
    items = list(range(MIN_ITEMS_TO_SHARE * 2))

    def work(n):
        if n == failing:  # shares are interleaved: item 0 is ours, item 1 the worker's
            raise ValueError(f"item {n} is wrong")
        return n

    before = child_pids()
    with pytest.raises(ValueError, match=f"item {failing} is wrong"):
        map_in_workers(work, items)
    assert child_pids() <= before  # no worker is left running or unreaped
