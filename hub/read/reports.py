"""Hotspot patrol reports from data/patrols/, with the figures worked out from the series.

A report holds only what its source gave: each figure with its qualifier (exact, "more than",
"about"), the claims people made as attributed statements, any running total the source
stated, and the source itself. A figure a report leaves out is not reported, never 0.

Monthly reports are data/patrols/YYYY-MM.yaml. A release that sums up a longer period (a
year, say) is data/patrols/summaries/NAME.yaml: it has its own page, but it is not a month,
so it never joins the monthly series, its charts, changes or running totals.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import Problems, did_you_mean
from ..core.fields import Field, validate
from ..core.languages import Language, in_language, language_of, split_name
from ..core.overlay import Gaps, overlay
from ..core.sources import check_inside, read_yaml
from ..core.yamlfile import Located, LocatedList
from .figures import PATH as FIGURES_PATH
from .figures import Figure, translate_figures

QUALIFIERS = ("exact", "more than", "about")
SUMMARIES = "summaries"  # the folder, inside data/patrols/, of reports that are not a month
# A file's name, then (for a file in another language, or the default's as Decap CMS names it)
# its language's key: 2024-07.yaml, 2024-07.cy.yaml.
MONTH_FILE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(\.[a-z]{2,3})?\.yaml$")
SUMMARY_FILE = re.compile(r"^(?=[a-z0-9-]*[a-z])[a-z0-9]+(?:-[a-z0-9]+)*(\.[a-z]{2,3})?\.yaml$")
RESERVED_NAMES = {"data", "page"}  # /news/data/ and /news/page/N/ are the build's own

FIGURE_FIELDS = [
    Field(
        "figure",
        "text",
        label="Figure",
        help="which figure: its key in data/figures.yaml, e.g. arrests",
        i18n="duplicate",
    ),
    Field("value", "whole number", label="Number", help="the number the source gave"),
    Field(
        "qualifier",
        "text",
        required=False,
        default="exact",
        label="Exact or not",
        choices=QUALIFIERS,
        help='exact, or "more than" or "about" when the source said so',
    ),
    Field(
        "note",
        "text",
        required=False,
        default="",
        label="How the source described it",
        help="how the source described it, where that adds something, e.g. double-crewed",
        i18n=True,
    ),
]
TOTAL_FIELDS = [
    Field(
        "figure",
        "text",
        label="Running total of",
        help="which running total: the key of a figure with cumulative: true",
    ),
    Field(
        "opening_balance",
        "whole number",
        required=False,
        label="Total before this month",
        help="the total before this month: the build adds each month's figure to it",
    ),
    Field(
        "stated",
        "whole number",
        required=False,
        label="Total the source stated",
        help="the running total the source gave: the build checks it where it can",
    ),
    Field(
        "stated_qualifier",
        "text",
        required=False,
        default="exact",
        label="Stated total exact or not",
        choices=QUALIFIERS,
        help='exact, or "more than" or "about" when the source said so',
    ),
]
STATEMENT_FIELDS = [
    Field(
        "text",
        "text",
        label="Claim",
        multiline=True,
        help="the claim, in your own words, e.g. ASB fell by 22% in the areas",
        i18n=True,
    ),
    Field(
        "speaker",
        "text",
        label="Who made it",
        help="who made the claim: their role, and their name where the source gives it",
        i18n=True,
    ),
    Field(
        "period",
        "text",
        required=False,
        default="",
        label="Measured against",
        help="the period or baseline it is measured against, where the source gives one",
        i18n=True,
    ),
]
SOURCE_FIELDS = [
    Field(
        "publisher",
        "text",
        label="Publisher",
        help="who published it, e.g. Derbyshire Constabulary",
    ),
    Field("title", "text", label="Source's headline", help="its headline, as published"),
    Field(
        "url",
        "https address",
        required=False,
        default="",
        label="Source's web address",
        help="its full web address: leave it out rather than guess",
    ),
    Field(
        "where",
        "text",
        required=False,
        default="",
        label="Where it was published",
        help="where it was published, e.g. the force's news pages (useful without an address)",
        i18n=True,
    ),
    Field(
        "published",
        "date or month",
        label="Source published on",
        help='the day it was published, or only the month ("YYYY-MM") when that is all you know',
    ),
    Field(
        "date_assumed",
        "yes/no",
        required=False,
        default=False,
        label="Date assumed",
        help="true when the date is your best estimate, not known",
    ),
]
HIGHLIGHT_FIELDS = [
    Field("title", "text", label="Heading", help="a short heading for the highlight", i18n=True),
    Field("text", "text", label="Text", multiline=True, help="one or two sentences", i18n=True),
]
QUOTE_FIELDS = [
    Field(
        "name",
        "text",
        required=False,
        default="",
        label="Name",
        help="who said it, if the source names them",
    ),
    Field("role", "text", label="Role", help="their job title", i18n=True),
    Field("text", "text", label="What they said", multiline=True, help="what they said", i18n=True),
    Field(
        "example",
        "yes/no",
        required=False,
        default=False,
        label="Example text",
        help="true when the quote is example text, not a real quotation",
    ),
]
# The lists a report may hold, by name, with the fields of each item.
LISTS = {
    "figures": FIGURE_FIELDS,
    "totals": TOTAL_FIELDS,
    "statements": STATEMENT_FIELDS,
    "highlights": HIGHLIGHT_FIELDS,
    "quotes": QUOTE_FIELDS,
}


def _list(name: str, label: str, help: str, i18n: bool = False) -> Field:
    """Returns the rule of list `name`: optional, empty by default, each item checked."""
    return Field(
        name,
        "list",
        required=False,
        default=[],
        label=label,
        fields=tuple(LISTS[name]),
        help=help,
        i18n=i18n,
    )


# The fields every report has, before and after its figures.
HEAD_FIELDS = [
    Field("title", "text", label="Headline", help="the report's headline", i18n=True),
    Field(
        "summary",
        "text",
        label="Summary",
        help="one sentence for the news list and search",
        max_length=160,
        i18n=True,
    ),
    Field(
        "published",
        "date",
        label="Publish on",
        help="the day the report goes live on this site (YYYY-MM-DD)",
    ),
    Field(
        "draft",
        "yes/no",
        required=False,
        default=False,
        label="Draft",
        help="true to keep it unpublished",
    ),
    _list(
        "figures",
        "Figures",
        "only the figures the source gave: a figure left out is shown as not reported",
        i18n=True,
    ),
]
TAIL_FIELDS = [
    _list(
        "statements",
        "Statements",
        "claims people made (a reduction, a rate): attributed text, never a figure",
        i18n=True,
    ),
    _list("highlights", "Highlights", "notable moments", i18n=True),
    _list("quotes", "Quotes", "what people said", i18n=True),
    Field(
        "source",
        "mapping",
        label="Source",
        fields=tuple(SOURCE_FIELDS),
        help="where the figures come from",
        i18n=True,
    ),
]
REPORT_FIELDS = [
    Field("month", "month", label="Month", help='the month the report covers, e.g. "2024-07"'),
    *HEAD_FIELDS,
    _list(
        "totals",
        "Running totals",
        "running totals: an opening balance, or a total the source stated",
    ),
    *TAIL_FIELDS,
]
SUMMARY_FIELDS = [
    Field(
        "period",
        "text",
        label="Period",
        help="the period it covers, as the source puts it, e.g. the year to October 2024",
        i18n=True,
    ),
    Field(
        "ends",
        "month",
        label="Last month of the period",
        help='the last month of the period, as far as known, e.g. "2024-10"',
    ),
    *HEAD_FIELDS,
    *TAIL_FIELDS,
]


def figure_fields(figures: list[Figure]) -> dict[str, list[Field]]:
    """Returns the rules of a report's figures and totals lists with the allowed figure keys
    filled in from data/figures.yaml, for forms that offer them as a choice (shown by their
    labels)."""
    running = [f for f in figures if f.cumulative]

    def choosing(rule: Field, allowed: list[Figure]) -> Field:
        return dataclasses.replace(
            rule,
            choices=tuple(f.key for f in allowed),
            choice_labels=tuple(f.label for f in allowed),
            choices_from=FIGURES_PATH,
        )

    return {
        "figures": [choosing(FIGURE_FIELDS[0], figures), *FIGURE_FIELDS[1:]],
        "totals": [choosing(TOTAL_FIELDS[0], running), *TOTAL_FIELDS[1:]],
    }


def report_fields(figures: list[Figure]) -> list[Field]:
    """Returns REPORT_FIELDS with the figure keys data/figures.yaml allows as the choices
    of each figure and running total: the rules a form needs.

    The build itself reads reports by REPORT_FIELDS and checks the keys against the figures
    afterwards (read_patrol_reports), so a report it has read does not depend on that file
    and each wrong key gets its own message.
    """
    return _with_figures(REPORT_FIELDS, figures)


def summary_fields(figures: list[Figure]) -> list[Field]:
    """Returns SUMMARY_FIELDS with the figure choices filled in, as report_fields does."""
    return _with_figures(SUMMARY_FIELDS, figures)


def _with_figures(fields: list[Field], figures: list[Figure]) -> list[Field]:
    chosen = figure_fields(figures)
    return [
        dataclasses.replace(f, fields=tuple(chosen[f.name])) if f.name in chosen else f
        for f in fields
    ]


def month_name(month: str) -> str:
    """Returns "July 2024" for "2024-07"."""
    return dt.date.fromisoformat(month + "-01").strftime("%B %Y")


@dataclass(frozen=True)
class Report:
    """One report as its file gives it, plus what the build works out from the series."""

    source: str  # the file, for messages
    key: str  # "2024-07", or a summary's name: its address is /news/KEY/
    kind: str  # month | summary
    month: str  # the month covered; for a summary, the last month of its period
    period: str  # "July 2024", or a summary's period, e.g. "the year to October 2024"
    title: str
    summary: str
    published: dt.date
    figures: list[dict]  # as listed in the file, each with its `line`
    totals: list[dict]  # as listed in the file, each with its `line` and `lines`
    statements: list[dict]
    highlights: list[dict]
    quotes: list[dict]
    release: dict  # the source: publisher, title, url, where, published, date_assumed
    draft: bool = False
    # Worked out from data/figures.yaml and the whole series (read_patrol_reports):
    values: dict = field(default_factory=dict)  # figure key -> its entry, in figures.yaml order
    changes: dict = field(default_factory=dict)  # figure key -> change on the month before
    running: list = field(default_factory=list)  # the running totals the page shows
    prefix: str = ""  # what its language's addresses start with: "" or "/cy"

    @property
    def url(self) -> str:
        return f"{self.prefix}/news/{self.key}/"

    @property
    def output(self) -> str:
        return f"{self.url.lstrip('/')}index.html"

    @property
    def month_name(self) -> str:
        return month_name(self.month)


class PatrolReports(list[Report]):
    """The published reports, newest first, with the figure definitions they were read
    against (`figures`): the pages that list no report still show every figure. In a site
    with more than one language, `translations` holds them in each other language (by its
    key): the reports that have a version in it, and the figures' words in it.

    A list, not a dataclass holding one: pages, feeds, open data and the templates use it
    as the list of reports it is (in order, sliced, counted); its two fields are declared."""

    figures: list[Figure]
    translations: dict[str, PatrolReports]

    def __init__(self, reports: Iterable[Report] = (), figures: Iterable[Figure] = ()):
        super().__init__(reports)
        self.figures = list(figures)
        self.translations = {}

    @property
    def months(self) -> list[Report]:
        """Returns the monthly reports (not summaries), oldest first."""
        return sorted((r for r in self if r.kind == "month"), key=lambda r: r.month)


def _with_lines(items: list[dict], raw) -> list[dict]:
    """Returns the checked `items` of a list, each with its line in the file and its keys'
    lines (`raw` is the list as the file holds it). An item that is not a mapping is left
    out: validate() has recorded it."""
    if not isinstance(raw, LocatedList):  # not a list: validate() has recorded it
        return []
    return [
        {**item, "line": line, "lines": dict(found.lines if isinstance(found, Located) else {})}
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
    lists = {name: _with_lines(values[name], data.get(name)) for name in LISTS if name in values}
    month = values.get("ends" if summary else "month")
    if not values.get("published") or not month:
        return None
    return Report(
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
        release=values["source"] or {},
        draft=values["draft"],
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
            published, found, language, in_words, words_of, problems, missing
        )
    return published


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


def _default_values(report: Report) -> dict:
    """Returns the values of `report`'s own file, checked, by field name."""
    return {
        "month": report.month,
        "ends": report.month,
        "published": report.published,
        "draft": report.draft,
        "figures": report.figures,
        "totals": report.totals,
        "statements": report.statements,
        "highlights": report.highlights,
        "quotes": report.quotes,
        "source": report.release,
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
) -> PatrolReports:
    """Returns the reports in `language`: each report whose words file gives every word it
    has, in those words, with its figures and totals. Records in `missing` each report that
    has no such file, and each word a file leaves out (that report is then left out)."""
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
        if gaps.found:
            if missing is not None:
                missing += gaps.found
        elif found is not None:
            translated.append(found)
    return PatrolReports(translated, figures)


