"""The "Who should I report this to?" helper: routes read from data/report-routes.yaml.

The helper is a chain of static pages joined by links, so it works with JavaScript off:
/report/ asks whether anyone is in danger, /report/problem/ lists the problems, then each problem
asks who the landlord is (where that matters) and where the problem is (where the answer needs a
local organisation), and ends on a result page naming who to contact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .addresses import breadcrumbs
from .errors import Problems, did_you_mean
from .prose import fill_placeholders
from .schema import Field, validate, validate_list
from .sources import read_yaml
from .yamlfile import Located, LocatedList

ROOT = "/report/"
ELSEWHERE = "elsewhere"  # the area answer for anywhere not listed
RESERVED_PROBLEM_IDS = {"problem", "emergency"}


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
    Field("web_text", "text", required=False, default="", help="the words for the web link"),
    Field(
        "how",
        "text",
        required=False,
        default="",
        help="how to get in touch, where there is no single number or address",
    ),
]
ORGANISATION_FIELDS = [
    Field("id", "slug", help="a short name problems use to point here, e.g. police"),
    Field("name", "text", help="the name readers see, e.g. the police"),
    Field("what", "text", help="what they deal with, in one or two sentences"),
    *CONTACT_FIELDS,
    Field("next", "text", help="what usually happens after someone contacts them"),
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
    ),
    Field(
        "anonymous_only",
        "yes/no",
        required=False,
        default=False,
        help="true for Crimestoppers: offered only for anonymous information",
    ),
    Field(
        "limits", "text", required=False, default="", help="what they cannot do, shown as a warning"
    ),
]
AREA_CONTACT_FIELDS = [
    Field("name", "text", help="the office's name, e.g. Chesterfield Borough Council"),
    *CONTACT_FIELDS,
]
AREA_FIELDS = [
    Field("id", "slug", help="a short name used in the web address, e.g. high-peak"),
    Field("name", "text", help="the area's name, e.g. High Peak"),
    Field(
        "example",
        "yes/no",
        required=False,
        default=False,
        help="true while the contact details are placeholders",
    ),
    Field("contacts", "mapping", help="contact details keyed by organisation id, e.g. council:"),
]
LANDLORD_FIELDS = [
    Field("id", "slug", help="a short name used in the web address"),
    Field("label", "text", help="the answer as the reader sees it"),
    Field("short", "text", help="the answer in a few words, for page titles"),
    Field("social", "yes/no", help="true when a council or housing association is the landlord"),
    Field(
        "usual_contact_when",
        "text",
        required=False,
        default="",
        help="for a social landlord that may not be the landlord of the person causing the "
        "problem: when to contact the problem's usual organisation (its report_to) too",
    ),
]
ALSO_FIELDS = [
    Field("organisation", "slug", help="the id of another organisation to contact"),
    Field("when", "text", help="when to contact them too, e.g. if the noise comes with threats"),
]
PROBLEM_FIELDS = [
    Field("id", "slug", help="a short name used in the web address, e.g. noise"),
    Field("name", "text", help="the problem as the reader sees it, e.g. Noise"),
    Field("hint", "text", help="a sentence of examples shown under the name"),
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
    Field("also", "list", required=False, default=[], help="other organisations to contact"),
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
    ),
]
FILE_FIELDS = [
    Field("have_ready", "list", check=_texts, help="things to note down before reporting"),
    Field("organisations", "list", help="everyone the helper can send readers to"),
    Field("areas", "list", help="the areas readers choose from, with local contacts"),
    Field("landlords", "list", help="the answers to the landlord question"),
    Field("problems", "list", help="the kinds of problem, in the order they are listed"),
]


@dataclass
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


@dataclass
class Answer:
    """One answer given so far, with the page where it can be changed."""

    question: str
    answer: str
    change_url: str


@dataclass
class Choice:
    """One link on a question page."""

    label: str
    href: str
    hint: str = ""


@dataclass
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

    @property
    def output(self) -> str:
        return self.url.lstrip("/") + "index.html"

    @property
    def description(self) -> str:
        """Returns the page's meta description, unique because the title is."""
        return f"Find out who to report anti-social behaviour to. {self.title}."


@dataclass
class Helper:
    """The validated routes file."""

    source: str
    have_ready: list[str]
    organisations: dict[str, dict]
    areas: list[dict]
    landlords: list[dict]
    problems: list[dict]
    lines: dict = field(default_factory=dict)  # (list name, id) -> line, for error messages
    valid: bool = False  # True when the file had no problems, so every route can be followed


