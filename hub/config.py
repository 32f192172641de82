"""Site settings from data/site.yaml."""

from __future__ import annotations

from pathlib import Path

from .errors import Problems
from .schema import Field, validate
from .sources import read_yaml

EXAMPLE_NOTE = "Addresses under example.org are placeholders: replace them before going live."

CONTACT_FIELDS = [
    Field("emergency", "text", label="Emergency number", help="the emergency number, 999"),
    Field(
        "non_emergency", "text", label="Non-emergency number", help="the non-emergency number, 101"
    ),
    Field(
        "relay_non_emergency",
        "text",
        label="Relay UK non-emergency number",
        help="Relay UK non-emergency number",
    ),
    Field(
        "relay_emergency",
        "text",
        label="Relay UK emergency number",
        help="Relay UK emergency number",
    ),
    Field("crimestoppers", "text", label="Crimestoppers number", help="Crimestoppers' number"),
    Field(
        "online_report_url",
        "https address",
        label="Online reporting form",
        help=f"the force's online reporting form. {EXAMPLE_NOTE}",
    ),
    Field(
        "victim_service_name",
        "text",
        label="Victim service's name",
        help="name of the local victim service",
    ),
    Field(
        "victim_service_url",
        "https address",
        label="Victim service's website",
        help="the victim service's website",
    ),
    Field(
        "silent_solution",
        "text",
        label="Silent Solution number",
        help="what to press after a silent 999 call from a mobile, to show it is a real "
        "emergency (55)",
    ),
    Field(
        "domestic_abuse_helpline",
        "text",
        label="Domestic Abuse Helpline",
        help="the National Domestic Abuse Helpline",
    ),
    Field(
        "domestic_abuse_helpline_url",
        "https address",
        label="Domestic Abuse Helpline's website",
        help="the helpline's website, where a safe time to be called back can be asked for",
    ),
    Field(
        "accessibility_email",
        "text",
        label="Accessibility contact",
        help="where to ask for another format or report an accessibility problem",
    ),
]

CASE_REVIEW_FIELDS = [
    Field(
        "threshold_complaints",
        "whole number",
        label="Complaints that trigger a review",
        help="complaints that trigger a review (set locally; three is typical)",
    ),
    Field(
        "threshold_months",
        "whole number",
        label="Months the complaints are counted over",
        help="period, in months, for the complaints",
    ),
    Field(
        "apply_url",
        "https address",
        label="Where to apply",
        help="where to apply for a case review",
    ),
]

PHASE_FIELDS = [
    Field("tag", "text", label="Phase", help="the phase, for example Beta"),
    Field("text", "text", label="Sentence", help="the sentence shown beside the tag"),
    Field(
        "feedback_url",
        "https address",
        label="Feedback address",
        help="where readers give feedback",
    ),
]

# Each key that can leave the site, in words (the header's hint and the safety page).
EXIT_KEY_WORDS = {"Escape": "press Escape", "ShiftShiftShift": "press Shift 3 times"}
EXIT_KEYS = tuple(EXIT_KEY_WORDS)
QUICK_EXIT_FIELDS = [
    Field(
        "url",
        "https address",
        label="Where the exit goes",
        help="the neutral site the exit button goes to",
    ),
    Field(
        "name",
        "text",
        label="That site's name",
        help="that site's name, as pages call it, e.g. BBC Weather",
    ),
    Field(
        "keys",
        "list",
        label="Keys that leave the site",
        choices=EXIT_KEYS,
        help="keys that leave the site: Escape and/or ShiftShiftShift (Shift pressed 3 times)",
    ),
]

ANALYTICS_FIELDS = [
    Field("provider", "text", label="Service", help="name of the analytics service"),
    Field("measurement_id", "text", label="Site ID", help="the site's ID with that service"),
    Field(
        "script_url",
        "https address",
        label="Script address",
        help="the analytics script, loaded only after consent; netlify.toml's "
        "Content-Security-Policy must allow its host (the build checks)",
    ),
    Field(
        "example",
        "yes/no",
        required=False,
        default=False,
        label="Example settings",
        help="true when these settings are placeholders",
    ),
]

COOKIE_FIELDS = [
    Field("name", "text", label="Name", help="the cookie's name"),
    Field(
        "purpose",
        "text",
        label="Purpose",
        multiline=True,
        help="what the cookie is for, in plain English",
    ),
    Field("expires", "text", label="Expires", help="how long it lasts, for example 1 year"),
    Field("essential", "yes/no", label="Essential", help="true if the site cannot work without it"),
    Field(
        "category",
        "slug",
        required=False,
        default="essential",
        label="Consent category",
        help="consent category, for example analytics",
    ),
]

