"""The report helper as the build holds it: the routes file's items and the helper as frozen
dataclasses, and the pages it makes."""

from __future__ import annotations

from dataclasses import dataclass, field

ROOT = "/report/"
ELSEWHERE = "elsewhere"  # the area answer for anywhere not listed
RESERVED_PROBLEM_IDS = {"problem", "emergency"}


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


# The routes file's items, as the build holds them: one frozen dataclass per Field list in
# fields.py (the one source of their rules; tests/unit/test_types.py fails when the two
# disagree), made from what validate() gives, so a value that failed its check is the Field's
# default until the build stops. Keyword-only, so their fields keep the order of the Field lists.


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
class AreaCaseReview:
    threshold_complaints: int
    threshold_months: int
    apply_url: str
    example: bool = False


@dataclass(frozen=True, kw_only=True)
class Area:
    id: str
    name: str
    example: bool = False
    contacts: dict[str, AreaContact]  # by organisation id
    case_review: AreaCaseReview | None = None


@dataclass(frozen=True, kw_only=True)
class Landlord:
    id: str
    label: str
    short: str
    social: bool
    usual_contact_when: str = ""
    how: str = ""  # how to reach the landlord on this answer, in place of its own words


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
    next: str = ""  # what else happens next for this kind of problem


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
