"""Security and caching headers: what netlify.toml says, what is served, and how it grades."""

from __future__ import annotations

import re
import tomllib
import urllib.error
import urllib.request

import pytest

from hub.read.headers import parse_csp
from tests.conftest import REPO
from tests.support.netlify_server import headers_for, netlify_header_rules
from tests.support.node_tools import netlify_on_standard_ports, run_observatory
from tests.support.site_checks import is_fingerprinted, page_url

SAFE_REFERRER_POLICIES = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}
# Features a hub of guidance pages never needs; denying them limits what injected code could do.
DENIED_FEATURES = ("camera", "microphone", "geolocation", "payment", "usb")


def netlify_toml() -> dict:
    return tomllib.loads((REPO / "netlify.toml").read_text(encoding="utf-8"))


def site_wide_headers() -> dict[str, str]:
    """Returns the headers netlify.toml sets for every address ("/*")."""
    rules = [rule for rule in netlify_toml()["headers"] if rule["for"] == "/*"]
    assert len(rules) == 1, 'netlify.toml needs one [[headers]] rule for "/*"'
    return rules[0]["values"]


def csp_problems(policy: str) -> list[str]:
    """Returns the ways `policy` falls short of a strict CSP."""
    directives = parse_csp(policy)
    found = []
    if directives.get("default-src") != ["'none'"]:
        found.append("default-src must be 'none', so anything not named is refused")
    for name, sources in directives.items():
        for source in sources:
            # Nothing on the site runs WebAssembly (search included), so none may run.
            unsafe = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'")
            if source.lower() in unsafe:
                found.append(f"{name} allows {source}")
            if (
                source == "*"
                or re.fullmatch(r"[a-z-]+:", source.lower())
                and name in ("script-src", "connect-src", "default-src")
            ):
                found.append(f"{name} allows every address with {source}")
            if source.lower().startswith("http:"):
                found.append(f"{name} allows plain http ({source})")
    for name, wanted in (
        ("frame-ancestors", ["'none'"]),
        ("base-uri", ["'none'"]),
        ("object-src", None),
    ):
        if wanted and directives.get(name) != wanted:
            found.append(f"{name} must be {' '.join(wanted)}")
    if "form-action" not in directives:
        found.append("form-action must be set (it does not fall back to default-src)")
    return found


def test_netlify_toml_sends_a_strict_content_security_policy():
    assert csp_problems(site_wide_headers()["Content-Security-Policy"]) == []


def test_csp_checker_rejects_loose_policies():
    loose = (
        "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval' https:; "
        "style-src http://cdn.example.org"
    )
    found = csp_problems(loose)
    assert "default-src must be 'none', so anything not named is refused" in found
    assert "script-src allows 'unsafe-inline'" in found
    assert "script-src allows every address with https:" in found
    assert "style-src allows plain http (http://cdn.example.org)" in found
    assert "script-src allows 'wasm-unsafe-eval'" in found
    assert (
        "frame-ancestors must be 'none'" in found
        and "form-action must be set (it does not fall back to default-src)" in found
    )


def test_netlify_toml_sends_the_other_security_headers():
    headers = site_wide_headers()
    hsts = headers["Strict-Transport-Security"]
    assert int(re.search(r"max-age=(\d+)", hsts).group(1)) >= 31536000
    assert "includesubdomains" in hsts.lower()
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] in SAFE_REFERRER_POLICIES
    for feature in DENIED_FEATURES:
        assert f"{feature}=()" in headers["Permissions-Policy"]
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"


def fetch(url: str):
    """Returns (status, headers) for a GET of `url`, including error statuses."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


def test_the_test_server_sends_netlify_toml_headers_for_every_file(built_example, base_url):
    site_wide = site_wide_headers()
    # The browser editor's page has a policy of its own (tests/build/test_cms_build.py).
    editor = next(rule["values"] for rule in netlify_toml()["headers"] if rule["for"] == "/admin/*")
    files = [path for path in sorted(built_example.rglob("*")) if path.is_file()]
    assert any(page_url(built_example, path).startswith("/admin/") for path in files)
    for path in files:
        address = page_url(built_example, path)
        status, headers = fetch(base_url + address)
        assert status == 200, address
        wanted = {**site_wide, **editor} if address.startswith("/admin/") else site_wide
        for name, value in wanted.items():
            if name != "Cache-Control":
                assert headers[name] == value, f"{address} {name}"
    status, headers = fetch(base_url + "/no-such-page/")
    assert (
        status == 404 and headers["Content-Security-Policy"] == site_wide["Content-Security-Policy"]
    )


def test_only_fingerprinted_files_are_cached_for_a_year(built_example, base_url):
    rules = netlify_header_rules()
    for path in sorted(built_example.rglob("*")):
        if not path.is_file():
            continue
        address = page_url(built_example, path)
        cache = fetch(base_url + address)[1]["Cache-Control"]
        assert cache == headers_for(address, rules)["Cache-Control"], address
        if "immutable" in cache:
            assert is_fingerprinted(path), (
                f"{address} is cached as immutable but its name does not change with its content"
            )
            assert "max-age=31536000" in cache
        else:
            assert re.search(r"max-age=0\b|no-cache", cache), f"{address} may be served stale"
        if address.startswith("/assets/"):
            assert "immutable" in cache, f"{address} is fingerprinted: cache it for a year"


@pytest.mark.slow
def test_mdn_http_observatory_grades_the_site_a_plus(built_example):
    with netlify_on_standard_ports(built_example) as ca_file:
        report = run_observatory("localhost", ca_file)
    failed = {name: test["result"] for name, test in report["tests"].items() if not test["pass"]}
    assert failed == {}
    assert report["scan"]["grade"] == "A+", report["scan"]
    print(f"\nHTTP Observatory: grade {report['scan']['grade']}, score {report['scan']['score']}")
