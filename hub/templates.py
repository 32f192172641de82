"""Template mistakes reported like content mistakes: file and line, no traceback."""

from __future__ import annotations

import contextlib
from pathlib import Path

import jinja2

from . import REPO
from .errors import ContentErrors, Problem


def _template_frame(error: Exception) -> tuple[str, int] | None:
    """Returns (template file, line) of the innermost template frame in the traceback."""
    found = None
    tb = error.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith((".html", ".xml", ".txt")):
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found


@contextlib.contextmanager
def template_problems(site_dir: Path):
    """Turns Jinja errors raised inside the block into ContentErrors naming file and line."""
    try:
        yield
    except jinja2.TemplateSyntaxError as error:
        raise ContentErrors(
            [
                Problem(
                    _relative(error.filename, site_dir),
                    error.lineno or 1,
                    f"template problem: {error.message}",
                )
            ]
        ) from None
    except jinja2.TemplateError as error:
        where = _template_frame(error)
        path, line = (_relative(where[0], site_dir), where[1]) if where else ("templates", 1)
        message = getattr(error, "message", None) or str(error)
        raise ContentErrors([Problem(path, line, f"template problem: {message}")]) from None


def _relative(filename: str | None, site_dir: Path) -> str:
    if not filename:
        return "templates"
    path = Path(filename).resolve()
    for root in (site_dir, REPO):
        if path.is_relative_to(root):
            return path.relative_to(root).as_posix()
    return str(path)
