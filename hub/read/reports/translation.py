"""The reports in each other language: a words file (2024-07.cy.yaml) gives a report's words,
and may hold the rest only as an exact copy of the report's own file."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ...core.errors import Problems
from ...core.fields import Field, validate
from ...core.overlay import Gaps, overlay
from ...core.sources import read_yaml
from ...core.yamlfile import Located
from ..figures import Figure
from .fields import REPORT_FIELDS, SUMMARY_FIELDS
from .headlines import check_headline, headline_texts
from .model import Highlight, PatrolReports, Quote, Report, Source, Statement

NO_WORDS = object()  # what _report_in_words returns for a file that gives no words at all


def _words_file_fields(fields) -> list[Field]:
    """Returns `fields` as a report's words file may hold them: every one optional but what
    names an item ("duplicate"). A field that is not words may be there only as an exact copy
    of the default language's value (the browser editor's "Fill in from another locale"
    copies whole lists and the source, numbers and all): _check_copies says where not."""
    return [
        dataclasses.replace(
            f, required=f.i18n == "duplicate", fields=tuple(_words_file_fields(f.fields))
        )
        for f in fields
    ]


def _has_words(value, fields) -> bool:
    """Returns whether a words file's `value` (its mapping, or an item of one of its lists)
    gives any words: a value for a field each language writes (i18n True), inside its lists
    and its source too. The key naming a list's item ("duplicate") is not words."""
    if not isinstance(value, dict):
        return False
    for field in fields:
        found = value.get(field.name)
        if field.i18n is not True or found in (None, "", [], {}):
            continue
        if field.kind == "list" and field.fields:
            if any(_has_words(item, field.fields) for item in found):
                return True
        elif field.kind == "mapping" and field.fields:
            if _has_words(found, field.fields):
                return True
        elif field.kind != "yes/no":
            return True
    return False


def _default_values(report: Report) -> dict:
    """Returns the values of `report`'s own file, checked, by field name, as the overlay
    reads them: each item of a list, and the source, a mapping."""
    lists: dict[str, list] = {
        "figures": report.figures,
        "totals": report.totals,
        "statements": report.statements,
        "highlights": report.highlights,
        "quotes": report.quotes,
        "speakers": report.speakers,
    }
    return {
        "month": report.month,
        "ends": report.month,
        "published": report.published,
        "draft": report.draft,
        **{name: [dataclasses.asdict(item) for item in items] for name, items in lists.items()},
        "source": dataclasses.asdict(report.release),
    }


def _check_copies(data, values, defaults, fields, where, source, rel, copied, problems) -> None:
    """Records each value in a words file that is not words (i18n False) and differs from
    the default language's, inside lists and mappings too. `data` is the mapping as the
    words file holds it (for its lines), `values` its checked values, `defaults` the default
    language's (`source`'s) checked values; `copied` says where the rest comes from."""
    for rule in fields:
        if rule.name not in data or data[rule.name] in (None, "", []):
            continue  # not given
        raw, given, default = data[rule.name], values.get(rule.name), defaults.get(rule.name)
        label = f"{where}{rule.name}"
        if rule.i18n is False:
            if given == rule.default and raw != given:
                continue  # a wrong value: validate() has said so
            if _plain(given, rule) != _plain(default, rule):
                at = defaults.get("lines", {}).get(rule.name) or defaults.get("line")
                there = f"{source}:{at}" if at else source
                differs = (
                    f"{label} is not as {there} gives it"
                    if rule.kind == "list"
                    else f"{label} is {_shown(given)}, but {there} gives {_shown(default)}"
                )
                problems.add(
                    rel,
                    data.line_of(rule.name),
                    f"{differs}: {copied}, so delete it here or make it the same",
                )
        elif rule.kind == "mapping" and rule.fields and isinstance(raw, dict):
            _check_copies(
                raw,
                given or {},
                default or {},
                rule.fields,
                f"{label}.",
                source,
                rel,
                copied,
                problems,
            )
        elif rule.kind == "list" and rule.fields and isinstance(raw, list):
            for item, found, key, counterpart in _paired(raw, given or [], default or [], rule):
                inside = f"{label}[{key}]."
                _check_copies(
                    item, found, counterpart, rule.fields, inside, source, rel, copied, problems
                )


def _paired(raw: list, given: list, defaults: list, rule: Field):
    """Yields each item of a words file's list (as the file holds it, and checked) with how
    it is named in messages and its default-language counterpart: the item with the same
    name (its "duplicate" field, e.g. a figure's key), else the one in the same place.
    Items with no counterpart are left out: the words' own checks name them."""
    named = next((f.name for f in rule.fields if f.i18n == "duplicate"), None)
    for n, (item, found) in enumerate(zip(raw, given), start=1):
        if not isinstance(item, dict):
            continue  # validate() has said so
        if named is None:
            if n <= len(defaults):
                yield item, found, n, defaults[n - 1]
        elif match := next((d for d in defaults if d.get(named) == found.get(named)), None):
            yield item, found, found.get(named), match


