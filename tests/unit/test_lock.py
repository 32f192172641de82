"""hub/commands/lock.py: one holder at a time across real processes, waiting (said once), and let go
however the holder ends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from hub.commands.lock import WAITING, one_build_at_a_time
from tests.conftest import REPO

WAIT = 60  # seconds: a guard against a hang, never a timing


def holder(*folders, marker: str = "held") -> subprocess.Popen:
    """Starts a process that takes the lock of `folders`, prints `marker`, and keeps the lock
    until a line arrives on its standard input."""
    code = (
        "import sys; from pathlib import Path; from hub.commands.lock import hold\n"
        "with hold([Path(f) for f in sys.argv[2:]], 'WAITING'):\n"
        "    print(sys.argv[1], flush=True)\n"
        "    sys.stdin.readline()\n"
        "print('released', flush=True)\n"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code, marker, *map(str, folders)],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_line(process: subprocess.Popen) -> str:
    return process.stdout.readline().strip()


def waiting(process: subprocess.Popen) -> bool:
    """Returns whether `process` says it is waiting for the lock (blocks until it says
    something on stderr), and is still running."""
    return process.stderr.readline() == "WAITING\n" and process.poll() is None


def wait_until_holding(process: subprocess.Popen, folder) -> None:
    """Waits until the system's lock table shows `process` holding the lock of `folder`."""
    inode = os.stat(folder).st_ino
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        with open("/proc/locks") as table:
            held = {
                (fields[4], fields[5].rsplit(":", 1)[-1])
                for fields in map(str.split, table)
                if fields[1] == "FLOCK"  # a waiter's line reads "->" there
            }
        if (str(process.pid), str(inode)) in held:
            return
        time.sleep(0.05)
    raise AssertionError(f"process {process.pid} never held the lock of {folder}")


def test_a_second_holder_waits_for_the_first_and_says_so_once(tmp_path):
    first = holder(tmp_path, marker="first")
    assert wait_for_line(first) == "first"
    second = holder(tmp_path, marker="second")
    assert waiting(second)  # it cannot have the lock yet
    first.stdin.write("\n")
    first.stdin.flush()
    assert wait_for_line(first) == "released"
    assert wait_for_line(second) == "second"  # now it has it
    _, errors = second.communicate("\n", timeout=WAIT)
    assert second.returncode == 0 and first.wait(timeout=WAIT) == 0
    assert errors == ""  # nothing more than the one line already read


def test_the_waiting_message_is_printed_once(tmp_path):
    folders = [tmp_path / "a", tmp_path / "b"]
    for folder in folders:
        folder.mkdir()
    folders.sort(key=lambda folder: os.stat(folder).st_ino)  # the order locks are taken in
    holders = [holder(folder) for folder in folders]
    assert [wait_for_line(h) for h in holders] == ["held", "held"]
    second = holder(*folders, marker="second")
    assert waiting(second)  # for the first folder
    holders[0].communicate("\n", timeout=WAIT)
    wait_until_holding(second, folders[0])  # and now waits for the second folder's lock
    assert second.poll() is None
    holders[1].communicate("\n", timeout=WAIT)
    assert wait_for_line(second) == "second"
    _, errors = second.communicate("\n", timeout=WAIT)
    assert errors == ""  # it waited twice but said so once


def test_a_killed_holder_lets_go_at_once(tmp_path):
    first = holder(tmp_path)
    assert wait_for_line(first) == "held"
    second = holder(tmp_path, marker="second")
    assert waiting(second)
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=WAIT)
    assert wait_for_line(second) == "second"
    second.communicate("\n", timeout=WAIT)
    assert second.returncode == 0


def test_other_folders_do_not_wait(tmp_path):
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    first = holder(tmp_path / "one")
    assert wait_for_line(first) == "held"
    second = holder(tmp_path / "two", marker="second")
    assert wait_for_line(second) == "second"
    for process in (first, second):
        _, errors = process.communicate("\n", timeout=WAIT)
        assert process.returncode == 0 and "WAITING" not in errors


def test_one_folder_by_two_paths_is_one_lock(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "site")
    first = holder(tmp_path / "site")
    assert wait_for_line(first) == "held"
    second = holder(tmp_path / "link", marker="second")
    assert waiting(second)
    first.communicate("\n", timeout=WAIT)
    assert wait_for_line(second) == "second"
    second.communicate("\n", timeout=WAIT)


def test_the_same_folder_twice_in_one_process_does_not_wait_for_itself(tmp_path, capsys):
    # The default output, public/, sits in the site folder: both locks are the same folder.
    with one_build_at_a_time(tmp_path, tmp_path / "public"):
        second = holder(tmp_path, marker="second")
        assert waiting(second)  # held, once, by this process
    assert wait_for_line(second) == "second"
    second.communicate("\n", timeout=WAIT)
    assert capsys.readouterr().err == ""


def test_the_output_folder_is_made_and_its_parent_locked(tmp_path):
    out = tmp_path / "new" / "deeper" / "public"
    with one_build_at_a_time(tmp_path, out):
        second = holder(out.parent, marker="second")
        assert waiting(second)
    assert wait_for_line(second) == "second"
    second.communicate("\n", timeout=WAIT)
    assert second.returncode == 0


def test_the_message_says_what_is_waited_for():
    assert WAITING.startswith("Another build of this site is running")
    assert "waiting for it to finish" in WAITING and "Ctrl+C" in WAITING
