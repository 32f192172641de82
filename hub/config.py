"""Site settings from data/site.yaml."""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path

from .errors import Problems
from .interface import Words, read_strings
from .languages import Language, check_languages, key_of, site_languages
from .schema import Field, validate, validate_list
from .sources import read_yaml

CONTACT_FIELDS = [
    Field("emergency", "text", help="the emergency number, 999"),
    Field("non_emergency", "text", help="the non-emergency number, 101"),
    Field("relay_non_emergency", "text", help="Relay UK non-emergency number"),
    Field("relay_emergency", "text", help="Relay UK emergency number"),
    Field("crimestoppers", "text", help="Crimestoppers' number"),
    Field("online_report_url", "https address", help="the force's online reporting form"),
    Field("victim_service_name", "text", help="name of the local victim service", i18n=True),
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
    Field("tag", "text", help="the phase, for example Beta", i18n=True),
    Field("text", "text", help="the sentence shown beside the tag", i18n=True),
    Field("feedback_url", "https address", help="where readers give feedback"),
]

QUICK_EXIT_FIELDS = [
    Field("url", "https address", help="the neutral site the exit button goes to"),
    Field("name", "text", help="that site's name, as pages call it, e.g. BBC Weather", i18n=True),
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
    Field("name", "text", help="the cookie's name", i18n="duplicate"),
    Field("purpose", "text", help="what the cookie is for, in plain English", i18n=True),
    Field("expires", "text", help="how long it lasts, for example 1 year", i18n=True),
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
    Field("name", "text", help="the hub's name", i18n=True),
    Field("organisation", "text", help="who runs the hub", i18n=True),
    Field("base_url", "https address", help="the live site's address"),
    Field(
        "language",
        "text",
        required=False,
        default="en-GB",
        help="the default language's code, such as en-GB: its pages keep their addresses",
        check=lambda code: check_languages([code]),
    ),
    Field(
        "languages",
        "list",
        required=False,
        help="every language the site is written in, as codes, such as [en-GB, cy]: the "
        "default and each other one, whose pages are under its key (/cy/...)",
        check=check_languages,
    ),
    Field(
        "all_languages_required",
        "yes/no",
        required=False,
        default=False,
        help="true to fail the build on any page, report or helper missing in a language, "
        "as the Welsh Language Standards need; false lists them in check",
    ),
    Field("contacts", "mapping", help="phone numbers and addresses", i18n=True),
    Field("case_review", "mapping", help="ASB Case Review threshold and application link"),
    Field(
        "owners",
        "mapping",
        help="team names, keyed by the owner value used in pages",
        i18n=True,
    ),
    Field(
        "quick_exit",
        "mapping",
        help="where the exit button goes and which keys work",
        i18n=True,
    ),
    Field("phase_banner", "mapping", required=False, help="optional Beta/Alpha banner", i18n=True),
    Field("analytics", "mapping", required=False, help="analytics, loaded only after consent"),
    Field("cookies", "list", help="every cookie the site can set", i18n=True),
    Field(
        "news_per_page",
        "whole number",
        required=False,
        default=10,
        help="patrol reports on each news index page",
    ),
    Field(
        "footer_note", "text", required=False, default="", help="a line in the footer", i18n=True
    ),
]
# The sections of the settings with fields of their own.
SECTIONS = {
    "contacts": CONTACT_FIELDS,
    "case_review": CASE_REVIEW_FIELDS,
    "phase_banner": PHASE_FIELDS,
    "quick_exit": QUICK_EXIT_FIELDS,
    "analytics": ANALYTICS_FIELDS,
}

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
    """Returns the site's settings from data/site.yaml, checked (see load_site_config), with
    the interface strings of each of its languages and, for each language but the default,
    the settings in that language (`translations`, by key) from data/site.KEY.yaml."""
    return load_site_config(site_dir / "data" / "site.yaml", "data/site.yaml", problems)


def load_site_config(path: Path, rel: str, problems: Problems) -> Record:
    """Returns the validated site settings, with nested sections checked too; a section that
    is missing or wrong is None, and `problems` says why."""
    data = read_yaml(path, rel, problems)
    if data is None:
        return Record({field.name: field.default for field in SITE_FIELDS})
    site = validate(data, SITE_FIELDS, rel, problems)
    for key, fields in SECTIONS.items():
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
    line = data.line_of("languages")
    languages = site_languages(site["language"] or "en-GB", site["languages"], rel, line, problems)
    strings = read_strings(path.parent.parent, [lang.key for lang in languages], problems, line)
    settings = _in_words(Record(site), languages[0], strings.get(languages[0].key))
    settings.languages = languages
    settings.translations = {}
    for language in languages[1:]:
        own = strings.get(language.key, {})
        name = own.get("language", {}).get("name", language.code)
        words = translated_settings(settings, path.parent, language, name, problems, line)
        settings.translations[language.key] = _in_words(words, language, own)
    _check_cookie_categories(settings, rel, data.line_of("cookies"), problems)
    return settings


