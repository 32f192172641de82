"""Template mistakes reported like content mistakes: file and line, no traceback."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import jinja2

from .. import REPO
from ..core.errors import ContentErrors, Problem, Problems
from ..core.sources import check_inside


def template_folders(site_dir: Path) -> list[Path]:
    """Returns where a site's templates are looked for: its own first, then the defaults."""
    return [site_dir / "templates", REPO / "templates"]


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


class TemplateLoader(jinja2.FileSystemLoader):
    """Jinja's loader from folders of templates (the site's templates/ first, then the
    repository's), refusing a template that is a link out of the folder holding its templates/
    folder (the site, or the repository), to nothing or round in a circle: ContentErrors
    naming it. Jinja alone would read any of them, or quietly take the next folder's."""

    def get_source(self, environment, template):
        pieces = jinja2.loaders.split_template_path(template)
        for folder in self.searchpath:
            path = os.path.join(folder, *pieces)
            if os.path.lexists(path):
                problems = Problems()
                root = os.path.dirname(os.path.abspath(folder))
                rel = os.path.relpath(path, root).replace(os.sep, "/")
                if not check_inside(path, root, rel, problems):
                    raise ContentErrors(problems.sorted())
                break
        return super().get_source(environment, template)
