"""Field rules as data, and one validator that reports every broken rule with its line."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import Problems, did_you_mean
from .yamlfile import Located, LocatedList

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
URL = re.compile(r"^https://[^\s<>\"']+$")

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
    # text | whole number | date | yes/no | list | mapping | slug | https address | month
    # | date or month (a day, or only the month when that is all that is known)
    kind: str
    required: bool = True
    default: Any = None
    help: str = ""
    check: Callable[[Any], str | None] | None = None
    choices: tuple = ()  # the only values allowed, when there is a fixed list
    # In a site with more than one language (as Decap CMS's `i18n` says it): True for words,
    # with a value in each language; "duplicate" for a value each language's file repeats;
    # False for a value only the default language's file holds.
    i18n: bool | str = False


def _describe(value) -> str:
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
    if kind == "text":
        ok = isinstance(value, str) and value.strip() != ""
    elif kind == "whole number":
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    elif kind == "date":
        ok = isinstance(value, dt.date) and not isinstance(value, dt.datetime)
        if not ok:
            return f"must be a date written as YYYY-MM-DD, got {_describe(value)}"
    elif kind == "yes/no":
        ok = isinstance(value, bool)
        if not ok:
            return f"must be true or false, got {_describe(value)}"
    elif kind == "list":
        ok = isinstance(value, list)
    elif kind == "mapping":
        ok = isinstance(value, dict)
    elif kind == "slug":
        ok = isinstance(value, str) and bool(SLUG.match(value))
        if not ok:
            return (
                f"must use only lower-case letters, digits and single hyphens, "
                f"got {_describe(value)}"
            )
    elif kind == "https address":
        ok = isinstance(value, str) and bool(URL.match(value))
        if not ok:
            return f"must be a full address starting https://, got {_describe(value)}"
    elif kind == "month":
        ok = isinstance(value, str) and bool(re.match(r"^\d{4}-(0[1-9]|1[0-2])$", value))
        if not ok:
            return f"must be a month written as YYYY-MM in quotes, got {_describe(value)}"
    elif kind == "date or month":
        ok = (isinstance(value, dt.date) and not isinstance(value, dt.datetime)) or (
            isinstance(value, str) and bool(re.match(r"^\d{4}-(0[1-9]|1[0-2])$", value))
        )
        if not ok:
            return (
                'must be a date written as YYYY-MM-DD, or a month written as "YYYY-MM" in '
                f"quotes when the day is not known, got {_describe(value)}"
            )
    else:
        raise ValueError(f"unknown field kind {kind}")
    if ok:
        return None
    return f"must be {NAMES.get(kind, 'a ' + kind)}, got {_describe(value)}"


def _choice_error(choices: tuple, value) -> str:
    """Returns why `value` is not one of `choices`, naming the nearest."""
    listed = ", ".join(f'"{choice}"' for choice in choices)
    hint = did_you_mean(value, [str(choice) for choice in choices])
    return f"must be one of {listed}, got {_describe(value)}" + (f": {hint}" if hint else "")


def validate(
    data, fields: list[Field], path, problems: Problems, where: str = "", line: int = 1
) -> dict:
    """Returns the checked values, each missing or wrong one replaced by its default.

    Records each problem with its line.

    `where` prefixes field names for nested mappings, e.g. "quotes[1].".
    """
    if not isinstance(data, dict):
        problems.add(
            path,
            getattr(data, "line", line),
            f"{where.rstrip('.') or 'this file'} must be a list of `name: value` lines, "
            f"got {_describe(data)}",
        )
        return {}
    lines = data if isinstance(data, Located) else Located(line)
    known = {f.name for f in fields}
    for key in data:
        if key not in known:
            allowed = f"the fields allowed here are: {', '.join(sorted(known))}"
            advice = did_you_mean(key, known, allowed, shown=where)
            problems.add(path, lines.line_of(key), f'unknown field "{where}{key}"; {advice}')
    values = {}
    for spec in fields:
        if spec.name not in data or data[spec.name] is None and not spec.required:
            if spec.required:
                problems.add(path, lines.line, f'missing field "{where}{spec.name}": {spec.help}')
            values[spec.name] = spec.default
            continue
        value = data[spec.name]
        error = _type_error(spec.kind, value)
        if error is None and spec.choices and value not in spec.choices:
            error = _choice_error(spec.choices, value)
        if error is None and spec.check:
            error = spec.check(value)
        if error:
            problems.add(path, lines.line_of(spec.name), f"{where}{spec.name} {error}")
        # A wrong value becomes the default, so later steps never meet a wrong type.
        values[spec.name] = spec.default if error else value
    return values


def validate_list(
    items, fields: list[Field], path, problems: Problems, name: str, line: int
) -> list[dict]:
    """Returns each item of a list of mappings validated against `fields`."""
    if items is None:
        return []
    if not isinstance(items, list):
        problems.add(
            path,
            line,
            f"{name} must be a list (each item starting with `- `), got {_describe(items)}",
        )
        return []
    item_lines = items.lines if isinstance(items, LocatedList) else [line] * len(items)
    return [
        validate(item, fields, path, problems, f"{name}[{n}].", item_lines[n - 1])
        for n, item in enumerate(items, start=1)
    ]