def _report_in_words(report, path, rel, language, settings, figures, problems, gaps):
    """Returns `report` in the words that `path` gives, or None when they cannot be read.
    Records in `gaps` (hub.core.overlay.Gaps) each word the file leaves out."""
    data = read_yaml(path, rel, problems)
    if data is None or not isinstance(data, dict):
        return None
    summary = report.kind == "summary"
    rules = _words_file_fields(SUMMARY_FIELDS if summary else REPORT_FIELDS)
    values = validate(data, rules, rel, problems)  # inside each list and the source too
    name = settings.words("language.name")
    # What is not words, taken from the report's own file; a copy of it must be exact.
    copied = f"a file in {name} gives only words and takes the rest from there"
    _check_copies(
        data, values, _default_values(report), rules, "", report.source, rel, copied, problems
    )

    default = {
        "title": report.title,
        "summary": report.summary,
        "period": report.period,
        **_default_values(report),
    }
    words = overlay(rules, default, data, data.line if isinstance(data, Located) else 1, gaps)
    problems.items += gaps.extra
    notes = {item["figure"]: item["note"] for item in words["figures"]}
    values_in_words = {
        key: {**entry, "note": notes.get(key) or entry["note"]}
        for key, entry in report.values.items()
    }
    labels = {figure.key: figure.total_label for figure in figures}
    running = [
        {**total, "label": labels.get(total["figure"], total["label"])} for total in report.running
    ]
    return dataclasses.replace(
        report,
        source=rel,
        period=words["period"] if summary else settings.words.month(report.month),
        title=words["title"],
        summary=words["summary"],
        statements=words["statements"],
        highlights=words["highlights"],
        quotes=words["quotes"],
        release=words["source"],
        values=values_in_words,
        running=running,
        prefix=language.prefix,
    )


