"""What the whole series of reports works out: each report's figure values checked against
data/figures.yaml, the changes on the month before, and the running totals."""

from __future__ import annotations

from typing import Any

from ...core.errors import Problems, did_you_mean
from ..figures import PATH as FIGURES_PATH
from ..figures import Figure
from .model import Change, FigureValue, Report, RunningTotal, TotalGiven


def _unknown(key: str, known, advice: str) -> str:
    """Returns the message for a figure key that data/figures.yaml does not define: the near
    match when there is one, else `advice`."""
    return f'"{key}" is not a figure in {FIGURES_PATH}: ' + did_you_mean(key, known, advice)


def _figure_values(
    report: Report, known: dict[str, Figure], problems: Problems
) -> dict[str, FigureValue]:
    """Returns the report's figure values (each figure key -> its entry) in figures.yaml
    order, recording unknown or repeated figures, and running totals for a figure that has
    none."""
    values: dict[str, FigureValue] = {}
    lines: dict[str, int] = {}
    for n, entry in enumerate(report.figures, start=1):
        key, line = entry.figure, entry.lines.get("figure", entry.line)
        if key is None:
            continue  # already recorded as a problem
        if key not in known:
            advice = f"use one of: {', '.join(known) or 'none yet'}, or add it there first"
            problems.add(
                report.source, line, f"figures[{n}].figure " + _unknown(key, known, advice)
            )
        elif key in lines:
            problems.add(
                report.source,
                line,
                f'figures[{n}]: "{key}" is listed twice (first on line {lines[key]}): keep one',
            )
        else:
            lines[key] = line
            if entry.value is not None:
                values[key] = FigureValue(entry.value, entry.qualifier, entry.note)
    running = [key for key, figure in known.items() if figure.cumulative]
    seen: dict[str, int] = {}
    for n, total in enumerate(report.totals, start=1):
        key, line = total.figure, total.lines.get("figure", total.line)
        if key is None:
            continue
        if key not in known:
            advice = f"use one of: {', '.join(running) or 'none yet'}"
            problems.add(
                report.source, line, f"totals[{n}].figure " + _unknown(key, running, advice)
            )
        elif not known[key].cumulative:
            problems.add(
                report.source,
                line,
                f'totals[{n}]: "{key}" has no running total: only figures with cumulative: true '
                f"in {FIGURES_PATH} have one ({', '.join(running) or 'none yet'})",
            )
        elif key in seen:
            problems.add(
                report.source,
                line,
                f'totals[{n}]: "{key}" is listed twice (first on line {seen[key]}): keep one',
            )
        elif total.opening_balance is None and total.stated is None:
            problems.add(
                report.source,
                total.line,
                f"totals[{n}] needs opening_balance:, stated:, or both",
            )
        seen[key] = line
    return {key: values[key] for key in known if key in values}


def _previous_month(month: str) -> str:
    year, number = map(int, month.split("-"))
    return f"{year - 1}-12" if number == 1 else f"{year}-{number - 1:02d}"


def _changes(reports: list[Report]) -> dict[str, dict[str, Change]]:
    """Returns each monthly report's changes on the month before (by its source), for every
    figure both months gave exactly: a change on a "more than" or "about" figure would say
    more than is known."""
    by_month = {r.month: r for r in reports if r.kind == "month"}
    changes = {}
    for report in by_month.values():
        before = by_month.get(_previous_month(report.month))
        if before is None:
            continue
        changes[report.source] = {
            key: Change(by=entry.value - before.values[key].value, since=before.month)
            for key, entry in report.values.items()
            if key in before.values
            and entry.qualifier == "exact"
            and before.values[key].qualifier == "exact"
        }
    return changes


def combined_qualifier(qualifiers) -> str:
    """Returns the qualifier of a sum: exact when every part is, "about" when any part is,
    else "more than" (a sum with a "more than" part is more than the sum of the numbers)."""
    found = set(qualifiers) - {"exact"}
    if not found:
        return "exact"
    return "about" if "about" in found else "more than"


def _contradicts(value: int, qualifier: str, stated: int, stated_qualifier: str) -> bool:
    """Returns whether a worked-out total and a stated one cannot both be true."""
    if "about" in (qualifier, stated_qualifier):
        return False  # "about" gives no bound to check against
    if qualifier == "exact" and stated_qualifier == "exact":
        return value != stated
    if qualifier == "more than" and stated_qualifier == "exact":
        return stated <= value
    if qualifier == "exact":  # the source said "more than" the stated number
        return value <= stated
    return False  # both "more than": each is only a lower bound


