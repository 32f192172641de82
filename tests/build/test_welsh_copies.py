"""A Welsh file holds only words, whatever is copied into it: the browser editor's "Fill in
from another locale" copies a report's whole figures list and source, numbers and all, into
its Welsh file, and people copy a whole English file by hand to translate it. An exact copy
of the English values builds, and changes nothing the site shows; a copy that differs is
named at its line, with the English value it should match."""

from __future__ import annotations

import shutil

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.conftest import run_cli
from tests.support.builds import built, line_number, problems_for

PATROLS = ("data", "patrols")


def read(path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def page_text(out, address: str) -> str:
    html = (out / address.strip("/") / "index.html").read_text(encoding="utf-8")
    return " ".join(BeautifulSoup(html, "html.parser").select_one("main").get_text().split())


def figure_rows(out, address: str) -> dict[str, str]:
    html = BeautifulSoup(
        (out / address.strip("/") / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    return {
        row.select_one("dt").get_text(): " ".join(row.select_one("dd").get_text().split())
        for row in html.select("dl.summary-list:not(.summary-list--plain) .summary-list__row")
    }


def filled_in_from_english(site) -> None:
    """Gives July 2024's Welsh file what Decap's "Fill in from another locale" adds to it:
    each list and the source as the English file has them, every field of every item, with
    the Welsh words kept where the Welsh file had them."""
    folder = site.joinpath(*PATROLS)
    english, welsh = read(folder / "2024-07.en.yaml"), read(folder / "2024-07.cy.yaml")
    copied = dict(welsh)
    copied["figures"] = english["figures"]
    copied["source"] = {**english["source"], "where": welsh["source"]["where"]}
    for name in ("statements", "highlights", "quotes"):
        copied[name] = [{**e, **w} for e, w in zip(english[name], welsh[name])]
    (folder / "2024-07.cy.yaml").write_text(
        yaml.safe_dump(copied, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


def test_a_welsh_report_filled_in_from_the_english_builds_the_same_welsh_page(
    example_site, tmp_path
):
    before = built(example_site, tmp_path / "before")
    filled_in_from_english(example_site)
    welsh = read(example_site.joinpath(*PATROLS, "2024-07.cy.yaml"))
    assert welsh["figures"][1] == {"figure": "arrests", "value": 15}  # numbers and all
    assert welsh["source"]["publisher"] == "Derbyshire Constabulary"
    after = built(example_site, tmp_path / "after")
    page = "cy/news/2024-07/index.html"
    assert (after / page).read_bytes() == (before / page).read_bytes()
    rows = figure_rows(after, "/cy/news/2024-07/")
    assert rows["Arestiadau"] == "15"  # the English figure, in a Welsh page
    assert rows["Oriau patrolau ychwanegol"] == "Mwy na 700"


def test_a_whole_english_report_copied_by_hand_builds_with_its_figures(example_site, tmp_path):
    folder = example_site.joinpath(*PATROLS)
    for english in [*folder.glob("*.en.yaml"), *folder.glob("summaries/*.en.yaml")]:
        shutil.copy(english, english.with_name(english.name.replace(".en.", ".cy.")))
    out = built(example_site, tmp_path)
    # Not translated yet, but whole: every report has its Welsh page, with the figures.
    november = {f["figure"]: f["value"] for f in read(folder / "2024-11.en.yaml")["figures"]}
    assert figure_rows(out, "/cy/news/2024-11/")["Arestiadau"].startswith(f"{november['arrests']} ")
    assert figure_rows(out, "/news/2024-07/")["Arrests"] == "15"
    assert figure_rows(out, "/cy/news/2024-07/")["Arestiadau"] == "15"
    assert (out / "cy" / "news" / "year-to-2024-10" / "index.html").is_file()


def test_a_copied_value_that_differs_from_the_english_is_named_at_its_line(example_site):
    filled_in_from_english(example_site)
    path = example_site.joinpath(*PATROLS, "2024-07.cy.yaml")
    english = example_site.joinpath(*PATROLS, "2024-07.en.yaml")
    text = path.read_text(encoding="utf-8")
    for old, new in [
        ("- figure: arrests\n  value: 15", "- figure: arrests\n  value: 16"),
        ("publisher: Derbyshire Constabulary", "publisher: Heddlu Swydd Derby"),
        ("name: Nicolle Ndiweni", "name: N. Ndiweni"),
    ]:
        assert old in text
        text = text.replace(old, new)
    path.write_text(text + "published: 2026-11-27\n", encoding="utf-8")

    def differs(welsh_line: str, what: str, english_line: str) -> str:
        at = f":{line_number(english, english_line)}" if english_line else ""
        return (
            f"data/patrols/2024-07.cy.yaml:{line_number(path, welsh_line)}: {what}".replace(
                "EN", f"data/patrols/2024-07.en.yaml{at}"
            )
            + ": a file in Cymraeg gives only words and takes the rest from there, so delete "
            "it here or make it the same"
        )

    assert sorted(problems_for(example_site)) == sorted(
        [
            differs("value: 16", "figures[arrests].value is 16, but EN gives 15", "value: 15"),
            differs(
                "N. Ndiweni",
                'quotes[2].name is "N. Ndiweni", but EN gives "Nicolle Ndiweni"',
                "Nicolle Ndiweni",
            ),
            differs(
                "publisher: Heddlu",
                'source.publisher is "Heddlu Swydd Derby", but EN gives "Derbyshire Constabulary"',
                "",
            ),
            differs(
                "published: 2026-11-27", "published is 2026-11-27, but EN gives 2026-11-26", ""
            ),
        ]
    )


def test_a_welsh_page_filled_in_from_the_english_is_a_page(example_site, tmp_path):
    # Decap's "Fill in from another locale" on a page copies every field and the text.
    folder = example_site / "content" / "guidance"
    shutil.copy(folder / "what-is-asb.en.md", folder / "what-is-asb.cy.md")
    shutil.copy(example_site / "content" / "index.en.md", example_site / "content" / "index.cy.md")
    out = built(example_site, tmp_path)
    for address in ("/what-is-asb/", "/"):
        english, welsh = (
            BeautifulSoup((out / a.strip("/") / "index.html").read_text(), "html.parser")
            for a in (address, "/cy" + address)
        )
        assert welsh.html["lang"] == "cy"
        assert welsh.select_one("h1").get_text() == english.select_one("h1").get_text()


def test_a_welsh_headline_is_checked_against_the_figures_in_welsh_words(example_site):
    path = example_site.joinpath(*PATROLS, "2024-07.cy.yaml")
    text = path.read_text(encoding="utf-8")
    assert "a 15 arestiad" in text and "Roedd mwy na 700 awr" in text
    # "mwy na" is Welsh for "more than": without it, 700 is not the "more than 700" figure.
    text = text.replace("a 15 arestiad", "a 16 arestiad").replace("Roedd mwy na 700", "Roedd 700")
    path.write_text(text, encoding="utf-8")
    rel = "data/patrols/2024-07.cy.yaml"
    assert [p for p in problems_for(example_site) if p.startswith(rel)] == [
        f'{rel}:{line_number(path, "title:")}: the title says "16", which is none of this '
        "report's figures or totals (patrol_hours more than 700; arrests 15; groups_dispersed "
        "15; immediate_justice_referrals 68; immediate_justice_referrals 670): each number in "
        'it must be one of the report\'s figures or running totals, with its "more than" or '
        '"about" where the figure has one (a date is not a number)',
        f'{rel}:{line_number(path, "summary:")}: the summary says "700", which is none of this '
        "report's figures or totals (patrol_hours more than 700; arrests 15; groups_dispersed "
        "15; immediate_justice_referrals 68; immediate_justice_referrals 670): each number in "
        'it must be one of the report\'s figures or running totals, with its "more than" or '
        '"about" where the figure has one (a date is not a number)',
    ]


@pytest.mark.parametrize(
    "written",
    [
        # What Decap writes for the Welsh side when only the English report is saved.
        "figures: []\nstatements: []\nhighlights: []\nquotes: []\n",
        # Only the keys naming the figures, which are not words.
        "figures:\n  - figure: arrests\n  - figure: patrol_hours\n",
    ],
)
def test_a_words_file_with_no_words_is_no_version_yet(example_site, written):
    welsh = "data/patrols/2024-11.cy.yaml"
    (example_site / welsh).write_text(written, encoding="utf-8")
    result = run_cli("check", "--site", str(example_site))
    assert result.returncode == 0, result.stderr
    wanted = f"data/patrols/2024-11.en.yaml:1: has no version in Cymraeg (cy): write {welsh}"
    assert wanted in result.stderr
    assert f"{welsh}:" not in result.stderr  # nothing said of the file itself
