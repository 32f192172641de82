"""Who deals with what: the organisation to contact first for each problem and landlord
answer, and the others to contact too, as the result pages and the who-to-report-to table
say it."""

from __future__ import annotations

from .model import ROOT, Also, Helper, Landlord, Problem


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


def case_review_areas(helper: Helper | None) -> dict:
    """Returns what the ASB Case Review page for each area shows: `areas`, those that give
    their own review (threshold and where to apply), in the routes file's order, and
    `elsewhere`, the first organisation with an office per area and a link that finds any
    other area's (None without one). Nothing while the routes file has mistakes."""
    if helper is None or not helper.valid:
        return {"areas": [], "elsewhere": None}
    return {
        "areas": [area for area in helper.areas if area.case_review],
        "elsewhere": next(
            (o for o in helper.organisations.values() if o.per_area and o.fallback_web), None
        ),
    }