def _unknown(key: str, known, advice: str) -> str:
    """Returns the message for a figure key that data/figures.yaml does not define: the near
    match when there is one, else `advice`."""
    return f'"{key}" is not a figure in {FIGURES_PATH}: ' + did_you_mean(key, known, advice)


def _figure_values(report: Report, known: dict[str, Figure], problems: Problems) -> dict:
    """Returns the report's figure values (each figure key -> its entry) in figures.yaml
    order, recording unknown or repeated figures, and running totals for a figure that has
    none."""
    values: dict[str, dict] = {}
    lines: dict[str, int] = {}
    for n, entry in enumerate(report.figures, start=1):
        key, line = entry["figure"], entry["lines"].get("figure", entry["line"])
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
            if entry["value"] is not None:
                values[key] = entry
    running = [key for key, figure in known.items() if figure.cumulative]
    seen: dict[str, int] = {}
    for n, total in enumerate(report.totals, start=1):
        key, line = total["figure"], total["lines"].get("figure", total["line"])
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
        elif total["opening_balance"] is None and total["stated"] is None:
            problems.add(
                report.source,
                total["line"],
                f"totals[{n}] needs opening_balance:, stated:, or both",
            )
        seen[key] = line
    return {key: values[key] for key in known if key in values}


def _previous_month(month: str) -> str:
    year, number = map(int, month.split("-"))
    return f"{year - 1}-12" if number == 1 else f"{year}-{number - 1:02d}"