# How the browser editor at /admin/ signs editors in and saves their changes (see README).
EDITOR_BACKENDS = ("github", "git-gateway")
EDITOR_FIELDS = [
    Field(
        "backend",
        "text",
        label="Sign-in",
        choices=EDITOR_BACKENDS,
        help="github: editors sign in with a GitHub account, through Netlify; "
        "git-gateway: editors sign in with Netlify Identity",
    ),
    Field(
        "repo",
        "github repository",
        required=False,
        label="Repository",
        help="the site's repository on GitHub, owner/name (needed for github)",
    ),
    Field(
        "branch",
        "text",
        required=False,
        default="main",
        label="Branch",
        help="the branch Netlify publishes",
    ),
]

SITE_FIELDS = [
    Field("name", "text", label="Hub name", help="the hub's name"),
    Field("organisation", "text", label="Organisation", help="who runs the hub"),
    Field("base_url", "https address", label="Live address", help="the live site's address"),
    Field(
        "language", "text", required=False, default="en-GB", label="Language", help="language code"
    ),
    Field(
        "contacts",
        "mapping",
        label="Contacts",
        fields=tuple(CONTACT_FIELDS),
        help="phone numbers and addresses",
    ),
    Field(
        "case_review",
        "mapping",
        label="ASB Case Review",
        fields=tuple(CASE_REVIEW_FIELDS),
        help="ASB Case Review threshold and application link",
    ),
    Field(
        "owners",
        "mapping",
        label="Teams that own pages",
        help="team names, keyed by the owner value used in pages",
    ),
    Field(
        "quick_exit",
        "mapping",
        label="Quick exit",
        fields=tuple(QUICK_EXIT_FIELDS),
        help="where the exit button goes and which keys work",
    ),
    Field(
        "phase_banner",
        "mapping",
        required=False,
        label="Phase banner",
        fields=tuple(PHASE_FIELDS),
        help="optional Beta/Alpha banner",
    ),
    Field(
        "analytics",
        "mapping",
        required=False,
        label="Analytics",
        fields=tuple(ANALYTICS_FIELDS),
        help="analytics, loaded only after consent",
    ),
    Field(
        "cookies",
        "list",
        label="Cookies",
        fields=tuple(COOKIE_FIELDS),
        help="every cookie the site can set",
    ),
    Field(
        "news_per_page",
        "whole number",
        required=False,
        default=10,
        label="Reports on each news page",
        help="patrol reports on each news index page",
    ),
    Field(
        "footer_note",
        "text",
        required=False,
        default="",
        label="Footer note",
        multiline=True,
        help="a line in the footer",
    ),
    Field(
        "editor",
        "mapping",
        label="Browser editor",
        fields=tuple(EDITOR_FIELDS),
        editable=False,  # editors who changed it could lock themselves out
        help="how the browser editor at /admin/ signs editors in (see README)",
    ),
]


def exit_keys_text(keys: list[str]) -> str:
    """Returns the sentence on the safety page saying which keys leave the site.

    Pages show it as {{ site.quick_exit.keys_text }}: a value worked out from the keys, so
    the page changes whenever the setting does.
    """
    words = [EXIT_KEY_WORDS[key] for key in keys if key in EXIT_KEY_WORDS]
    if not words:
        return "This site has no keyboard shortcut for leaving: use the button."
    return (
        f"You can also leave quickly from the keyboard: {' or '.join(words)}. "
        "The keyboard shortcuts need JavaScript to work."
    )


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
    for spec in SITE_FIELDS:  # validate() has checked inside each section
        if spec.fields and isinstance(site.get(spec.name), dict):
            site[spec.name] = Record(site[spec.name])
        elif spec.fields and isinstance(site.get(spec.name), list):
            site[spec.name] = [Record(item) for item in site[spec.name]]
    if site.get("quick_exit"):
        site["quick_exit"].keys_text = exit_keys_text(site["quick_exit"].keys or [])
    if isinstance(site.get("owners"), dict):
        site["owners"] = dict(site["owners"])  # a free list of team names, not fixed fields
        for key in site["owners"]:
            if not isinstance(site["owners"][key], str):
                problems.add(rel, data["owners"].line_of(key), f"owners.{key} must be a team name")
    editor = site.get("editor")
    if editor and editor.backend == "github" and not editor.repo:
        problems.add(
            rel,
            data["editor"].line_of("backend"),
            "editor.repo is needed when editor.backend is github: give the site's "
            "repository as owner/name",
        )
    return Record(site)
