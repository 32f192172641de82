"""The Node and Java tools the quality gates run: vnu, Lighthouse and the HTTP Observatory.

Each function runs one tool from node_modules/ (installed by `npm ci --ignore-scripts`) and
returns its findings as plain Python data, so gates, negative tests and bench/ share one path.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from hub import REPO
from hub.core.languages import split_name
from tests.support.netlify_server import NetlifyLikeServer

NODE_MODULES = REPO / "node_modules"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Flags proven on Debian's Chromium in containers (see testing.md).
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def _require(path: Path) -> Path:
    if not path.exists():
        raise RuntimeError(
            f"{path} is missing: run `npm ci --ignore-scripts --no-audit "
            "--no-fund` in the repository first"
        )
    return path


def run_vnu(folder: Path) -> list[str]:
    """Returns every error the Nu HTML Checker finds in the HTML files under `folder`.

    Each error reads `path:line: message`, with the path relative to `folder`.
    """
    jar = _require(NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar")
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(jar),
            "--errors-only",
            "--skip-non-html",
            "--format",
            "json",
            str(folder),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    # vnu writes its JSON report to stderr and exits 1 when it found errors.
    try:
        messages = json.loads(result.stderr)["messages"]
    except (json.JSONDecodeError, KeyError):
        raise RuntimeError(f"vnu did not report: {result.stdout}{result.stderr}") from None
    prefix = Path(folder).resolve().as_uri().replace("file:///", "file:/") + "/"
    return [
        f"{m.get('url', '').replace(prefix, '')}:{m.get('lastLine', 1)}: {m['message']}"
        for m in messages
        if m.get("type") in ("error", "non-document-error")
    ]


def run_lighthouse(url: str) -> dict:
    """Returns Lighthouse's report for `url` with its default mobile settings.

    The report's ["categories"][name]["score"] are 0..1; ["audits"] explains each.
    """
    cli = _require(NODE_MODULES / "lighthouse" / "cli" / "index.js")
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as scratch:
        report = Path(scratch) / "report.json"
        for _attempt in range(2):
            result = subprocess.run(
                [
                    "node",
                    str(cli),
                    url,
                    "--output=json",
                    f"--output-path={report}",
                    "--quiet",
                    f"--only-categories={','.join(LIGHTHOUSE_CATEGORIES)}",
                    f"--chrome-flags={' '.join(CHROME_FLAGS)}",
                ],
                capture_output=True,
                text=True,
                timeout=240,
                env={**os.environ, "CHROME_PATH": CHROMIUM},
            )
            # On a busy machine the trace now and then misses its start (NO_NAVSTART); Lighthouse
            # itself says to run again. Any other failure, or a second one, is reported.
            if "Please run Lighthouse again" not in result.stderr:
                break
        if result.returncode != 0 or not report.is_file():
            raise RuntimeError(f"Lighthouse failed on {url}:\n{result.stderr[-3000:]}")
        return json.loads(report.read_text(encoding="utf-8"))


def lighthouse_scores(report: dict) -> dict[str, int]:
    """Returns each category's score out of 100."""
    return {name: round(category["score"] * 100) for name, category in report["categories"].items()}


def lighthouse_failures(report: dict) -> list[str]:
    """Returns the scored audits that did not pass fully, to explain a score below 100."""
    found = []
    for name, category in report["categories"].items():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
                found.append(
                    f"{name}: {audit['id']} scored {audit['score']} "
                    f"({audit.get('displayValue') or audit['title']})"
                )
    return found


def make_certificate(folder: Path, hostname: str = "localhost") -> tuple[Path, Path]:
    """Returns (certificate, key) files of a new self-signed certificate for `hostname`."""
    if not shutil.which("openssl"):
        raise RuntimeError(
            "openssl is needed to make a test certificate: apt-get install -y openssl"
        )
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            f"/CN={hostname}",
            "-addext",
            f"subjectAltName=DNS:{hostname}",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


def _observatory_ready() -> Path:
    """Returns the scanner's entry script, after giving it the HSTS preload list it reads.

    Its install script would download that list; installs here skip scripts (no network), so an
    empty list stands in: our score then never relies on being preloaded.
    """
    package = _require(NODE_MODULES / "@mdn" / "mdn-http-observatory")
    preload = package / "conf" / "hsts-preload.json"
    if not preload.is_file():
        preload.write_text("{}\n", encoding="utf-8")
    return package / "src" / "scan.js"


@contextlib.contextmanager
def netlify_on_standard_ports(root: Path, hostname: str = "localhost"):
    """Serves `root` as Netlify would at https://HOSTNAME/, with http://HOSTNAME/ redirecting.

    The scanner takes only a host name, so this binds ports 443 and 80, which needs root (or
    CAP_NET_BIND_SERVICE) and free ports. Yields the path of the CA file that trusts the server.
    """
    # Test runs sharing a machine take turns for the two ports rather than fail on them.
    with (
        open(Path(tempfile.gettempdir()) / "asb-hub-ports-80-443.lock", "w") as lock,
        tempfile.TemporaryDirectory(prefix="observatory-") as scratch,
        contextlib.ExitStack() as servers,
    ):
        fcntl.flock(lock, fcntl.LOCK_EX)
        cert, key = make_certificate(Path(scratch), hostname)
        try:
            servers.enter_context(
                NetlifyLikeServer(root, 443, certificate=(cert, key), hostname=hostname)
            )
            servers.enter_context(NetlifyLikeServer(root, 80, redirect_to=f"https://{hostname}"))
        except OSError as error:
            raise RuntimeError(
                f"cannot serve on ports 443 and 80 for the Observatory scan "
                f"({error}): run the tests as root, or free those ports"
            ) from None
        yield cert


def run_observatory(hostname: str, ca_file: Path) -> dict:
    """Returns the MDN HTTP Observatory's scan of https://HOSTNAME/ (grade, score, tests)."""
    scanner = _observatory_ready()
    result = subprocess.run(
        ["node", str(scanner), hostname],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NODE_EXTRA_CA_CERTS": str(ca_file)},
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        raise RuntimeError(
            f"the Observatory did not report: {result.stdout}{result.stderr}"
        ) from None
    if "error" in report:
        raise RuntimeError(f"the Observatory could not scan {hostname}: {report['error']}")
    return report


# What the Lighthouse gate asks of each page it runs on (mobile settings, scores out of 100).
LIGHTHOUSE_BUDGET = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}


def lighthouse_pages(root: Path) -> list[str]:
    """Returns the pages Lighthouse checks: home, the longest guidance page, the newest report."""
    names = (split_name(path.stem)[0] for path in (REPO / "content" / "guidance").glob("*.en.md"))
    guidance = [f"/{name}/" for name in sorted(names) if (root / name / "index.html").is_file()]
    longest = max(guidance, key=lambda url: (root / url.strip("/") / "index.html").stat().st_size)
    reports = sorted(
        path.parent.name
        for path in (root / "news").glob("*/index.html")
        if re.fullmatch(r"\d{4}-\d{2}", path.parent.name)
    )
    return ["/", longest, f"/news/{reports[-1]}/"]


def lighthouse_shortfalls(scores: dict[str, int]) -> list[str]:
    """Returns each category scoring under its budget."""
    return [
        f"{name} scored {scores.get(name)}, needs {least}"
        for name, least in LIGHTHOUSE_BUDGET.items()
        if scores.get(name, 0) < least
    ]
