"""Site settings from data/site.yaml."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..core.errors import Problems
from ..core.fields import Field, validate
from ..core.interface import Words, english, read_strings
from ..core.languages import Language, check_languages, key_of, site_languages
from ..core.overlay import Gaps, overlay, words_fields
from ..core.sources import read_yaml
from ..core.yamlfile import Located

EXAMPLE_NOTE = "Addresses under example.org are placeholders: replace them before going live."

# A phone number setting is a "phone number" field: that kind is what makes a placeholder
# naming it a tel: link in page text (hub.read.prose), and refuses a value a phone cannot dial.
PHONE = "phone number"
CONTACT_FIELDS = [
    Field("emergency", PHONE, label="Emergency number", help="the emergency number, 999"),
    Field(
        "non_emergency", PHONE, label="Non-emergency number", help="the non-emergency number, 101"
    ),
    Field(
        "relay_non_emergency",
        PHONE,
        label="Relay UK non-emergency number",
        help="Relay UK non-emergency number, 18001 101",
    ),
    Field(
        "relay_emergency",
        PHONE,
        label="Relay UK emergency number",
        help="Relay UK emergency number, 18000",
    ),
    Field("crimestoppers", PHONE, label="Crimestoppers number", help="Crimestoppers' number"),
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
        i18n=True,
    ),
    Field(
        "victim_service_url",
        "https address",
        label="Victim service's website",
        help="the victim service's website",
    ),
    # Not a phone number: digits pressed during a 999 call, so never a link that dials them.
    Field(
        "silent_solution",
        "text",
        label="Silent Solution number",
        help="what to press after a silent 999 call from a mobile, to show it is a real "
        "emergency (55)",
    ),
    Field(
        "domestic_abuse_helpline",
        PHONE,
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


def phone_numbers(settings: Settings) -> dict[str, str]:
    """Returns each phone number in the settings by the name a placeholder gives it, such as
    {"site.contacts.emergency": "999"}: the contacts of the "phone number" kind."""
    if settings.contacts is None:  # missing or wrong, which is a problem already
        return {}
    contacts = vars(settings.contacts)
    return {
        f"site.contacts.{rule.name}": contacts[rule.name]
        for rule in CONTACT_FIELDS
        if rule.kind == PHONE and contacts[rule.name]
    }


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

# How long things take after a report, as the "After you report" page shows them. No source
# gives these: each force sets its own, so the example's are marked as examples.
AFTER_REPORT_FIELDS = [
    Field(
        "first_contact_working_days",
        "whole number",
        label="Working days to a first reply",
        help="working days within which someone usually first gets in touch after a report",
    ),
    Field(
        "update_weeks",
        "whole number",
        label="Weeks between updates",
        help="how often, in weeks, someone who reported is usually told how things stand",
    ),
    Field(
        "example",
        "yes/no",
        required=False,
        default=False,
        label="Example timescales",
        help="true while these are placeholders, not the force's own: pages label them examples",
    ),
]

PHASE_FIELDS = [
    Field("tag", "text", label="Phase", help="the phase, for example Beta", i18n=True),
    Field("text", "text", label="Sentence", help="the sentence shown beside the tag", i18n=True),
    Field(
        "feedback_url",
        "https address",
        label="Feedback address",
        help="where readers give feedback",
    ),
]

# Each key that can leave the site, and the string that names it (the header's hint and the
# safety page).
EXIT_KEY_WORDS = {"Escape": "exit.escape", "ShiftShiftShift": "exit.shift"}
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
        i18n=True,
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
    Field("name", "text", label="Name", help="the cookie's name", i18n="duplicate"),
    Field(
        "purpose",
        "text",
        label="Purpose",
        multiline=True,
        help="what the cookie is for, in plain English",
        i18n=True,
    ),
    Field(
        "expires", "text", label="Expires", help="how long it lasts, for example 1 year", i18n=True
    ),
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

# How the browser editor at /admin/ signs editors in and saves their changes
# (docs/deploys-and-operations.md).
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
    Field("name", "text", label="Hub name", help="the hub's name", i18n=True),
    Field("organisation", "text", label="Organisation", help="who runs the hub", i18n=True),
    Field("base_url", "https address", label="Live address", help="the live site's address"),
    Field(
        "language",
        "text",
        required=False,
        default="en-GB",
        label="Default language",
        help="the default language's code, such as en-GB: its pages keep their addresses",
        check=lambda code: check_languages([code]),
    ),
    Field(
        "languages",
        "list",
        required=False,
        label="Languages",
        help="every language the site is written in, as codes, such as [en-GB, cy]: the "
        "default and each other one, whose pages are under its short code (/cy/...)",
        check=check_languages,
    ),
    Field(
        "all_languages_required",
        "yes/no",
        required=False,
        default=False,
        label="Every page in every language",
        help="true to fail the build on any page, report or helper missing in a language, "
        "as the Welsh Language Standards need; false lists them in check",
    ),
    Field(
        "contacts",
        "mapping",
        label="Contacts",
        fields=tuple(CONTACT_FIELDS),
        help="phone numbers and addresses",
        i18n=True,
    ),
    Field(
        "case_review",
        "mapping",
        label="ASB Case Review",
        fields=tuple(CASE_REVIEW_FIELDS),
        help="ASB Case Review threshold and application link",
    ),
    Field(
        "after_report",
        "mapping",
        required=False,
        label="After a report",
        fields=tuple(AFTER_REPORT_FIELDS),
        help="how long a first reply and updates usually take after a report",
    ),
    Field(
        "owners",
        "mapping",
        label="Teams that own pages",
        help="the teams that look after pages: each page names one of them as its owner",
        i18n=True,
    ),
    Field(
        "quick_exit",
        "mapping",
        label="Quick exit",
        fields=tuple(QUICK_EXIT_FIELDS),
        help="where the exit button goes and which keys work",
        i18n=True,
    ),
    Field(
        "phase_banner",
        "mapping",
        required=False,
        label="Phase banner",
        fields=tuple(PHASE_FIELDS),
        help="optional Beta/Alpha banner",
        i18n=True,
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
        i18n=True,
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
        i18n=True,
    ),
    Field(
        "editor",
        "mapping",
        label="Browser editor",
        fields=tuple(EDITOR_FIELDS),
        editable=False,  # editors who changed it could lock themselves out
        help="how the browser editor at /admin/ signs editors in",
    ),
]


def exit_keys_text(keys: list[str], words: Words) -> str:
    """Returns the sentence on the safety page saying which keys leave the site.

    Pages show it as {{ site.quick_exit.keys_text }}: a value worked out from the keys, so
    the page changes whenever the setting does.
    """
    named = [words(EXIT_KEY_WORDS[key]) for key in keys if key in EXIT_KEY_WORDS]
    if not named:
        return words("exit.no_keys_text")
    return words("exit.keys_text", keys=f" {words('exit.or')} ".join(named))


# The settings as the build holds them: one frozen dataclass per section of data/site.yaml,
# its fields those of the section's Field list (the one source of its rules; the unit test
# test_types.py fails when the two disagree), each defaulting to what validate() gives a
# missing value. A value that failed its check is that default too, until the build stops.


@dataclass(frozen=True)
class Contacts:
    emergency: str | None = None
    non_emergency: str | None = None
    relay_non_emergency: str | None = None
    relay_emergency: str | None = None
    crimestoppers: str | None = None
    online_report_url: str | None = None
    victim_service_name: str | None = None
    victim_service_url: str | None = None
    silent_solution: str | None = None
    domestic_abuse_helpline: str | None = None
    domestic_abuse_helpline_url: str | None = None
    accessibility_email: str | None = None


@dataclass(frozen=True)
class CaseReview:
    threshold_complaints: int | None = None
    threshold_months: int | None = None
    apply_url: str | None = None


@dataclass(frozen=True)
class AfterReport:
    first_contact_working_days: int | None = None
    update_weeks: int | None = None
    example: bool = False


@dataclass(frozen=True)
class PhaseBanner:
    tag: str | None = None
    text: str | None = None
    feedback_url: str | None = None


@dataclass(frozen=True)
class QuickExit:
    url: str | None = None
    name: str | None = None
    keys: list[str] | None = None
    # Worked out from the keys in the settings' language (exit_keys_text), not in the file.
    keys_text: str = ""


@dataclass(frozen=True)
class Analytics:
    provider: str | None = None
    measurement_id: str | None = None
    script_url: str | None = None
    example: bool = False


@dataclass(frozen=True)
class Cookie:
    name: str | None = None
    purpose: str | None = None
    expires: str | None = None
    essential: bool | None = None
    category: str = "essential"


@dataclass(frozen=True)
class Editor:
    backend: str | None = None
    repo: str | None = None
    branch: str = "main"


def _one_language() -> list[Language]:
    return [Language("en-GB", "en", True)]


@dataclass(frozen=True)
class Settings:
    """The site's settings (data/site.yaml), read as attributes: `settings.quick_exit.url`,
    in one language, with their words in it."""

    name: str | None = None
    organisation: str | None = None
    base_url: str | None = None
    language: str = "en-GB"  # the code of the language these settings are in
    # Every language of the site, the default first (the file gives their codes).
    languages: list[Language] = field(default_factory=_one_language)
    all_languages_required: bool = False
    contacts: Contacts | None = None
    case_review: CaseReview | None = None
    after_report: AfterReport | None = None
    owners: dict[str, str] | None = None
    quick_exit: QuickExit | None = None
    phase_banner: PhaseBanner | None = None
    analytics: Analytics | None = None
    cookies: list[Cookie] | None = None
    news_per_page: int = 10
    footer_note: str = ""
    editor: Editor | None = None
    # Worked out: the interface strings of `language`, and in the default language's
    # settings, the settings in each other language (by its key).
    words: Words = field(default_factory=english)
    translations: dict[str, Settings] = field(default_factory=dict)


# The dataclass of each section of the settings (of each item, for a list of them).
SECTIONS: dict[str, type] = {
    "contacts": Contacts,
    "case_review": CaseReview,
    "after_report": AfterReport,
    "quick_exit": QuickExit,
    "phase_banner": PhaseBanner,
    "analytics": Analytics,
    "cookies": Cookie,
    "editor": Editor,
}
SETTINGS_TYPES = (Settings, *SECTIONS.values())


def read_settings(site_dir: Path, problems: Problems) -> Settings:
    """Returns the site's settings from data/site.yaml, checked (see load_site_config), with
    the interface strings of each of its languages and, for each language but the default,
    the settings in that language (`translations`, by key) from data/site.KEY.yaml."""
    return load_site_config(site_dir / "data" / "site.yaml", "data/site.yaml", problems)


def load_site_config(path: Path, rel: str, problems: Problems) -> Settings:
    """Returns the validated site settings, with nested sections checked too; a section that
    is missing or wrong is None, and `problems` says why."""
    data = read_yaml(path, rel, problems)
    if data is None:
        return Settings()
    site = validate(data, SITE_FIELDS, rel, problems)
    if isinstance(site.get("owners"), dict):
        site["owners"] = dict(site["owners"])  # a free list of team names, not fixed fields
        for key in site["owners"]:
            if not isinstance(site["owners"][key], str):
                problems.add(rel, data["owners"].line_of(key), f"owners.{key} must be a team name")
    editor = site.get("editor")
    if editor and editor["backend"] == "github" and not editor["repo"]:
        problems.add(
            rel,
            data["editor"].line_of("backend"),
            "editor.repo is needed when editor.backend is github: give the site's "
            "repository as owner/name",
        )
    line = data.line_of("languages")
    languages = site_languages(site["language"] or "en-GB", site["languages"], rel, line, problems)
    strings = read_strings(path.parent.parent, [lang.key for lang in languages], problems, line)
    site["languages"] = languages
    settings = _in_words(_settings(site), languages[0], strings.get(languages[0].key))
    translations = {}
    for language in languages[1:]:
        own = strings.get(language.key, {})
        name = own.get("language", {}).get("name", language.code)
        words = translated_settings(settings, path.parent, language, name, problems, line)
        translations[language.key] = _in_words(words, language, own)
    settings = replace(settings, translations=translations)
    _check_cookie_categories(settings, rel, data.line_of("cookies"), problems)
    return settings


def _in_words(settings: Settings, language: Language, strings: dict | None) -> Settings:
    """Returns `settings` given the interface strings of `language`, and the values worked
    out from them."""
    words = Words(strings or {})  # {} only when the strings have problems
    quick_exit = settings.quick_exit
    if quick_exit and strings:
        keys_text = exit_keys_text(quick_exit.keys or [], words)
        quick_exit = replace(quick_exit, keys_text=keys_text)
    return replace(settings, language=language.code, words=words, quick_exit=quick_exit)


def _settings(site: dict) -> Settings:
    """Returns the settings holding the values in `site` (checked by validate(), with the
    worked-out ones), each section as its dataclass."""
    values = dict(site)
    for name, section in SECTIONS.items():  # validate() has checked inside each section
        if isinstance(values.get(name), dict):
            values[name] = section(**values[name])
        elif isinstance(values.get(name), list):
            values[name] = [section(**item) for item in values[name]]
    return Settings(**values)


def _plain(value):
    """Returns a copy of `value` with each settings section inside it as a mapping."""
    if isinstance(value, SETTINGS_TYPES):
        value = vars(value)
    if isinstance(value, dict):
        return {key: _plain(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_plain(inner) for inner in value]
    return copy.deepcopy(value)


def translated_settings(
    settings: Settings, folder: Path, language: Language, name: str, problems: Problems, line: int
) -> Settings:
    """Returns a copy of `settings` with their words in `language` (called `name`), from
    data/site.KEY.yaml.

    Records every word the default settings give that the file leaves out, and a missing
    file: every page in that language shows these words, so none can be left in another.
    """
    rel = f"data/site.{language.key}.yaml"
    skip = ("translations", "words")
    words = {k: _plain(v) for k, v in vars(settings).items() if k not in skip}
    path = folder / f"site.{language.key}.yaml"
    gaps = Gaps(rel, name, "data/site.yaml")
    if not path.is_file():
        problems.items.append(gaps.no_file(language.code, line))
        return _settings(words)
    data = read_yaml(path, rel, problems)
    if data is None:
        return _settings(words)
    validate(data, words_fields(SITE_FIELDS), rel, problems)
    words = overlay(SITE_FIELDS, words, data, data.line if isinstance(data, Located) else 1, gaps)
    problems.items += gaps.found + gaps.extra
    return _settings(words)


def _check_cookie_categories(settings: Settings, rel: str, line: int, problems: Problems) -> None:
    """Records a consent category that a language's strings give no name for."""
    used = sorted({c.category for c in settings.cookies or [] if not c.essential} | {"essential"})
    for words in [settings, *settings.translations.values()]:
        names = words.words.strings.get("cookies", {}).get("categories", {})
        for category in used:
            if names and category not in names:
                problems.add(
                    rel,
                    line,
                    f'the cookie category "{category}" has no name in {words.language}: add it '
                    f"under cookies: categories: in data/strings/{key_of(words.language)}.yaml",
                )
