"""What the build makes of the browser editor: /admin/ served from the site itself, kept out
of everything readers see, said to be missing in one line where Node is not installed, and
required on Netlify. Also publishing on a date, which the scheduled build hook relies on."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

import build
from hub.read.headers import parse_csp
from hub.site import Options
from hub.write.cms import DECAP, LocalEditor, editor_files, for_preview
from tests.build.test_search_index import index_pages
from tests.conftest import REPO, guidance_page, write
from tests.support.site_checks import html_files, page_url, read_page


def admin_rule() -> dict:
    config = tomllib.loads((REPO / "netlify.toml").read_text(encoding="utf-8"))
    [rule] = [rule["values"] for rule in config["headers"] if rule["for"] == "/admin/*"]
    return rule


def test_the_editor_is_served_from_the_site_itself(built_example):
    admin = built_example / "admin"
    assert editor_files(), "Decap CMS is not installed: run scripts/setup --test"
    for source in editor_files():  # the pinned package's own files, byte for byte
        assert (admin / source.name).read_bytes() == source.read_bytes(), source.name
    assert not list(admin.glob("*.map"))  # source maps are for Decap's own developers
    facts = read_page(built_example, "/admin/")
    assert facts.inline_code == []
    assert [re.sub(r"\.[0-9a-f]{10}\.", ".", s) for s in facts.scripts] == [
        "/admin/decap-cms.js",
        "/assets/js/editor.js",
    ]
    html = (admin / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "</head>" not in html  # so `serve` puts no live-reload script into it


def test_the_editor_s_settings_never_point_at_a_local_backend(built_example):
    settings = yaml.safe_load((built_example / "admin" / "config.yml").read_text())
    assert "local_backend" not in settings
    assert settings["backend"]["name"] == "github"
    folders = [c.get("folder") or c["files"][0]["file"] for c in settings["collections"]]
    for folder in folders:
        assert (REPO / folder).exists(), folder


def test_readers_never_meet_the_editor(built_example):
    for path in html_files(built_example):
        html = path.read_text(encoding="utf-8")
        address = page_url(built_example, path)
        assert "/admin/" not in html, f"{address} links to or loads the editor"
        assert "decap" not in html.lower() and "/assets/js/editor." not in html, address
    for listing in ("sitemap.xml", "news/feed.xml", "robots.txt"):
        assert "/admin/" not in (built_example / listing).read_text(encoding="utf-8"), listing
    urls = [entry["url"] for pages in index_pages(built_example).values() for entry in pages]
    assert urls and not [url for url in urls if url.startswith("/admin/")]


def test_the_editor_has_its_own_policy_and_every_other_page_keeps_its_own():
    rule = admin_rule()
    policy = parse_csp(rule["Content-Security-Policy"])
    assert policy["default-src"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["script-src"]  # only Decap's inline styles
    assert policy["frame-ancestors"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert policy["form-action"] == ["'none'"]
    for name in ("script-src", "style-src", "img-src", "connect-src"):
        assert policy[name][0] == "'self'", name
    assert rule["X-Robots-Tag"] == "noindex, nofollow"
    assert set(rule) == {"Content-Security-Policy", "Cross-Origin-Opener-Policy", "X-Robots-Tag"}


def copy_without_node(tmp_path: Path) -> Path:
    """Returns a copy of the code and example site with no node_modules/ beside it."""
    copy = tmp_path / "repo"
    for name in ("hub", "templates", "assets", "content", "data"):
        shutil.copytree(REPO / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("build.py", "netlify.toml"):
        shutil.copy2(REPO / name, copy / name)
    return copy


def run(copy: Path, *args: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(copy / "build.py"), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **env},
    )


def test_without_the_editor_installed_the_build_says_so_once_and_builds_the_rest(
    tmp_path, built_example
):
    copy = copy_without_node(tmp_path)
    out = tmp_path / "out"
    result = run(copy, "build", "--out", str(out))
    assert result.returncode == 0, result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith("The browser editor is not installed, so /admin/ was left out")
    assert not (out / "admin").exists()
    made = {p.relative_to(out) for p in out.rglob("*") if p.is_file()}
    whole = {p.relative_to(built_example) for p in built_example.rglob("*") if p.is_file()}
    assert made == {p for p in whole if p.parts[0] != "admin"}

    # Installed later, the next build adds the editor, though no page changed.
    (copy / "node_modules").symlink_to(REPO / "node_modules")
    result = run(copy, "build", "--out", str(out))
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert (out / "admin" / "decap-cms.js").is_file()


def test_on_netlify_a_missing_editor_stops_the_deploy(tmp_path):
    copy = copy_without_node(tmp_path)
    out = tmp_path / "out"
    result = run(copy, "build", "--out", str(out), NETLIFY="true")
    assert result.returncode == 1
    assert result.stderr.startswith(
        "package.json:1: the browser editor (decap-cms) is not in node_modules/"
    )
    assert "Traceback" not in result.stderr and not out.exists()


def test_serve_editor_without_the_editor_installed_says_how_to_install_it(tmp_path):
    result = run(copy_without_node(tmp_path), "serve", "--editor", "--port", "0")
    assert result.returncode == 2
    assert "run scripts/setup --editor" in result.stderr and "Traceback" not in result.stderr


def test_netlify_installs_only_the_editor_from_package_json():
    config = tomllib.loads((REPO / "netlify.toml").read_text(encoding="utf-8"))
    flags = config["build"]["environment"]["NPM_FLAGS"].split()
    assert {"--omit=dev", "--omit=optional", "--ignore-scripts"} <= set(flags)
    package = json.loads((REPO / "package.json").read_text(encoding="utf-8"))
    assert package["dependencies"] == {"decap-cms": package["dependencies"]["decap-cms"]}
    assert re.fullmatch(r"\d+\.\d+\.\d+", package["dependencies"]["decap-cms"])  # exact pin
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    installed = json.loads((DECAP / "package.json").read_text(encoding="utf-8"))["version"]
    assert lock["packages"]["node_modules/decap-cms"]["version"] == installed


# --- publishing on a date ------------------------------------------------------------


DUE = dt.date(2026, 12, 3)


def test_a_report_and_a_page_go_live_on_their_published_day_and_not_before(small_site, tmp_path):
    write(
        small_site / "data" / "patrols" / "2024-12.yaml",
        f"""
        month: "2024-12"
        title: Patrols in December
        summary: What the extra patrols did in December.
        published: {DUE}
        figures:
          - figure: arrests
            value: 1
        source:
          publisher: Derbyshire Constabulary
          title: December update
          published: "2025-01"
        """,
    )
    write(
        small_site / "content" / "guidance" / "winter-advice.md",
        guidance_page("Winter advice", "Advice for the dark evenings.\n", published=DUE),
    )

    def live(today) -> set[str]:
        out = build.build(small_site, tmp_path / str(today), Options(today=today, search=False))
        sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
        pages = {"/news/2024-12/", "/winter-advice/"}
        shown = {url for url in pages if (out / url.strip("/") / "index.html").is_file()}
        assert shown == {url for url in pages if url in sitemap}
        return shown

    assert live(DUE - dt.timedelta(days=1)) == set()
    assert live(DUE) == {"/news/2024-12/", "/winter-advice/"}


def test_editing_a_page_due_later_does_not_publish_it_early(small_site, tmp_path):
    # Only the page's text changes between the builds, so the second one remakes edited pages
    # alone (write_edited_pages in build.py): that path must leave a page due later out too.
    page = write(
        small_site / "content" / "guidance" / "winter-advice.md",
        guidance_page("Winter advice", "Advice for the dark evenings.\n", published=DUE),
    )
    out, options = tmp_path / "out", Options(today=DUE - dt.timedelta(days=1), search=False)
    build.build(small_site, out, options)
    page.write_text(page.read_text(encoding="utf-8") + "\nAnd for the cold mornings.\n")
    build.build(small_site, out, options)
    assert not (out / "winter-advice").exists()
    assert "/winter-advice/" not in (out / "sitemap.xml").read_text(encoding="utf-8")


def test_a_scheduled_workflow_asks_netlify_to_build_early_each_uk_morning():
    workflow = yaml.safe_load(
        (REPO / ".github" / "workflows" / "scheduled-publish.yml").read_text(encoding="utf-8")
    )
    on = workflow[True]  # YAML 1.1 reads the key `on` as true
    [schedule] = on["schedule"]
    minute, hour, *every = schedule["cron"].split()
    assert every == ["*", "*", "*"]  # every day
    # UK time is UTC (winter) or UTC+1 (summer): both early morning, and the same date as on
    # Netlify's UTC build machines, so the build's "today" is the UK's.
    assert 4 <= int(hour) <= 6 and int(hour) + 1 < 24
    steps = workflow["jobs"]["build-hook"]["steps"]
    assert steps[-1]["env"]["BUILD_HOOK"] == "${{ secrets.NETLIFY_BUILD_HOOK }}"
    assert "curl --fail" in steps[-1]["run"] and '"$BUILD_HOOK"' in steps[-1]["run"]
    assert workflow["permissions"] == {}


def test_the_preview_server_adds_the_local_backend_to_the_served_config_only(tmp_path):
    files = {
        "/admin/config.yml": b"backend:\n  name: github\n",
        "/admin/decap-cms.js": b"x='<html><head></head></html>'",
        "/index.html": b"<html><head></head><body></body></html>",
    }

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "application/octet-stream")])
        return [files[environ["PATH_INFO"]]]

    def get(wrapped, path):
        answer = {}
        body = b"".join(wrapped({"PATH_INFO": path}, lambda s, h: answer.update(headers=h)))
        return dict(answer["headers"])["Content-Type"], body

    local = LocalEditor(tmp_path)  # not started: only its address is used
    kind, config = get(for_preview(app, local), "/admin/config.yml")
    assert kind.startswith("text/yaml")
    assert yaml.safe_load(config)["local_backend"] == {"url": local.api}
    assert "local_backend" not in yaml.safe_load(get(for_preview(app), "/admin/config.yml")[1])
    # livereload adds its script before any "</head>": the editor's code must not have one.
    kind, script = get(for_preview(app, local), "/admin/decap-cms.js")
    assert kind.startswith("text/javascript") and script == b"x='<html><head><\\/head></html>'"
    assert get(for_preview(app, local), "/index.html")[1] == files["/index.html"]
