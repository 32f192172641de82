"""Reading the reports in data/patrols/ (a month's and a summary's files), each checked against
its rules, then against data/figures.yaml and the rest of the series."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from pathlib import Path

from ...core.errors import Problems
from ...core.fields import validate
from ...core.interface import english
from ...core.languages import Language, in_language, language_of, split_name
from ...core.sources import check_inside, read_yaml
from ...core.yamlfile import Located, LocatedList
from ..figures import Figure, translate_figures
from .fields import LISTS, REPORT_FIELDS, SUMMARY_FIELDS
from .headlines import check_headline
from .model import ITEMS, PatrolReports, Report, Source, month_name
from .series import _changes, _figure_values, _running_totals
from .translation import _translated_reports

SUMMARIES = "summaries"  # the folder, inside data/patrols/, of reports that are not a month
# A file's name, then (for a file in another language, or the default's as Decap CMS names it)
# its language's key: 2024-07.yaml, 2024-07.cy.yaml.
MONTH_FILE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(\.[a-z]{2,3})?\.yaml$")
SUMMARY_FILE = re.compile(r"^(?=[a-z0-9-]*[a-z])[a-z0-9]+(?:-[a-z0-9]+)*(\.[a-z]{2,3})?\.yaml$")
RESERVED_NAMES = {"data", "page"}  # /news/data/ and /news/page/N/ are the build's own


def _with_lines(items: list[dict], raw, kind: type) -> list:
    """Returns the checked `items` of a list, each a `kind` (model.ITEMS) with its line in
    the file and its keys' lines (`raw` is the list as the file holds it). An item that is not
    a mapping is left out: validate() has recorded it."""
    if not isinstance(raw, LocatedList):  # not a list: validate() has recorded it
        return []
    return [
        kind(**item, line=line, lines=dict(found.lines if isinstance(found, Located) else {}))
        for item, line, found in zip(items, raw.lines, raw)
        if isinstance(found, dict)
    ]


def _read_report(path: Path, rel: str, problems: Problems, include_drafts: bool):
    """Returns the Report in one file, or None when it is unreadable or left out as a draft.

    Checks the file against its own rules only: its figure keys are checked against
    data/figures.yaml afterwards, so what is kept here does not depend on that file.
    """
    data = read_yaml(path, rel, problems)
    if data is None:
        return None
    if isinstance(data, dict) and data.get("draft") is True and not include_drafts:
        return None  # an unfinished draft may be incomplete: it is checked once it is previewed
    summary = path.parent.name == SUMMARIES
    name = split_name(path.stem)[0]
    values = validate(data, SUMMARY_FIELDS if summary else REPORT_FIELDS, rel, problems)
    if not summary and values.get("month") and values["month"] != name:
        problems.add(
            rel,
            data.line_of("month"),
            f'month is "{values["month"]}" but the file is named {path.name}: make them match',
        )
    # validate() has checked inside each list and the source; each list item gets its lines.
    lists = {
        name: _with_lines(values[name], data.get(name), ITEMS[name])
        for name in LISTS
        if name in values
    }
    month = values.get("ends" if summary else "month")
    if not values.get("published") or not month:
        return None
    report = Report(
        source=rel,
        key=name,
        kind="summary" if summary else "month",
        month=month,
        period=values["period"] if summary else month_name(month),
        title=values["title"] or "",
        summary=values["summary"] or "",
        published=values["published"],
        figures=lists["figures"],
        totals=lists.get("totals", []),
        statements=lists["statements"],
        highlights=lists["highlights"],
        quotes=lists["quotes"],
        release=Source(**values["source"]) if values["source"] else Source(),
        draft=values["draft"],
        speakers=lists.get("speakers", []),
        lines={name: data.line_of(name) for name in ("title", "summary")},
    )
    _check_example_quotes(report, problems)
    return report


def _check_example_quotes(report: Report, problems: Problems) -> None:
    """Records each example quotation whose speaker or subject is not one the report's source
    gave (its `speakers`): a paraphrase keeps each person on their own subject."""
    said: dict[str, list[str]] = {}  # a role, folded -> what the source has them speak about
    for speaker in report.speakers:
        said.setdefault(str(speaker.role).casefold(), []).append(str(speaker.subject))
    for n, quote in enumerate(report.quotes):
        if not quote.example:
            continue
        line = quote.lines.get("subject", quote.line)
        subjects = said.get(str(quote.role).casefold())
        if subjects is None:
            problems.add(
                report.source,
                quote.line,
                f"quotes[{n}]: an example quotation needs its speaker from the source: add "
                f"{quote.role} and what they speak about to speakers:",
            )
        elif quote.subject not in subjects:
            problems.add(
                report.source,
                line,
                f'quotes[{n}]: subject is "{quote.subject}", but the source has '
                f"{quote.role} speak about {' and '.join(subjects)}: keep each speaker "
                "on their own subject",
            )


def _read_remembered(path: Path, rel: str, problems: Problems, include_drafts: bool, store):
    """Returns _read_report's result, taken from `store` (hub.speed.results.ResultStore)
    when the file has not changed."""
    if store is None:
        return _read_report(path, rel, problems, include_drafts)
    key = store.key(path, rel, include_drafts)
    known = store.recall(rel, key)
    if known is not None:
        return known[0]
    found = Problems()
    report = _read_report(path, rel, found, include_drafts)
    for problem in found.items:
        problems.add(problem.path, problem.line, problem.message)
    if not found:
        store.keep(rel, key, (report,), path)
    return report


def _report_files(folder: Path, root: Path, problems: Problems, languages) -> tuple[list, dict]:
    """Returns every report file in the default language (monthly, then summaries) as (path,
    name relative to `root`), and the files giving reports' words in each other language, by
    its key, then by the report's folder and name. Records files whose names cannot be a
    report, a report given twice in the default language, and a file or folder that is a link
    out of the site, to nothing or round in a circle (and leaves it out)."""
    files: list[tuple[Path, str]] = []
    words: dict[str, dict] = {lang.key: {} for lang in languages[1:]}
    for where, pattern, advice in (
        (
            folder,
            MONTH_FILE,
            "patrol report files must be named YYYY-MM.yaml, for example 2024-07.yaml",
        ),
        (
            folder / SUMMARIES,
            SUMMARY_FILE,
            "summary files must be named in lower-case words and digits joined by hyphens, "
            "with at least one word, for example year-to-2024-10.yaml",
        ),
    ):
        seen: dict[str, str] = {}
        if not check_inside(where, root, where.relative_to(root).as_posix(), problems):
            break  # a link out of the site, to nothing or round in a circle: and so is all in it
        for path in sorted(where.glob("*")):
            rel = path.relative_to(root).as_posix()
            if path.name.startswith(".") or path.is_dir():
                continue
            # Only a link can lead elsewhere: the folder itself is checked above.
            if path.is_symlink() and not check_inside(path, root, rel, problems):
                continue
            if not pattern.match(path.name):
                problems.add(rel, 1, advice)
                continue
            name, language = language_of(path.stem, languages)
            if name in RESERVED_NAMES:
                problems.add(
                    rel,
                    1,
                    f"/news/{name}/ is the address of the build's own "
                    "pages: give the file another name",
                )
            elif language is None:
                continue  # in a language the site does not list
            elif not language.default:
                words[language.key][(where.name, name)] = (path, rel)
            elif name in seen:
                problems.add(rel, 1, f"{seen[name]} is this report too: keep one of the files")
            else:
                seen[name] = rel
                files.append((path, rel))
    return files, words


def read_patrol_reports(
    root: Path,
    problems: Problems,
    options,  # hub.site.Options (a layer above): with drafts, and as of which day
    store=None,
    figures: Sequence[Figure] | None = (),
    settings=None,
    missing: list | None = None,
) -> PatrolReports:
    """Returns the published reports of the site in `root` (data/patrols/), newest first,
    checked against `figures` (the definitions in data/figures.yaml), with changes on the month
    before and running totals.

    `figures` is None when data/figures.yaml itself has problems: the reports' figures are
    then not checked against it, so its mistakes are not repeated for every report.

    With `settings` (hub.read.settings), each month is named in the site's words, and in a site with
    more than one language the reports in each other language are in `translations`: those
    whose words file (2024-07.cy.yaml) gives every word the report has. `missing` is given
    each report that has no such file, and each word a file leaves out.

    With `store`, a file read before in the same state is not parsed again.
    """
    folder, include_drafts, today = root / "data" / "patrols", options.drafts, options.today
    languages = settings.languages if settings else [Language("en-GB", "en", True)]
    files, words_files = _report_files(folder, root, problems, languages)
    reports = []
    for path, rel in files:
        report = _read_remembered(path, rel, problems, include_drafts, store)
        if report and (include_drafts or report.published <= today):
            reports.append(report)
    # Oldest first; a summary comes before the monthly report of the month it ends with.
    reports.sort(key=lambda r: (r.month, r.kind == "month", r.key))
    if figures is None:
        return PatrolReports(reversed(reports))
    known = {f.key: f for f in figures}
    # What the series works out, each step from the reports as the one before left them.
    reports = [
        dataclasses.replace(report, values=_figure_values(report, known, problems))
        for report in reports
    ]
    changes = _changes(reports)
    running = _running_totals(reports, [f for f in figures if f.cumulative], problems)
    reports = [
        dataclasses.replace(
            report,
            changes=changes.get(report.source, {}),
            running=running.get(report.source, []),
            # Each month named in the site's words.
            period=settings.words.month(report.month)
            if settings and report.kind == "month"
            else report.period,
        )
        for report in reports
    ]
    # The strings are {} only when they have problems of their own: English stands in.
    words = settings.words if settings and settings.words.strings else english()
    for report in reports:
        check_headline(report, figures, words, report.lines, problems)
    published = PatrolReports(reversed(reports), figures)
    if settings is None:
        return published
    names = {(Path(rel).parent.name, split_name(Path(rel).stem)[0]) for _, rel in files}
    for language in languages[1:]:
        found = words_files[language.key]
        for where_name, (_, rel) in sorted(found.items()):
            if where_name not in names:
                problems.add(
                    rel,
                    1,
                    f"there is no report {rel.replace(f'.{language.key}.', '.')} for this file "
                    "to give the words of: a report starts in the default language",
                )
        in_words = in_language(settings, language)
        name = in_words.words("language.name")
        words_of = translate_figures(list(figures), root / "data", language, name, problems)
        published.translations[language.key] = _translated_reports(
            published, found, language, in_words, words_of, problems, missing, settings.organisation
        )
    return published
