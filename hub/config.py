"""Site settings from data/site.yaml."""

from __future__ import annotations

from pathlib import Path

from .errors import Problems
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

EXIT_KEYS = {"Escape", "ShiftShiftShift"}


def load_site_config(path: Path, rel: str, problems: Problems) -> dict:
    """Returns the validated site settings, with nested sections checked too."""
    data = read_yaml(path, rel, problems)
    if data is None:
        return {}
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
            site[key] = validate(data[key], fields, rel, problems, f"{key}.")
    for n, key in enumerate((site.get("quick_exit") or {}).get("keys") or [], start=1):
        if key not in EXIT_KEYS:
            problems.add(
                rel,
                data["quick_exit"].line_of("keys"),
                f'quick_exit.keys[{n}] must be Escape or ShiftShiftShift, got "{key}"',
            )
    if isinstance(site.get("cookies"), list):
        site["cookies"] = validate_list(
            data["cookies"], COOKIE_FIELDS, rel, problems, "cookies", data.line_of("cookies")
        )
    if isinstance(site.get("owners"), dict):
        for key in site["owners"]:
            if not isinstance(site["owners"][key], str):
                problems.add(rel, data["owners"].line_of(key), f"owners.{key} must be a team name")
    return site
