"""netlify.toml's CSP must allow the analytics host exactly where data/site.yaml configures it."""

from __future__ import annotations

import re

import pytest

from hub.core.errors import Problems
from hub.read.headers import check_csp_hosts, parse_csp, source_allows
from hub.read.settings import Analytics, Editor, Settings
from tests.conftest import REPO, run_cli, write

ANALYTICS = "https://analytics.example.org/script.js"


def netlify_toml(script_src: str, connect_src: str) -> str:
    return f"""
        [build]
          publish = "public"

        [[headers]]
          for = "/*"
          [headers.values]
            Content-Security-Policy = "default-src 'none'; script-src {script_src}; connect-src {connect_src}"
            X-Frame-Options = "DENY"
        """


def csp_problems(tmp_path, toml_text: str, analytics_url: str | None) -> list[str]:
    """Returns the problems check_csp_hosts finds in `toml_text` for a site whose analytics
    script is at `analytics_url` (or that has none)."""
    path = write(tmp_path / "netlify.toml", toml_text)
    analytics = Analytics(script_url=analytics_url) if analytics_url else None
    site = Settings(analytics=analytics, editor=None)
    problems = Problems()
    check_csp_hosts(path, "netlify.toml", site, problems)
    return [str(problem) for problem in problems.sorted()]


def test_policy_allowing_the_analytics_host_in_both_directives_passes(tmp_path):
    host = "https://analytics.example.org"
    assert csp_problems(tmp_path, netlify_toml(f"'self' {host}", f"'self' {host}"), ANALYTICS) == []


def test_missing_analytics_host_is_reported_with_the_csp_line(tmp_path):
    found = csp_problems(
        tmp_path, netlify_toml("'self'", "'self' https://analytics.example.org"), ANALYTICS
    )
    assert found == [
        "netlify.toml:7: the Content-Security-Policy's script-src does not allow "
        "https://analytics.example.org, so browsers will block the analytics that "
        "data/site.yaml's analytics.script_url loads: add it to script-src"
    ]


def test_connect_src_needs_the_host_too(tmp_path):
    found = csp_problems(
        tmp_path, netlify_toml("'self' https://analytics.example.org", "'self'"), ANALYTICS
    )
    assert (
        len(found) == 1 and "connect-src does not allow https://analytics.example.org" in found[0]
    )


def test_host_allowed_without_analytics_configured_must_be_removed(tmp_path):
    host = "https://analytics.example.org"
    found = csp_problems(tmp_path, netlify_toml(f"'self' {host}", f"'self' {host}"), None)
    assert found == [
        "netlify.toml:7: the Content-Security-Policy's connect-src allows "
        "https://analytics.example.org, which is not needed, because data/site.yaml sets no "
        "analytics: remove it from connect-src",
        "netlify.toml:7: the Content-Security-Policy's script-src allows "
        "https://analytics.example.org, which is not needed, because data/site.yaml sets no "
        "analytics: remove it from script-src",
    ]


def test_a_different_host_is_named_and_the_right_one_asked_for(tmp_path):
    found = csp_problems(
        tmp_path,
        netlify_toml("'self' https://stats.example.com", "'self' https://analytics.example.org"),
        ANALYTICS,
    )
    assert any(
        "script-src allows https://stats.example.com, which is not the analytics host" in line
        for line in found
    )
    assert any("script-src does not allow https://analytics.example.org" in line for line in found)


def test_missing_directives_fall_back_to_default_src(tmp_path):
    text = """
        [[headers]]
          for = "/*"
          [headers.values]
            Content-Security-Policy = "default-src 'none'"
        """
    found = csp_problems(tmp_path, text, ANALYTICS)
    assert [line.split(":")[1] for line in found] == ["4", "4"]


def test_broken_toml_is_reported_with_its_line(tmp_path):
    found = csp_problems(tmp_path, '[build]\npublish = "public\n', ANALYTICS)
    assert len(found) == 1 and found[0].startswith("netlify.toml:2: this file is not valid TOML")


@pytest.mark.parametrize(
    "source, allowed",
    [
        ("https://analytics.example.org", True),
        ("analytics.example.org", True),
        ("*.example.org", True),
        ("https:", True),
        ("http://analytics.example.org", False),
        ("https://analytics.example.org:8443", False),
        ("https://example.org", False),
        ("*.analytics.example.org", False),
    ],
)
def test_source_matching_follows_csp_host_rules(source, allowed):
    assert source_allows(source, ANALYTICS) is allowed


