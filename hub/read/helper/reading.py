"""Reading data/report-routes.yaml (and the same file in each other language) into a Helper,
with every check of its lists against each other."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from markupsafe import Markup

from ...core.errors import Problems, did_you_mean
from ...core.fields import Field, validate, validate_list
from ...core.interface import phone_link
from ...core.languages import in_language
from ...core.overlay import Gaps, overlay, words_fields
from ...core.sources import read_yaml
from ...core.yamlfile import Located, LocatedList
from ..prose import check_typed_numbers, fill_placeholders
from ..settings import phone_numbers
from .fields import (
    ALSO_FIELDS,
    AREA_CONTACT_FIELDS,
    FILE_FIELDS,
    ITEM_FIELDS,
    LINKED_FIELDS,
    LIST_ITEMS,
    NUMBER_FIELDS,
)
from .model import (
    ELSEWHERE,
    RESERVED_PROBLEM_IDS,
    ROOT,
    Also,
    Area,
    AreaCaseReview,
    AreaContact,
    Helper,
    Landlord,
    Organisation,
    Problem,
)
from .routes import _result_organisations


def _organisation(values: dict) -> Organisation:
    return Organisation(**values)


def _area(values: dict) -> Area:
    contacts = {org: AreaContact(**contact) for org, contact in values["contacts"].items()}
    review = values.get("case_review")
    review = AreaCaseReview(**review) if isinstance(review, dict) else None
    return Area(**{**values, "contacts": contacts, "case_review": review})


def _landlord(values: dict) -> Landlord:
    return Landlord(**values)


def _problem(values: dict) -> Problem:
    return Problem(**{**values, "also": [Also(**also) for also in values["also"]]})


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
        values["case_review"] = dict(vars(item.case_review)) if item.case_review else None
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
