"""The example site's words against the facts its sources give (/work/shared/content-facts.md,
issue 21): what an editor found wrong once stays put right."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def report(name: str) -> dict:
    return yaml.safe_load((ROOT / "data" / "patrols" / name).read_text(encoding="utf-8"))


def test_july_2024s_headline_does_not_credit_the_patrols_with_the_child_found_by_chance():
    for name in ("2024-07.en.yaml", "2024-07.cy.yaml"):
        title = report(name)["title"]
        assert "child" not in title and "plentyn" not in title
        assert "led to" not in title and "Arweiniodd" not in title


def test_july_2024s_paraphrases_keep_each_speaker_on_their_subject_in_the_release():
    by_role = {q["role"]: q for q in report("2024-07.en.yaml")["quotes"]}
    assert "Immediate Justice" in by_role["Hotspot Policing manager"]["text"]
    assert "Immediate Justice" not in by_role["Police and Crime Commissioner"]["text"]
    assert "patrol" in by_role["Police and Crime Commissioner"]["text"]


def test_december_2023_says_its_headline_and_its_figures_differ():
    note = report("2023-12.en.yaml")["source"]["note"]
    assert "2,000 hours" in note and "1,899 patrols" in note


def test_totals_given_so_far_carry_the_day_their_source_gave_them():
    assert report("2024-10.en.yaml")["totals"][0]["stated_on"].isoformat() == "2024-11-22"
    assert report("2023-12.en.yaml")["totals"][0]["stated_on"].isoformat() == "2024-02-18"
