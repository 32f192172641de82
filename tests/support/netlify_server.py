"""A local static server that behaves like Netlify for the built site.

It reads the [[headers]] rules from netlify.toml (never a copy of them), serves pretty URLs
(/page/ -> page/index.html) and answers unknown addresses with 404.html and status 404, or
with the page a [[redirects]] rule of status 404 gives for them (/cy/* -> /cy/404.html).
With a certificate it serves HTTPS; with `redirect_to` it only redirects plain HTTP there, as
Netlify does (the HTTP Observatory scan needs both).
Run it by hand with: python -m tests.support.netlify_server public 8080
"""

from __future__ import annotations

import fnmatch
import http.server
import mimetypes
import ssl
import sys
import threading
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def netlify_header_rules(toml_path: Path = REPO / "netlify.toml") -> list[tuple[str, dict]]:
    """Returns (path pattern, headers) pairs in the order netlify.toml lists them."""
    config = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    return [(rule["for"], dict(rule.get("values", {}))) for rule in config.get("headers", [])]


def netlify_not_found_rules(toml_path: Path = REPO / "netlify.toml") -> list[tuple[str, str]]:
    """Returns (address pattern, page) for each [[redirects]] rule of status 404, in order."""
    config = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    return [
        (rule["from"], rule["to"])
        for rule in config.get("redirects", [])
        if rule.get("status") == 404
    ]


def not_found_page(path: str, rules: list[tuple[str, str]]) -> str:
    """Returns the page Netlify answers a missing `path` with: the first 404 rule's (a
    trailing * matches the rest of the address), else /404.html."""
    for pattern, page in rules:
        if path == pattern or (pattern.endswith("*") and path.startswith(pattern[:-1])):
            return page
    return "/404.html"


def headers_for(path: str, rules: list[tuple[str, dict]]) -> dict[str, str]:
    """Returns the headers Netlify would send for `path`; later matching rules win per header."""
    headers: dict[str, str] = {}
    for pattern, values in rules:
        if fnmatch.fnmatchcase(path, pattern) or path == pattern:
            headers.update(values)
    return headers


def _handler(root: Path, rules, redirect_to: str | None, not_found=()):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            self._respond(send_body=True)

        def do_HEAD(self):  # noqa: N802
            self._respond(send_body=False)

        def _respond(self, send_body: bool):
            if redirect_to:
                self.send_response(301)
                self.send_header("Location", redirect_to + self.path)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            path = self.path.split("?", 1)[0].split("#", 1)[0]
            target = (root / path.lstrip("/")).resolve()
            status = 200
            if target.is_dir():
                if not path.endswith("/"):
                    self.send_response(301)
                    self.send_header("Location", path + "/")
                    self.end_headers()
                    return
                target = target / "index.html"
            if not target.is_file() or not target.is_relative_to(root):
                target, status = root / not_found_page(path, not_found).lstrip("/"), 404
            body = target.read_bytes()
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            if kind.startswith("text/") or kind in ("application/javascript", "image/svg+xml"):
                kind += "; charset=utf-8"
            # A Content-Type set in netlify.toml replaces the one guessed from the name.
            headers = {"Content-Type": kind, **headers_for(path, rules)}
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            if send_body:
                self.wfile.write(body)

        def log_message(self, *args):  # keep test output quiet
            pass

    return Handler


class NetlifyLikeServer:
    """Serves `root` on 127.0.0.1 in a background thread; use as a context manager.

    `certificate` is a (certificate file, key file) pair to serve HTTPS for `hostname`;
    `redirect_to` (an https origin) makes every answer a 301 redirect there instead.
    """

    def __init__(
        self,
        root: Path,
        port: int = 0,
        toml_path: Path = REPO / "netlify.toml",
        certificate: tuple[Path, Path] | None = None,
        hostname: str = "127.0.0.1",
        redirect_to: str | None = None,
    ):
        mimetypes.add_type("application/atom+xml", ".xml")
        mimetypes.add_type("text/javascript", ".js")
        self.httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", port),
            _handler(
                root.resolve(),
                netlify_header_rules(toml_path),
                redirect_to,
                netlify_not_found_rules(toml_path),
            ),
        )
        scheme = "http"
        if certificate:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*certificate)
            self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
            scheme = "https"
        port = self.httpd.server_address[1]
        default = {"http": 80, "https": 443}[scheme] == port
        self.url = f"{scheme}://{hostname}" + ("" if default else f":{port}")

    def __enter__(self) -> NetlifyLikeServer:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


if __name__ == "__main__":
    with NetlifyLikeServer(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 8080) as s:
        print(f"Serving {sys.argv[1]} with netlify.toml's headers on {s.url}")
        threading.Event().wait()