def _changes(reports: list[Report]) -> dict[str, dict]:
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
            key: {"by": entry["value"] - before.values[key]["value"], "since": before.month}
            for key, entry in report.values.items()
            if key in before.values
            and entry["qualifier"] == "exact"
            and before.values[key]["qualifier"] == "exact"
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
) -> dict[str, list[dict]]:
    """Returns the running totals each monthly report shows (by its source), for every
    cumulative figure.

    The count starts from an opening balance and is followed through every month after it
    that has a report giving the figure: each such month's total is worked out, and a total
    the source stated is checked against it (a contradiction is a problem). A missing month,
    or one that did not give the figure, stops the count: after it, a stated total is shown
    as the source stated it, and nothing is worked out for the months in between.
    """
    months = [r for r in reports if r.kind == "month"]
    running: dict[str, list[dict]] = {}
    for figure in cumulative:
        count = None  # the total so far: value, qualifier, and the balance it started from
        for n, report in enumerate(months):
            if n and _previous_month(report.month) != months[n - 1].month:
                count = None  # a month with no report: the count cannot cross it
            spec = next((t for t in report.totals if t["figure"] == figure.key), None) or {}
            balance = spec.get("opening_balance")
            if balance is not None:
                if count and _contradicts(count["value"], count["qualifier"], balance, "exact"):
                    problems.add(
                        report.source,
                        spec["lines"].get("opening_balance", spec["line"]),
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
                    "value": count["value"] + entry["value"],
                    "qualifier": combined_qualifier([count["qualifier"], entry["qualifier"]]),
                }
            else:
                count = None
            shown = _shown_total(figure, count, spec, report, problems)
            if shown:
                running.setdefault(report.source, []).append(shown)
    return running


