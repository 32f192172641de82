"""The three pages real ASB hubs have (issue 21, item 6): a diary sheet that nothing typed can
leave, what happens after a report with its timescales from the settings, and the ASB Case
Review in each area from data/report-routes.yaml. Their words come from data, and values no
source gives are labelled examples. Expected words are read here from the data files, or
written by hand."""

import re

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.build.test_guidance_from_data import change_yaml, text_of
from tests.conftest import REPO
from tests.support.builds import built, problems_for

STRINGS = {key: REPO / "templates" / "strings" / f"{key}.yaml" for key in ("en", "cy")}
NEW_PAGES = ["keep-a-diary", "after-you-report", "asb-case-review-in-your-area"]


def strings(key: str) -> dict:
    return yaml.safe_load(STRINGS[key].read_text(encoding="utf-8"))


def page(out, url: str) -> BeautifulSoup:
    return BeautifulSoup((out / url.strip("/") / "index.html").read_text("utf-8"), "html.parser")


@pytest.mark.parametrize(("key", "prefix"), [("en", ""), ("cy", "/cy")])
def test_the_diary_sheet_has_nothing_that_could_be_sent_or_remembered(built_example, key, prefix):
    soup = page(built_example, f"{prefix}/keep-a-diary/")
    words = strings(key)["diary"]
    sheet = soup.select_one("main [data-module='diary-sheet']")
    assert soup.select("form") == [] and sheet.find_parent("form") is None  # Enter sends nothing
    boxes = sheet.select("input, textarea")
    assert len(boxes) == 4 * 6  # four incidents of six boxes
    for box in boxes:
        assert not box.has_attr("name"), box
        assert box["autocomplete"] == "off" and box["spellcheck"] == "false", box
        assert box.get("type", "text") == "text", box
    labels = {label["for"]: label.get_text(strip=True) for label in sheet.select("label")}
    assert set(labels) == {box["id"] for box in boxes}
    assert labels["diary-2-reported-to"] == words["reported_to"]
    assert labels["diary-4-what"] == words["what"]
    legends = [legend.get_text(strip=True) for legend in sheet.select("legend")]
    assert legends == [words["entry"].format(number=n) for n in range(1, 5)]
    # The warning that a sheet on screen or paper can be found, and how to print without
    # the script, which hides that hint once it shows its own button.
    assert words["warning"] in sheet.select_one(".warning-text").get_text(" ", strip=True)
    assert (
        sheet.select_one("[data-diary-print-hint]").get_text(strip=True)
        == (words["print_without_script"])
    )
    assert sheet.select_one("button[data-diary-print]").has_attr("hidden")


def test_the_safety_page_warns_that_a_filled_in_sheet_can_be_found(built_example):
    for url in ["/using-this-site-safely/", "/cy/using-this-site-safely/"]:
        soup = page(built_example, url)
        warnings = " ".join(w.get_text(" ", strip=True) for w in soup.select("main .warning-text"))
        assert "diary" in warnings or "dyddiadur" in warnings, url
        diary = "/cy/keep-a-diary/" if url.startswith("/cy/") else "/keep-a-diary/"
        assert soup.select(f"main a[href='{diary}']"), url


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("/how-to-report/", "/keep-a-diary/"),
        ("/how-to-report/", "/after-you-report/"),
        ("/cy/how-to-report/", "/cy/keep-a-diary/"),
        ("/cy/how-to-report/", "/cy/after-you-report/"),
        ("/asb-case-review/", "/asb-case-review-in-your-area/"),
        ("/asb-case-review/", "/keep-a-diary/"),
    ],
)
def test_the_pages_that_speak_of_them_link_to_the_new_pages(built_example, url, target):
    assert page(built_example, url).select(f"main a[href='{target}']")


def test_no_timescale_or_threshold_is_typed_into_the_new_pages_text():
    # Timescales and thresholds are data: the pages' own text holds no figure at all, only
    # placeholders for phone numbers.
    for name in NEW_PAGES:
        for key in ("en", "cy"):
            text = (REPO / "content" / "guidance" / f"{name}.{key}.md").read_text("utf-8")
            body = re.sub(r"\{\{[^}]*\}\}", "", text.split("\n---\n", 1)[1])
            assert not re.search(r"\d", body), f"{name}.{key}.md"


