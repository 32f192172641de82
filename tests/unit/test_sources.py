"""hub/core/sources.py reads only plain files up to the size limit, as UTF-8 text."""

from __future__ import annotations

import os

from hub.core.errors import Problems
from hub.core.sources import MAX_FILE_BYTES, read_text


def read(path) -> tuple[str | None, list[str]]:
    problems = Problems()
    return read_text(path, "x.md", problems), [str(p) for p in problems.sorted()]


def test_a_file_up_to_the_limit_is_read(tmp_path):
    path = tmp_path / "page.md"
    path.write_bytes(b"\xef\xbb\xbf" + b"a\r\n" + b"b" * (MAX_FILE_BYTES - 6))
    text, problems = read(path)
    assert problems == [] and text.startswith("a\nbbb") and len(text) == MAX_FILE_BYTES - 4


def test_a_file_past_the_limit_is_refused_unread(tmp_path):
    path = tmp_path / "page.md"
    path.write_bytes(b"a" * (MAX_FILE_BYTES + 1))
    assert read(path) == (
        None,
        [
            "x.md:1: this file is more than 1 MB, far more than any page or data file needs: "
            "split it, or remove what does not belong"
        ],
    )


def test_a_device_or_a_pipe_is_refused_unread(tmp_path):
    os.mkfifo(tmp_path / "pipe.md")  # opening it would wait for a writer for ever
    assert read(tmp_path / "pipe.md") == (
        None,
        ["x.md:1: this is not a plain file (a device or a pipe?): replace it"],
    )
    (tmp_path / "zero.md").symlink_to("/dev/zero")  # a device is reached through a link out
    assert read(tmp_path / "zero.md") == (
        None,
        [
            "x.md:1: this leads through a link to /dev/zero, outside "
            f"{tmp_path.resolve()}: only files inside it are published, so put a copy of the "
            "file here instead of the link"
        ],
    )


def test_a_file_that_vanished_or_cannot_be_opened(tmp_path):
    assert read(tmp_path / "gone.md") == (
        None,
        ["x.md:1: this file cannot be read (No such file or directory): check it is there"],
    )
    (tmp_path / "link.md").symlink_to(tmp_path / "nowhere.md")
    assert read(tmp_path / "link.md") == (
        None,
        [
            "x.md:1: this is a link to a file that is not there: point it at a file inside "
            "the site, or delete it"
        ],
    )


def test_text_that_is_not_utf8_names_its_line(tmp_path):
    path = tmp_path / "page.md"
    path.write_bytes(b"one\ntwo\ncaf\xe9\n")
    assert read(path) == (
        None,
        ["x.md:3: this file is not saved as UTF-8 text: save it again as UTF-8"],
    )


class GrewAfterItsSize:
    """os.stat as it would be for a file that grew between the size check and the read."""

    def __init__(self, path, size: int):
        self.path, self.size, self.stat = str(path), size, os.stat

    def __call__(self, path, *args, **kwargs):
        found = self.stat(path, *args, **kwargs)
        if str(path) != self.path:
            return found
        return os.stat_result((*found[:6], self.size, *found[7:]))


def test_a_file_that_grew_after_its_size_was_taken_is_read_whole_up_to_the_limit(
    tmp_path, monkeypatch
):
    import hub.core.sources as sources

    path = tmp_path / "page.md"
    path.write_text("A page that grew while it was being saved.")
    monkeypatch.setattr(sources.os, "stat", GrewAfterItsSize(path, 4))
    assert read(path) == ("A page that grew while it was being saved.", [])
    path.write_bytes(b"a" * (MAX_FILE_BYTES + 1))
    text, problems = read(path)
    assert text is None and "more than 1 MB" in problems[0]
