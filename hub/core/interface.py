"""Interface strings: every word the templates and scripts show, one file per language.

The generator's own words are templates/strings/LANG.yaml (en.yaml, cy.yaml). A site rewords
any of them in data/strings/LANG.yaml, giving only the strings it changes; for a language the
generator has no words for, that file gives every string. Which strings there are, what each
is for and which {names} it may use are the Field lists below: the one place the build, the
CMS's forms and the tests read them from.

A string is plain text. `{name}` in it is filled in by the build (a number, a name, or a link
whose words are another string). Templates get the strings as `t` (t.cookie_banner.accept),
already made safe for HTML; Python code gets them through `Words`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from pathlib import Path

from markupsafe import Markup, escape

from .. import REPO
from .errors import Problems, did_you_mean
from .fields import Field, validate
from .sources import read_yaml
from .yamlfile import Located

# The generator's own words, one file per language, beside the templates that show them (so
# that, like a template, a change to one is an input every build sees).
BUILT_IN = REPO / "templates" / "strings"
SITE_FOLDER = "data/strings"  # a site's rewording, one file per language
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def _placeholders(uses: tuple[str, ...], needs: tuple[str, ...], attribute: bool):
    """Returns the check for a string that may use the names in `uses` and must use those in
    `needs`; one shown inside an HTML attribute (`attribute`) cannot hold a double quote."""
    allowed = [f"{{{name}}}" for name in uses]

    def check(text: str) -> str | None:
        found = PLACEHOLDER.findall(text)
        for name in found:
            if name not in uses:
                otherwise = f"it can use {', '.join(allowed)}" if uses else "it has no {names}"
                hint = did_you_mean(f"{{{name}}}", allowed, otherwise)
                return f"uses {{{name}}}, which this string cannot fill in: {hint}"
        for name in needs:
            if name not in found:
                return f"must include {{{name}}}, where the {name.replace('_', ' ')} goes"
        if attribute and '"' in text:
            return (
                'is shown inside an HTML attribute, so it cannot hold a double quote ("): '
                "use “ and ” instead"
            )
        return None

    return check


def _s(name: str, help: str, uses: str = "", needs: str = "", attribute: bool = False) -> Field:
    """Returns the rule of one string, which may use the {names} in `uses` and must use those
    in `needs` (each space-separated)."""
    used, needed = tuple(uses.split()), tuple(needs.split())
    notes = [f"may use {' '.join('{' + n + '}' for n in used)}"] if used else []
    notes += [f"must use {' '.join('{' + n + '}' for n in needed)}"] if needed else []
    return Field(
        name,
        "text",
        help=help + (f" ({'; '.join(notes)})" if notes else ""),
        check=_placeholders(used + needed, needed, attribute),
        i18n=True,
    )


def _texts(count: int | None = None):
    def check(items) -> str | None:
        if not all(isinstance(item, str) and item.strip() for item in items):
            return "must be a list of words, each on its own line starting with `- `"
        if count is not None and len(items) != count:
            return f"must list {count} names, got {len(items)}"
        return None

    return check


def _names(mapping) -> str | None:
    if all(isinstance(value, str) and value.strip() for value in mapping.values()):
        return None
    return "must give each name as some text"


# Every string, by group. A group is where the strings appear; each string's help says what it is.
GROUPS: dict[str, list[Field]] = {
    "language": [
        _s("name", "this language's own name, shown on the language link in other languages"),
        _s("versions", "names the list of language links, for screen readers", attribute=True),
        _s(
            "in_first",
            "after a link to a page only in the site's first language: that language's name",
        ),
    ],
    "page": [
        _s("skip_link", "the skip link, the first thing a keyboard reaches"),
        _s("feed_link", "names the news feed for browsers", "site_name", attribute=True),
        _s("footer_heading", "the footer's heading, for screen readers"),
        _s("footer_cookies", "the footer link to the cookies page"),
        _s("footer_privacy", "the footer link to the privacy notice"),
        _s("footer_accessibility", "the footer link to the accessibility statement"),
        _s("run_by", "the footer line saying who runs the site", "organisation"),
        _s("last_reviewed", "below a page: when it was last reviewed"),
        _s("review_due", "below a page: when its next review is due"),
        _s("owner", "below a page: the team that owns it"),
    ],
    "exit": [
        _s("button", "the Leave this site button"),
        _s("emergency", "read before the button's words by screen readers only"),
        _s("safety_link", "the link under the button to the safety page (also in the footer)"),
        _s("hint", "the sentence naming the keys that leave", needs="keys", attribute=True),
        _s("escape", "the Escape key, as the hint names it"),
        _s("shift", "pressing Shift 3 times, as the hint names it"),
        _s("or", "joins the two keys in the hint"),
        _s("keys_text", "the safety page's sentence naming the keys", needs="keys"),
        _s("no_keys_text", "the safety page's sentence when no key leaves"),
        _s(
            "shift_one",
            "read out after Shift when 1 more press leaves",
            needs="count",
            attribute=True,
        ),
        _s(
            "shift_other",
            "read out after Shift when more presses leave",
            needs="count",
            attribute=True,
        ),
    ],
    "cookie_banner": [
        _s("heading", "the banner's heading and name", "site_name", attribute=True),
        _s("essential", "says the site uses essential cookies"),
        _s("additional", "asks to set additional cookies"),
        _s("accept", "the Accept button"),
        _s("reject", "the Reject button"),
        _s("view", "the link to the cookies page"),
        _s("accepted", "shown after Accept", needs="link"),
        _s("rejected", "shown after Reject", needs="link"),
        _s("settings_link", "the link inside those two messages"),
        _s("hide", "the button that hides the banner"),
    ],
    "cookies": [
        _s("heading", "the cookies page's heading over the cookie tables"),
        _s("category_heading", "each table's heading and caption", needs="category"),
        _s("essential_text", "under the essential cookies heading"),
        _s("optional_text", "under each other category's heading", needs="category"),
        _s("name", "the Name column"),
        _s("purpose", "the Purpose column"),
        _s("expires", "the Expires column"),
        _s("change_heading", "the heading over the settings form"),
        _s("no_javascript", "shown instead of the form when JavaScript is off"),
        _s("saved", "shown when the choice is saved"),
        _s("back", "the link back to the page the reader came from"),
        _s("failed", "shown when the browser would not save the choice"),
        _s("question", "the question for each category", needs="category"),
        _s("answer_yes", "the Yes answer"),
        _s("answer_no", "the No answer"),
        _s("save", "the form's button"),
        Field(
            "categories",
            "mapping",
            help="the name of each consent category (essential, and each category in "
            "cookies in data/site.yaml), as the page and banner say it",
            check=_names,
            i18n=True,
        ),
    ],
    "phase_banner": [_s("feedback", "the phase banner's feedback link")],
    "breadcrumbs": [
        _s("label", "names the breadcrumbs, for screen readers", attribute=True),
        _s("home", "the first breadcrumb"),
    ],
    "back_link": [_s("text", "the Back link in the report helper")],
    "contents": [_s("title", "the heading of a page's contents list")],
    "pagination": [
        _s("label", "names the pagination, for screen readers", attribute=True),
        _s("previous", "the link to the page before"),
        _s("next", "the link to the page after"),
        _s("hidden", "read after Previous and Next by screen readers only"),
        _s("current", "which page this is", needs="number count"),
    ],
    "warning": [_s("prefix", "read before a warning by screen readers only")],
    "sections": [
        _s(
            "understanding_asb",
            "the Understanding ASB section, on the home page and in breadcrumbs",
        ),
        _s("reporting_asb", "the Reporting ASB section"),
        _s("action_and_support", "the Action and support section"),
        _s("about_this_site", "the About this site section"),
    ],
    "dates": [
        Field(
            "months",
            "list",
            help="the names of the months, January first",
            check=_texts(12),
            i18n=True,
        ),
        Field(
            "months_short",
            "list",
            help="the months' short names, under the charts' bars",
            check=_texts(12),
            i18n=True,
        ),
        _s("day", "a date, such as 18 February 2024", needs="day month year", attribute=True),
        _s("month", "a month, such as July 2024", needs="month year", attribute=True),
        _s("assumed", "a date that is an estimate", needs="date", attribute=True),
    ],
    "figures": [
        _s("more_than", "a figure the source gave as more than a number", needs="number"),
        _s("about", "a figure the source gave as about a number", needs="number"),
        _s("no_change", "a figure the same as the month before", needs="month"),
        _s("up", "a figure higher than the month before", needs="by month"),
        _s("down", "a figure lower than the month before", needs="by month"),
    ],
    "news": [
        _s(
            "title", "the news index's title, and its name in links and breadcrumbs", attribute=True
        ),
        _s("title_page", "the title of its later pages", needs="number count", attribute=True),
        _s("description", "the news index's description for search engines", attribute=True),
        _s("description_page", "the same, for later pages", needs="number", attribute=True),
        _s("lead", "the news index's first sentence", needs="link"),
        _s("feed_link", "the link to the news feed"),
        _s("explainer", "explains why figures come and go"),
        _s("by_month", "the heading over the charts"),
        _s("by_month_intro", "the sentence under it", needs="period link"),
        _s("download_link", "the link to the open data"),
        _s("table_caption", "the figures table's caption", needs="period"),
        _s("month", "the table's Month column"),
        _s("item", "under each report's title in the list", needs="period publisher date"),
        _s("none", "shown when there are no reports"),
        _s("latest", "the home page's heading over the latest report"),
        _s("all", "the home page's link to the news index"),
        _s("not_reported", "a table cell for a figure the month's source did not give"),
        _s("period", "a period of months", needs="first last", attribute=True),
        _s("chart_title", "names a chart, for screen readers", needs="label period"),
        _s("chart_description", "describes a chart, for screen readers", needs="label months"),
        _s("chart_month", "one month in that description", needs="figure month"),
        _s("chart_gaps_one", "ends the description when 1 month has no figure", needs="count"),
        _s("chart_gaps_other", "the same when more months have none", needs="count"),
    ],
    "report": [
        _s("caption", "above a report's title", needs="period"),
        _s("meta", "under a report's summary", needs="publisher released date"),
        _s("summary_note", "on a summary of a longer period", needs="period link"),
        _s("news_link", "the link in that sentence"),
        _s("figures_heading", "the heading over the figures", needs="period"),
        _s("worked_out", "note on a running total the build worked out", needs="balance start"),
        _s("worked_out_agrees", "the same, when the source's total agrees", needs="balance start"),
        _s("as_stated", "note on a running total taken as the source stated it"),
        _s("no_figures", "shown when the source gave no figures"),
        _s("not_reported", "lists the figures the source did not give", needs="figures"),
        _s("download", "links to the report's open data", needs="csv json columns"),
        _s("csv", "the CSV link"),
        _s("json", "the JSON link"),
        _s("columns_link", "the link to the data dictionary"),
        _s("claims_heading", "the heading over the source's claims"),
        _s("claims_intro", "explains what claims are"),
        _s("said_by", "under each claim", needs="speaker period"),
        _s("no_period", "for a claim with no period or baseline"),
        _s("highlights", "the Highlights heading"),
        _s("quotes", "the heading over quotes"),
        _s("example_quote", "the tag on an example quote"),
        _s("source", "the Source heading"),
        _s("published_by", "the source's publisher"),
        _s("source_title", "the source's title"),
        _s("where", "where the source was published"),
        _s("date", "the source's date"),
        _s("read_source", "the link to the source"),
        _s("no_link", "shown when the source's address is not known"),
        _s("about_patrols", "the link to the page about hotspot patrols"),
        _s("feed_stated", "in the feed, after a total taken as the source stated it"),
        _s("feed_figures", "in the feed, names the source", needs="publisher date"),
        # Totals true to when the source gave them (issue 21).
        _s(
            "stated_balance",
            "note on a total the source gave in the month its opening balance comes from",
            needs="balance start",
        ),
        _s("so_far_heading", "the heading over totals the source gave so far on a later day"),
        _s("stated_on", "note on such a total", needs="date period"),
        _s("source_note", "the label of what a reader should know about the source"),
        _s("feed_stated_on", "in the feed, after a total the source gave so far", needs="date"),
    ],
    "open_data": [
        _s("title", "the data dictionary's title", attribute=True),
        _s("description", "its description for search engines", attribute=True),
        _s("lead", "its first sentence"),
        _s("download_heading", "the heading over the downloads"),
        _s("every_month_csv", "the link to every month as CSV"),
        _s("every_month_json", "the link to every month as JSON"),
        _s("each_report", "says each report has its own files", needs="link"),
        _s("news_link", "the link in that sentence"),
        _s("months_many", "which months the files cover", needs="count first last"),
        _s("months_one", "the same, with one month", needs="month"),
        _s("months_none", "the same, with none"),
        _s("summaries", "introduces the summaries' own files"),
        _s("columns_heading", "the heading over the columns"),
        _s("columns_intro", "explains the files' rows", needs="months summaries fields"),
        _s("columns_caption", "the columns table's caption"),
        _s("column", "the Column column"),
        _s("type", "the Type column"),
        _s("meaning", "the Meaning column"),
        _s("about_heading", "the heading over the notes on the figures"),
        _s("about_text", "says not reported is not 0", needs="null qualifier"),
        _s("claims_text", "says claims are not in the files"),
        _s("format_text", "the files' format"),
        _s("csv_cells", "says how the CSV files write text, so that no spreadsheet runs it"),
        _s("json_title", "the JSON files' title", needs="site_name"),
        _s("type_number", "a column of whole numbers", needs="unit"),
        _s("type_qualifier", "a qualifier column's type"),
        _s("type_basis", "a total's basis column's type"),
        _s("type_month", "the month column's type"),
        _s("type_text", "a text column's type"),
        _s("type_date", "a date column's type"),
        _s("type_address", "a web address column's type"),
        _s("type_date_or_month", "the source date column's type"),
        _s("type_yes_no", "a true or false column's type"),
        _s("figure_meaning", "a figure's column", needs="label meaning"),
        _s("qualifier_meaning", "a figure's qualifier column", needs="unit"),
        _s("note_meaning", "a figure's note column"),
        _s("total_meaning", "a running total's column", needs="total_label"),
        _s("total_qualifier_meaning", "a running total's qualifier column"),
        _s("total_stated_on_meaning", "the column of the day a total so far was given"),
        _s("basis_meaning", "a running total's basis column"),
        _s("month_meaning", "the month column"),
        _s("period_meaning", "the period column"),
        _s("published_meaning", "the published column"),
        _s("source_publisher_meaning", "the source_publisher column"),
        _s("source_title_meaning", "the source_title column"),
        _s("source_url_meaning", "the source_url column"),
        _s("source_where_meaning", "the source_where column"),
        _s("source_published_meaning", "the source_published column"),
        _s("source_date_assumed_meaning", "the source_date_assumed column"),
        _s("report_url_meaning", "the report_url column"),
    ],
    "search": [
        _s("title", "the search page's title, and the footer link to it", attribute=True),
        _s("description", "its description for search engines", attribute=True),
        _s("form_label", "names the search form, for screen readers", attribute=True),
        _s("label", "the search box's label"),
        _s("button", "the search button"),
        _s("not_kept", "under the search box's label: the words are not kept in the address"),
        _s("results_label", "names the results list, for screen readers", attribute=True),
        _s("no_javascript", "shown when search cannot run"),
        _s("a_to_z", "the heading over the A to Z"),
        _s("letters", "names the A to Z's letters, for screen readers", attribute=True),
        Field(
            "digraphs",
            "list",
            help="letters of the alphabet written with two characters (Welsh Ch, Dd, Ll...), "
            "so the A to Z groups and orders them as letters of their own",
            check=_texts(),
            i18n=True,
        ),
        _s("no_results", "shown when nothing matches", needs="query", attribute=True),
        _s("result_one", "shown when 1 page matches", needs="count query", attribute=True),
        _s("result_other", "shown when more pages match", needs="count query", attribute=True),
        _s(
            "showing_first",
            "added when only the first results are shown",
            needs="count",
            attribute=True,
        ),
        _s("enter_query", "shown when the box is empty", attribute=True),
        _s("searching", "shown while searching", attribute=True),
        _s("failed", "shown when search cannot run", attribute=True),
        _s("news_summary", "the news index in the A to Z"),
        _s("data_summary", "the data dictionary in the A to Z"),
        _s("helper_summary", "the report helper in the A to Z"),
        _s("left_out", "added when words no page has were left out", needs="words", attribute=True),
        _s(
            "instead",
            "added when a word no page has was searched for as one a letter away",
            needs="word suggestion",
            attribute=True,
        ),
        _s("in_section", "before the section of a result whose heading matched", attribute=True),
    ],
    "not_found": [
        _s("title", "the page not found heading and title", attribute=True),
        _s("description", "its description", attribute=True),
        _s("typed", "advice for a typed address"),
        _s("pasted", "advice for a pasted address"),
        _s("home", "points to the home page", needs="link"),
        _s("home_link", "the link in that sentence"),
        _s("danger", "the emergency number", needs="emergency"),
    ],
    "helper": [
        _s("name", "the report helper's name and first question page's title", attribute=True),
        _s("description", "each helper page's description", needs="title", attribute=True),
        _s("start_lead", "the start page's first sentence"),
        _s("start_how", "explains that answers are links"),
        _s("danger_question", "the first question"),
        _s("danger_hint", "its hint"),
        _s("danger_warning", "the emergency numbers on the start page", needs="emergency relay"),
        _s("in_danger", "the Yes answer to the first question"),
        _s("not_in_danger", "the No answer to the first question"),
        _s("answer_no", "that answer as Your answers lists it"),
        _s("table_link", "points to the who deals with what table", needs="link"),
        _s("table_link_text", "the link in that sentence"),
        _s("emergency_title", "the emergency page's title", needs="emergency", attribute=True),
        _s("emergency_heading", "the emergency page's heading", needs="emergency"),
        _s("emergency_call", "the emergency number in large type", needs="number"),
        _s("emergency_when", "when to call", needs="emergency"),
        _s("silent_heading", "the heading over what to do when you cannot speak"),
        _s("silent_text", "the Silent Solution: what to press", needs="emergency silent"),
        _s("silent_where", "pressing it does not say where you are", needs="silent"),
        _s("silent_landline", "a silent call from a landline", needs="emergency"),
        _s("relay_heading", "the heading over Relay UK"),
        _s("relay_text", "how to call through Relay UK", needs="relay"),
        _s("sms", "emergency SMS", needs="emergency"),
        _s("safe_heading", "the heading over what to do once safe"),
        _s("safe_text", "what to do once safe", needs="link"),
        _s("safe_link", "the link in that sentence"),
        _s("problem_question", "the question listing the problems", attribute=True),
        _s("problem_hint", "its hint"),
        _s("landlord_question", "the landlord question", attribute=True),
        _s("landlord_hint", "its hint"),
        _s("area_question", "the area question", attribute=True),
        _s("area_hint", "its hint"),
        _s("elsewhere", "the answer for an area not listed", attribute=True),
        _s("area_not_listed", "that answer in a result page's title", attribute=True),
        _s("question_title", "a question page's title", needs="question answers", attribute=True),
        _s("result_title", "a result page's title", needs="problem", attribute=True),
        _s(
            "result_title_answers",
            "the same, with the answers",
            needs="problem answers",
            attribute=True,
        ),
        _s("contact", "a result page's heading", "name"),
        _s("how_to_contact", "the heading over the contact details", "name"),
        _s("danger_inset", "the emergency number on a result page", needs="emergency"),
        _s("silent_inset", "the Silent Solution, after it", needs="silent"),
        _s("also", "the heading over other organisations"),
        _s("anonymous", "the heading over anonymous reporting"),
        _s("anonymous_text", "explains anonymous reporting"),
        _s("have_ready", "the heading over what to have ready"),
        _s("have_ready_intro", "the sentence over that list"),
        _s("no_risk", "the warning not to take risks"),
        _s("next", "the heading over what happens next"),
        _s("case_review", "points to the ASB Case Review", needs="link"),
        _s("case_review_link", "the link in that sentence"),
        _s("support", "the heading over support"),
        _s("read_more", "the heading over guidance links"),
        _s("answers", "the heading over the answers given"),
        _s("change", "the link to change an answer"),
        _s("change_hidden", "read after Change by screen readers only", needs="question"),
        _s("start_again", "the link back to the start"),
    ],
    "contact": [
        _s("example", "the tag on placeholder contact details"),
        _s("example_text", "explains that tag"),
        _s("when", "when to contact an organisation", needs="when"),
        _s("call", "a phone number", needs="phone"),
        _s("relay", "a Relay UK number", needs="relay"),
        _s("example_address", "the tag on a placeholder web address"),
    ],
    "routes": [
        _s("heading", "the who deals with what table's heading"),
        _s("danger", "the emergency number above it", needs="emergency"),
        _s("intro", "introduces the table", needs="link"),
        _s("caption", "the table's caption"),
        _s("problem", "the Problem column"),
        _s("first", "the Contact first column"),
        _s("too", "the Contact too column"),
        _s("landlord", "who to contact first for a social landlord", needs="when first"),
        _s("landlord_also", "who else then", needs="name when"),
        _s("also", "another organisation, and when", needs="name when"),
        _s("anonymous", "the organisation for anonymous information", needs="name"),
        _s("no_one", "when there is no one else"),
    ],
    # The "Keep a diary" page's sheet (templates/layouts/diary.html).
    "diary": [
        _s("heading", "the heading over the diary sheet"),
        _s("intro", "how to fill in the sheet"),
        _s("not_kept", "that nothing typed is sent or saved, and it goes when the page is left"),
        _s("warning", "that a filled-in sheet on screen or on paper can be found"),
        _s("entry", "the heading of each incident's boxes", needs="number"),
        _s("when", "the box for the date and time"),
        _s("what", "the box for what happened"),
        _s("who", "the box for who was involved"),
        _s("effect", "the box for how it affected the reader"),
        _s("reported_to", "the box for who it was reported to"),
        _s("reference", "the box for a reference number"),
        _s("print", "the button that prints the sheet (shown when JavaScript runs)"),
        _s("print_without_script", "how to print the sheet where the button cannot show"),
    ],
    # The "After you report" page's timescales, from after_report in data/site.yaml.
    "after_report": [
        _s("heading", "the heading over the timescales"),
        _s("first_contact", "names how long a first reply takes"),
        _s("first_contact_one", "a first reply within 1 working day", needs="count"),
        _s("first_contact_other", "a first reply within a number of working days", needs="count"),
        _s("updates", "names how often updates come"),
        _s("updates_one", "an update every week", uses="count"),
        _s("updates_other", "an update every number of weeks", needs="count"),
        _s("example", "the tag on timescales that are examples"),
        _s("example_text", "explains that tag"),
    ],
    # The ASB Case Review in each area, from the areas in data/report-routes.yaml.
    "case_review_areas": [
        _s("threshold", "names when a reader can ask for a review"),
        _s(
            "threshold_one",
            "the threshold when the period is 1 month",
            needs="complaints count",
        ),
        _s(
            "threshold_other",
            "the threshold when the period is more months",
            needs="complaints count",
        ),
        _s("apply", "names where to apply"),
        _s("apply_link", "the link to apply in an area", needs="area"),
        _s("example", "the tag on an area's details that are examples"),
        _s("example_text", "explains that tag"),
        _s("elsewhere_heading", "the heading over what to do in an area not listed"),
        _s("elsewhere", "what to do in an area not listed", needs="link"),
    ],
    # The browser editor's own words (/admin/), in place of Decap CMS's: see assets/js/editor.js.
    "editor": [
        _s("not_saved", "the notice when a form cannot be saved yet"),
        _s("required", "beside a box that must be filled in", needs="field"),
        _s("pattern", "beside a box written the wrong way: {rule} says how", needs="field rule"),
        _s("minimum", "beside a number that is too small", needs="field minimum"),
        _s("language", "names the language a form is written in", needs="language"),
        _s("copy", "the button that copies every word from another language"),
        _s("copy_confirm", "asks before copying from another language", needs="language"),
        _s("show_languages", "the button that shows the other language's form"),
        _s("show_preview", "the button that shows or hides the preview"),
        _s("view_live", "the link to the page on the site"),
        _s("back", "the link from a form back to its list", needs="list"),
        _s("local", "the note that local editing saves straight away, with no review"),
        _s("day", "names the box for a date's day"),
        _s("month", "names the box for a date's month, in numbers"),
        _s("year", "names the box for a date's year"),
    ],
}
GROUP_HELP = "the strings of one part of the site"


def string_fields(complete: bool) -> list[Field]:
    """Returns the rules of a strings file's groups: a complete file (a language's own words)
    needs every group, a site's rewording may give any of them."""
    return [
        Field(group, "mapping", required=complete, help=GROUP_HELP, i18n=True) for group in GROUPS
    ]