def _running_totals(
    reports: list[Report], cumulative: list[Figure], problems: Problems
) -> dict[str, list[RunningTotal]]:
    """Returns the running totals each monthly report shows (by its source), for every
    cumulative figure.

    The count starts from an opening balance and is followed through every month after it
    that has a report giving the figure: each such month's total is worked out, and a total
    the source stated is checked against it (a contradiction is a problem). A missing month,
    or one that did not give the figure, stops the count: after it, a stated total is shown
    as the source stated it, and nothing is worked out for the months in between.
    """
    months = [r for r in reports if r.kind == "month"]
    running: dict[str, list[RunningTotal]] = {}
    for figure in cumulative:
        # The total so far: value, qualifier, and the balance it started from, and when.
        count: dict[str, Any] | None = None
        for n, report in enumerate(months):
            if n and _previous_month(report.month) != months[n - 1].month:
                count = None  # a month with no report: the count cannot cross it
            spec = next((t for t in report.totals if t.figure == figure.key), None)
            balance = spec.opening_balance if spec else None
            if spec and balance is not None:
                if count and _contradicts(count["value"], count["qualifier"], balance, "exact"):
                    problems.add(
                        report.source,
                        spec.lines.get("opening_balance", spec.line),
                        f"totals: the opening balance for {figure.key} is {balance:,}, but "
                        "the reports before this one add up to "
                        f"{figure_words(count['value'], count['qualifier'])}: check the figures",
                    )
                count = {"value": balance, "qualifier": "exact", "balance": balance}
                count["start"] = report.month  # named on the page, in its language
            entry = report.values.get(figure.key)
            if count and entry:
                count = {
                    **count,
                    "value": count["value"] + entry.value,
                    "qualifier": combined_qualifier([count["qualifier"], entry.qualifier]),
                }
            else:
                count = None
            shown = _shown_total(figure, count, spec, report, problems)
            if shown:
                running.setdefault(report.source, []).append(shown)
    return running


def _shown_total(
    figure: Figure, count: dict | None, spec: TotalGiven | None, report: Report, problems: Problems
) -> RunningTotal | None:
    """Returns the running total a report shows for `figure` (worked out, or as the source
    stated it), or None; records a stated total that the count contradicts. `spec` is what
    the report's file gives of it (totals:), if anything."""
    stated = spec.stated if spec else None
    qualifier = spec.stated_qualifier if spec else "exact"
    stated_on = spec.stated_on if spec else None
    if (
        spec
        and count
        and stated is not None
        and _contradicts(count["value"], count["qualifier"], stated, qualifier)
    ):
        problems.add(
            report.source,
            spec.lines.get("stated", spec.line),
            f"totals: the stated total for {figure.key} is {figure_words(stated, qualifier)}, "
            "but the opening balance plus each month's figure adds up to "
            f"{figure_words(count['value'], count['qualifier'])}: check the figures",
        )
    if count and (count["qualifier"] == "exact" or stated is None):
        return RunningTotal(
            figure.key,
            figure.total_label,
            stated is not None,
            stated_on,
            value=count["value"],
            qualifier=count["qualifier"],
            basis="worked out",
            balance=count["balance"],
            start=count["start"],
        )
    if spec and stated is not None:
        _check_stated_on(figure, spec, report, problems)
        return RunningTotal(
            figure.key, figure.total_label, True, stated_on, stated, qualifier, basis="stated"
        )
    return None


def _check_stated_on(figure: Figure, spec: TotalGiven, report: Report, problems: Problems) -> None:
    """Records a total the source gave "so far" in a release after the report's month with no
    `stated_on`: without the day, the page would show it as the month's figure."""
    released = str(report.release.published or "")[:7]
    if spec.stated_on is None and released > report.month:
        problems.add(
            report.source,
            spec.lines.get("stated", spec.line),
            f"totals: the source gave the total for {figure.key} after {report.month}, so it is "
            "a total so far on the day it was given, not the month's: add stated_on: with "
            "that day (YYYY-MM-DD)",
        )


def figure_words(value: int, qualifier: str) -> str:
    """Returns a figure as words: "670", "more than 700", "about 90"."""
    return f"{value:,}" if qualifier == "exact" else f"{qualifier} {value:,}"
