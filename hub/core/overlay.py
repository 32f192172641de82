"""The language overlay: a file in another language gives only words (the fields whose
`i18n` is True); everything else comes from the default language's file. The settings, the
figures, the reports and the report helper are each read in other languages by `overlay`,
and what a file leaves out is named by `Gaps`, in one wording.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from .errors import Problem, did_you_mean
from .fields import Field
from .yamlfile import Located, LocatedList


def words_fields(fields) -> list[Field]:
    """Returns the fields a file in another language gives: the words among `fields` (i18n
    True), each optional, and what names a list's items ("duplicate", required), with the
    same inside each list and mapping."""
    return [
        dataclasses.replace(f, required=f.i18n == "duplicate", fields=tuple(words_fields(f.fields)))
        for f in fields
        if f.i18n
    ]


@dataclass
class Gaps:
    """The words a file in another language leaves out, each a Problem at its line."""

    rel: str  # the file in the other language, e.g. data/site.cy.yaml
    name: str  # that language's name in its own words, e.g. Cymraeg
    source: str  # the default language's file, which gives every word
    found: list[Problem] = field(default_factory=list)
    # Items with no counterpart in the default language's file: mistakes, not gaps.
    extra: list[Problem] = field(default_factory=list)

    def no_file(self, code: str, line: int = 1) -> Problem:
        """Returns the problem of no file at all in the other language (whose code is
        `code`), named at `line` of the default language's file."""
        message = f"has no version in {self.name} ({code}): write {self.rel} with its words"
        return Problem(self.source, line, message)

    def add(self, key: str, default, line: int, default_line: int | None = None) -> None:
        """Records that the file leaves out `key` at `line`; `default_line`, when known, is
        where the default language's file gives it."""
        there = f"{self.source}:{default_line}" if default_line else self.source
        message = f'{key} is missing: give it in {self.name}, as {there} gives "{default}"'
        self.found.append(Problem(self.rel, line, message))


def overlay(fields: list[Field], default: dict, given, line: int, gaps: Gaps, where="") -> dict:
    """Returns a copy of `default` (a mapping checked against `fields`) with the words that
    `given` (the same mapping as the other language's file holds it, with its lines) gives
    for each of its words fields, inside lists and mappings too. Records in `gaps` each word
    the default gives and `given` leaves out, which keeps the default's. `line` is where
    `given` is, or would be, in its file."""
    given = given if isinstance(given, dict) else {}
    # A report's list items carry their keys' lines (`lines`), so a gap can name them too.
    known = default.get("lines", {}) if isinstance(default.get("lines"), dict) else {}
    result = dict(default)
    for rule in fields:
        value: Any = default.get(rule.name)
        if rule.i18n is not True or (value is None and rule.kind != "text"):
            continue  # not words, or no list or section to give the words of
        at = given.line_of(rule.name) if isinstance(given, Located) else line
        key = f"{where}{rule.name}"
        inside = given.get(rule.name)
        if rule.kind == "list":
            result[rule.name] = _list(rule, value, inside, at, gaps, key)
        elif rule.kind == "mapping" and rule.fields:
            result[rule.name] = overlay(list(rule.fields), value, inside, at, gaps, f"{key}.")
        elif rule.kind == "mapping":  # words by names the default chooses (team names)
            inside = inside if isinstance(inside, dict) else {}
            result[rule.name] = {
                name: _words(text, inside.get(name), at, gaps, f"{key}.{name}")
                for name, text in value.items()
            }
        else:
            result[rule.name] = _words(value, inside, at, gaps, key, known.get(rule.name))
    return result


def _list(rule: Field, defaults: list, given, line: int, gaps: Gaps, key: str) -> list:
    """Returns the items of `defaults` in the other language's words: each matched with the
    item of `given` that has the same name (its "duplicate" field, e.g. a figure's key), or
    else with the one in the same place."""
    given = given if isinstance(given, list) else []
    lines = given.lines if isinstance(given, LocatedList) else [line] * len(given)
    named = next((f.name for f in rule.fields if f.i18n == "duplicate"), None)
    if named is None and len(given) > len(defaults):
        gaps.extra.append(
            Problem(
                gaps.rel,
                lines[len(defaults)],
                f"{key}[{len(defaults) + 1}]: {gaps.source} has only {len(defaults)} in "
                f"{key}: give the words of each, in the same order, and no more",
            )
        )
    names = [default.get(named) for default in defaults] if named else []
    found = {}  # the name or place of each item given -> (item, its line)
    for n, (item, at) in enumerate(zip(given, lines), start=1):
        if named is None:
            found[n] = (item, at)
        elif isinstance(item, dict) and isinstance(item.get(named), str):
            found.setdefault(item[named], (item, at))
            if item[named] not in names:
                hint = did_you_mean(item[named], names, f"use one of: {', '.join(names)}")
                message = f'{key}: {gaps.source} has no "{item[named]}": {hint}'
                gaps.extra.append(Problem(gaps.rel, at, message))
    result = []
    for n, default in enumerate(defaults, start=1):
        name = default.get(named) if named else n
        item, at = found.get(name, (None, line))
        if rule.fields:
            result.append(overlay(list(rule.fields), default, item, at, gaps, f"{key}[{name}]."))
        else:  # a list of sentences
            result.append(_words(default, item, at, gaps, f"{key}[{name}]"))
    return result


def _words(default, given, line: int, gaps: Gaps, key: str, default_line=None):
    """Returns `given` when it is words, else `default`, recording the gap when the default
    has words to give."""
    if isinstance(given, str) and given.strip():
        return given
    if default:
        gaps.add(key, default, line, default_line)
    return default