def _optional(fields: list[Field]) -> list[Field]:
    return [dataclasses.replace(field, required=False) for field in fields]


def _read_file(path: Path, rel: str, complete: bool, problems: Problems) -> dict[str, dict]:
    """Returns the strings in one file, by group, each checked against its rule; a string
    that breaks its rule is left out, with the problem recorded at its line."""
    data = read_yaml(path, rel, problems)
    if data is None:
        return {}
    top = validate(data, string_fields(complete), rel, problems)
    found = {}
    for group, fields in GROUPS.items():
        raw = top.get(group)
        if not isinstance(raw, dict):
            continue
        rules = fields if complete else _optional(fields)
        # In a rewording, an empty string (as a form leaves one) is not given.
        if not complete and isinstance(raw, Located):
            raw = _without_empty(raw)
        values = validate(raw, rules, rel, problems, f"{group}.", data.line_of(group))
        found[group] = {name: values[name] for name in raw if values.get(name) is not None}
    return found


def _without_empty(group: Located) -> Located:
    """Returns a group of strings without those left empty."""
    kept = Located(group.line)
    for name, value in group.items():
        if value not in ("", None):
            kept[name] = value
            kept.lines[name] = group.line_of(name)
    return kept


def read_strings(site_dir: Path, keys: list[str], problems: Problems, line: int = 1) -> dict:
    """Returns each language's strings (by its key, e.g. "cy"): the generator's own, with the
    site's rewording over them. A language the generator has no words for takes all of them
    from the site's file. Records every problem with its line; `line` is where the settings
    list the languages, for a language with no strings at all."""
    strings = {}
    for key in keys:
        built_in = BUILT_IN / f"{key}.yaml"
        own = site_dir / SITE_FOLDER / f"{key}.yaml"
        if built_in.is_file():
            merged = _read_file(built_in, f"templates/strings/{key}.yaml", True, problems)
        else:
            if not own.is_file():
                problems.add(
                    "data/site.yaml",
                    line,
                    f'the site has no interface strings for "{key}": write {SITE_FOLDER}/'
                    f"{key}.yaml with every string (copy templates/strings/en.yaml and "
                    "translate it)",
                )
            # English stands in for each string the site's file lacks or gets wrong, so that
            # reading goes on to find every other problem: each gap is one, so none of these
            # words is ever published.
            merged = dict(english().strings)
        if own.is_file():
            rel = f"{SITE_FOLDER}/{key}.yaml"
            for group, values in _read_file(own, rel, not built_in.is_file(), problems).items():
                merged[group] = {**merged.get(group, {}), **values}
        strings[key] = merged
    return strings


