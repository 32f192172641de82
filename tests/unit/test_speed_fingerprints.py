"""What every cached result is keyed by: a change to the code, a package or Python itself
makes every one of them stale."""

from __future__ import annotations

import dataclasses

import pytest

import hub.speed.fingerprints as fingerprints
from hub.speed.fingerprints import Unkeyable, code_version, fingerprint


def file_hash(path) -> str:
    return str(path.stat().st_size) + path.name


def test_the_code_version_follows_the_code_the_packages_and_python(monkeypatch):
    first = code_version(file_hash)
    assert code_version(file_hash) == first
    monkeypatch.setattr(fingerprints, "installed_packages", lambda: ["markdown-3.12.0.dist-info"])
    upgraded = code_version(file_hash)
    assert upgraded != first
    monkeypatch.setattr(fingerprints.sys, "version", "3.11.99 (another build)")
    assert code_version(file_hash) not in (first, upgraded)
    monkeypatch.undo()
    assert code_version(lambda path: "edited" + file_hash(path)) != first


def test_every_pinned_package_beside_the_builds_own_is_listed():
    names = fingerprints.installed_packages()
    for package in ("Jinja2", "Markdown", "PyYAML", "nh3"):
        assert any(name.lower().startswith(package.lower() + "-") for name in names), package


def test_a_fingerprint_follows_content_not_identity():
    assert fingerprint({"a": [1, 2]}) == fingerprint({"a": [1, 2]})
    assert fingerprint({"a": [1, 2]}) != fingerprint({"a": [2, 1]})


@dataclasses.dataclass
class Text:
    words: str


def test_a_known_object_stands_in_by_its_key_and_nothing_else_does():
    # (Pickle never asks about a plain list, dict or str: a page is an object of its own.)
    page, other = Text("a page's text"), Text("another text")
    known = {id(page): (page, "its key")}
    assert fingerprint([page], known=known) == fingerprint(
        [other], known={id(other): (other, "its key")}
    )
    assert fingerprint([page], known=known) != fingerprint([page])
    # An id the map holds for another object (as a freed object's id is given to a new one)
    # is not trusted: the object is fingerprinted by its content.
    stale = {id(other): (page, "its key")}
    assert fingerprint([other], known=stale) == fingerprint([other])


def test_equal_values_give_one_fingerprint_whether_or_not_they_share_objects():
    # Values read afresh share objects where values recalled from the cache do not.
    words = "".join(["patrol", "s"])
    shared = ["patrols", "patrols"]
    assert fingerprint([words, words]) == fingerprint(["patrols", "patrols"])
    assert fingerprint([shared, shared]) == fingerprint([shared, list(shared)])


def test_a_value_that_holds_itself_cannot_be_fingerprinted():
    loop: list = []
    loop.append(loop)
    with pytest.raises(Unkeyable):
        fingerprint(loop)
