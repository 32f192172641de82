"""Reading source files: text, YAML and Markdown front matter, with friendly errors."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import Problems
from .placeholders import check_shown_as_written
from .yamlfile import YamlSyntaxError, load_yaml

# No page or data file of a real hub comes near this (the longest guidance page is about 10 KB,
# the report helper's routes for a whole country a few hundred KB); a file past it is refused
# before it is read, so a huge file costs neither time nor memory.
MAX_FILE_BYTES = 1_000_000


def read_text(path: Path, rel: str, problems: Problems) -> str | None:
    """Returns the file's text, or None (with a problem recorded) if it is empty, too big, not
    a plain file or not UTF-8."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            problems.add(rel, 1, "this is not a plain file (a device or a pipe?): replace it")
            return None
        with open(path, "rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)  # no more, even if it grew since
    except OSError as error:
        problems.add(rel, 1, f"this file cannot be read ({error.strerror}): check it is there")
        return None
    if len(data) > MAX_FILE_BYTES:
        problems.add(
            rel,
            1,
            f"this file is more than {MAX_FILE_BYTES // 1_000_000} MB, far more than any page "
            "or data file needs: split it, or remove what does not belong",
        )
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.add(rel, line, "this file is not saved as UTF-8 text: save it again as UTF-8")
        return None
    if not text.strip():
        problems.add(rel, 1, "this file is empty: add content or delete the file")
        return None
    return text.replace("\r\n", "\n")


def read_yaml(path: Path, rel: str, problems: Problems, placeholders: bool = False):
    """Returns the parsed YAML document, or None (with a problem recorded) when it is empty
    or malformed. Without `placeholders` (filled by the caller), a text holding template
    syntax is a problem too."""
    text = read_text(path, rel, problems)
    if text is None:
        return None
    try:
        data = load_yaml(text)
    except YamlSyntaxError as error:
        problems.add(rel, error.line, error.message)
        return None
    if data is None:
        problems.add(
            rel, 1, "this file holds no settings (only comments?): add them, or delete the file"
        )
    elif not placeholders:
        check_shown_as_written(data, 1, rel, problems)
    return data


def split_front_matter(text: str, rel: str, problems: Problems):
    """Returns (front matter mapping, Markdown body, line number where the body starts).

    Returns None when the front matter is missing or malformed.
    """
    lines = text.split("\n")
    if lines[0].strip() != "---":
        problems.add(
            rel,
            1,
            "the file must start with a line of three dashes (---) "
            "followed by the page's settings (title, summary, ...)",
        )
        return None
    try:
        end = next(n for n in range(1, len(lines)) if lines[n].strip() == "---")
    except StopIteration:
        problems.add(
            rel,
            1,
            "the settings at the top are not closed: add a line of three dashes (---) after them",
        )
        return None
    try:
        meta = load_yaml("\n".join(lines[1:end]), first_line=2)
    except YamlSyntaxError as error:
        problems.add(rel, error.line, error.message)
        return None
    if meta is None:
        problems.add(rel, 2, "the settings at the top are empty: add title and summary")
        return None
    check_shown_as_written(meta, 2, rel, problems)
    return meta, "\n".join(lines[end + 1 :]), end + 2