def markup_strings(strings: dict) -> dict:
    """Returns the strings as templates use them (`t`): each made safe for HTML once, so that
    a template shows it as written. Only &, < and > are escaped, as a template's own text
    would be written; a string shown inside an attribute holds no double quote (its rule
    says so)."""

    def safe(value):
        if isinstance(value, str):
            return Markup(value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
        if isinstance(value, list):
            return [safe(item) for item in value]
        return {key: safe(item) for key, item in value.items()}

    return safe(strings)


def fill(text, **values):
    """Returns `text` with each {name} replaced by its value. For HTML (a Markup text, from
    `t`, or a Markup value, such as a link a template made) it returns Markup, with the text
    and every other value escaped; otherwise plain text."""
    if isinstance(text, Markup) or any(isinstance(v, Markup) for v in values.values()):
        escaped = str(escape(text))
        return Markup(PLACEHOLDER.sub(lambda m: str(escape(values[m.group(1)])), escaped))
    return PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), text)


def phone_link(number: str) -> Markup:
    """Returns `number` (a phone number from the settings, such as "18001 101") as a tel:
    link whose words are the number as people say it and whose address is its digits, so
    that a phone dials it in one tap. Every phone number a page shows is made by this."""
    digits = "".join(c for c in str(number) if c.isdigit() or c == "+")
    return Markup('<a href="tel:{}" class="phone">{}</a>').format(digits, number)


