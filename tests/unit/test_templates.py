"""Template mistakes are reported as `path:line` problems; a bug in the build's own code is
not disguised as one."""

from __future__ import annotations

import jinja2
import pytest

from hub.core.errors import ContentErrors
from hub.read.templates import template_problems


def render(tmp_path, text: str, **values) -> str:
    (tmp_path / "templates").mkdir(exist_ok=True)
    (tmp_path / "templates" / "page.html").write_text(text)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(tmp_path / "templates")),
        undefined=jinja2.StrictUndefined,
    )
    return env.get_template("page.html").render(**values)


def test_a_template_mistake_names_the_template_and_its_line(tmp_path):
    with pytest.raises(ContentErrors) as raised, template_problems(tmp_path):
        render(tmp_path, "<p>one</p>\n<p>{{ missing.name }}</p>\n")
    [problem] = raised.value.problems
    assert (problem.path, problem.line) == ("templates/page.html", 2)
    assert problem.message.startswith("template problem: ")


def test_a_bug_in_the_code_is_not_called_a_template_problem(tmp_path):
    def broken(value):
        return {}[value]  # a Python bug: a KeyError, not a template mistake

    with pytest.raises(KeyError), template_problems(tmp_path):
        render(tmp_path, "{{ broken('x') }}", broken=broken)
