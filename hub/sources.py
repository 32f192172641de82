"""Reading source files: text, YAML and Markdown front matter, with friendly errors."""

from __future__ import annotations

from pathlib import Path

from .errors import Problems
from .yamlfile import YamlSyntaxError, load_yaml


def read_text(path: Path, rel: str, problems: Problems) -> str | None:
    """Returns the file's text, or None (with a problem recorded) if it is empty or unreadable."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        problems.add(rel, line, "this file is not saved as UTF-8 text: save it again as UTF-8")
        return None
    if not text.strip():
        problems.add(rel, 1, "this file is empty: add content or delete the file")
        return None
    return text.replace("\r\n", "\n")


def read_yaml(path: Path, rel: str, problems: Problems):
    """Returns the parsed YAML document, or None when it is empty or malformed."""
    text = read_text(path, rel, problems)
    if text is None:
        return None
    try:
        return load_yaml(text)
    except YamlSyntaxError as error:
        problems.add(rel, error.line, error.message)
        return None


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
    return meta, "\n".join(lines[end + 1 :]), end + 2
