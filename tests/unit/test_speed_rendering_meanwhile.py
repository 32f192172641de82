"""Rendering on the other cores while the build goes on writes the same files, records them
the same way, and raises a template's error as rendering straight away does."""

from __future__ import annotations

import jinja2
import pytest

from hub.core import workers
from hub.core.workers import MIN_ITEMS_TO_SHARE
from hub.write.output import Output, content_digest

TEMPLATES = {
    "page.html": "<h1>{{ title }}</h1>{{ body }}\n",
    "broken.html": "{{ title }}{{ missing.name }}\n",
}


@pytest.fixture(autouse=True)
def two_cores(monkeypatch):
    monkeypatch.setattr(workers, "cores", lambda: 2)  # share even on a one-core machine


def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.DictLoader(TEMPLATES), undefined=jinja2.StrictUndefined, autoescape=True
    )


def jobs(count: int, template: str = "page.html", folder: str = "p") -> list:
    return [
        (f"{folder}/{n}/index.html", template, {"title": f"Page {n}", "body": "<b>&</b>" * n})
        for n in range(count)
    ]


def test_pages_rendered_meanwhile_are_the_pages_rendered_straight_away(tmp_path):
    many, few = jobs(MIN_ITEMS_TO_SHARE * 2), jobs(3, folder="q")
    straight = Output(tmp_path / "straight")
    straight.write_rendered(environment(), many)
    straight.write_rendered(environment(), few)
    meanwhile = Output(tmp_path / "meanwhile")
    with meanwhile.rendering_meanwhile():
        meanwhile.write_rendered(environment(), many)
        assert meanwhile.meanwhile  # still rendering: the step has returned before its files
        meanwhile.write_rendered(environment(), few)  # rendered here, the cores being busy
    assert meanwhile.fresh == straight.fresh == {rel for rel, _, _ in many + few}
    assert meanwhile.digests == straight.digests
    for rel in straight.fresh:
        data = (tmp_path / "meanwhile" / rel).read_bytes()
        assert data == (tmp_path / "straight" / rel).read_bytes()
        assert content_digest(data) == meanwhile.digests[rel]
    first = (tmp_path / "meanwhile" / "p/5/index.html").read_text()
    assert first == "<h1>Page 5</h1>" + "&lt;b&gt;&amp;&lt;/b&gt;" * 5


def test_a_template_error_is_raised_at_the_end_of_the_block(tmp_path):
    output = Output(tmp_path / "out")
    failing = jobs(MIN_ITEMS_TO_SHARE * 2, "broken.html")
    undefined = pytest.raises(jinja2.UndefinedError, match="'missing' is undefined")
    with undefined, output.rendering_meanwhile():  # raised as the block ends
        output.write_rendered(environment(), failing)
    assert output.meanwhile is None  # nothing is left running


def test_an_error_in_a_later_step_stops_the_pages_rendering_meanwhile(tmp_path):
    output = Output(tmp_path / "out")
    with pytest.raises(RuntimeError, match="a later step failed"), output.rendering_meanwhile():
        output.write_rendered(environment(), jobs(MIN_ITEMS_TO_SHARE * 4))
        batch = output.meanwhile[0][0]
        raise RuntimeError("a later step failed")
    assert batch.children == [] and batch.queue is None
