"""A report's rules (data/patrols/YYYY-MM.yaml, and a summary's): its Field lists, which the
build checks each file against and the browser editor's forms are made from, with the figure
keys data/figures.yaml allows filled in for the forms."""

from __future__ import annotations

import dataclasses

from ...core.fields import Field
from ..figures import PATH as FIGURES_PATH
from ..figures import Figure
from .headlines import RULE

QUALIFIERS = ("exact", "more than", "about")

FIGURE_FIELDS = [
    Field(
        "figure",
        "text",
        label="Figure",
        help="which figure the source gave, chosen by its name on the site, e.g. Arrests",
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
        help="which running total: only figures counted up from month to month have one",
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
    Field(
        "stated_on",
        "date",
        required=False,
        label="Day the source gave the total",
        help='the day the source gave the total "so far", when its release came after the '
        "month: the page shows the total with this day, never as the month's figure",
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
        "note",
        "text",
        required=False,
        default="",
        label="Note on the source",
        multiline=True,
        help="what a reader should know, e.g. where the source's headline and its text differ",
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
    Field(
        "subject",
        "text",
        required=False,
        default="",
        label="What they speak about",
        help="for example text: what the source has this person speak about, as in speakers",
    ),
]
# Who the source quoted and what about: an example quotation keeps each person on their own
# subject (checked by read_patrol_reports), so a paraphrase never gives one speaker another's.
SPEAKER_FIELDS = [
    Field("role", "text", label="Role", help="their job title, as in the quotes"),
    Field(
        "subject",
        "text",
        label="What they speak about",
        help="what the source has them speak about, in a few words, e.g. Immediate Justice",
    ),
]
# The lists a report may hold, by name, with the fields of each item.
LISTS = {
    "figures": FIGURE_FIELDS,
    "totals": TOTAL_FIELDS,
    "statements": STATEMENT_FIELDS,
    "highlights": HIGHLIGHT_FIELDS,
    "quotes": QUOTE_FIELDS,
    "speakers": SPEAKER_FIELDS,
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
    Field("title", "text", label="Headline", help=f"the report's headline: {RULE}", i18n=True),
    Field(
        "summary",
        "text",
        label="Summary",
        help=f"one sentence for the news list and search: {RULE}",
        max_length=160,
        i18n=True,
    ),
    Field(
        "published",
        "date",
        label="Publish on",
        help="the day the report goes live on this site",
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
    _list("speakers", "Speakers", "each person the source quoted, and on what"),
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
