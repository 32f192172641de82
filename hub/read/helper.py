"""The "Who should I report this to?" helper: routes read from data/report-routes.yaml.

The helper is a chain of static pages joined by links, so it works with JavaScript off:
/report/ asks whether anyone is in danger, /report/problem/ lists the problems, then each problem
asks who the landlord is (where that matters) and where the problem is (where the answer needs a
local organisation), and ends on a result page naming who to contact.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from ..core.errors import Problems, did_you_mean
from ..core.fields import Field, validate, validate_list
from ..core.interface import Words, english, phone_link
from ..core.languages import in_language
from ..core.overlay import Gaps, overlay, words_fields
from ..core.sources import read_yaml
from ..core.yamlfile import Located, LocatedList
from .prose import check_typed_numbers, fill_placeholders
from .settings import phone_numbers

ROOT = "/report/"
ELSEWHERE = "elsewhere"  # the area answer for anywhere not listed
RESERVED_PROBLEM_IDS = {"problem", "emergency"}
# The texts shown only in a page's body, where a placeholder for a phone number (a setting
# of the "phone number" kind, hub.read.settings.phone_numbers) becomes a tel: link. Names, labels
# and link words are left plain: they stand in titles, headings and links, where a link
# cannot go, so a phone number there is a mistake.
LINKED_FIELDS = {
    "hint",
    "what",
    "next",
    "how",
    "limits",
    "when",
    "warning",
    "have_ready",
    "usual_contact_when",
}
NUMBER_FIELDS = {"phone", "relay"}  # a number as it is, which the contact card makes a link


def _texts(items) -> str | None:
    """Returns why `items` is not a list of sentences, or None when it is."""
    if all(isinstance(item, str) and item.strip() for item in items):
        return None
    return "must be a list of sentences, each on its own line starting with `- `"


def _addresses(items) -> str | None:
    """Returns why `items` is not a list of site addresses, or None when it is."""
    if all(isinstance(item, str) and item.startswith("/") for item in items):
        return None
    return "must be a list of this site's addresses, each starting with /, e.g. /what-is-asb/"


CONTACT_FIELDS = [
    Field("phone", "text", required=False, default="", help="a phone number"),
    Field(
        "relay",
        "text",
        required=False,
        default="",
        help="the Relay UK number, for people who are deaf or speech impaired",
    ),
    Field("web", "https address", required=False, default="", help="a web address"),
    Field(
        "web_text", "text", required=False, default="", help="the words for the web link", i18n=True
    ),
    Field(
        "how",
        "text",
        required=False,
        default="",
        help="how to get in touch, where there is no single number or address",
        i18n=True,
    ),
]
ORGANISATION_FIELDS = [
    Field(
        "id", "slug", help="a short name problems use to point here, e.g. police", i18n="duplicate"
    ),
    Field("name", "text", help="the name readers see, e.g. the police", i18n=True),
    Field("what", "text", help="what they deal with, in one or two sentences", i18n=True),
    *CONTACT_FIELDS,
    Field("next", "text", help="what usually happens after someone contacts them", i18n=True),
    Field(
        "per_area",
        "yes/no",
        required=False,
        default=False,
        help="true when each area gives its own contact details (e.g. councils)",
    ),
    Field(
        "fallback_web",
        "https address",
        required=False,
        default="",
        help="where to find the right office when the reader's area is not listed",
    ),
    Field(
        "fallback_web_text",
        "text",
        required=False,
        default="",
        help="the words for the fallback_web link",
        i18n=True,
    ),
    Field(
        "anonymous_only",
        "yes/no",
        required=False,
        default=False,
        help="true for Crimestoppers: offered only for anonymous information",
    ),
    Field(
        "limits",
        "text",
        required=False,
        default="",
        help="what they cannot do, shown as a warning",
        i18n=True,
    ),
]
AREA_CONTACT_FIELDS = [
    Field("name", "text", help="the office's name, e.g. Chesterfield Borough Council", i18n=True),
    *CONTACT_FIELDS,
]
AREA_FIELDS = [
    Field(
        "id", "slug", help="a short name used in the web address, e.g. high-peak", i18n="duplicate"
    ),
    Field("name", "text", help="the area's name, e.g. High Peak", i18n=True),
    Field(
        "example",
        "yes/no",
        required=False,
        default=False,
        help="true while the contact details are placeholders",
    ),
    Field(
        "contacts",
        "mapping",
        help="contact details keyed by organisation id, e.g. council:",
        i18n=True,
    ),
]
LANDLORD_FIELDS = [
    Field("id", "slug", help="a short name used in the web address", i18n="duplicate"),
    Field("label", "text", help="the answer as the reader sees it", i18n=True),
    Field("short", "text", help="the answer in a few words, for page titles", i18n=True),
    Field("social", "yes/no", help="true when a council or housing association is the landlord"),
    Field(
        "usual_contact_when",
        "text",
        required=False,
        default="",
        help="for a social landlord that may not be the landlord of the person causing the "
        "problem: when to contact the problem's usual organisation (its report_to) too",
        i18n=True,
    ),
]
ALSO_FIELDS = [
    Field(
        "organisation", "slug", help="the id of another organisation to contact", i18n="duplicate"
    ),
    Field(
        "when",
        "text",
        help="when to contact them too, e.g. if the noise comes with threats",
        i18n=True,
    ),
]
PROBLEM_FIELDS = [
    Field("id", "slug", help="a short name used in the web address, e.g. noise", i18n="duplicate"),
    Field("name", "text", help="the problem as the reader sees it, e.g. Noise", i18n=True),
    Field("hint", "text", help="a sentence of examples shown under the name", i18n=True),
    Field("report_to", "slug", help="the id of the organisation to contact first"),
    Field(
        "landlord_matters",
        "yes/no",
        required=False,
        default=False,
        help="true to ask who the landlord is",
    ),
    Field(
        "social_housing_report_to",
        "slug",
        required=False,
        default="",
        help="who to contact first when a council or housing association is the landlord",
    ),
    Field(
        "also", "list", required=False, default=[], help="other organisations to contact", i18n=True
    ),
    Field(
        "anonymous",
        "slug",
        required=False,
        default="",
        help="the organisation for anonymous information (Crimestoppers)",
    ),
    Field(
        "support",
        "slug",
        required=False,
        default="",
        help="the organisation offering support to people affected",
    ),
    Field(
        "guidance",
        "list",
        default=[],  # when missing or wrong (a problem): no links, not None
        help="guidance pages to read next, e.g. [/what-is-asb/]",
        check=_addresses,
    ),
    Field(
        "have_ready",
        "list",
        required=False,
        default=[],
        check=_texts,
        help="things to note down, added to the common list",
        i18n=True,
    ),
    Field(
        "warning",
        "text",
        required=False,
        default="",
        help="a safety warning shown on its answer pages, e.g. that mediation is not safe "
        "where there is abuse",
        i18n=True,
    ),
]
FILE_FIELDS = [
    Field(
        "have_ready", "list", check=_texts, help="things to note down before reporting", i18n=True
    ),
    Field("organisations", "list", help="everyone the helper can send readers to", i18n=True),
    Field("areas", "list", help="the areas readers choose from, with local contacts", i18n=True),
    Field("landlords", "list", help="the answers to the landlord question", i18n=True),
    Field("problems", "list", help="the kinds of problem, in the order they are listed", i18n=True),
]
# The fields of each list's items, by the list's name.
ITEM_FIELDS = {
    "organisations": ORGANISATION_FIELDS,
    "areas": AREA_FIELDS,
    "landlords": LANDLORD_FIELDS,
    "problems": PROBLEM_FIELDS,
}
LIST_ITEMS = {**ITEM_FIELDS, "also": ALSO_FIELDS}


@dataclass(frozen=True)
class Contact:
    """One organisation as a result page shows it."""

    id: str
    name: str
    what: str
    next: str
    phone: str = ""
    relay: str = ""
    web: str = ""
    web_text: str = ""
    how: str = ""
    limits: str = ""
    when: str = ""  # for organisations to contact too: when to do so
    example: bool = False  # the details are placeholders


@dataclass(frozen=True)
class Answer:
    """One answer given so far, with the page where it can be changed."""

    question: str
    answer: str
    change_url: str


@dataclass(frozen=True)
class Choice:
    """One link on a question page."""

    label: str
    href: str
    hint: str = ""


@dataclass(frozen=True)
class HelperPage:
    """One page of the helper: a question with its choices, or a result."""

    url: str
    kind: str  # start | emergency | question | result
    title: str
    heading: str
    back: str = ""
    caption: str = ""
    hint: str = ""
    choices: list[Choice] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    main: Contact | None = None
    also: list[Contact] = field(default_factory=list)
    anonymous: Contact | None = None
    support: Contact | None = None
    have_ready: list[str] = field(default_factory=list)
    guidance: list[str] = field(default_factory=list)
    problem: str = ""  # the problem's id, on its question and result pages
    warning: str = ""  # the problem's safety warning, on its result pages
    description: str = ""  # the page's meta description, unique because the title is

    @property
    def output(self) -> str:
        return self.url.lstrip("/") + "index.html"


# The routes file's items, as the build holds them: one frozen dataclass per Field list above
# (the one source of their rules; tests/unit/test_types.py fails when the two disagree), made
# from what validate() gives, so a value that failed its check is the Field's default until
# the build stops. Keyword-only, so their fields keep the order of the Field lists.


@dataclass(frozen=True, kw_only=True)
class Organisation:
    id: str
    name: str
    what: str
    phone: str = ""
    relay: str = ""
    web: str = ""
    web_text: str = ""
    how: str = ""
    next: str
    per_area: bool = False
    fallback_web: str = ""
    fallback_web_text: str = ""
    anonymous_only: bool = False
    limits: str = ""


@dataclass(frozen=True, kw_only=True)
class AreaContact:
    name: str
    phone: str = ""
    relay: str = ""
    web: str = ""
    web_text: str = ""
    how: str = ""


@dataclass(frozen=True, kw_only=True)
class Area:
    id: str
    name: str
    example: bool = False
    contacts: dict[str, AreaContact]  # by organisation id


@dataclass(frozen=True, kw_only=True)
class Landlord:
    id: str
    label: str
    short: str
    social: bool
    usual_contact_when: str = ""


@dataclass(frozen=True, kw_only=True)
class Also:
    organisation: str
    when: str


@dataclass(frozen=True, kw_only=True)
class Problem:
    id: str
    name: str
    hint: str
    report_to: str
    landlord_matters: bool = False
    social_housing_report_to: str = ""
    also: list[Also] = field(default_factory=list)
    anonymous: str = ""
    support: str = ""
    guidance: list[str] = field(default_factory=list)
    have_ready: list[str] = field(default_factory=list)
    warning: str = ""


def _organisation(values: dict) -> Organisation:
    return Organisation(**values)


def _area(values: dict) -> Area:
    contacts = {org: AreaContact(**contact) for org, contact in values["contacts"].items()}
    return Area(**{**values, "contacts": contacts})


def _landlord(values: dict) -> Landlord:
    return Landlord(**values)


def _problem(values: dict) -> Problem:
    return Problem(**{**values, "also": [Also(**also) for also in values["also"]]})


@dataclass(frozen=True)
class Helper:
    """The validated routes file."""

    source: str
    have_ready: list[str]
    organisations: dict[str, Organisation]  # by id
    areas: list[Area]
    landlords: list[Landlord]
    problems: list[Problem]
    # (list name, id) -> line, for error messages; ("guidance", a problem's id) -> the line
    # of its guidance links.
    lines: dict[tuple[str, str], int] = field(default_factory=dict)
    valid: bool = False  # True when the file had no problems, so every route can be followed
    root: str = ROOT  # the address of its first page, in its language
    emergency: str = "999"  # the emergency number (contacts.emergency in the settings)
    # In a site with more than one language, the helper in each other one (by its key), where
    # data/report-routes.KEY.yaml gives all its words.
    translations: dict[str, Helper] = field(default_factory=dict)


def read_report_routes(
    path: Path, rel: str, site, problems: Problems, missing: list | None = None
) -> Helper | None:
    """Returns the helper's routes checked against each other, or None when the file is absent
    (a Helper that is not `valid` when it cannot be read).

    Every problem is recorded with its line, including an area with no contact for an
    organisation the helper sends readers to from that area. In a site with more than one
    language (`site`, the settings), the helper in each other language is in `translations`
    when data/report-routes.KEY.yaml gives every word it has; `missing` is given the file
    missing and each word it leaves out.
    """
    if not path.exists():
        return None
    before = len(problems.items)
    empty = Helper(
        source=rel,
        have_ready=[],
        organisations={},
        areas=[],
        landlords=[],
        problems=[],
        emergency=site.contacts and site.contacts.emergency or "999",
    )
    data = read_yaml(path, rel, problems, placeholders=True)  # filled just below
    if data is None:
        return empty  # not valid: links to /report/ are not reported as broken on top
    data = _with_placeholders(data, 1, site, rel, problems)
    top = validate(data, FILE_FIELDS, rel, problems)
    if not isinstance(data, Located):
        return empty
    lines: dict[tuple[str, str], int] = {}
    lists = {}
    for name, fields in ITEM_FIELDS.items():
        raw = data.get(name)
        items = validate_list(
            raw if isinstance(raw, list) else None, fields, rel, problems, name, data.line_of(name)
        )
        at = raw.lines if isinstance(raw, LocatedList) else [data.line_of(name)] * len(items)
        lists[name] = _unique(items, at, name, rel, problems, lines)
    raw_problems = data.get("problems")
    for problem in lists["problems"]:
        lines[("guidance", problem["id"])] = _item(raw_problems, problem["id"]).line_of("guidance")
    # The organisations and landlords as they are; the problems' and areas' items checked
    # against them, one after the other, each step building on the helper so far.
    helper = dataclasses.replace(
        empty,
        have_ready=top.get("have_ready") or [],
        organisations={o["id"]: _organisation(o) for o in lists["organisations"]},
        landlords=[_landlord(landlord) for landlord in lists["landlords"]],
        lines=lines,
    )
    _check_organisations(helper, problems)
    for landlord in helper.landlords:
        if landlord.usual_contact_when and not landlord.social:
            problems.add(
                rel,
                lines[("landlords", landlord.id)],
                f'landlord "{landlord.id}" has usual_contact_when but social: false: the '
                "problem's usual organisation is already the one to contact first",
            )
    checked = _checked_problems(helper, lists["problems"], raw_problems, problems)
    helper = dataclasses.replace(helper, problems=checked)
    areas = _checked_areas(helper, lists["areas"], data.get("areas"), problems)
    helper = dataclasses.replace(helper, areas=areas, valid=len(problems.items) == before)
    if not helper.valid:
        return helper
    translations: dict[str, Helper] = {}
    for language in site.languages[1:]:
        found = _translated_helper(helper, path, language, site, problems, missing)
        if found is not None:
            translations[language.key] = found
    return dataclasses.replace(helper, translations=translations)


def _item(raw, ident: str) -> Located:
    """Returns the first item of the list `raw` (as the file holds it) with the id `ident`:
    the one _unique kept."""
    return next(i for i in raw if isinstance(i, Located) and i.get("id") == ident)


def _translated_helper(
    helper: Helper, path: Path, language, settings, problems: Problems, missing: list | None
) -> Helper | None:
    """Returns the helper in `language`, from data/report-routes.KEY.yaml beside `path`: its
    words by id, over a copy of the helper's routes. Returns None when the file is missing or
    leaves a word out, recording that in `missing`."""
    rel = f"data/report-routes.{language.key}.yaml"
    words = in_language(settings, language)
    name = words.words("language.name")
    words_path = path.with_name(f"report-routes.{language.key}.yaml")
    gaps = Gaps(rel, name, helper.source)
    if not words_path.is_file():
        if missing is not None:
            missing.append(gaps.no_file(language.code))
        return None
    data = read_yaml(words_path, rel, problems, placeholders=True)  # filled just below
    if data is None:
        return None
    data = _with_placeholders(data, 1, words, rel, problems)
    validate(data, words_fields(FILE_FIELDS), rel, problems)
    default = {
        "have_ready": helper.have_ready,
        "organisations": [_values(o) for o in helper.organisations.values()],
        "areas": [_values(area) for area in helper.areas],
        "landlords": [_values(landlord) for landlord in helper.landlords],
        "problems": [_values(problem) for problem in helper.problems],
    }
    for list_name, fields in ITEM_FIELDS.items():
        raw = data.get(list_name)
        validate_list(raw, words_fields(fields), rel, problems, list_name, data.line_of(list_name))
    in_words = overlay(_overlay_fields(FILE_FIELDS), default, data, 1, gaps)
    _contacts_in_words(in_words["areas"], data, gaps)
    problems.items += gaps.extra
    if gaps.found:
        if missing is not None:
            missing += gaps.found
        return None
    return dataclasses.replace(
        helper,
        source=rel,
        have_ready=in_words["have_ready"],
        organisations={o["id"]: _organisation(o) for o in in_words["organisations"]},
        areas=[_area(area) for area in in_words["areas"]],
        landlords=[_landlord(landlord) for landlord in in_words["landlords"]],
        problems=[_problem(problem) for problem in in_words["problems"]],
        root=language.prefix + ROOT,
        translations={},
    )


def _values(item: Organisation | Area | Landlord | Problem) -> dict:
    """Returns a routes item as the overlay reads it, as validate() gave it: a mapping, with
    a problem's `also` and an area's contacts mappings too. (Not dataclasses.asdict, which
    would remake each LocatedList empty.)"""
    values = dict(vars(item))
    if isinstance(item, Problem):
        values["also"] = [dict(vars(also)) for also in item.also]
    if isinstance(item, Area):
        values["contacts"] = {org: dict(vars(c)) for org, c in item.contacts.items()}
    return values


def _overlay_fields(fields: list[Field]) -> list[Field]:
    """Returns `fields` as the overlay reads them, each list with the fields of its items.
    An area's contacts are keyed by organisation, which no Field list says: they are left
    to _contacts_in_words."""
    return [
        dataclasses.replace(f, fields=tuple(_overlay_fields(LIST_ITEMS[f.name])))
        if f.name in LIST_ITEMS
        else dataclasses.replace(f, i18n=False)
        if f.name == "contacts"
        else f
        for f in fields
    ]


def _contacts_in_words(areas: list[dict], data, gaps: Gaps) -> None:
    """Gives each area's local contacts (by organisation) their words in the file's
    language (`data`, as the file holds it): their names and link words."""
    raw = data.get("areas") if isinstance(data.get("areas"), LocatedList) else []
    given = {item.get("id"): item for item in raw if isinstance(item, Located)}
    for area in areas:
        item = given.get(area["id"], Located(data.line_of("areas")))
        contacts = item.get("contacts")
        contacts = contacts if isinstance(contacts, dict) else {}
        area["contacts"] = {
            org: overlay(
                AREA_CONTACT_FIELDS,
                contact,
                contacts.get(org),
                item.line,
                gaps,
                f"areas[{area['id']}].contacts.{org}.",
            )
            for org, contact in area["contacts"].items()
        }


def _with_placeholders(value, line: int, site, rel: str, problems: Problems, key: str = ""):
    """Returns `value` with {{ site.x }} placeholders filled in every text inside it (`key`
    names the field `value` is); see _filled_text. Lines are kept, so later messages still
    point at the right place."""
    if isinstance(value, str):
        return _filled_text(value, line, site, rel, problems, key)
    if isinstance(value, Located):
        mapping = Located(value.line)
        mapping.lines = dict(value.lines)
        for name, inner in value.items():
            mapping[name] = _with_placeholders(
                inner, value.line_of(name), site, rel, problems, name
            )
        return mapping
    if isinstance(value, LocatedList):
        items = LocatedList(value.line)
        items.lines = list(value.lines)
        items.extend(
            _with_placeholders(inner, inner_line, site, rel, problems, key)
            for inner, inner_line in zip(value, value.lines)
        )
        return items
    return value


# Around each phone number filled into a text: control characters, which no YAML file the
# build reads may hold, so a text cannot fake them.
_START, _END = "\x02", "\x03"
_MARKED_NUMBER = re.compile(f"{_START}([^{_START}{_END}]*){_END}")


def _filled_text(text: str, line: int, site, rel: str, problems: Problems, key: str):
    """Returns `text`, the field `key`, with its placeholders filled in.

    In the texts of LINKED_FIELDS each phone number (a setting of the "phone number" kind,
    hub.read.settings.phone_numbers) becomes its tel: link, made by phone_link: such a text is then
    Markup, with the rest of it escaped. Every other text stays plain. A phone number typed
    rather than given by its placeholder, or given in a field where it cannot be a link, is
    recorded as a problem at `line`.
    """
    phones = phone_numbers(site)
    check_typed_numbers(text, phones, rel, line, problems)
    used = []

    def shown(name: str, setting: str, _line: int) -> str:
        if name not in phones:
            return setting
        used.append(setting)
        return f"{_START}{setting}{_END}"

    filled = fill_placeholders(text, {"site": site}, rel, line, problems, shown)
    if filled is None:
        return text  # the placeholder error is already recorded
    if used and key not in LINKED_FIELDS | NUMBER_FIELDS:
        problems.add(
            rel,
            line,
            f"{key} cannot hold the phone number {used[0]}: it stands in page titles, "
            "headings or links, where the number cannot be a link that phones it. Leave it "
            "out, and give it in a hint, what, how or next text instead",
        )
    if key not in LINKED_FIELDS or not used:
        return _MARKED_NUMBER.sub(r"\1", filled)
    parts = _MARKED_NUMBER.split(filled)  # text, number, text, number, ..., text
    return Markup("").join(phone_link(part) if n % 2 else part for n, part in enumerate(parts))


def _unique(
    items: list[dict], lines: list[int], name: str, rel: str, problems: Problems, where: dict
) -> list[dict]:
    """Returns the items with an id, recording any id used twice in the same list."""
    kept = []
    for item, line in zip(items, lines):
        ident = item.get("id")
        if not ident:
            continue
        if (name, ident) in where:
            problems.add(
                rel,
                line,
                f'{name}: the id "{ident}" is used twice (first on line '
                f"{where[(name, ident)]}): give each one its own id",
            )
            continue
        where[(name, ident)] = line
        kept.append(item)
    return kept


def _check_organisations(helper: Helper, problems: Problems) -> None:
    """Records organisations a reader could not contact."""
    for org in helper.organisations.values():
        line = helper.lines[("organisations", org.id)]
        if org.per_area:
            if not org.fallback_web:
                problems.add(
                    helper.source,
                    line,
                    f'organisation "{org.id}" has per_area: '
                    "true, so it needs fallback_web: where readers whose area is not "
                    "listed can find the right office",
                )
        elif not (org.phone or org.web or org.how):
            problems.add(
                helper.source,
                line,
                f'organisation "{org.id}" has no way to contact it: add phone:, web: or how:',
            )
        if org.web and not org.web_text:
            problems.add(
                helper.source,
                line,
                f'organisation "{org.id}" has web: but no '
                "web_text: add the words readers see for the link",
            )


def _organisation_problem(helper: Helper, ident: str, role: str) -> str | None:
    """Returns why `ident` cannot be used in `role`, or None when it can."""
    orgs = helper.organisations
    if ident not in orgs:
        hint = did_you_mean(ident, orgs, f"use one of: {', '.join(sorted(orgs))}")
        return f'{role} names an unknown organisation "{ident}": {hint}'
    anonymous_only = orgs[ident].anonymous_only
    if role == "anonymous" and not anonymous_only:
        return (
            f"anonymous must name an organisation for anonymous information (one with "
            f'anonymous_only: true), but "{ident}" is not one'
        )
    if role != "anonymous" and anonymous_only:
        return (
            f'"{ident}" takes anonymous information only, so it can only be offered under '
            f"anonymous:, not {role}:"
        )
    return None


def _checked_problems(helper: Helper, items: list[dict], raw, problems: Problems) -> list[Problem]:
    """Returns the problems (`items`, as validated; `raw`, as the file holds them), each with
    the organisations it names checked: recorded when unknown or in the wrong role."""
    checked = []
    for values in items:
        ident = values["id"]
        item = _item(raw, ident)
        if ident in RESERVED_PROBLEM_IDS:
            problems.add(
                helper.source,
                item.line_of("id"),
                f'"{ident}" is used by the helper itself: choose another id',
            )
        roles = [
            ("report_to", values["report_to"], item.line_of("report_to")),
            ("anonymous", values["anonymous"], item.line_of("anonymous")),
            ("support", values["support"], item.line_of("support")),
            (
                "social_housing_report_to",
                values["social_housing_report_to"],
                item.line_of("social_housing_report_to"),
            ),
        ]
        also = validate_list(
            values["also"],
            ALSO_FIELDS,
            helper.source,
            problems,
            f"problems[{ident}].also",
            item.line_of("also"),
        )
        given = item.get("also")
        also_lines = (
            given.lines if isinstance(given, LocatedList) else [item.line_of("also")] * len(also)
        )
        roles += [("also", a["organisation"], line) for a, line in zip(also, also_lines)]
        problem = _problem({**values, "also": [a for a in also if a["organisation"]]})
        for role, org, line in roles:
            message = _organisation_problem(helper, org, role) if org else None
            if message:
                problems.add(helper.source, line, message)
        if problem.landlord_matters and not problem.social_housing_report_to:
            problems.add(
                helper.source,
                item.line_of("landlord_matters"),
                f'problem "{ident}" asks who the landlord is, so it needs '
                "social_housing_report_to: who to contact when the council or a "
                "housing association is the landlord",
            )
        if problem.social_housing_report_to and not problem.landlord_matters:
            problems.add(
                helper.source,
                item.line_of("social_housing_report_to"),
                f'problem "{ident}" has social_housing_report_to but does not ask who '
                "the landlord is: add landlord_matters: true",
            )
        if problem.landlord_matters and not helper.landlords:
            problems.add(
                helper.source,
                item.line_of("landlord_matters"),
                "landlord_matters: true needs the landlords: list of answers",
            )
        checked.append(problem)
    return checked


def _checked_areas(helper: Helper, items: list[dict], raw, problems: Problems) -> list[Area]:
    """Returns the areas (`items`, as validated; `raw`, as the file holds them), each with its
    local contacts checked, recording every area missing a contact for a local organisation
    readers are sent to."""
    needed = {
        org
        for page in _result_organisations(helper)
        for org in page
        if org in helper.organisations and helper.organisations[org].per_area
    }
    checked_areas = []
    for values in items:
        ident = values["id"]
        item = _item(raw, ident)
        line = helper.lines[("areas", ident)]
        if ident == ELSEWHERE:
            problems.add(
                helper.source,
                item.line_of("id"),
                f'"{ELSEWHERE}" is the helper\'s answer for areas not listed: choose another id',
            )
        contacts = values["contacts"] or {}
        raw_contacts = item.get("contacts")
        if not isinstance(raw_contacts, Located):  # then no contacts were read from it
            raw_contacts = Located(item.line_of("contacts"))
        checked = {}
        for key, value in contacts.items():
            known = helper.organisations.get(key)
            if not known or not known.per_area:
                local = sorted(o for o, v in helper.organisations.items() if v.per_area)
                problems.add(
                    helper.source,
                    raw_contacts.line_of(key),
                    f'areas[{ident}].contacts: "{key}" is not an organisation '
                    f"with per_area: true; use one of: {', '.join(local) or 'none'}",
                )
                continue
            checked[key] = validate(
                value,
                AREA_CONTACT_FIELDS,
                helper.source,
                problems,
                f"areas[{ident}].contacts.{key}.",
                raw_contacts.line_of(key),
            )
            if not (
                checked[key].get("phone") or checked[key].get("web") or checked[key].get("how")
            ):
                problems.add(
                    helper.source,
                    raw_contacts.line_of(key),
                    f"areas[{ident}].contacts.{key} has no way to contact it: "
                    "add phone:, web: or how:",
                )
        for org in sorted(needed - set(contacts)):
            problems.add(
                helper.source,
                line,
                f'area "{values["name"]}" has no contact for "{org}" '
                f"({helper.organisations[org].name}): add it under contacts:, "
                "because the helper sends readers from this area there",
            )
        checked_areas.append(_area({**values, "contacts": checked}))
    return checked_areas


def _main_organisation(problem: Problem, landlord: Landlord | None) -> str:
    """Returns the id of the organisation to contact first for these answers."""
    if problem.landlord_matters and landlord and landlord.social:
        return problem.social_housing_report_to
    return problem.report_to


def _route(problem: Problem, landlord: Landlord | None) -> tuple[str, list[Also]]:
    """Returns the organisation to contact first for these answers, and the others to
    contact too.

    A social landlord may not be the landlord of the person causing the problem: where the
    landlord answer says so (`usual_contact_when`), the problem's usual organisation stays
    on the route, so a tenant is never left without the council, say.
    """
    main = _main_organisation(problem, landlord)
    also = list(problem.also)
    usual = problem.report_to
    if main != usual and landlord and landlord.usual_contact_when:
        also.insert(0, Also(organisation=usual, when=landlord.usual_contact_when))
    return main, [a for a in also if a.organisation != main]


def _result_organisations(helper: Helper) -> list[list[str]]:
    """Returns, for every landlord answer of every problem, the organisations shown."""
    sets = []
    landlords: list[Landlord | None]
    for problem in helper.problems:
        landlords = [*helper.landlords] if problem.landlord_matters else [None]
        for landlord in landlords:
            main, also = _route(problem, landlord)
            sets.append([main, *[a.organisation for a in also]])
    return sets


def route_table(helper: Helper | None) -> list[dict]:
    """Returns, for each problem in the helper, who to contact first and who else, as the
    helper's own result pages say: the who-to-report-to page's table.

    Each row has the problem's name and helper address, `first` (the organisation's name),
    `landlords` (for each council or housing association answer, who to contact first then
    and who too), `also` (others, each with when) and `anonymous`. Empty without a helper,
    or while the routes file has mistakes.
    """
    if helper is None or not helper.valid:
        return []
    orgs = helper.organisations

    def named(also: Also) -> dict:
        return {
            "name": orgs[also.organisation].name,
            "organisation": also.organisation,
            "when": also.when,
        }

    rows = []
    for problem in helper.problems:
        main, also = _route(problem, None)
        landlords = []
        for landlord in helper.landlords if problem.landlord_matters else []:
            if landlord.social:
                first, too = _route(problem, landlord)
                extra = [a for a in too if a not in also]
                landlords.append(
                    {
                        "when": landlord.short,
                        "first": orgs[first].name,
                        "too": [named(a) for a in extra],
                    }
                )
        rows.append(
            {
                "name": problem.name,
                "url": f"{ROOT}{problem.id}/",
                "first": orgs[main].name,
                "landlords": landlords,
                "also": [named(a) for a in also],
                "anonymous": orgs[problem.anonymous].name if problem.anonymous else "",
            }
        )
    return rows


def check_helper_links(
    helper: Helper | None, targets: dict[str, set[str]], problems: Problems
) -> None:
    """Records guidance links in the routes file that point at no page of the site."""
    if helper is None:
        return
    for problem in helper.problems:
        for url in problem.guidance:
            path = url.partition("#")[0]
            if path not in targets:
                hint = did_you_mean(path, targets)
                hint = f"; {hint}" if hint else ""
                problems.add(
                    helper.source,
                    helper.lines[("guidance", problem.id)],
                    f'problem "{problem.id}": guidance link "{url}" goes to no page{hint}',
                )


def helper_urls(helper: Helper | None, words: Words | None = None) -> list[str]:
    """Returns every address the helper makes, for link checks.

    While the routes file has mistakes only the fixed first pages are known, so links to
    /report/ are not reported as broken on top of the real problem.
    """
    if helper is None:
        return []
    root = helper.root
    if not helper.valid:
        return [root, root + "emergency/", root + "problem/"]
    return [page.url for page in helper_pages(helper, words)]


def helper_pages(helper: Helper, words: Words | None = None) -> list[HelperPage]:
    """Returns every page of the helper, following every path from the start page, in
    `words`' language (by default the generator's English)."""
    steps = _Steps(helper, words or english())
    pages = [steps.start_page(), steps.emergency_page(), steps.problem_page()]
    for problem in helper.problems:
        pages += steps.problem_pages(problem)
    # Each page's meta description, unique because its title is.
    return [
        dataclasses.replace(page, description=steps.words("helper.description", title=page.title))
        for page in pages
    ]


class _Steps:
    """Makes the helper's pages, in one language."""

    def __init__(self, helper: Helper, words: Words):
        self.helper, self.words, self.root = helper, words, helper.root
        self.name = words("helper.name")
        self.no_danger = Answer(
            words("helper.danger_question"), words("helper.answer_no"), self.root
        )

    def start_page(self) -> HelperPage:
        root, words = self.root, self.words
        return HelperPage(
            url=root,
            kind="start",
            title=self.name,
            heading=self.name,
            caption=self.name,
            choices=[
                Choice(words("helper.in_danger"), root + "emergency/"),
                Choice(words("helper.not_in_danger"), root + "problem/"),
            ],
        )

    def emergency_page(self) -> HelperPage:
        emergency = self.helper.emergency
        return HelperPage(
            url=self.root + "emergency/",
            kind="emergency",
            title=self.words("helper.emergency_title", emergency=emergency),
            heading=self.words("helper.emergency_heading", emergency=phone_link(emergency)),
            caption=self.name,
            back=self.root,
        )

    def problem_page(self) -> HelperPage:
        root, question = self.root, self.words("helper.problem_question")
        return HelperPage(
            url=root + "problem/",
            kind="question",
            title=question,
            heading=question,
            caption=self.name,
            back=root,
            hint=self.words("helper.problem_hint"),
            answers=[self.no_danger],
            choices=[Choice(p.name, f"{root}{p.id}/", p.hint) for p in self.helper.problems],
        )

    def problem_pages(self, problem: Problem) -> list[HelperPage]:
        """Returns the landlord question, area questions and results for one problem."""
        root, words, helper = self.root, self.words, self.helper
        base = f"{root}{problem.id}/"
        answers = [
            self.no_danger,
            Answer(words("helper.problem_question"), problem.name, root + "problem/"),
        ]
        if not problem.landlord_matters:
            return self.area_or_result(problem, None, base, root + "problem/", answers)
        question = words("helper.landlord_question")
        pages = [
            HelperPage(
                url=base,
                kind="question",
                title=words("helper.question_title", question=question, answers=problem.name),
                heading=question,
                caption=problem.name,
                back=root + "problem/",
                hint=words("helper.landlord_hint"),
                answers=answers,
                problem=problem.id,
                choices=[Choice(x.label, f"{base}{x.id}/") for x in helper.landlords],
            )
        ]
        for landlord in helper.landlords:
            pages += self.area_or_result(
                problem,
                landlord,
                f"{base}{landlord.id}/",
                base,
                [*answers, Answer(question, landlord.label, base)],
            )
        return pages

    def area_or_result(
        self,
        problem: Problem,
        landlord: Landlord | None,
        url: str,
        back: str,
        answers: list[Answer],
    ) -> list[HelperPage]:
        """Returns the area question and its results, or the one result when area does not
        matter."""
        helper, words = self.helper, self.words
        main, also = _route(problem, landlord)
        shown = [main, *[a.organisation for a in also]]
        if not any(helper.organisations[o].per_area for o in shown):
            return [self.result_page(problem, landlord, None, url, back, answers)]
        question = words("helper.area_question")
        where = [problem.name, *([landlord.short] if landlord else [])]
        areas = [*helper.areas, Area(id=ELSEWHERE, name=words("helper.elsewhere"), contacts={})]
        pages = [
            HelperPage(
                url=url,
                kind="question",
                title=words("helper.question_title", question=question, answers=", ".join(where)),
                heading=question,
                caption=problem.name,
                back=back,
                hint=words("helper.area_hint"),
                answers=answers,
                problem=problem.id,
                choices=[Choice(a.name, f"{url}{a.id}/") for a in areas],
            )
        ]
        for area in areas:
            pages.append(
                self.result_page(
                    problem,
                    landlord,
                    area,
                    f"{url}{area.id}/",
                    url,
                    [*answers, Answer(question, area.name, url)],
                )
            )
        return pages

    def result_page(
        self,
        problem: Problem,
        landlord: Landlord | None,
        area: Area | None,
        url: str,
        back: str,
        answers: list[Answer],
    ) -> HelperPage:
        helper, words = self.helper, self.words
        first, also = _route(problem, landlord)
        main = _contact(helper, first, area)
        shorts = [landlord.short] if landlord else []
        shorts += [area.name] if area and area.id != ELSEWHERE else []
        shorts += [words("helper.area_not_listed")] if area and area.id == ELSEWHERE else []
        if shorts:
            title = words(
                "helper.result_title_answers", problem=problem.name, answers="; ".join(shorts)
            )
        else:
            title = words("helper.result_title", problem=problem.name)
        return HelperPage(
            url=url,
            kind="result",
            title=title,
            heading=words("helper.contact", name=main.name),
            caption=problem.name,
            back=back,
            answers=answers,
            main=main,
            problem=problem.id,
            also=[_contact(helper, a.organisation, area, a.when) for a in also],
            anonymous=_contact(helper, problem.anonymous, area) if problem.anonymous else None,
            support=_contact(helper, problem.support, area) if problem.support else None,
            have_ready=[*helper.have_ready, *problem.have_ready],
            guidance=problem.guidance,
            warning=problem.warning,
        )


def _contact(helper: Helper, ident: str, area: Area | None, when: str = "") -> Contact:
    """Returns how to reach organisation `ident`, with the area's own details where it has them."""
    org = helper.organisations[ident]
    card = Contact(
        id=ident,
        name=org.name,
        what=org.what,
        next=org.next,
        phone=org.phone,
        relay=org.relay,
        web=org.web,
        web_text=org.web_text,
        how=org.how,
        limits=org.limits,
        when=when,
    )
    if not org.per_area:
        return card
    local = area.contacts.get(ident) if area else None
    if local is None:
        return dataclasses.replace(card, web=org.fallback_web, web_text=org.fallback_web_text)
    return dataclasses.replace(
        card,
        name=local.name,
        phone=local.phone,
        relay=local.relay,
        web=local.web,
        web_text=local.web_text,
        how=local.how,
        example=bool(area and area.example),
    )