def read_report_routes(path: Path, rel: str, site: dict, problems: Problems) -> Helper | None:
    """Returns the helper's routes checked against each other, or None when the file is absent
    (a Helper that is not `valid` when it cannot be read).

    Every problem is recorded with its line, including an area with no contact for an
    organisation the helper sends readers to from that area.
    """
    if not path.exists():
        return None
    before = len(problems.items)
    helper = Helper(
        source=rel, have_ready=[], organisations={}, areas=[], landlords=[], problems=[]
    )
    data = read_yaml(path, rel, problems, placeholders=True)  # filled just below
    if data is None:
        return helper  # not valid: links to /report/ are not reported as broken on top
    data = _with_placeholders(data, 1, site, rel, problems)
    top = validate(data, FILE_FIELDS, rel, problems)
    if not isinstance(data, Located):
        return helper
    helper.have_ready = top.get("have_ready") or []
    lists = {}
    for name, fields in (
        ("organisations", ORGANISATION_FIELDS),
        ("areas", AREA_FIELDS),
        ("landlords", LANDLORD_FIELDS),
        ("problems", PROBLEM_FIELDS),
    ):
        raw = data.get(name)
        items = validate_list(
            raw if isinstance(raw, list) else None, fields, rel, problems, name, data.line_of(name)
        )
        lines = getattr(raw, "lines", [data.line_of(name)] * len(items))
        lists[name] = _unique(items, lines, name, rel, problems, helper.lines)
    helper.organisations = {o["id"]: o for o in lists["organisations"]}
    helper.areas, helper.landlords = lists["areas"], lists["landlords"]
    helper.problems = lists["problems"]
    _check_organisations(helper, problems)
    for landlord in helper.landlords:
        if landlord["usual_contact_when"] and not landlord["social"]:
            problems.add(
                rel,
                helper.lines[("landlords", landlord["id"])],
                f'landlord "{landlord["id"]}" has usual_contact_when but social: false: the '
                "problem's usual organisation is already the one to contact first",
            )
    _check_problems(helper, data.get("problems"), problems)
    _check_areas(helper, data.get("areas"), problems)
    helper.valid = len(problems.items) == before
    return helper


def _with_placeholders(value, line: int, site: dict, rel: str, problems: Problems):
    """Returns `value` with {{ site.x }} placeholders filled in every text inside it.

    Lines are kept, so later messages still point at the right place.
    """
    if isinstance(value, str):
        filled = fill_placeholders(value, {"site": site}, rel, line, problems)
        return value if filled is None else filled  # the placeholder error is already recorded
    if isinstance(value, Located):
        copy = Located(value.line)
        copy.lines = dict(value.lines)
        for key, inner in value.items():
            copy[key] = _with_placeholders(inner, value.line_of(key), site, rel, problems)
        return copy
    if isinstance(value, LocatedList):
        copy = LocatedList(value.line)
        copy.lines = list(value.lines)
        copy.extend(
            _with_placeholders(inner, inner_line, site, rel, problems)
            for inner, inner_line in zip(value, value.lines)
        )
        return copy
    return value


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
        line = helper.lines[("organisations", org["id"])]
        if org["per_area"]:
            if not org["fallback_web"]:
                problems.add(
                    helper.source,
                    line,
                    f'organisation "{org["id"]}" has per_area: '
                    "true, so it needs fallback_web: where readers whose area is not "
                    "listed can find the right office",
                )
        elif not (org["phone"] or org["web"] or org["how"]):
            problems.add(
                helper.source,
                line,
                f'organisation "{org["id"]}" has no way to contact it: add phone:, web: or how:',
            )
        if org["web"] and not org["web_text"]:
            problems.add(
                helper.source,
                line,
                f'organisation "{org["id"]}" has web: but no '
                "web_text: add the words readers see for the link",
            )


def _organisation_problem(helper: Helper, ident: str, role: str) -> str | None:
    """Returns why `ident` cannot be used in `role`, or None when it can."""
    orgs = helper.organisations
    if ident not in orgs:
        hint = did_you_mean(ident, orgs, f"use one of: {', '.join(sorted(orgs))}")
        return f'{role} names an unknown organisation "{ident}": {hint}'
    anonymous_only = orgs[ident]["anonymous_only"]
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


