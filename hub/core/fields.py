"""Field rules as data, and one validator that reports every broken rule with its line.

The same rules drive the build's checks, the `new-report` scaffold and the browser editor's
forms (hub/write/cms.py), so a rule is written once, here or in a module's field lists.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .errors import Problems, did_you_mean
from .yamlfile import PLAIN_NUMBER, Located, LocatedList, count_problem, shown

# The kinds of text that follow a pattern: (regular expression, what the value must do).
# The expressions are written so that Python and JavaScript read them alike ([0-9], not \d),
# because the browser editor checks the same ones before it saves.
PATTERNS = {
    "slug": (
        r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
        "use only lower-case letters, digits and single hyphens",
    ),
    "https address": (r"^https://[^\s<>\"']+$", "be a full address starting https://"),
    # From 0001-01: there was no year 0, and a date in it cannot be worked with.
    "month": (
        r"^(?!0000)[0-9]{4}-(0[1-9]|1[0-2])$",
        "be a month written as YYYY-MM, for example 2025-08",
    ),
    "github repository": (
        r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$",
        "be a GitHub repository written as owner/name",
    ),
    # Pages show it as written and dial its digits (hub.core.interface.phone_link), so it holds
    # nothing a phone cannot dial: no words, brackets or hyphens.
    "phone number": (
        r"^[+]?[0-9]+( [0-9]+)*$",
        "be a phone number: digits, with a single space between groups as people say "
        'it, such as "0800 555 111" (a + may start it)',
    ),
}
SLUG = re.compile(PATTERNS["slug"][0])
URL = re.compile(PATTERNS["https address"][0])

# How each kind is named in messages.
NAMES = {
    "text": "some text",
    "whole number": "a whole number (0 or more)",
    "date": "a date written as YYYY-MM-DD",
    "yes/no": "true or false",
    "list": "a list (each item starting with `- `)",
    "mapping": "a list of `name: value` lines",
    "month": 'a month written as "YYYY-MM"',
    "date or month": 'a date written as YYYY-MM-DD, or a month written as "YYYY-MM"',
}


@dataclass(frozen=True)
class Field:
    """One key a file may hold: its type, whether it is required, and its meaning."""

    name: str
    # text | whole number | date | yes/no | list | mapping | a kind in PATTERNS
    # | date or month (a day, or only the month when that is all that is known)
    kind: str
    required: bool = True
    default: Any = None
    help: str = ""
    check: Callable[[Any], str | None] | None = None
    choices: tuple = ()  # the only values allowed (for a list: in each item)
    choice_labels: tuple = ()  # how a form shows each choice, in the same order (or as is)
    max_length: int = 0  # for text: the most characters allowed, when there is a limit
    choices_from: str = ""  # where the choices are kept, when authors can add to them
    label: str = ""  # its name in plain English, as the editor's form shows it
    fields: tuple = ()  # a mapping's keys, or the keys of each item of a list of mappings
    multiline: bool = False  # text long enough to want a box of several lines
    editable: bool = True  # False: the browser editor keeps the value but does not show it
    # In a site with more than one language (as Decap CMS's `i18n` says it): True for words,
    # with a value in each language; "duplicate" for a value each language's file repeats;
    # False for a value only the default language's file holds.
    i18n: bool | str = False

    @property
    def title(self) -> str:
        """Returns the label, or the name written as words when there is none."""
        return self.label or self.name.replace("_", " ").capitalize()

    @property
    def note(self) -> str:
        """Returns the help as a comment in a data file says it (scaffold and editor alike):
        the help, then the kind (or the allowed values) and whether it is required."""
        need = "required" if self.required else "optional"
        kind = " | ".join(map(str, self.choices)) if self.choices else self.kind
        return f"{self.help} ({kind}, {need})"


def describe(value) -> str:
    """Returns how a wrong value is shown back to the author."""
    if value is None:
        return "nothing"
    if isinstance(value, (Located, dict)):
        return "a list of names and values"
    if isinstance(value, list):
        return "a list"
    return f'"{value}"'


def _type_error(kind: str, value) -> str | None:
    """Returns why `value` is not of `kind`, or None when it is."""
    if value is None:
        return f"is empty: fill in {NAMES.get(kind, 'a ' + kind)}"
    if kind == "phone number" and isinstance(value, int) and not isinstance(value, bool):
        # YAML reads 999 without quotes as a figure (and would drop a leading 0).
        return f'is {value} without quotes, which makes it a figure: write it in quotes, "{value}"'
    if kind in PATTERNS:
        pattern, rule = PATTERNS[kind]
        if isinstance(value, str) and re.fullmatch(pattern, value):
            return None
        return f"must {rule}, got {describe(value)}"
    if kind == "text":
        ok = isinstance(value, str) and value.strip() != ""
    elif kind == "whole number":
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
        if isinstance(value, str) and (error := _count_text_error(value)):
            return error
    elif kind == "date":
        ok = isinstance(value, dt.date) and not isinstance(value, dt.datetime)
        if not ok:
            return f"must be a date written as YYYY-MM-DD, got {describe(value)}"
    elif kind == "yes/no":
        ok = isinstance(value, bool)
        if not ok:
            return f"must be true or false, got {describe(value)}"
    elif kind == "list":
        ok = isinstance(value, list)
    elif kind == "mapping":
        ok = isinstance(value, dict)
    elif kind == "date or month":
        ok = (isinstance(value, dt.date) and not isinstance(value, dt.datetime)) or (
            isinstance(value, str) and bool(re.fullmatch(PATTERNS["month"][0], value))
        )
        if not ok:
            return (
                'must be a date written as YYYY-MM-DD, or a month written as "YYYY-MM" in '
                f"quotes when the day is not known, got {describe(value)}"
            )
    else:
        raise ValueError(f"unknown field kind {kind}")
    if ok:
        return None
    return f"must be {NAMES.get(kind, 'a ' + kind)}, got {describe(value)}"


def _count_text_error(text: str) -> str | None:
    """Returns why a text given for a count is not one, with the number it probably stands
    for (the same advice the YAML loader gives for a number written so without quotes), or
    None when it is no number at all."""
    if problem := count_problem(text):
        what, advice = problem
        return f'is "{shown(text)}", which {what}: {advice}'
    if PLAIN_NUMBER.fullmatch(text):
        return f'is "{text}" in quotes, which makes it text: remove the quotes'
    return None


def _choice_error(spec: Field, value) -> str:
    """Returns why `value` is not one of the field's choices, naming the nearest."""
    listed = ", ".join(f'"{choice}"' for choice in spec.choices)
    where = f" (listed under {spec.choices_from})" if spec.choices_from else ""
    hint = did_you_mean(value, [str(choice) for choice in spec.choices])
    return f"must be one of {listed}{where}, got {describe(value)}" + (f": {hint}" if hint else "")