def test_timescales_in_the_example_are_labelled_examples(built_example):
    words = strings("en")["after_report"]
    text = text_of(built_example, "/after-you-report/")
    # data/site.yaml: first_contact_working_days: 5, update_weeks: 4, example: true
    assert f"{words['example']} {words['example_text']}" in text
    assert "Within 5 working days of your report" in text
    assert "At least once every 4 weeks while your case is open" in text
    cy = text_of(built_example, "/cy/after-you-report/")
    assert "O fewn 5 diwrnod gwaith i'ch adroddiad" in cy
    assert strings("cy")["after_report"]["example_text"] in cy


def test_timescales_follow_the_settings_and_lose_the_label_once_set(example_site, tmp_path):
    def real(data):
        data["after_report"] = {
            "first_contact_working_days": 1,
            "update_weeks": 2,
            "example": False,
        }

    change_yaml(example_site / "data" / "site.yaml", real)
    text = text_of(built(example_site, tmp_path), "/after-you-report/")
    assert "Within 1 working day of your report" in text
    assert "At least once every 2 weeks while your case is open" in text
    assert strings("en")["after_report"]["example_text"] not in text


def area_rows(out, url: str) -> dict[str, tuple[str, str, str, bool]]:
    """Returns each area on the case review page: its name -> (threshold, link words, link
    address, whether it is tagged an example)."""
    soup = page(out, url)
    areas = {}
    for heading in soup.select("main h2[id^='area-']"):
        if heading["id"] == "area-elsewhere":
            continue
        tag = heading.find_next_sibling()
        example = tag.name == "p" and tag.select_one(".tag") is not None
        values = heading.find_next_sibling("dl").select(".summary-list__value")
        link = values[1].select_one("a")
        threshold = values[0].get_text(" ", strip=True)
        areas[heading.get_text(strip=True)] = (threshold, link.get_text(), link["href"], example)
    return areas


def test_the_case_review_page_shows_each_area_from_the_routes_file(built_example):
    routes = yaml.safe_load((REPO / "data" / "report-routes.yaml").read_text("utf-8"))
    expected = {}
    for area in routes["areas"]:
        review = area["case_review"]
        threshold = (
            f"If you have reported the problem {review['threshold_complaints']} or more times "
            f"within {review['threshold_months']} months"
        )
        link = f"Apply for an ASB Case Review in {area['name']}"
        expected[area["name"]] = (threshold, link, review["apply_url"], review["example"])
    assert area_rows(built_example, "/asb-case-review-in-your-area/") == expected
    assert all(example for *_, example in expected.values())  # no source gives their own
    # Areas not listed: the council's fallback, from the routes file too.
    soup = page(built_example, "/asb-case-review-in-your-area/")
    council = next(o for o in routes["organisations"] if o["id"] == "council")
    assert (
        soup.select_one(f"main a[href='{council['fallback_web']}']").get_text()
        == (council["fallback_web_text"])
    )
    cy = area_rows(built_example, "/cy/asb-case-review-in-your-area/")
    assert cy["Chesterfield"][0] == (
        "Os ydych wedi rhoi gwybod am y broblem 3 gwaith neu fwy o fewn 6 mis"
    )


def test_an_areas_threshold_changes_only_that_area(example_site, tmp_path):
    def set_chesterfield(data):
        area = next(a for a in data["areas"] if a["id"] == "chesterfield")
        area["case_review"] = {
            "threshold_complaints": 4,
            "threshold_months": 1,
            "apply_url": "https://www.chesterfield.gov.uk/asb",
            "example": False,
        }

    change_yaml(example_site / "data" / "report-routes.yaml", set_chesterfield)
    rows = area_rows(built(example_site, tmp_path), "/asb-case-review-in-your-area/")
    assert rows["Chesterfield"] == (
        "If you have reported the problem 4 or more times within 1 month",
        "Apply for an ASB Case Review in Chesterfield",
        "https://www.chesterfield.gov.uk/asb",
        False,
    )
    assert rows["High Peak"][0].endswith("3 or more times within 6 months")
    assert rows["High Peak"][3] is True


def test_a_wrong_threshold_is_refused_at_its_line(example_site):
    routes = example_site / "data" / "report-routes.yaml"
    text = routes.read_text("utf-8")
    text = text.replace("threshold_complaints: 3", "threshold_complaints: three", 1)
    routes.write_text(text, "utf-8")
    line = text.split("\n").index("      threshold_complaints: three") + 1
    found = problems_for(example_site)
    assert any(
        p.startswith(f"data/report-routes.yaml:{line}: ")
        and "case_review.threshold_complaints" in p
        for p in found
    ), found
