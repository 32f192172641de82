"""Guidance that depends on data follows the data: change a setting or a route, and the page
that shows it changes with it. Expected text is written here from the data files, by hand."""

import re

import yaml

import build
from tests.conftest import REPO, TODAY


def text_of(out, url: str) -> str:
    """Returns a page's main text, tags removed and spaces collapsed."""
    html = (out / url.strip("/") / "index.html").read_text(encoding="utf-8")
    main = html.split("<main")[1].split("</main>")[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).replace("&#39;", "'")


def change_yaml(path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def routes_rows(out) -> dict[str, list[str]]:
    """Returns the who-to-report-to table: problem -> [contact first, contact too] as text."""
    html = (out / "who-to-report-to" / "index.html").read_text(encoding="utf-8")
    table = html.split('class="table table--routes"')[1].split("</table>")[0]
    rows = {}
    for name, cells in re.findall(
        r'<th scope="row"><a [^>]+>([^<]+)</a></th>(.*?)</tr>', table, re.S
    ):
        texts = re.findall(r"<td>(.*?)</td>", cells, re.S)
        rows[name] = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", t)).strip() for t in texts]
    return rows


def test_the_who_to_report_to_table_is_the_helpers_routes(built_example):
    routes = yaml.safe_load((REPO / "data" / "report-routes.yaml").read_text(encoding="utf-8"))
    names = {org["id"]: org["name"] for org in routes["organisations"]}

    def capital(text):
        return text[0].upper() + text[1:]

    rows = routes_rows(built_example)
    assert list(rows) == [problem["name"] for problem in routes["problems"]]
    for problem in routes["problems"]:
        first, too = rows[problem["name"]]
        assert first.startswith(capital(names[problem["report_to"]])), problem["id"]
        for other in problem.get("also", []):
            assert f"{capital(names[other['organisation']])}, {other['when']}." in too
        if problem.get("anonymous"):
            assert f"{capital(names[problem['anonymous']])}, to pass on information" in too
        for landlord in routes["landlords"] if problem.get("landlord_matters") else []:
            if landlord["social"]:
                social = names[problem["social_housing_report_to"]]
                assert f"If {landlord['short']}: {social}." in first, problem["id"]
            if landlord.get("usual_contact_when"):
                usual = f"Also {names[problem['report_to']]}, {landlord['usual_contact_when']}."
                assert usual in first, problem["id"]


def test_changing_a_route_changes_the_table_page(example_site, tmp_path):
    out = build.build(example_site, tmp_path / "one", today=TODAY, search=False)
    before = routes_rows(out)["Vandalism, graffiti or damage"]
    assert before[0] == "The police"

    def graffiti_to_the_council(routes):
        problem = next(p for p in routes["problems"] if p["id"] == "vandalism-graffiti")
        problem["report_to"] = "council"

    change_yaml(example_site / "data" / "report-routes.yaml", graffiti_to_the_council)
    out = build.build(example_site, tmp_path / "two", today=TODAY, search=False)
    after = routes_rows(out)["Vandalism, graffiti or damage"]
    assert after[0] == "Your local council"
    # The council is now first, so it is no longer listed as someone to contact too.
    assert "Your local council," not in after[1]
    helper = (out / "report" / "vandalism-graffiti" / "elsewhere" / "index.html").read_text()
    assert 'data-recommend="council"' in helper