def _is_empty(value) -> bool:
    # An editor's form writes a cleared box as "", so an optional "" means "not given".
    return value is None or value == ""


def validate(
    data, fields: Sequence[Field], path, problems: Problems, where: str = "", line: int = 1
) -> dict:
    """Returns the checked values, each missing or wrong one replaced by its default.

    Records each problem with its line. A field with `fields` of its own is checked inside
    too (a mapping's keys, or each item of a list of mappings), and its value is the checked
    one. `where` prefixes field names for nested mappings, e.g. "quotes[1].".
    """
    if not isinstance(data, dict):
        problems.add(
            path,
            getattr(data, "line", line),
            f"{where.rstrip('.') or 'this file'} must be a list of `name: value` lines, "
            f"got {describe(data)}",
        )
        # Each value its default, as for a mapping without them: later steps find every key.
        return {spec.name: spec.default for spec in fields}
    lines = data if isinstance(data, Located) else Located(line)
    known = {f.name for f in fields}
    for key in data:
        if key not in known:
            allowed = f"the fields allowed here are: {', '.join(sorted(known))}"
            advice = did_you_mean(key, known, allowed, shown=where)
            problems.add(path, lines.line_of(key), f'unknown field "{where}{key}"; {advice}')
    values = {}
    for spec in fields:
        if spec.name not in data or _is_empty(data[spec.name]) and not spec.required:
            if spec.required:
                problems.add(path, lines.line, f'missing field "{where}{spec.name}": {spec.help}')
            values[spec.name] = spec.default
            continue
        value = data[spec.name]
        error = _type_error(spec.kind, value)
        errors = [f" {error}"] if error else []
        if not errors and spec.choices:
            errors = _choice_errors(spec, value)
        if not errors and spec.max_length and len(value) > spec.max_length:
            errors = [f" is {len(value)} characters long: keep it to {spec.max_length} or fewer"]
        if not errors and spec.check and (error := spec.check(value)):
            errors = [f" {error}"]
        for message in errors:
            problems.add(path, lines.line_of(spec.name), f"{where}{spec.name}{message}")
        if errors:
            # A wrong value becomes the default, so later steps never meet a wrong type.
            values[spec.name] = spec.default
        elif spec.fields:
            inside = f"{where}{spec.name}"
            at = lines.line_of(spec.name)
            values[spec.name] = (
                validate_list(value, spec.fields, path, problems, inside, at)
                if spec.kind == "list"
                else validate(value, spec.fields, path, problems, inside + ".", at)
            )
        else:
            values[spec.name] = value
    return values


def _choice_errors(spec: Field, value) -> list[str]:
    """Returns why `value` (or, for a list, each item) is not one of the field's choices,
    each to follow the field's name."""
    if spec.kind != "list":
        return [] if value in spec.choices else [f" {_choice_error(spec, value)}"]
    return [
        f"[{n}] {_choice_error(spec, item)}"
        for n, item in enumerate(value, start=1)
        if item not in spec.choices
    ]


def validate_list(
    items, fields: Sequence[Field], path, problems: Problems, name: str, line: int
) -> list[dict]:
    """Returns each item of a list of mappings validated against `fields`."""
    if items is None:
        return []
    if not isinstance(items, list):
        problems.add(
            path,
            line,
            f"{name} must be a list (each item starting with `- `), got {describe(items)}",
        )
        return []
    item_lines = items.lines if isinstance(items, LocatedList) else [line] * len(items)
    return [
        validate(item, fields, path, problems, f"{name}[{n}].", item_lines[n - 1])
        for n, item in enumerate(items, start=1)
    ]
