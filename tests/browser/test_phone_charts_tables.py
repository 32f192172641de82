"""The news charts and the who-to-report-to table read on a phone (issue 20, point 5): chart
words as large as the page's small print and never cut off at the drawing's edges; the table
stacked into one block per problem on a narrow screen, and a table with headings on a wide one.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support.browser_checks import open_page as open_page_at

SCREENS = {360: 740, 1280: 900}
SCREENSHOTS = Path(
    os.environ.get("HUB_SCREENSHOTS") or Path(__file__).resolve().parents[2] / "test-screenshots"
)
ROUTES = "/who-to-report-to/"
TALLEST_ROW = 500  # px: at 360px wide, one problem's row was 779px tall as a three-column table

# For each <text> of each chart: the size its words are drawn at on screen (its font size times
# the drawing's scale), and whether its box lies inside the drawing's box.
CHART_TEXTS = """() => [...document.querySelectorAll('svg.chart__svg')].flatMap((svg, n) => {
  const box = svg.getBoundingClientRect();
  const scale = box.width / svg.viewBox.baseVal.width;
  return [...svg.querySelectorAll('text')].map((text) => {
    const r = text.getBoundingClientRect();
    return {chart: n, words: text.textContent,
            size: parseFloat(getComputedStyle(text).fontSize) * scale,
            inside: r.left >= box.left && r.right <= box.right
                    && r.top >= box.top && r.bottom <= box.bottom};
  });
})"""


def chart_pages(built: Path) -> list[str]:
    """Returns the address of every built page that draws a chart."""
    return sorted(
        "/" + "".join(part + "/" for part in html.parent.relative_to(built).parts)
        for html in built.rglob("index.html")
        if 'class="chart__svg"' in html.read_text(encoding="utf-8")
    )


def open_page(new_context, url: str, width: int):
    """Returns a fresh page at `url`, which must load, `width` wide and a screen tall."""
    return open_page_at(new_context, url, width, SCREENS[width])[0]


def small_print(page) -> float:
    """Returns the size of the page's small print (the words of its footer), in px."""
    return float(page.eval_on_selector(".footer p", "e => getComputedStyle(e).fontSize")[:-2])


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def test_the_news_pages_are_the_pages_with_charts(built_example):
    assert chart_pages(built_example) == ["/cy/news/", "/news/"]


@pytest.mark.parametrize("width", SCREENS)
def test_chart_words_are_as_large_as_the_small_print_and_inside_the_drawing(
    new_context, base_url, built_example, width
):
    for address in chart_pages(built_example):
        page = open_page(new_context, base_url + address, width)
        smallest = small_print(page)
        assert smallest >= 15  # the footer's words, not something unreadable itself
        texts = page.evaluate(CHART_TEXTS)
        assert len({t["chart"] for t in texts}) >= 2 and len(texts) > 40
        too_small = [(t["words"], round(t["size"], 1)) for t in texts if t["size"] < smallest]
        assert too_small == [], f"{address} at {width}px: smaller than {smallest}px"
        cut_off = [t["words"] for t in texts if not t["inside"]]
        assert cut_off == [], f"{address} at {width}px: cut off at the drawing's edge"
        # The qualifier is drawn, whole, with its figure.
        assert any(t["words"] in ("more than 700", "mwy na 700") for t in texts)
        assert page.evaluate("document.documentElement.scrollWidth") == width
        shoot(page, f"charts{address.replace('/', '-').rstrip('-')}-{width}")
        page.context.close()


def row_heights(page) -> list[float]:
    return page.eval_on_selector_all(
        ".table--routes tbody tr", "rows => rows.map(r => r.getBoundingClientRect().height)"
    )


def test_on_a_phone_each_problem_is_a_short_block_with_its_cells_labelled(new_context, base_url):
    page = open_page(new_context, base_url + ROUTES, 360)
    heights = row_heights(page)
    assert len(heights) >= 10
    assert max(heights) <= TALLEST_ROW, heights
    assert page.evaluate("document.documentElement.scrollWidth") == 360
    # Each cell shows its column's name, which screen readers skip (they hear the heading).
    row = page.locator(".table--routes tbody tr").first
    labels = row.locator(".table__label")
    expect(labels).to_have_text(["Contact first", "Contact too"])
    for label in labels.all():
        expect(label).to_be_visible()
        expect(label).to_have_attribute("aria-hidden", "true")
    # The headings row is not shown, yet it is still the table's, as the cells are.
    expect(page.locator(".table--routes thead")).not_to_be_in_viewport()
    table = page.get_by_role("table", name="Who to contact about each problem")
    expect(table.get_by_role("columnheader")).to_have_text(
        ["Problem", "Contact first", "Contact too"]
    )
    expect(table.get_by_role("rowheader").first).to_have_text("Noise")
    expect(table.get_by_role("cell")).to_have_count(2 * len(heights))
    cells = table.aria_snapshot().split('columnheader "Contact too"')[1]
    assert "Contact first" not in cells and "Contact too" not in cells  # not read twice
    shoot(page, "who-to-report-to-360")


def test_on_a_wide_screen_it_is_a_table_with_its_headings(new_context, base_url):
    page = open_page(new_context, base_url + ROUTES, 1280)
    table = page.locator("table.table--routes")
    assert table.evaluate("t => getComputedStyle(t).display") == "table"
    headings = page.locator(".table--routes thead th")
    expect(headings).to_have_text(["Problem", "Contact first", "Contact too"])
    for heading in headings.all():
        expect(heading).to_be_visible()
    expect(page.locator(".table__label").first).to_be_hidden()
    assert max(row_heights(page)) <= TALLEST_ROW
    shoot(page, "who-to-report-to-1280")


def test_the_danger_line_above_the_table_calls_999(page, base_url):
    page.goto(base_url + ROUTES)
    line = page.locator("main p", has_text="If someone is in danger")
    expect(line.locator("a[href='tel:999']")).to_have_text("999")
