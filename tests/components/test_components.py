"""Each component's examples.yaml drives its tests: render the macro, check the markup."""

import re
from pathlib import Path

import jinja2
import pytest
import yaml

COMPONENTS = Path(__file__).resolve().parents[2] / "templates" / "components"
ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(COMPONENTS.parent)),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)


def examples():
    for folder in sorted(p for p in COMPONENTS.iterdir() if p.is_dir()):
        for example in yaml.safe_load((folder / "examples.yaml").read_text()):
            yield pytest.param(folder.name, example, id=f"{folder.name}: {example['name']}")


def render(component: str, params) -> str:
    macros = ENV.get_template(f"components/{component}/macro.html").module
    html = str(getattr(macros, component.replace("-", "_"))(params))
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "> <", html)).strip()


def test_every_component_has_examples():
    for folder in COMPONENTS.iterdir():
        assert (folder / "examples.yaml").is_file(), folder.name


@pytest.mark.parametrize("component, example", list(examples()))
def test_example_renders_as_expected(component, example):
    html = render(component, example["params"])
    for expected in example.get("contains", []):
        assert expected in html, f"{expected!r} not in {html!r}"
    for unwanted in example.get("absent", []):
        assert unwanted not in html
    assert not re.search(r"\s(style|on[a-z]+)=", html)