def _check_problems(helper: Helper, raw, problems: Problems) -> None:
    """Records problems that point at unknown organisations or use one in the wrong role."""
    for problem in helper.problems:
        item = next(i for i in raw if isinstance(i, dict) and i.get("id") == problem["id"])
        ident = problem["id"]
        helper.lines[("guidance", ident)] = item.line_of("guidance")
        if ident in RESERVED_PROBLEM_IDS:
            problems.add(
                helper.source,
                item.line_of("id"),
                f'"{ident}" is used by the helper itself: choose another id',
            )
        roles = [
            ("report_to", problem["report_to"], item.line_of("report_to")),
            ("anonymous", problem["anonymous"], item.line_of("anonymous")),
            ("support", problem["support"], item.line_of("support")),
            (
                "social_housing_report_to",
                problem["social_housing_report_to"],
                item.line_of("social_housing_report_to"),
            ),
        ]
        also = validate_list(
            problem["also"],
            ALSO_FIELDS,
            helper.source,
            problems,
            f"problems[{ident}].also",
            item.line_of("also"),
        )
        also_lines = getattr(item.get("also"), "lines", [item.line_of("also")] * len(also))
        roles += [("also", a["organisation"], line) for a, line in zip(also, also_lines)]
        problem["also"] = [a for a in also if a["organisation"]]
        for role, org, line in roles:
            message = _organisation_problem(helper, org, role) if org else None
            if message:
                problems.add(helper.source, line, message)
        if problem["landlord_matters"] and not problem["social_housing_report_to"]:
            problems.add(
                helper.source,
                item.line_of("landlord_matters"),
                f'problem "{ident}" asks who the landlord is, so it needs '
                "social_housing_report_to: who to contact when the council or a "
                "housing association is the landlord",
            )
        if problem["social_housing_report_to"] and not problem["landlord_matters"]:
            problems.add(
                helper.source,
                item.line_of("social_housing_report_to"),
                f'problem "{ident}" has social_housing_report_to but does not ask who '
                "the landlord is: add landlord_matters: true",
            )
        if problem["landlord_matters"] and not helper.landlords:
            problems.add(
                helper.source,
                item.line_of("landlord_matters"),
                "landlord_matters: true needs the landlords: list of answers",
            )


def _check_areas(helper: Helper, raw, problems: Problems) -> None:
    """Records every area missing a contact for a local organisation readers are sent to."""
    needed = {
        org
        for page in _result_organisations(helper)
        for org in page
        if helper.organisations.get(org, {}).get("per_area")
    }
    for area in helper.areas:
        item = next(i for i in raw if isinstance(i, dict) and i.get("id") == area["id"])
        line = helper.lines[("areas", area["id"])]
        if area["id"] == ELSEWHERE:
            problems.add(
                helper.source,
                item.line_of("id"),
                f'"{ELSEWHERE}" is the helper\'s answer for areas not listed: choose another id',
            )
        contacts = area["contacts"] or {}
        raw_contacts = item.get("contacts") if isinstance(item.get("contacts"), dict) else {}
        checked = {}
        for key, value in contacts.items():
            org = helper.organisations.get(key)
            if not org or not org["per_area"]:
                local = sorted(o for o, v in helper.organisations.items() if v["per_area"])
                problems.add(
                    helper.source,
                    raw_contacts.line_of(key),
                    f'areas[{area["id"]}].contacts: "{key}" is not an organisation '
                    f"with per_area: true; use one of: {', '.join(local) or 'none'}",
                )
                continue
            checked[key] = validate(
                value,
                AREA_CONTACT_FIELDS,
                helper.source,
                problems,
                f"areas[{area['id']}].contacts.{key}.",
                raw_contacts.line_of(key),
            )
            if not (
                checked[key].get("phone") or checked[key].get("web") or checked[key].get("how")
            ):
                problems.add(
                    helper.source,
                    raw_contacts.line_of(key),
                    f"areas[{area['id']}].contacts.{key} has no way to contact it: "
                    "add phone:, web: or how:",
                )
        area["contacts"] = checked
        for org in sorted(needed - set(contacts)):
            problems.add(
                helper.source,
                line,
                f'area "{area["name"]}" has no contact for "{org}" '
                f"({helper.organisations[org]['name']}): add it under contacts:, "
                "because the helper sends readers from this area there",
            )


def _main_organisation(problem: dict, landlord: dict | None) -> str:
    """Returns the id of the organisation to contact first for these answers."""
    if problem["landlord_matters"] and landlord and landlord["social"]:
        return problem["social_housing_report_to"]
    return problem["report_to"]


def _route(problem: dict, landlord: dict | None) -> tuple[str, list[dict]]:
    """Returns the organisation to contact first for these answers, and the others to
    contact too (each `organisation` and `when`).

    A social landlord may not be the landlord of the person causing the problem: where the
    landlord answer says so (`usual_contact_when`), the problem's usual organisation stays
    on the route, so a tenant is never left without the council, say.
    """
    main = _main_organisation(problem, landlord)
    also = list(problem["also"])
    usual = problem["report_to"]
    if main != usual and landlord and landlord["usual_contact_when"]:
        also.insert(0, {"organisation": usual, "when": landlord["usual_contact_when"]})
    return main, [a for a in also if a["organisation"] != main]


