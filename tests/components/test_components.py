"""Each component's examples.yaml documents its macro and drives these tests.

A component is a folder of templates/components/ holding macro.html, with one macro named for
the folder (- as _) that takes one mapping, `params`, and examples.yaml, with two lists:

- `params`: the macro's parameters, as GOV.UK Frontend's component YAML gives them: each with
  name, type, required and description, and for an object (or a list of objects) the
  `params` inside it.
- `examples`: each a `name`, the `params` to render the macro with, and what the HTML must
  hold, checked through an HTML parser:

      expect:
        - select: a.skip-link          # a CSS selector, and what must hold for what it matches:
          count: 1                     # how many elements match (without it: at least one)
          text: Skip to main content   # each match's text, white space folded (a list: each
                                       # match's in order)
          attrs: {href: "#main"}       # attribute values every match has
      absent: [b]                      # selectors that must match nothing

Every example is also checked against the parameters (all it passes is documented, all that
is required is there), the macro is checked to read only documented parameters, and its HTML
to be nested as HTML allows, with no inline style or event handler.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import jinja2
import pytest
import yaml
from bs4 import BeautifulSoup

from hub.core.addresses import is_example_address
from hub.core.interface import fill, phone_link

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
COMPONENTS = TEMPLATES / "components"
ENV = jinja2.Environment(  # the options hub/write/pages.py renders pages with
    loader=jinja2.FileSystemLoader(str(TEMPLATES)),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
ENV.filters["fill"] = fill  # as hub/write/pages.py gives it: a string's {names} filled in
ENV.filters["tel"] = phone_link  # as hub/write/pages.py gives it: a phone number's tel: link
ENV.tests["example_address"] = is_example_address  # as hub/write/pages.py gives it
TYPES = {"string", "boolean", "integer", "number", "array", "object"}

# Elements that may hold only phrasing content (text and inline elements), and elements that
# are flow content only: one of these inside one of those is invalid HTML.
PHRASING_ONLY = {"p", "span", "strong", "em", "b", "i", "small", "code", "label", "button"}
PHRASING_ONLY |= {"h1", "h2", "h3", "h4", "h5", "h6", "caption", "legend", "dt"}
FLOW_ONLY = {"div", "p", "ul", "ol", "li", "dl", "dt", "dd", "nav", "section", "aside"}
FLOW_ONLY |= {"header", "footer", "main", "article", "figure", "figcaption", "table", "form"}
FLOW_ONLY |= {"fieldset", "blockquote", "pre", "hr", "h1", "h2", "h3", "h4", "h5", "h6"}
# Where some elements may stand, and what some may hold.
PARENTS = {"li": {"ul", "ol"}, "dt": {"dl", "div"}, "dd": {"dl", "div"}, "figcaption": {"figure"}}
CHILDREN = {"ul": {"li"}, "ol": {"li"}, "dl": {"dt", "dd", "div"}}
INTERACTIVE = {"a", "button"}


def components() -> list[str]:
    return sorted(p.name for p in COMPONENTS.iterdir() if p.is_dir())


def documented(component: str) -> dict:
    """Returns the component's examples.yaml: its `params` and `examples`."""
    return yaml.safe_load((COMPONENTS / component / "examples.yaml").read_text(encoding="utf-8"))


def macro(component: str):
    module = ENV.get_template(f"components/{component}/macro.html").module
    return getattr(module, component.replace("-", "_"))


def render(component: str, params) -> BeautifulSoup:
    return BeautifulSoup(str(macro(component)(params)), "html.parser")


def examples():
    for component in components():
        for example in documented(component)["examples"]:
            yield pytest.param(component, example, id=f"{component}: {example['name']}")


def folded(text: str) -> str:
    return " ".join(text.split())


def attribute(element, name: str) -> str | None:
    """Returns an attribute's value as written (a class list joined again), or None."""
    value = element.get(name)
    return " ".join(value) if isinstance(value, list) else value


def params_docs(docs: list[dict], path: str = ""):
    """Yields (dotted name, its documentation) for every parameter, at every depth."""
    for doc in docs:
        yield path + doc["name"], doc
        yield from params_docs(doc.get("params", []), f"{path}{doc['name']}.")


