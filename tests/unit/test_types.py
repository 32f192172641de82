"""The package's types: mypy passes on the package and build.py (pyproject.toml says how
strictly), and each dataclass of the settings, the helper's routes and a report's lists has the
fields of its Field list, so the two cannot drift."""

import dataclasses
import subprocess
import sys

import pytest

from hub import REPO
from hub.read.helper.fields import (
    ALSO_FIELDS,
    AREA_CASE_REVIEW_FIELDS,
    AREA_CONTACT_FIELDS,
    AREA_FIELDS,
    LANDLORD_FIELDS,
    ORGANISATION_FIELDS,
    PROBLEM_FIELDS,
)
from hub.read.helper.model import (
    Also,
    Area,
    AreaCaseReview,
    AreaContact,
    Landlord,
    Organisation,
    Problem,
)
from hub.read.reports.fields import LISTS, SOURCE_FIELDS
from hub.read.reports.model import ITEMS, Source
from hub.read.settings import SECTIONS, SITE_FIELDS, Settings

# Fields worked out by the build, not read from data/site.yaml.
WORKED_OUT = {Settings: {"words", "translations"}, SECTIONS["quick_exit"]: {"keys_text"}}
# Fields the file gives in one form and the build keeps worked out: the file's language
# codes become Language objects (the default's first), so their defaults differ.
REPLACED = {"languages"}


def test_mypy_finds_nothing():
    run = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.parametrize(
    ("model", "rules"),
    [(Settings, SITE_FIELDS)]
    + [
        (section, next(f for f in SITE_FIELDS if f.name == name).fields)
        for name, section in SECTIONS.items()
    ],
    ids=["settings", *SECTIONS],
)
def test_each_settings_dataclass_has_the_fields_of_its_rules(model, rules):
    declared = {f.name: f for f in dataclasses.fields(model)}
    read = [name for name in declared if name not in WORKED_OUT.get(model, ())]
    assert read == [rule.name for rule in rules]  # the same names, in the file's order
    for rule in rules:
        if rule.name in REPLACED:
            continue
        # A section built from a file that leaves a field out holds what validate() gives it.
        assert declared[rule.name].default == rule.default, rule.name


@pytest.mark.parametrize(
    ("model", "rules"),
    [
        (Organisation, ORGANISATION_FIELDS),
        (Area, AREA_FIELDS),
        (AreaContact, AREA_CONTACT_FIELDS),
        (AreaCaseReview, AREA_CASE_REVIEW_FIELDS),
        (Landlord, LANDLORD_FIELDS),
        (Also, ALSO_FIELDS),
        (Problem, PROBLEM_FIELDS),
    ],
    ids=["organisation", "area", "area contact", "area case review", "landlord", "also", "problem"],
)
def test_each_routes_dataclass_has_the_fields_of_its_rules(model, rules):
    # Built from what validate() gives, which holds every field of the list: the same names,
    # in the file's order, and the Field's default wherever the dataclass has one.
    declared = {f.name: f for f in dataclasses.fields(model)}
    assert list(declared) == [rule.name for rule in rules]
    for rule in rules:
        default = declared[rule.name].default
        if declared[rule.name].default_factory is not dataclasses.MISSING:
            default = declared[rule.name].default_factory()
        if default is not dataclasses.MISSING:
            assert default == rule.default, rule.name


@pytest.mark.parametrize(
    ("model", "rules"),
    [(ITEMS[name], rules) for name, rules in LISTS.items()] + [(Source, SOURCE_FIELDS)],
    ids=[*LISTS, "source"],
)
def test_each_report_dataclass_has_the_fields_of_its_rules(model, rules):
    # An item of a list also keeps its line and its keys' lines, for messages.
    declared = {f.name: f for f in dataclasses.fields(model) if f.name not in ("line", "lines")}
    assert list(declared) == [rule.name for rule in rules]
    for rule in rules:
        if declared[rule.name].default is not dataclasses.MISSING:
            assert declared[rule.name].default == rule.default, rule.name
