"""Site settings from data/site.yaml."""

from __future__ import annotations

from pathlib import Path

from .errors import Problems
from .interface import Words, read_strings
from .schema import Field, validate, validate_list
from .sources import read_yaml

CONTACT_FIELDS = [
    Field("emergency", "text", help="the emergency number, 999"),
    Field("non_emergency", "text", help="the non-emergency number, 101"),
    Field("relay_non_emergency", "text", help="Relay UK non-emergency number"),
    Field("relay_emergency", "text", help="Relay UK emergency number"),
    Field("crimestoppers", "text", help="Crimestoppers' number"),
    Field("online_report_url", "https address", help="the force's online reporting form"),
    Field("victim_service_name", "text", help="name of the local victim service"),
    Field("victim_service_url", "https address", help="the victim service's website"),
    Field(
        "silent_solution",
        "text",
        help="what to press after a silent 999 call from a mobile, to show it is a real "
        "emergency (55)",
    ),
    Field("domestic_abuse_helpline", "text", help="the National Domestic Abuse Helpline"),
    Field(
        "domestic_abuse_helpline_url",
        "https address",
        help="the helpline's website, where a safe time to be called back can be asked for",
    ),
    Field(
        "accessibility_email",
        "text",
        help="where to ask for another format or report an accessibility problem",
    ),
]

CASE_REVIEW_FIELDS = [
    Field("threshold_complaints", "whole number", help="complaints that trigger a review"),
    Field("threshold_months", "whole number", help="period, in months, for the complaints"),
    Field("apply_url", "https address", help="where to apply for a case review"),
]

PHASE_FIELDS = [
    Field("tag", "text", help="the phase, for example Beta"),
    Field("text", "text", help="the sentence shown beside the tag"),
    Field("feedback_url", "https address", help="where readers give feedback"),
]

QUICK_EXIT_FIELDS = [
    Field("url", "https address", help="the neutral site the exit button goes to"),
    Field("name", "text", help="that site's name, as pages call it, e.g. BBC Weather"),
    Field("keys", "list", help="keys that leave the site: Escape and/or ShiftShiftShift"),
]

ANALYTICS_FIELDS = [
    Field("provider", "text", help="name of the analytics service"),
    Field("measurement_id", "text", help="the site's ID with that service"),
    Field("script_url", "https address", help="the analytics script, loaded only after consent"),
    Field(
        "example",
        "yes/no",
        required=False,
        default=False,
        help="true when these settings are placeholders",
    ),
]

COOKIE_FIELDS = [
    Field("name", "text", help="the cookie's name"),
    Field("purpose", "text", help="what the cookie is for, in plain English"),
    Field("expires", "text", help="how long it lasts, for example 1 year"),
    Field("essential", "yes/no", help="true if the site cannot work without it"),
    Field(
        "category",
        "slug",
        required=False,
        default="essential",
        help="consent category, for example analytics",
    ),
]

LANGUAGE_KEY = "en"

SITE_FIELDS = [
    Field("name", "text", help="the hub's name"),
    Field("organisation", "text", help="who runs the hub"),
    Field("base_url", "https address", help="the live site's address"),
    Field("language", "text", required=False, default="en-GB", help="language code"),
    Field("contacts", "mapping", help="phone numbers and addresses"),
    Field("case_review", "mapping", help="ASB Case Review threshold and application link"),
    Field("owners", "mapping", help="team names, keyed by the owner value used in pages"),
    Field("quick_exit", "mapping", help="where the exit button goes and which keys work"),
    Field("phase_banner", "mapping", required=False, help="optional Beta/Alpha banner"),
    Field("analytics", "mapping", required=False, help="analytics, loaded only after consent"),
    Field("cookies", "list", help="every cookie the site can set"),
    Field(
        "news_per_page",
        "whole number",
        required=False,
        default=10,
        help="patrol reports on each news index page",
    ),
    Field("footer_note", "text", required=False, default="", help="a line in the footer"),
]

# Each key that can leave the site, and the string that names it (the header's hint and the
# safety page).
EXIT_KEY_WORDS = {"Escape": "exit.escape", "ShiftShiftShift": "exit.shift"}


def exit_keys_text(keys: list[str], words: Words) -> str:
    """Returns the sentence on the safety page saying which keys leave the site.

    Pages show it as {{ site.quick_exit.keys_text }}: a value worked out from the keys, so
    the page changes whenever the setting does.
    """
    named = [words(EXIT_KEY_WORDS[key]) for key in keys if key in EXIT_KEY_WORDS]
    if not named:
        return words("exit.no_keys_text")
    return words("exit.keys_text", keys=f" {words('exit.or')} ".join(named))


class Record:
    """A section of the settings, read as attributes: `settings.quick_exit.url`. Its fields
    are those of its Field list, so no key can clash with a method (as `keys` does on a dict)."""

    def __init__(self, values: dict):
        self.__dict__.update(values)

    def __repr__(self) -> str:
        return f"Record({self.__dict__!r})"


def read_settings(site_dir: Path, problems: Problems) -> Record:
    """Returns the site's settings from data/site.yaml, checked (see load_site_config)."""
    return load_site_config(site_dir / "data" / "site.yaml", "data/site.yaml", problems)


def load_site_config(path: Path, rel: str, problems: Problems) -> Record:
    """Returns the validated site settings, with nested sections checked too; a section that
    is missing or wrong is None, and `problems` says why."""
    data = read_yaml(path, rel, problems)
    if data is None:
        return Record({field.name: field.default for field in SITE_FIELDS})
    site = validate(data, SITE_FIELDS, rel, problems)
    nested = {
        "contacts": CONTACT_FIELDS,
        "case_review": CASE_REVIEW_FIELDS,
        "phase_banner": PHASE_FIELDS,
        "quick_exit": QUICK_EXIT_FIELDS,
        "analytics": ANALYTICS_FIELDS,
    }
    for key, fields in nested.items():
        if isinstance(site.get(key), dict):
            site[key] = Record(validate(data[key], fields, rel, problems, f"{key}."))
    exit_keys = site["quick_exit"].keys if site.get("quick_exit") else None
    for n, key in enumerate(exit_keys or [], start=1):
        if key not in EXIT_KEY_WORDS:
            problems.add(
                rel,
                data["quick_exit"].line_of("keys"),
                f'quick_exit.keys[{n}] must be Escape or ShiftShiftShift, got "{key}"',
            )
    strings = read_strings(path.parent.parent, [LANGUAGE_KEY], problems)
    words = Words(strings.get(LANGUAGE_KEY, {}))
    if site.get("quick_exit") and words.strings:
        site["quick_exit"].keys_text = exit_keys_text(site["quick_exit"].keys or [], words)
    if isinstance(site.get("cookies"), list):
        cookies = validate_list(
            data["cookies"], COOKIE_FIELDS, rel, problems, "cookies", data.line_of("cookies")
        )
        site["cookies"] = [Record(cookie) for cookie in cookies]
    if isinstance(site.get("owners"), dict):
        site["owners"] = dict(site["owners"])  # a free list of team names, not fixed fields
        for key in site["owners"]:
            if not isinstance(site["owners"][key], str):
                problems.add(rel, data["owners"].line_of(key), f"owners.{key} must be a team name")
    site["words"] = words  # the interface strings, in the site's language
    return Record(site)
