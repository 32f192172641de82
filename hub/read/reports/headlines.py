"""A report's headline and summary checked against its figures: every number in them must be
one of the report's figures or running totals, said with its qualifier ("more than 700"), so
that a headline cannot go on saying "9 arrests" after the figure became 10."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...core.errors import Problems
from ..figures import Figure
from .model import Report
from .series import figure_words

# A number as people write it: 16, 1,264, 4.5 (a decimal is never a figure, so it is refused).
NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
# Where the rule is shown: the title's and summary's help in the form and in the scaffold.
RULE = (
    "each number in it must be one of the report's figures or running totals, with its "
    '"more than" or "about" where the figure has one (a date is not a number)'
)


def check_headline(
    report: Report,
    figures: Sequence[Figure],
    words,
    lines: dict,
    problems: Problems,
    names=("title", "summary"),
) -> None:
    """Records each number in the report's title and summary that is none of its figures or
    totals as given (with its qualifier), at the line (in `lines`, by field name) that holds
    it. `figures` are data/figures.yaml's; `words` is the report's language's
    hub.core.interface.Words: its month names and its qualifiers' words. Only the fields
    `names` are checked."""
    given, texts = _given(report), headline_texts(report)
    for name in names:
        for number, said, after in _numbers(texts[name], words):
            if any(value == number and q == said for value, q, _ in given):
                continue
            problems.add(
                report.source,
                lines.get(name, 1),
                _mistake(name, number, said, after, given, figures),
            )


def headline_texts(report: Report) -> dict[str, str]:
    """Returns a report's headline and summary, by field name."""
    return {"title": report.title, "summary": report.summary}


def _given(report: Report) -> list[tuple[int, str, str | None]]:
    """Returns (number, qualifier, figure key) for each figure and running total the report
    gives."""
    figures: list[tuple[int, str, str | None]]
    figures = [(e.value, e.qualifier, key) for key, e in report.values.items()]
    totals = [(t.value, t.qualifier, t.figure) for t in report.running]
    stated = [
        (t.stated, t.stated_qualifier or "exact", t.figure)
        for t in report.totals
        if t.stated is not None
    ]
    return list(dict.fromkeys(figures + totals + stated))  # a stated total is often shown too


def _numbers(text: str, words) -> list[tuple[float, str, str]]:
    """Returns each number in `text` that is not part of a date ("July 2024", "18 July 2024",
    2024-07), as (number, the qualifier said with it, the words after it)."""
    months = "|".join(re.escape(m) for m in words.strings["dates"]["months"])
    date = rf"\b(?:\d{{1,2}}\s+)?(?:{months})\s+\d{{4}}\b|\b\d{{4}}-\d\d(?:-\d\d)?\b"
    dates = [m.span() for m in re.finditer(date, text, re.I)]
    found = []
    for match in NUMBER.finditer(text):
        if any(start <= match.start() < end for start, end in dates):
            continue
        before, after = text[: match.start()].lower(), text[match.end() :].lower()
        said = next(
            (q for q in ("more than", "about") if _says(words, q, before, after)),
            "exact",
        )
        written = match.group().replace(",", "")
        number = float(written) if "." in written else int(written)
        found.append((number, said, after))
    return found


def _says(words, qualifier: str, before: str, after: str) -> bool:
    """Returns whether the words around a number are the qualifier's, as the language writes
    it in its strings ("more than {number}", "mwy na {number}")."""
    key = qualifier.replace(" ", "_")
    first, _, last = words.strings["figures"][key].lower().partition("{number}")
    return bool(first.strip() or last.strip()) and (
        before.rstrip().endswith(first.strip()) and after.lstrip().startswith(last.strip())
    )


def _mistake(name, number, said, after, given, figures: Sequence[Figure]) -> str:
    """Returns what is wrong with one number, naming the figure the words after it point to
    when they name one (by its key, or by its unit, e.g. "arrests")."""
    shown = figure_words(number, said) if isinstance(number, int) else str(number)
    meant = _figure_named(after, figures)
    if meant:
        entries = [(value, q) for value, q, key in given if key == meant]
        if entries:
            expected = " or ".join(f'"{figure_words(v, q)}"' for v, q in entries)
            return (
                f'the {name} says "{shown}", but this report\'s {meant} figure is {expected}: '
                f"write that in the {name}, or correct the figure"
            )
        return (
            f'the {name} says "{shown}", but this report gives no {meant} figure: add the '
            f"figure, or take the number out of the {name}"
        )
    listed = "; ".join(f"{key} {figure_words(v, q)}" for v, q, key in given) or "none"
    return (
        f'the {name} says "{shown}", which is none of this report\'s figures or totals '
        f"({listed}): {RULE}"
    )


def _figure_named(after: str, figures: Sequence[Figure]) -> str | None:
    """Returns the key of the figure whose unit or key is among the three words after a
    number, or None."""
    following = re.findall(r"[\w'-]+", after)[:3]
    for figure in figures:
        names = {figure.key.replace("_", " "), figure.unit.lower()}
        names |= {n.removesuffix("s") for n in names}
        if any(
            " ".join(following[: len(n.split())]) == n or word == n
            for n in names
            for word in following
        ):
            return figure.key
    return None
