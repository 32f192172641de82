"""Reading source files: text, YAML and Markdown front matter, with friendly errors; which
folders the build reads, and walking them."""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path, PurePosixPath

from .errors import Problems
from .fields import describe
from .yamlfile import Located, LocatedList, YamlSyntaxError, load_yaml, unpublishable

# Where template syntax starts: every one is either a placeholder (hub/read/placeholders.py) or
# a mistake.
TEMPLATE_OPENING = re.compile(r"\{[{%#]")

# Every folder and file a build reads, relative to the site folder; the repository's own
# templates and assets are read too when the site is elsewhere.
SITE_INPUTS = ("content", "data", "templates", "assets", "netlify.toml")
REPO_INPUTS = ("templates", "assets")
# The cache's folder in the site (hub/speed/store.py): never an input, never the output.
CACHE_FOLDER = ".cache"

# No page or data file of a real hub comes near this (the longest guidance page is about 10 KB,
# the report helper's routes for a whole country a few hundred KB); a file past it is refused
# before it is read, so a huge file costs neither time nor memory.
MAX_FILE_BYTES = 1_000_000


def link_problem(path: Path | str, root: Path | str) -> str | None:
    """Returns why the build must not read `path`, or None when, with every link on its way
    followed, it is inside `root` (the site folder; the repository, for the repository's own
    templates and assets). A path that is not there at all is None: its reader says so.

    The one rule for every file the build reads. A link out of the site is refused rather than
    left out: no editor means to publish a file from elsewhere on the machine, and a warning
    scrolls away unread."""
    try:
        real = os.path.realpath(path, strict=True)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return (
                "this is a link that leads round in a circle, back to itself: replace it with "
                "the file it stands for, or delete it"
            )
        if error.errno in (errno.ENOENT, errno.ENOTDIR) and os.path.lexists(path):
            return (
                "this is a link to a file that is not there: point it at a file inside the "
                "site, or delete it"
            )
        return None
    inside = os.path.realpath(root)
    if real == inside or real.startswith(inside.rstrip(os.sep) + os.sep):
        return None
    return (
        f"this leads through a link to {real}, outside {inside}: only files inside it are "
        "published, so put a copy of the file here instead of the link"
    )


def check_inside(path: Path | str, root: Path | str, rel: str, problems: Problems) -> bool:
    """Returns whether the build may read `path` (see link_problem); if not, records why at
    `rel`."""
    problem = link_problem(path, root)
    if problem:
        problems.add(rel, 1, problem)
    return problem is None


def _root_of(path: Path, rel: str) -> Path:
    """Returns the folder `rel` is relative to: the site folder, or the repository for its own
    files (templates/strings/en.yaml)."""
    depth = len(PurePosixPath(rel).parts)
    if Path(path).parts[-depth:] == PurePosixPath(rel).parts:
        return Path(path).parents[depth - 1]
    return Path(path).parent  # named otherwise: its own folder, the strictest bound


def read_text(path: Path, rel: str, problems: Problems) -> str | None:
    """Returns the file's text, or None (with a problem recorded) if it is empty, too big, not
    a plain file, not UTF-8, holds a character that cannot be published, or is a link out of
    its site (or to nothing, or round in a circle)."""
    if not check_inside(path, _root_of(path, rel), rel, problems):
        return None
    try:
        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode):
            problems.add(rel, 1, "this is not a plain file (a device or a pipe?): replace it")
            return None
        with open(path, "rb") as file:
            # Read to its size (a buffer of the most allowed would be mapped and freed for
            # each file), then on if it grew since, but never past the most allowed.
            data = file.read(min(status.st_size, MAX_FILE_BYTES) + 1)
            if len(data) > status.st_size:
                data += file.read(MAX_FILE_BYTES + 1 - len(data))
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
    if found := unpublishable(text):
        position, message = found
        problems.add(rel, text.count("\n", 0, position) + 1, message)
        return None
    if not text.strip():
        problems.add(rel, 1, "this file is empty: add content or delete the file")
        return None
    return text.replace("\r\n", "\n")


def read_yaml(path: Path, rel: str, problems: Problems, placeholders: bool = False):
    """Returns the parsed YAML document, a mapping (hub.core.yamlfile.Located), or None (with a
    problem recorded) when it is empty, malformed or not a mapping: every data file is a list
    of `name: value` lines. Without `placeholders` (filled by the caller), a text holding
    template syntax is a problem too."""
    text = read_text(path, rel, problems)
    if text is None:
        return None
    empty = "this file holds no settings (only comments?): add them, or delete the file"
    data = _load(text, 1, rel, problems, "this file", empty)
    if data is None:
        return None
    if not placeholders:
        check_shown_as_written(data, 1, rel, problems)
    return data


