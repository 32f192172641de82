"""The helper's pages: every page from the start page down every path to a result, their
addresses, and the checks of the guidance links on them."""

from __future__ import annotations

import dataclasses
import re

from markupsafe import Markup

from ...core.errors import Problems, did_you_mean
from ...core.interface import Words, english, phone_link
from .model import ELSEWHERE, Answer, Area, Choice, Contact, Helper, HelperPage, Landlord, Problem
from .routes import _route


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
        dataclasses.replace(
            page, description=one_stop(steps.words("helper.description", title=page.title))
        )
        for page in pages
    ]


def one_stop(sentence: str) -> str:
    """Returns `sentence` without a full stop that follows a title's own end mark: "to?."
    becomes "to?"."""
    return re.sub(r"([?!.])\.", r"\1", sentence)


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
        if landlord and landlord.how and first != problem.report_to:
            main = dataclasses.replace(main, how=landlord.how)
        if problem.next:  # this problem's own next step, after the organisation's
            # Joined as Markup, so a phone link in either text stays a link and the rest
            # stays escaped.
            main = dataclasses.replace(main, next=Markup(" ").join([main.next, problem.next]))
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