def _in_words(settings: Record, language: Language, strings: dict | None) -> Record:
    """Returns `settings` given the interface strings of `language`, and the values worked
    out from them."""
    settings.language = language.code
    settings.words = Words(strings or {})  # {} only when the strings have problems
    if settings.quick_exit and strings:
        keys = settings.quick_exit.keys or []
        settings.quick_exit.keys_text = exit_keys_text(keys, settings.words)
    return settings


def _words_fields(fields: list[Field]) -> list[Field]:
    """Returns the fields a file in another language may give: the words among `fields`
    (i18n True), and what names a list's items ("duplicate"), each optional."""
    return [dataclasses.replace(f, required=False) for f in fields if f.i18n]


def translated_settings(
    settings: Record, folder: Path, language: Language, name: str, problems: Problems, line: int
) -> Record:
    """Returns a copy of `settings` with their words in `language` (called `name`), from
    data/site.KEY.yaml.

    Records every word the default settings give that the file leaves out, and a missing
    file: every page in that language shows these words, so none can be left in another.
    """
    rel = f"data/site.{language.key}.yaml"
    skip = ("translations", "words")
    words = {k: copy.deepcopy(v) for k, v in settings.__dict__.items() if k not in skip}
    path = folder / f"site.{language.key}.yaml"
    if not path.is_file():
        problems.add(
            "data/site.yaml",
            line,
            f"{rel} is missing: it gives the settings' words in {name} (the site's name and "
            "organisation, the team names, the cookies' purposes...), as data/site.yaml "
            "gives them in the default language",
        )
        return Record(words)
    data = read_yaml(path, rel, problems)
    if data is None:
        return Record(words)
    given = validate(data, _words_fields(SITE_FIELDS), rel, problems)
    missing = []  # (line, name, the default language's words)
    for field in _words_fields(SITE_FIELDS):
        default, value = getattr(settings, field.name), given.get(field.name)
        where = data.line_of(field.name)
        if field.name in SECTIONS and default is not None:
            section = _words_fields(SECTIONS[field.name])
            checked = validate(value or {}, section, rel, problems, f"{field.name}.", where)
            for inner in section:
                if checked.get(inner.name):
                    setattr(words[field.name], inner.name, checked[inner.name])
                elif getattr(default, inner.name):
                    missing.append(
                        (where, f"{field.name}.{inner.name}", getattr(default, inner.name))
                    )
        elif field.name == "owners" and default:
            value = value if isinstance(value, dict) else {}
            for key, team in default.items():
                if isinstance(value.get(key), str) and value[key].strip():
                    words["owners"][key] = value[key]
                else:
                    missing.append((where, f"owners.{key}", team))
        elif field.name == "cookies" and default:
            missing += _translate_cookies(words["cookies"], data, rel, problems)
        elif field.kind == "text" and default:
            if value:
                words[field.name] = value
            else:
                missing.append((where, field.name, default))
    for at, key, default in missing:
        problems.add(
            rel, at, f'{key} is missing: give it in {name}, as data/site.yaml gives "{default}"'
        )
    return Record(words)


def _translate_cookies(cookies: list, data, rel: str, problems: Problems) -> list:
    """Sets each cookie's purpose and expiry in the file's language, matched by name.
    Returns what it leaves out, as (line, name, the default language's words)."""
    fields = [COOKIE_FIELDS[0], *_words_fields(COOKIE_FIELDS[1:])]
    line = data.line_of("cookies")
    given = validate_list(data.get("cookies"), fields, rel, problems, "cookies", line)
    by_name = {item["name"]: item for item in given if item.get("name")}
    for name in sorted(set(by_name) - {cookie.name for cookie in cookies}):
        problems.add(rel, line, f'cookies: "{name}" is not a cookie in data/site.yaml')
    missing = []
    for cookie in cookies:
        item = by_name.get(cookie.name, {})
        for field in ("purpose", "expires"):
            if item.get(field):
                setattr(cookie, field, item[field])
            else:
                missing.append((line, f"cookies[{cookie.name}].{field}", getattr(cookie, field)))
    return missing


def _check_cookie_categories(settings: Record, rel: str, line: int, problems: Problems) -> None:
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
