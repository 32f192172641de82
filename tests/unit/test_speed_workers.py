"""Sharing work between cores gives the same results, in order, and the same errors."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from hub.core import workers
from hub.core.workers import MIN_ITEMS_TO_SHARE, Batch, map_in_workers


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


def slowly(work):
    """Returns `work` taking a millisecond an item: long enough for a forked child to start
    and take its chunks before this process has done them all (chunks go to whoever is free)."""

    def slow(item):
        time.sleep(0.001)
        return work(item)

    return slow


def test_results_come_back_in_order_from_every_worker():
    items = list(range(MIN_ITEMS_TO_SHARE * 3 + 1))
    offset = 7  # a closure: workers are forked, so nothing is sent but the items' results
    results = map_in_workers(slowly(lambda n: (n + offset, os.getpid())), items)
    assert [value for value, _ in results] == [n + offset for n in items]
    assert len({pid for _, pid in results}) == 2  # this process and one child


def test_a_batch_meanwhile_is_done_by_children_while_this_process_goes_on():
    items = list(range(MIN_ITEMS_TO_SHARE * 2))
    batch = Batch(slowly(lambda n: (n * n, os.getpid())), items, meanwhile=True)
    time.sleep(1)  # this process's other work: the children take every chunk meanwhile
    results = batch.results()
    assert [value for value, _ in results] == [n * n for n in items]
    assert os.getpid() not in {pid for _, pid in results}
    assert len({pid for _, pid in results}) == 2  # a child for each of the two cores


def test_a_batch_stopped_leaves_no_child_running():
    before = child_pids()
    batch = Batch(slowly(str), list(range(MIN_ITEMS_TO_SHARE * 4)), meanwhile=True)
    assert len(child_pids() - before) == 2
    batch.stop()  # as after an error in this process's other work
    assert child_pids() <= before


def test_a_small_batch_stays_in_this_process():
    assert set(map_in_workers(lambda _: os.getpid(), [1, 2, 3])) == {os.getpid()}


@pytest.mark.parametrize("meanwhile", [False, True], ids=["map_in_workers", "meanwhile"])
@pytest.mark.parametrize("failing", [0, MIN_ITEMS_TO_SHARE * 2 - 1], ids=["first", "last"])
def test_an_error_is_raised_here_as_a_run_on_one_core_would(failing, meanwhile):
    items = list(range(MIN_ITEMS_TO_SHARE * 2))

    def work(n):
        if n == failing:  # whichever process takes its chunk
            raise ValueError(f"item {n} is wrong")
        return os.getpid()

    before = child_pids()
    with pytest.raises(ValueError, match=f"item {failing} is wrong") as raised:
        Batch(slowly(work), items, meanwhile).results()
    assert raised.traceback[-1].name == "work"  # raised by the work itself, here
    assert child_pids() <= before  # no worker is left running or unreaped
