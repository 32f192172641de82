"""Placeholders in page text: `{{ site.contacts.non_emergency }}`, and nothing else.

Page text is not a template. A placeholder is `{{`, the dotted name of one setting from
data/site.yaml starting `site.`, and `}}`, all on one line. Spaces or tabs inside the braces
are optional and ignored (`{{site.name}}` is `{{ site.name }}`); there are none inside the
name. The name is looked up key by key in the settings, never as a Python attribute, and must
end at text or a number, which replaces the placeholder as it is: the value is not read for
placeholders in turn.

Nothing is evaluated, so page text cannot reach Python objects, files or the environment, or
loop. Any other template syntax (`{%`, `{#`, or `{{` followed by anything but a name and `}}`:
filters, sums, calls, a lone `{{`) is an error at its line, so that no template tag ever
reaches a page as text, or hides text as a comment would.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..core.errors import Problems, did_you_mean
from ..core.sources import TEMPLATE_OPENING
from .settings import SETTINGS_TYPES

EXAMPLE = "{{ site.contacts.non_emergency }}"
# A name of letters, digits, underscores and hyphens (owner keys are slugs), dot-separated.
_PLACEHOLDER = re.compile(r"\{\{[ \t]*([\w-]+(?:\.[\w-]+)*)[ \t]*\}\}", re.ASCII)
_SHOWN = 60  # characters of a wrong placeholder quoted back in the message


def fill_placeholders(
    body: str,
    values: dict,
    rel: str,
    first_line: int,
    problems: Problems,
    shown: Callable[[str, str, int], str] | None = None,
) -> str | None:
    """Returns `body` with each placeholder replaced by its setting from `values` (which holds
    the settings under "site"), or None when any template syntax in it is wrong, with a
    problem recorded at each mistake's line (`first_line` is the line `body` starts on).

    Given `shown`, a placeholder is replaced by `shown(name, setting, line)` instead: page
    text marks its phone numbers so, to be made links once it is HTML (hub.read.prose)."""
    if "{" not in body:
        return body
    parts: list[str] = []
    ok = True
    position = 0
    for start in _openings(body):
        if start < position:
            continue  # inside a placeholder or mistake already dealt with
        line = first_line + body.count("\n", 0, start)
        match = _PLACEHOLDER.match(body, start)
        if match:
            name = match.group(1)
            value, error = _look_up(name, values)
            end = match.end()
        else:
            name, value = "", ""
            error, end = _syntax_error(body, start), _end_of_mistake(body, start)
        if error:
            problems.add(rel, line, error)
            ok = False
        else:
            parts += [body[position:start], shown(name, value, line) if shown else value]
        position = end
    if not ok:
        return None
    parts.append(body[position:])
    return "".join(parts)


def _openings(body: str):
    """Yields the index of every `{{`, `{%` and `{#`, overlapping ones included."""
    start = body.find("{")
    while start != -1:
        if TEMPLATE_OPENING.match(body, start):
            yield start
        start = body.find("{", start + 1)


def _fields(value) -> dict | None:
    """Returns the named values inside `value`: a mapping's keys, or the fields of the
    settings or a section of them (never their class's or Python's); None for anything else."""
    if isinstance(value, dict):
        return value
    if isinstance(value, SETTINGS_TYPES):
        return vars(value)
    return None


def _look_up(name: str, values: dict) -> tuple[str, str | None]:
    """Returns (the setting's text, None), or ("", why it cannot be shown)."""
    value = values
    for key in name.split("."):
        fields = _fields(value)
        if fields is None or key not in fields:
            hint = did_you_mean(
                name, known_names(values), f"use the name of a setting, such as {EXAMPLE[3:-3]}"
            )
            return "", f'unknown placeholder "{name}": {hint}'
        value = fields[key]
    if _fields(value) is not None:
        inner = sorted(known_names({name: _fields(value)}))
        example = f", such as {inner[0]}" if inner else ""
        return "", (
            f'placeholder "{name}" names a group of settings, not one: name one of them{example}'
        )
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return "", (
            f'placeholder "{name}" is not text or a number, so it cannot be shown in a page: '
            "use a setting that is"
        )
    return str(value), None


def known_names(values: dict, prefix: str = "") -> list[str]:
    """Returns the dotted name of every text or number in `values` (mappings and Records)."""
    names = []
    for key, value in values.items():
        name = f"{prefix}{key}"
        fields = _fields(value)
        if fields is not None:
            names += known_names(fields, name + ".")
        elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
            names.append(name)
    return names


def _syntax_error(body: str, start: int) -> str:
    """Returns what is wrong with the template syntax starting at `start`."""
    allowed = f"page text may only use placeholders such as {EXAMPLE}"
    opening = body[start : start + 2]
    if opening == "{%":
        return f"template tags ({{% ... %}}) are not allowed: {allowed}"
    if opening == "{#":
        return f"template comments ({{# ... #}}) are not allowed: {allowed}"
    end = _end_of_mistake(body, start)
    if end == start + 2:
        return f'"{{{{" is not closed with }}}} on the same line: {allowed}'
    shown = body[start:end]
    if len(shown) > _SHOWN:
        shown = shown[: _SHOWN - 6] + " ... }}"
    return (
        f'"{shown}" is not a placeholder: write only the name of a setting between the '
        f"braces, such as {EXAMPLE} (no filters, sums or calls)"
    )


def _end_of_mistake(body: str, start: int) -> int:
    """Returns where the mistake at `start` ends: for `{{`, after the `}}` that closes it on
    the same line, if any; otherwise after its first two characters."""
    if body.startswith("{{", start):
        line_end = body.find("\n", start)
        close = body.find("}}", start + 2, len(body) if line_end == -1 else line_end)
        if close != -1:
            return close + 2
    return start + 2