def _load(text: str, first_line: int, rel: str, problems: Problems, what: str, empty: str):
    """Returns the mapping that `text` (YAML starting at `first_line` of file `rel`) holds,
    or None, with every problem recorded, when it is not valid, empty (the message `empty`)
    or anything but a mapping (`what` is where the text is, for the message)."""
    try:
        data = load_yaml(text, first_line)
    except YamlSyntaxError as error:
        for line, message in error.problems:
            problems.add(rel, line, message)
        return None
    if data is None:
        problems.add(rel, first_line, empty)
    elif not isinstance(data, dict):
        problems.add(
            rel,
            getattr(data, "line", first_line),
            f"{what} must be a list of `name: value` lines, got {describe(data)}",
        )
    else:
        return data
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
    empty = "the settings at the top are empty: add title and summary"
    meta = _load("\n".join(lines[1:end]), 2, rel, problems, "the settings at the top", empty)
    if meta is None:
        return None
    check_shown_as_written(meta, 2, rel, problems)
    return meta, "\n".join(lines[end + 1 :]), end + 2


def check_shown_as_written(value, line: int, rel: str, problems: Problems) -> None:
    """Records each text inside `value` (YAML as loaded) that holds template syntax, at its
    line. Placeholders are filled only in page text and the report helper's routes; anywhere
    else (a page's settings, data/site.yaml, a report) the text is shown as written, and a
    placeholder must never reach a page."""
    if isinstance(value, str):
        if TEMPLATE_OPENING.search(value):
            problems.add(
                rel,
                line,
                "placeholders such as {{ site.contacts.non_emergency }} work only in a page's "
                "text and in data/report-routes.yaml, and this is shown as written: write the "
                "value itself (or leave out the {{, {% or {#)",
            )
    elif isinstance(value, Located):
        for key, inner in value.items():
            check_shown_as_written(inner, value.line_of(key), rel, problems)
    elif isinstance(value, LocatedList):
        for inner, inner_line in zip(value, value.lines):
            check_shown_as_written(inner, inner_line, rel, problems)


# The file that marks a folder as one the build made (hub/write/output.py). It marks the folder,
# it is not one of its files: walk leaves it out, so the records of an output never list it.
OUTPUT_MARKER = ".asb-hub-output"


def walk(root: str):
    """Yields (path, stat) for every file under `root` (or `root` itself if it is a file),
    in name order; paths are strings, which is quicker than Path for thousands of files.

    A link is followed where hub.core.sources.link_problem allows it, taking the folder that holds
    `root` as the bound (the site for content/, the repository for its templates/); a folder
    link, only to a folder that neither is nor holds one being walked. Any other link (out of
    that folder, to nothing, round in a circle) is yielded as itself, with its own stat: it
    counts as an input but is never read, and the build refuses it at its path. OUTPUT_MARKER
    files are left out.
    """
    bound = os.path.realpath(os.path.dirname(os.path.abspath(root)))
    if os.path.islink(root):
        yield from _walk_link(root, bound, set())
    else:
        yield from _walk(root, os.path.realpath(root), bound, set())


def _walk(path: str, real: str, bound: str, walking: set[str]):
    """Walks `path`, a folder whose real location is `real` (or a file), for walk."""
    try:
        entries = sorted(os.scandir(path), key=lambda entry: entry.name)
    except NotADirectoryError:
        yield path, os.stat(path)
        return
    except FileNotFoundError:
        return
    walking.add(real)
    for entry in entries:
        if entry.name == OUTPUT_MARKER:
            continue
        if entry.is_symlink():
            yield from _walk_link(entry.path, bound, walking)
        elif entry.is_dir():
            yield from _walk(entry.path, f"{real}{os.sep}{entry.name}", bound, walking)
        elif entry.is_file():
            yield entry.path, entry.stat()
    walking.discard(real)


def _walk_link(path: str, bound: str, walking: set[str]):
    """Walks the link `path` for walk: follows it, or yields it as itself."""
    if link_problem(path, bound) is None:
        real = os.path.realpath(path)
        if os.path.isdir(real):
            # Not to a folder being walked, nor to one holding it: that is round in a circle.
            if not any(f"{held}{os.sep}".startswith(f"{real}{os.sep}") for held in walking):
                yield from _walk(path, real, bound, walking)
                return
        elif os.path.isfile(real):
            yield path, os.stat(real)
            return
    yield path, os.lstat(path)