def test_parse_csp_keeps_directives_in_order():
    assert parse_csp("default-src 'none'; script-src 'self' https://a.org;; img-src 'self'") == {
        "default-src": ["'none'"],
        "script-src": ["'self'", "https://a.org"],
        "img-src": ["'self'"],
    }


def test_the_repository_netlify_toml_matches_the_example_settings():
    result = run_cli("check")
    assert result.returncode == 0, result.stderr


def test_check_fails_when_site_yaml_names_a_host_the_csp_blocks(example_site):
    (example_site / "netlify.toml").write_text(
        (REPO / "netlify.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    site_yaml = example_site / "data" / "site.yaml"
    site_yaml.write_text(
        site_yaml.read_text(encoding="utf-8").replace(
            "https://analytics.example.org/script.js", "https://stats.example.com/script.js"
        ),
        encoding="utf-8",
    )
    result = run_cli("check", "--site", str(example_site))
    assert result.returncode == 1
    csp_line = next(
        n
        for n, line in enumerate(
            (REPO / "netlify.toml").read_text(encoding="utf-8").split("\n"), start=1
        )
        if line.strip().startswith("Content-Security-Policy")
    )
    assert re.search(
        rf"^netlify\.toml:{csp_line}: the Content-Security-Policy's script-src does "
        r"not allow https://stats\.example\.com",
        result.stderr,
        re.MULTILINE,
    )
    assert "Traceback" not in result.stderr


def test_a_netlify_toml_that_cannot_be_read_is_a_problem_not_a_traceback(tmp_path):
    path = tmp_path / "netlify.toml"
    path.write_bytes('[[headers]]\n  for = "/caf\xe9"\n'.encode("latin-1"))
    assert problems_for_file(path) == [
        "netlify.toml:2: this file is not saved as UTF-8 text: save it again as UTF-8"
    ]
    path.write_text("a = " + "[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert problems_for_file(path) == [
        "netlify.toml:1: this file nests [ or { too deeply to be read: check the brackets"
    ]


def problems_for_file(path) -> list[str]:
    problems = Problems()
    check_csp_hosts(path, "netlify.toml", {}, problems)
    return [str(problem) for problem in problems.sorted()]


def with_editor(connect_src: str, img_src: str = "'self'") -> str:
    """Returns a netlify.toml whose pages allow the analytics host and whose /admin/ rule
    has the given sources."""
    host = "https://analytics.example.org"
    return (
        netlify_toml(f"'self' {host}", f"'self' {host}")
        + f"""
        [[headers]]
          for = "/admin/*"
          [headers.values]
            Content-Security-Policy = "default-src 'none'; script-src 'self'; connect-src {connect_src}; img-src {img_src}"
        """
    )


def editor_problems(tmp_path, toml_text: str, backend: str) -> list[str]:
    path = write(tmp_path / "netlify.toml", toml_text)
    site = Settings(analytics=Analytics(script_url=ANALYTICS), editor=Editor(backend=backend))
    problems = Problems()
    check_csp_hosts(path, "netlify.toml", site, problems)
    return [str(problem) for problem in problems.sorted()]


def test_the_editor_s_policy_allows_what_its_backend_needs_and_no_analytics(tmp_path):
    text = with_editor(
        "'self' https://api.github.com", "'self' https://avatars.githubusercontent.com"
    )
    assert editor_problems(tmp_path, text, "github") == []


def test_the_editor_s_policy_must_reach_github_s_api_for_the_github_backend(tmp_path):
    assert editor_problems(tmp_path, with_editor("'self'"), "github") == [
        "netlify.toml:13: the Content-Security-Policy's connect-src does not allow "
        "https://api.github.com, so browsers will block what the browser editor needs for "
        "editor.backend github in data/site.yaml: add it to connect-src",
        "netlify.toml:13: the Content-Security-Policy's img-src does not allow "
        "https://avatars.githubusercontent.com, so browsers will block what the browser "
        "editor needs for editor.backend github in data/site.yaml: add it to img-src",
    ]


def test_a_host_the_editor_s_backend_does_not_need_must_be_removed(tmp_path):
    found = editor_problems(tmp_path, with_editor("'self' https://api.github.com"), "git-gateway")
    assert found == [
        "netlify.toml:13: the Content-Security-Policy's connect-src allows "
        "https://api.github.com, which is not needed by editor.backend git-gateway in "
        "data/site.yaml: remove it from connect-src"
    ]