def _plain(value, rule: Field):
    """Returns a checked value without the lines the build adds to list items, to compare."""
    if rule.kind == "list" and rule.fields and isinstance(value, list):
        return [{f.name: item.get(f.name) for f in rule.fields} for item in value]
    return value


def _shown(value) -> str:
    """Returns a value as a message shows it."""
    if value in (None, ""):
        return "nothing"
    return f'"{value}"' if isinstance(value, str) else str(value)


def _translated_reports(
    reports: PatrolReports,
    files: dict,
    language,
    settings,
    figures: list[Figure],
    problems: Problems,
    missing: list | None,
    organisation: str = "",
) -> PatrolReports:
    """Returns the reports in `language`: each report whose words file gives every word it
    has, in those words, with its figures and totals. A source published by the site's own
    organisation (`organisation`, its name in the default language) names it as `settings`
    do in `language`. Records in `missing` each report that has no such file, and each word
    a file leaves out (that report is then left out)."""
    translated = []
    name = settings.words("language.name")
    for report in reports:
        path_rel = files.get((Path(report.source).parent.name, report.key))
        if path_rel is None:
            if missing is not None:
                folder = Path(report.source).parent.as_posix()
                rel = f"{folder}/{report.key}.{language.key}.yaml"
                missing.append(Gaps(rel, name, report.source).no_file(language.code))
            continue
        gaps = Gaps(path_rel[1], name, report.source)
        path, rel = path_rel
        found = _report_in_words(report, path, rel, language, settings, figures, problems, gaps)
        if organisation and isinstance(found, Report) and found.release.publisher == organisation:
            release = dataclasses.replace(found.release, publisher=settings.organisation)
            found = dataclasses.replace(found, release=release)
        if found is NO_WORDS:
            # The browser editor writes each language's file as soon as a report is saved,
            # even with no words in it (empty lists): no version yet, as if it were not there.
            if missing is not None:
                missing.append(gaps.no_file(language.code))
        elif gaps.found:
            if missing is not None:
                missing += gaps.found
        elif found is not None:
            translated.append(found)
    return PatrolReports(translated, figures)


def _report_in_words(report, path, rel, language, settings, figures, problems, gaps):
    """Returns `report` in the words that `path` gives, None when they cannot be read, or
    NO_WORDS when the file gives none.
    Records in `gaps` (hub.core.overlay.Gaps) each word the file leaves out."""
    data = read_yaml(path, rel, problems)
    if data is None or not isinstance(data, dict):
        return None
    summary = report.kind == "summary"
    if not _has_words(data, SUMMARY_FIELDS if summary else REPORT_FIELDS):
        return NO_WORDS
    rules = _words_file_fields(SUMMARY_FIELDS if summary else REPORT_FIELDS)
    values = validate(data, rules, rel, problems)  # inside each list and the source too
    name = settings.words("language.name")
    # What is not words, taken from the report's own file; a copy of it must be exact.
    copied = f"a file in {name} gives only words and takes the rest from there"
    own = _default_values(report)  # read by both, changed by neither
    _check_copies(data, values, own, rules, "", report.source, rel, copied, problems)

    default = {"title": report.title, "summary": report.summary, "period": report.period, **own}
    words = overlay(rules, default, data, data.line if isinstance(data, Located) else 1, gaps)
    problems.items += gaps.extra
    notes = {item["figure"]: item["note"] for item in words["figures"]}
    values_in_words = {
        key: dataclasses.replace(entry, note=notes.get(key) or entry.note)
        for key, entry in report.values.items()
    }
    labels = {figure.key: figure.total_label for figure in figures}
    running = [
        dataclasses.replace(total, label=labels.get(total.figure, total.label))
        for total in report.running
    ]
    found = dataclasses.replace(
        report,
        source=rel,
        period=words["period"] if summary else settings.words.month(report.month),
        title=words["title"],
        summary=words["summary"],
        statements=[Statement(**item) for item in words["statements"]],
        highlights=[Highlight(**item) for item in words["highlights"]],
        quotes=[Quote(**item) for item in words["quotes"]],
        release=Source(**words["source"]),
        values=values_in_words,
        running=running,
        prefix=language.prefix,
    )
    lines = {
        name: data.line_of(name) if isinstance(data, Located) else 1
        for name in ("title", "summary")
    }
    # Words copied from the default language's file (not yet translated) were checked there.
    before, after = headline_texts(report), headline_texts(found)
    changed = [name for name in lines if after[name] != before[name]]
    check_headline(found, figures, settings.words, lines, problems, changed)
    return found