def mismatches(params: dict, docs: list[dict], path: str = "") -> list[str]:
    """Returns what in an example's params its documentation does not allow: a name it does
    not list, or a required one left out, at any depth."""
    by_name = {doc["name"]: doc for doc in docs}
    found = [f"{path}{name} is not documented" for name in params if name not in by_name]
    found += [
        f"{path}{name} is required but missing"
        for name, doc in by_name.items()
        if doc["required"] and name not in params
    ]
    for name, doc in by_name.items():
        value = params.get(name)
        if "params" in doc and value is not None:
            for item in value if isinstance(value, list) else [value]:
                found += mismatches(item, doc["params"], f"{path}{name}.")
    return found


class Reading(Mapping):
    """An example's params as a macro sees them, noting the dotted name of each one it reads
    (present or not, as `params.x is defined` reads x)."""

    def __init__(self, params: dict, read: set[str], path: str = ""):
        self.params, self.read, self.path = params, read, path

    def __getitem__(self, name):
        self.read.add(self.path + name)
        return _reading(self.params[name], self.read, f"{self.path}{name}.")

    def __getattr__(self, name):  # Jinja looks for an attribute before an item
        if name.startswith("_"):  # Python's and Jinja's own questions, such as __html__
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __iter__(self):
        return iter(self.params)

    def __len__(self):
        return len(self.params)


def _reading(value, read: set[str], path: str):
    if isinstance(value, dict):
        return Reading(value, read, path)
    if isinstance(value, list):
        return [_reading(item, read, path) for item in value]
    return value


def nesting_problems(html: BeautifulSoup) -> list[str]:
    """Returns each place where elements are nested as HTML does not allow, and ids used twice."""
    found = []
    ids = [element["id"] for element in html.find_all(id=True)]
    found += [f'id "{i}" is used twice' for i in sorted({i for i in ids if ids.count(i) > 1})]
    for element in html.find_all(True):
        name, parent = element.name, element.parent.name
        outer = element.find_parent(PHRASING_ONLY) if name in FLOW_ONLY else None
        if outer:
            found.append(f"<{name}> inside <{outer.name}>")
        outer = element.find_parent(INTERACTIVE) if name in INTERACTIVE else None
        if outer:
            found.append(f"<{name}> inside <{outer.name}>")
        if name in PARENTS and parent not in PARENTS[name]:
            found.append(f"<{name}> inside <{parent}>")
        if parent in CHILDREN and name not in CHILDREN[parent]:
            found.append(f"<{name}> directly inside <{parent}>")
    return found


@pytest.mark.parametrize("component", components())
def test_component_is_one_macro_with_documented_params(component):
    assert macro(component).arguments == ("params",)
    docs = documented(component)
    assert docs["params"] and docs["examples"]
    for name, doc in params_docs(docs["params"]):
        assert set(doc) - {"params"} == {"name", "type", "required", "description"}, name
        assert doc["type"] in TYPES and isinstance(doc["required"], bool), name
        assert "params" not in doc or doc["type"] in {"object", "array"}, name


@pytest.mark.parametrize("component", components())
def test_macro_reads_only_documented_params(component):
    docs = documented(component)
    read: set[str] = set()
    for example in docs["examples"]:
        macro(component)(Reading(example["params"], read))
    assert read - {name for name, _ in params_docs(docs["params"])} == set()


@pytest.mark.parametrize("component, example", list(examples()))
def test_example_passes_what_is_documented(component, example):
    assert mismatches(example["params"], documented(component)["params"]) == []


@pytest.mark.parametrize("component, example", list(examples()))
def test_example_renders_as_expected(component, example):
    html = render(component, example["params"])
    for want in example.get("expect", []):
        found = html.select(want["select"])
        where = f"{want['select']} in {html}"
        texts = want.get("text")
        if "count" in want or isinstance(texts, list):
            count = want.get("count", len(texts or []))
            assert len(found) == count, f"{len(found)} matches, not {count}: {where}"
        assert found, f"no match: {where}"
        if texts is not None:
            texts = texts if isinstance(texts, list) else [texts] * len(found)
            assert [folded(element.get_text()) for element in found] == texts, where
        for name, value in want.get("attrs", {}).items():
            assert [attribute(element, name) for element in found] == [value] * len(found), (
                f"{name}: {where}"
            )
    for unwanted in example.get("absent", []):
        assert html.select(unwanted) == [], f"{unwanted} in {html}"


@pytest.mark.parametrize("component, example", list(examples()))
def test_example_is_well_formed_with_no_inline_style_or_script(component, example):
    html = render(component, example["params"])
    assert nesting_problems(html) == []
    inline = [
        f"<{element.name} {name}>"
        for element in html.find_all(True)
        for name in element.attrs
        if name == "style" or name.startswith("on")
    ]
    assert inline == []
    assert html.find("script") is None and html.find("style") is None
