"""Lighthouse on mobile settings: the budgets a resident on a phone should be able to rely on."""

from __future__ import annotations

import pytest

from tests.support.node_tools import (
    lighthouse_failures,
    lighthouse_pages,
    lighthouse_scores,
    lighthouse_shortfalls,
    run_lighthouse,
)
from tests.support.site_checks import example_page_addresses


def test_lighthouse_pages_are_home_a_guidance_page_and_a_report(built_example):
    home, guidance, report = lighthouse_pages(built_example)
    assert home == "/" and report.startswith("/news/20")
    assert guidance in example_page_addresses() and guidance not in ("/", report)


@pytest.mark.slow
@pytest.mark.parametrize("which", ["home", "guidance", "report"])
def test_lighthouse_mobile_scores_meet_the_budget(built_example, base_url, which):
    address = dict(zip(["home", "guidance", "report"], lighthouse_pages(built_example)))[which]
    report = run_lighthouse(base_url + address)
    scores = lighthouse_scores(report)
    print(f"\nLighthouse {address}: {scores}")
    assert lighthouse_shortfalls(scores) == [], lighthouse_failures(report)
