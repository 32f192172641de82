"""The routes file's rules (data/report-routes.yaml): its Field lists, one per list of items,
which the build checks the file against and the browser editor's forms are made from."""

from __future__ import annotations

from ...core.fields import Field

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
# An area's ASB Case Review: its threshold is set locally, so it is data here, never a
# sentence in a page; no source gives an area's own, so the example's are marked examples.
AREA_CASE_REVIEW_FIELDS = [
    Field(
        "threshold_complaints",
        "whole number",
        help="reports within the period that let someone ask for a review (set locally; "
        "three is typical)",
    ),
    Field("threshold_months", "whole number", help="the period, in months, the reports count over"),
    Field("apply_url", "https address", help="where to apply for a review in this area"),
    Field(
        "example",
        "yes/no",
        required=False,
        default=False,
        help="true while the threshold and address are placeholders, not the area's own",
    ),
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
    Field(
        "case_review",
        "mapping",
        required=False,
        fields=tuple(AREA_CASE_REVIEW_FIELDS),
        help="the area's ASB Case Review: its threshold and where to apply",
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
    Field(
        "how",
        "text",
        required=False,
        default="",
        help="how to reach the landlord on this answer, where the landlord's own words (for "
        "their tenants) would be wrong, e.g. for someone whose neighbour is the tenant",
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
    Field(
        "next",
        "text",
        required=False,
        default="",
        help="what else happens next for this kind of problem only, after the organisation's "
        "own words, e.g. a noise diary",
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
