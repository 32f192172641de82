"""Browser fixtures: Debian's Chromium driven by Playwright, pages served with the headers
netlify.toml sets."""

from __future__ import annotations

import shutil

import pytest

from tests.browser.outside_hosts import OutsideHosts
from tests.support.netlify_server import NetlifyLikeServer

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Never let Playwright fetch a browser: use the one Debian installed.
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def site_server(built_example):
    """Yields the example site served as Netlify would, with its headers."""
    with NetlifyLikeServer(built_example) as server:
        yield server


@pytest.fixture(scope="session")
def base_url(site_server):
    return site_server.url


@pytest.fixture
def no_javascript(browser):
    """Yields a page with JavaScript off, its outside hosts answered by stubs."""
    context = browser.new_context(java_script_enabled=False)
    OutsideHosts(context)
    yield context.new_page()
    context.close()
