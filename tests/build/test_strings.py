"""A site rewords any interface string in data/strings/, without touching a template."""

import pytest
from bs4 import BeautifulSoup

import build
from hub.core.errors import ContentErrors
from hub.site import Options
from tests.conftest import TODAY, write


def page(out, address: str) -> BeautifulSoup:
    path = out / address.strip("/") / "index.html" if address != "/" else out / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_a_site_rewords_strings_and_every_page_and_script_follows(example_site, tmp_path):
    # The seed hub's own words for two of them.
    write(
        example_site / "data" / "strings" / "en.yaml",
        """
        exit:
          button: Quick exit
          shift_other: Press Shift {count} more times to exit.
        cookie_banner:
          view: Customise cookies
        """,
    )
    out = build.build(example_site, tmp_path / "out", Options(today=TODAY, search=False))
    for address in ("/", "/what-is-asb/", "/news/", "/report/noise/"):
        html = page(out, address)
        button = html.select_one("a.exit-this-page__button")
        assert " ".join(button.get_text().split()) == "Emergency: Quick exit", address
        exit_block = html.select_one("[data-module='exit-this-page']")
        assert exit_block["data-text-shift-other"] == "Press Shift {count} more times to exit."
        assert html.select_one("[data-cookie-question] a").get_text() == "Customise cookies"
    # Strings the site did not reword keep the generator's words.
    assert page(out, "/").select_one("button[data-cookie-choice='accept']").get_text() == (
        "Accept additional cookies"
    )


def test_a_mistake_in_a_sites_strings_stops_the_build_at_its_line(example_site, tmp_path):
    write(example_site / "data" / "strings" / "en.yaml", "exit:\n  buton: Quick exit\n")
    with pytest.raises(ContentErrors) as caught:
        build.build(example_site, tmp_path / "out", Options(today=TODAY, search=False))
    assert [str(p) for p in caught.value.problems] == [
        'data/strings/en.yaml:2: unknown field "exit.buton"; did you mean "exit.button"?'
    ]
    assert not (tmp_path / "out").exists()