def _shown_total(
    figure: Figure, count: dict | None, spec: dict, report: Report, problems: Problems
) -> dict | None:
    """Returns the running total a report shows for `figure` (worked out, or as the source
    stated it), or None; records a stated total that the count contradicts."""
    stated = spec.get("stated")
    qualifier = spec.get("stated_qualifier", "exact")
    shown = {"figure": figure.key, "label": figure.total_label, "stated": stated is not None}
    if (
        count
        and stated is not None
        and _contradicts(count["value"], count["qualifier"], stated, qualifier)
    ):
        problems.add(
            report.source,
            spec["lines"].get("stated", spec["line"]),
            f"totals: the stated total for {figure.key} is {figure_words(stated, qualifier)}, "
            "but the opening balance plus each month's figure adds up to "
            f"{figure_words(count['value'], count['qualifier'])}: check the figures",
        )
    if count and (count["qualifier"] == "exact" or stated is None):
        return {
            **shown,
            "value": count["value"],
            "qualifier": count["qualifier"],
            "basis": "worked out",
            "balance": count["balance"],
            "start": count["start"],
        }
    if stated is not None:
        return {**shown, "value": stated, "qualifier": qualifier, "basis": "stated"}
    return None


def figure_words(value: int, qualifier: str) -> str:
    """Returns a figure as words: "670", "more than 700", "about 90"."""
    return f"{value:,}" if qualifier == "exact" else f"{qualifier} {value:,}"
