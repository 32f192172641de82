"""Checks that netlify.toml's Content-Security-Policy fits the site settings.

The CSP is the last line of defence against injected scripts, so it allows an outside host only
where a setting needs one: the analytics service, loaded after consent, needs script-src (to load
its script) and connect-src (to send its counts). Anything else is a leftover to remove.
The browser editor's page (/admin/) has a policy of its own, which never loads analytics and
allows only the outside hosts its backend needs (EDITOR_HOSTS).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

from ..core.errors import Problems
from ..core.sources import read_text

# The directives an analytics script needs its host in.
ANALYTICS_DIRECTIVES = ("script-src", "connect-src")
ADMIN_RULE = "/admin/*"
# The outside hosts the browser editor's page needs, by data/site.yaml's editor.backend: the
# GitHub backend calls GitHub's API and shows the signed-in editor's picture; git-gateway
# calls only the site's own /.netlify/ addresses.
EDITOR_HOSTS = {
    "github": {
        "connect-src": "https://api.github.com",
        "img-src": "https://avatars.githubusercontent.com",
    },
    "git-gateway": {},
}
CSP_LINE = re.compile(r'^\s*"?Content-Security-Policy"?\s*=', re.IGNORECASE)


def parse_csp(policy: str) -> dict[str, list[str]]:
    """Returns each directive's name (lower case) mapped to its sources, in policy order."""
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives.setdefault(words[0].lower(), words[1:])
    return directives


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    return parts.scheme.lower(), (parts.hostname or "").lower(), parts.port


def _is_host_source(source: str) -> bool:
    """True for sources that name hosts (https://a.org, a.org, *.a.org, https:, *).

    False for keywords, nonces and hashes, which are quoted.
    """
    return not source.startswith("'")


def source_allows(source: str, url: str) -> bool:
    """Returns whether one CSP source (https://a.org, a.org, *.a.org, https:, *) lets `url` load."""
    scheme, host, port = _origin(url)
    if source == "*" or source.lower() == f"{scheme}:":
        return True
    wanted = _origin(source if "://" in source else f"{scheme}://{source}")
    if wanted[0] != scheme or (wanted[2] is not None and wanted[2] != port):
        return False
    pattern = wanted[1]
    if pattern.startswith("*."):
        return host.endswith(pattern[1:])
    return host == pattern


def _csp_lines(text: str) -> list[int]:
    """Returns the line number of each Content-Security-Policy setting, in file order."""
    return [n for n, line in enumerate(text.split("\n"), start=1) if CSP_LINE.match(line)]


def check_csp_hosts(toml_path: Path, rel: str, site, problems: Problems) -> None:
    """Records a problem for each CSP that blocks a host the settings (`site`, a Record) need
    or allows an unneeded one: the analytics host, or the editor's backend for /admin/."""
    text = read_text(toml_path, rel, problems)  # UTF-8, a plain file, within the size limit
    if text is None:
        return
    try:
        config = tomllib.loads(text)
    except RecursionError:  # tomllib recurses once per level of [ or {
        problems.add(rel, 1, "this file nests [ or { too deeply to be read: check the brackets")
        return
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        problems.add(
            rel,
            int(found.group(1)) if found else 1,
            f"this file is not valid TOML ({error}): Netlify could not read it",
        )
        return
    rules = [
        (rule.get("for"), rule["values"]["Content-Security-Policy"])
        for rule in config.get("headers", [])
        if "Content-Security-Policy" in rule.get("values", {})
    ]
    lines = _csp_lines(text) + [1] * len(rules)  # 1 if the setting was written unusually
    analytics_url = site.analytics.script_url if site.analytics else None
    backend = site.editor.backend if site.editor else None
    editor_hosts = EDITOR_HOSTS.get(backend, {}) if backend else {}
    for (path, policy), line in zip(rules, lines):
        directives = parse_csp(str(policy))
        if path == ADMIN_RULE:
            reason = f"editor.backend {backend} in data/site.yaml"
            for name in ("connect-src", "img-src"):
                needed = editor_hosts.get(name)
                _check_directive(name, directives, needed, reason, rel, line, problems)
            continue
        for name in ANALYTICS_DIRECTIVES:
            reason = "analytics.script_url in data/site.yaml"
            _check_directive(name, directives, analytics_url, reason, rel, line, problems)


def _check_directive(
    name: str, directives: dict, needed: str | None, setting: str, rel: str, line, problems
) -> None:
    """Records a problem if directive `name` blocks the `needed` address (which `setting`
    in the site settings calls for) or allows a host nobody needs."""
    # A missing directive falls back to default-src, as browsers do.
    sources = directives.get(name, directives.get("default-src", []))
    hosts = [source for source in sources if _is_host_source(source)]
    if needed and not any(source_allows(host, needed) for host in hosts):
        scheme, host, _ = _origin(needed)
        what = (
            "the analytics that data/site.yaml's analytics.script_url loads"
            if setting.startswith("analytics")
            else f"what the browser editor needs for {setting}"
        )
        problems.add(
            rel,
            line,
            f"the Content-Security-Policy's {name} does not allow "
            f"{scheme}://{host}, so browsers will block {what}: add it to {name}",
        )
    for host in hosts:
        if not (needed and source_allows(host, needed)):
            if setting.startswith("analytics"):
                reason = (
                    "is not the analytics host in data/site.yaml"
                    if needed
                    else "is not needed, because data/site.yaml sets no analytics"
                )
            else:
                reason = f"is not needed by {setting}"
            problems.add(
                rel,
                line,
                f"the Content-Security-Policy's {name} allows {host}, which "
                f"{reason}: remove it from {name}",
            )


def check_not_found_rules(toml_path: Path, rel: str, site, problems: Problems) -> None:
    """Records each of the site's other languages that netlify.toml gives no page not found
    (a [[redirects]] rule from /KEY/* to /KEY/404.html, status 404), and each such rule for a
    language the site does not list: its page is not made, so Netlify would answer with none
    of the site's own."""
    text = toml_path.read_text(encoding="utf-8")
    try:
        rules = tomllib.loads(text).get("redirects", [])
    except tomllib.TOMLDecodeError:
        return  # check_csp_hosts says so
    found = {rule.get("from"): rule.get("to") for rule in rules if rule.get("status") == 404}
    wanted = {f"/{lang.key}/*": f"/{lang.key}/404.html" for lang in site.languages[1:]}
    for pattern, page in wanted.items():
        if found.get(pattern) != page:
            problems.add(
                rel,
                1,
                f"the pages under {pattern[:-1]} have their own page not found ({page}), but "
                f'no rule sends a missing address there: add [[redirects]] from = "{pattern}" '
                f'to = "{page}" status = 404',
            )
    for pattern, page in found.items():
        key = (pattern or "").strip("/*")
        if pattern not in wanted and pattern != "/*" and page == f"/{key}/404.html":
            line = next((n for n, ln in enumerate(text.split("\n"), 1) if pattern in ln), 1)
            problems.add(
                rel,
                line,
                f"this rule sends missing addresses under /{key}/ to {page}, which the build "
                f"does not make ({key} is not in languages in data/site.yaml): remove it",
            )
