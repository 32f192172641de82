"""What every cached result is keyed by: a change to the code, a package or Python itself
makes every one of them stale."""

from __future__ import annotations

import hub.speed.fingerprints as fingerprints
from hub.speed.fingerprints import code_version, fingerprint


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