def _result_organisations(helper: Helper) -> list[list[str]]:
    """Returns, for every landlord answer of every problem, the organisations shown."""
    sets = []
    for problem in helper.problems:
        for landlord in helper.landlords if problem["landlord_matters"] else [None]:
            main, also = _route(problem, landlord)
            sets.append([main, *[a["organisation"] for a in also]])
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
    rows = []
    for problem in helper.problems:
        main, also = _route(problem, None)
        landlords = []
        for landlord in helper.landlords if problem["landlord_matters"] else []:
            if landlord["social"]:
                first, too = _route(problem, landlord)
                extra = [a for a in too if a not in also]
                landlords.append(
                    {
                        "when": landlord["short"],
                        "first": orgs[first]["name"],
                        "too": [{"name": orgs[a["organisation"]]["name"], **a} for a in extra],
                    }
                )
        rows.append(
            {
                "name": problem["name"],
                "url": f"{ROOT}{problem['id']}/",
                "first": orgs[main]["name"],
                "landlords": landlords,
                "also": [{"name": orgs[a["organisation"]]["name"], **a} for a in also],
                "anonymous": orgs[problem["anonymous"]]["name"] if problem["anonymous"] else "",
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
        for url in problem["guidance"]:
            path = url.partition("#")[0]
            if path not in targets:
                hint = did_you_mean(path, targets)
                hint = f"; {hint}" if hint else ""
                problems.add(
                    helper.source,
                    helper.lines[("guidance", problem["id"])],
                    f'problem "{problem["id"]}": guidance link "{url}" goes to no page{hint}',
                )


def helper_urls(helper: Helper | None) -> list[str]:
    """Returns every address the helper makes, for link checks.

    While the routes file has mistakes only the fixed first pages are known, so links to
    /report/ are not reported as broken on top of the real problem.
    """
    if helper is None:
        return []
    if not helper.valid:
        return [ROOT, ROOT + "emergency/", ROOT + "problem/"]
    return [page.url for page in helper_pages(helper)]


def helper_pages(helper: Helper) -> list[HelperPage]:
    """Returns every page of the helper, following every path from the start page."""
    pages = [_start_page(), _emergency_page(), _problem_page(helper)]
    for problem in helper.problems:
        pages += _problem_pages(helper, problem)
    return pages


NAME = "Who should I report this to?"
LAYOUTS = {
    "start": "layouts/helper-question.html",
    "question": "layouts/helper-question.html",
    "emergency": "layouts/helper-emergency.html",
    "result": "layouts/helper-result.html",
}


def write_report_helper(env, site, output) -> None:
    """Writes every page of "Who should I report this to?", for a site that has one.

    Only the start page goes in the sitemap: the rest are steps that make sense only in order.
    """
    helper = site.helper
    if helper is None:
        return
    page_titles = {page.url: page.title for page in site.pages}  # names each guidance link
    jobs = []  # rendered only when what a step shows changed (hub/speed/render_keys.py)
    for step in helper_pages(helper):
        crumbs = breadcrumbs() if step.kind == "start" else breadcrumbs((NAME, ROOT))
        jobs.append(
            (
                step.output,
                LAYOUTS[step.kind],
                {"step": step, "url": step.url, "breadcrumbs": crumbs, "page_titles": page_titles},
            )
        )
    output.write_rendered(env, jobs)
    output.add_address(ROOT)


def _start_page() -> HelperPage:
    return HelperPage(
        url=ROOT,
        kind="start",
        title=NAME,
        heading=NAME,
        caption=NAME,
        choices=[
            Choice("Yes, someone is in danger or a crime is happening now", ROOT + "emergency/"),
            Choice("No, nobody is in danger now", ROOT + "problem/"),
        ],
    )


def _emergency_page() -> HelperPage:
    return HelperPage(
        url=ROOT + "emergency/",
        kind="emergency",
        title="Someone is in danger: call 999 now",
        heading="Call 999 now",
        caption=NAME,
        back=ROOT,
    )


def _problem_page(helper: Helper) -> HelperPage:
    return HelperPage(
        url=ROOT + "problem/",
        kind="question",
        title="What is the problem?",
        heading="What is the problem?",
        caption=NAME,
        back=ROOT,
        hint="Choose the one that fits best.",
        answers=[Answer("Is anyone in danger now?", "No", ROOT)],
        choices=[Choice(p["name"], f"{ROOT}{p['id']}/", p["hint"]) for p in helper.problems],
    )


def _problem_pages(helper: Helper, problem: dict) -> list[HelperPage]:
    """Returns the landlord question, area questions and results for one problem."""
    base = f"{ROOT}{problem['id']}/"
    answers = [
        Answer("Is anyone in danger now?", "No", ROOT),
        Answer("What is the problem?", problem["name"], ROOT + "problem/"),
    ]
    if not problem["landlord_matters"]:
        return _area_or_result(helper, problem, None, base, ROOT + "problem/", answers)
    question = "Is a council or housing association the landlord?"
    pages = [
        HelperPage(
            url=base,
            kind="question",
            title=f"{question} ({problem['name']})",
            heading=question,
            caption=problem["name"],
            back=ROOT + "problem/",
            hint="This means the home where you live, or the home of the person "
            "causing the problem.",
            answers=answers,
            problem=problem["id"],
            choices=[Choice(x["label"], f"{base}{x['id']}/") for x in helper.landlords],
        )
    ]
    for landlord in helper.landlords:
        pages += _area_or_result(
            helper,
            problem,
            landlord,
            f"{base}{landlord['id']}/",
            base,
            [*answers, Answer(question, landlord["label"], base)],
        )
    return pages


def _area_or_result(
    helper: Helper, problem: dict, landlord: dict | None, url: str, back: str, answers: list[Answer]
) -> list[HelperPage]:
    """Returns the area question and its results, or the one result when area does not matter."""
    main, also = _route(problem, landlord)
    shown = [main, *[a["organisation"] for a in also]]
    if not any(helper.organisations[o]["per_area"] for o in shown):
        return [_result_page(helper, problem, landlord, None, url, back, answers)]
    question = "Where is the problem happening?"
    where = f", {landlord['short']}" if landlord else ""
    areas = [*helper.areas, {"id": ELSEWHERE, "name": "Somewhere else, or I am not sure"}]
    pages = [
        HelperPage(
            url=url,
            kind="question",
            title=f"{question} ({problem['name']}{where})",
            heading=question,
            caption=problem["name"],
            back=back,
            hint="Choose the council area where the problem happens.",
            answers=answers,
            problem=problem["id"],
            choices=[Choice(a["name"], f"{url}{a['id']}/") for a in areas],
        )
    ]
    for area in areas:
        pages.append(
            _result_page(
                helper,
                problem,
                landlord,
                area,
                f"{url}{area['id']}/",
                url,
                [*answers, Answer(question, area["name"], url)],
            )
        )
    return pages


def _contact(helper: Helper, ident: str, area: dict | None, when: str = "") -> Contact:
    """Returns how to reach organisation `ident`, with the area's own details where it has them."""
    org = helper.organisations[ident]
    card = Contact(
        id=ident,
        name=org["name"],
        what=org["what"],
        next=org["next"],
        phone=org["phone"],
        relay=org["relay"],
        web=org["web"],
        web_text=org["web_text"],
        how=org["how"],
        limits=org["limits"],
        when=when,
    )
    if org["per_area"]:
        local = (area or {}).get("contacts", {}).get(ident)
        if local:
            card.name, card.phone, card.relay = local["name"], local["phone"], local["relay"]
            card.web, card.web_text, card.how = local["web"], local["web_text"], local["how"]
            card.example = bool(area.get("example"))
        else:
            card.web, card.web_text = org["fallback_web"], org["fallback_web_text"]
    return card


def _result_page(
    helper: Helper,
    problem: dict,
    landlord: dict | None,
    area: dict | None,
    url: str,
    back: str,
    answers: list[Answer],
) -> HelperPage:
    first, also = _route(problem, landlord)
    main = _contact(helper, first, area)
    shorts = [landlord["short"]] if landlord else []
    shorts += [area["name"]] if area and area["id"] != ELSEWHERE else []
    shorts += ["area not listed"] if area and area["id"] == ELSEWHERE else []
    title = problem["name"] + (f" ({'; '.join(shorts)})" if shorts else "") + ": who to contact"
    return HelperPage(
        url=url,
        kind="result",
        title=title,
        heading=f"Contact {main.name}",
        caption=problem["name"],
        back=back,
        answers=answers,
        main=main,
        problem=problem["id"],
        also=[_contact(helper, a["organisation"], area, a["when"]) for a in also],
        anonymous=_contact(helper, problem["anonymous"], area) if problem["anonymous"] else None,
        support=_contact(helper, problem["support"], area) if problem["support"] else None,
        have_ready=[*helper.have_ready, *problem["have_ready"]],
        guidance=problem["guidance"],
    )
