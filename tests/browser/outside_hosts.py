"""Stand-ins for the outside hosts the hub links to or loads, for browser tests with no internet.

The exit target (www.bbc.co.uk) and the example analytics host (analytics.example.org) are
answered by small stubs through Playwright's routing. Every request the browser makes is recorded,
so a test can prove which hosts were contacted.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from tests.conftest import run_cli

EXIT_URL = "https://www.bbc.co.uk/weather"
# A neutral page to start from, so "Back" after leaving has somewhere that is not the hub.
START_URL = "https://www.bbc.co.uk/start"
ANALYTICS_SCRIPT = "https://analytics.example.org/script.js"
ANALYTICS_COOKIE = "_example_analytics"
CONSENT_COOKIE = "asb_hub_consent"

# What a real analytics script does that matters here: it sets its own first-party cookie.
ANALYTICS_STUB = (
    f"document.cookie = '{ANALYTICS_COOKIE}=counted; path=/; max-age=63072000; SameSite=Lax';"
)


class OutsideHosts:
    """Routes the outside hosts of `target` (a page or a browser context) to stubs.

    `requests` lists every URL the browser asked for, from any host, in order.
    """

    def __init__(self, target):
        self.requests: list[str] = []
        target.on("request", lambda request: self.requests.append(request.url))
        target.route(
            "https://www.bbc.co.uk/**",
            lambda route: route.fulfill(
                status=200,
                content_type="text/html; charset=utf-8",
                body="<!DOCTYPE html><html lang='en'><title>Weather</title><h1>Weather</h1></html>",
            ),
        )
        target.route(
            ANALYTICS_SCRIPT,
            lambda route: route.fulfill(
                status=200, content_type="text/javascript", body=ANALYTICS_STUB
            ),
        )

    def analytics_requested(self) -> bool:
        return ANALYTICS_SCRIPT in self.requests

    def hosts_other_than(self, site_url: str) -> set[str]:
        """Returns every host asked for that is not the site's own."""
        own = urlsplit(site_url).netloc
        return {
            urlsplit(url).netloc
            for url in self.requests
            if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc != own
        }


def cookie(context, name: str) -> dict | None:
    """Returns the browser's cookie called `name`, or None."""
    return next((c for c in context.cookies() if c["name"] == name), None)


def consent(context) -> dict | None:
    """Returns the reader's saved choices from the consent cookie, or None when there is none."""
    saved = cookie(context, CONSENT_COOKIE)
    return json.loads(saved["value"]) if saved else None


def build_variant(site: Path, out: Path, change) -> Path:
    """Builds a copy of the example site after `change(settings)` edits its data/site.yaml,
    in English only (its Welsh settings' words would not follow the change).

    Returns the output folder.
    """
    settings_file = site / "data" / "site.yaml"
    settings = yaml.safe_load(settings_file.read_text(encoding="utf-8"))
    settings["languages"] = [settings["language"]]
    change(settings)
    settings_file.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    result = run_cli("build", "--site", str(site), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out