class Words:
    """One language's strings for Python code, and the formatting that uses them: dates,
    months and figures."""

    def __init__(self, strings: dict):
        self.strings = strings

    def __call__(self, key: str, **values) -> str:
        """Returns the string "group.name" with its {names} filled in."""
        group, name = key.split(".")
        return fill(self.strings[group][name], **values)

    def count(self, key: str, count: int, **values) -> str:
        """Returns "group.name_one" when `count` is 1, else "group.name_other", filled in."""
        return self(f"{key}_{'one' if count == 1 else 'other'}", count=count, **values)

    def month(self, month: str) -> str:
        """Returns "July 2024" for "2024-07"."""
        year, number = month.split("-")
        return self(
            "dates.month", month=self.strings["dates"]["months"][int(number) - 1], year=year
        )

    def date(self, day: dt.date) -> str:
        """Returns "18 February 2024"."""
        name = self.strings["dates"]["months"][day.month - 1]
        return self("dates.day", day=day.day, month=name, year=day.year)

    def day_or_month(self, value) -> str:
        """Returns a date as "18 February 2024", or a month given as "2024-09" as "September
        2024"."""
        return self.date(value) if isinstance(value, dt.date) else self.month(value)

    def short_month(self, number: int) -> str:
        return self.strings["dates"]["months_short"][number - 1]

    def figure(self, value: int, qualifier: str) -> str:
        """Returns a figure as words: "670", "more than 700", "about 90"."""
        if qualifier == "exact":
            return f"{value:,}"
        key = {"more than": "figures.more_than", "about": "figures.about"}[qualifier]
        return self(key, number=f"{value:,}")

    def change(self, by: int, since: str) -> str:
        """Returns a change of `by` on the month `since` ("YYYY-MM") in words, naming that
        month: "down 20 on October 2024"."""
        since = self.month(since)
        if by == 0:
            return self("figures.no_change", month=since)
        return self(f"figures.{'up' if by > 0 else 'down'}", by=f"{abs(by):,}", month=since)


@functools.lru_cache(maxsize=1)
def english() -> Words:
    """Returns the generator's own English strings (for code that is given no language, such
    as the tests of one part): templates/strings/en.yaml, which the tests check is complete."""
    problems = Problems()
    strings = _read_file(BUILT_IN / "en.yaml", "templates/strings/en.yaml", True, problems)
    if problems:
        raise ValueError(f"templates/strings/en.yaml has problems: {problems.sorted()}")
    return Words(strings)
