"""Quality gates over the whole built example site: valid HTML, links, orphans, fonts."""

from __future__ import annotations

import pytest

from hub.core.errors import Problems
from hub.read.settings import load_site_config
from tests.conftest import REPO
from tests.support.node_tools import run_vnu
from tests.support.site_checks import (
    all_pages,
    duplicate_problems,
    link_problems,
    orphan_problems,
    web_font_problems,
)


@pytest.fixture(scope="module")
def pages(built_example):
    return all_pages(built_example)


@pytest.fixture(scope="module")
def site_settings():
    return load_site_config(REPO / "data" / "site.yaml", "data/site.yaml", Problems())


def test_every_page_is_valid_html(built_example):
    assert run_vnu(built_example) == []


def test_every_link_image_asset_and_fragment_resolves(built_example, pages, site_settings):
    assert link_problems(built_example, pages, site_settings.base_url) == []


def test_no_page_is_an_orphan(built_example, pages):
    assert orphan_problems(built_example, pages) == []


def test_titles_and_descriptions_are_unique(pages):
    assert duplicate_problems(pages) == []


def test_no_web_fonts(built_example):
    assert web_font_problems(built_example) == []
