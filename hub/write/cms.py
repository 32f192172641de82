"""The browser editor at /admin/: Decap CMS, served from the site itself, with a config.yml
made from the build's own field rules, so that its forms refuse what the build would refuse.

Decap's files come from node_modules/decap-cms (package.json pins it; Netlify installs it
before each deploy). Without them a local build says so in one line and builds the rest; a
build on Netlify stops, so that a deploy never goes out without its editor. Decap's
package.json is among the inputs the speed layer hashes (hub/speed/hashes.py), so the build
after installing or upgrading it is a full one.
`serve --editor` adds Decap's local backend (decap-server), which saves straight into the
working folder; no built config.yml ever holds it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .. import REPO
from ..core.errors import ContentErrors, Problem
from ..core.fields import NAMES, PATTERNS, Field
from ..core.overlay import words_fields
from ..read.pages import HOME_FIELDS, page_fields
from ..read.reports.fields import report_fields, summary_fields
from ..read.reports.reading import SUMMARIES
from ..read.settings import SITE_FIELDS

DECAP = REPO / "node_modules" / "decap-cms"
DECAP_SERVER = REPO / "node_modules" / "decap-server" / "dist" / "index.js"
ADMIN = "admin"  # the editor's folder in the built site, and so its address

# The page text below the front matter is not a Field: the build requires some (see
# hub/read/pages.py), and the editor edits it as Markdown source. Decap's rich-text mode would
# write it back as CommonMark, which knows neither the callouts (!!! warning) nor the
# {{ site.x }} placeholders, so only the source mode is offered.
BODY = {
    "name": "body",
    "label": "Page text",
    "widget": "markdown",
    "modes": ["raw"],
    "required": True,
    "hint": "Markdown: ## for a heading, - for a list, !!! inset or !!! warning for a callout "
    "(its text indented by 4 spaces), {{ site.contacts.non_emergency }} for a number kept in "
    "the site settings.",
}
# A date as the build reads it: YYYY-MM-DD, which Decap writes unquoted. The editor's day
# widget (assets/js/editor.js) shows it as people write it, day, month and year, each in its
# own box (Decap's date picker shows the browser's order, often month first), and saves the
# date in this form only when it is a real one: anything else stays as typed and is refused.
DAY = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
DAY_RULE = "it must be a real date: its day, month and year in numbers, e.g. 10, 1, 2025"
# A day, or only the month when that is all that is known (the "date or month" kind).
DATE_OR_MONTH = PATTERNS["month"][0].removesuffix("$") + "(-(0[1-9]|[12][0-9]|3[01]))?$"
DATE_OR_MONTH_RULE = (
    "it must be a date written as YYYY-MM-DD, or only the month, YYYY-MM, when the day is not known"
)
# A count as typed: digits only, and no leading 0, so that the number saved is what was typed
# ("450.5", "1e3", "fifteen" and "007" are refused, never cut or read as something else).
# The editor's whole-number box (assets/js/editor.js) saves text that matches as a number.
WHOLE_NUMBER = "^(0|[1-9][0-9]*)$"
WHOLE_NUMBER_RULE = f"it must be {NAMES['whole number']}, written in digits only, e.g. 450"
HEADER = (
    "# Made by `python build.py` from the field rules in hub/ (hub/write/cms.py): change those,\n"
    "# not this file, which each build writes again.\n"
)

# The "not installed" line is printed once a process (serve rebuilds often).
_said_missing: list[bool] = []


def editor_files() -> list[Path]:
    """Returns the Decap files the site serves (the app, its chunks and licence notice), or
    [] when it is not installed. Source maps and the older `cms.js` copy are left out."""
    dist = DECAP / "dist"
    if not (dist / "decap-cms.js").is_file():
        return []
    return sorted(
        path
        for path in dist.iterdir()
        if path.is_file()
        and not path.name.endswith(".map")
        and (
            path.name.startswith("decap-cms.")
            or path.name.endswith(".decap-cms.js")
            or path.suffix == ".wasm"
        )
    )


def write_cms(env, site, stage) -> None:
    """Writes /admin/ for the Site `site`: the editor's page, its config.yml and Decap's
    own files.

    Without Decap installed, prints one line saying so and writes nothing; on Netlify
    (NETLIFY=true) raises ContentErrors instead, so the deploy fails.
    """
    files = editor_files()
    if not files:
        if os.environ.get("NETLIFY") == "true":
            raise ContentErrors(
                [
                    Problem(
                        "package.json",
                        1,
                        "the browser editor (decap-cms) is not in node_modules/: Netlify "
                        "installs it from package.json before the build, so check the "
                        "deploy log's npm step",
                    )
                ]
            )
        if not _said_missing:
            _said_missing.append(True)
            print(
                "The browser editor is not installed, so /admin/ was left out "
                "(scripts/setup --editor installs it); the rest of the site was built.",
                file=sys.stderr,
            )
        return
    # A file's size and time alone could match across versions (installers may set times), so
    # the package's own manifest, with its version, is part of each file's key too.
    manifest = (DECAP / "package.json").read_bytes()
    for path in files:
        # Kept from the last build while the installed file looks the same: 6 MB is not
        # read again for each build.
        stat = path.stat()
        shape = (manifest, path.name, stat.st_size, stat.st_mtime_ns)
        stage.write_made(f"{ADMIN}/{path.name}", shape, path.read_bytes)
    stage.write(f"{ADMIN}/config.yml", config_text(site.settings, site.reports.figures))
    words = json.dumps(editor_words(site.settings, site.reports.figures), ensure_ascii=False)
    page = {"url": "/admin/", "editor_words": words}
    stage.write_rendered(env, [(f"{ADMIN}/index.html", "layouts/admin.html", page)])


# The strings the editor's script (assets/js/editor.js) needs: its own words, and those the
# report page is made of, so that its preview says what the page will.
EDITOR_GROUPS = ("editor", "report", "figures", "dates")


def editor_words(settings, figures) -> dict:
    """Returns what the editor's script is given, in the site's default language: the string
    groups it shows (EDITOR_GROUPS) and each figure's key, label and running total's label."""
    strings = settings.words.strings
    return {
        "words": {group: strings.get(group, {}) for group in EDITOR_GROUPS},
        "figures": [
            {"key": f.key, "label": f.label, "total_label": f.total_label} for f in figures
        ],
    }


def config_text(settings, figures) -> str:
    """Returns config.yml: the editor's settings and collections, as YAML."""
    return HEADER + yaml.dump(
        cms_config(settings, figures), Dumper=_Plain, sort_keys=False, allow_unicode=True, width=100
    )


# libyaml's dumper where PyYAML has it (its wheels do); the type checker reads the first. An
# if, not a conditional expression, which the type checker would not take as a base class.
if TYPE_CHECKING or yaml.__with_libyaml__:  # noqa: SIM108
    _Dumper = yaml.CSafeDumper
else:
    _Dumper = yaml.SafeDumper


class _Plain(_Dumper):
    """Writes a list used twice (the two page collections' fields) out twice, rather than as
    a YAML alias, so that config.yml reads plainly."""

    def ignore_aliases(self, data):
        return True


def cms_config(settings, figures) -> dict:
    """Returns Decap's configuration for the site, given its settings (a Record) and the
    figures reports may carry (data/figures.yaml): how it signs in and saves (from
    data/site.yaml's editor settings), and one collection for each kind of file."""
    editor = settings.editor
    backend = {"name": editor.backend, "branch": editor.branch}
    if editor.backend == "github":
        backend["repo"] = editor.repo
    return {
        "backend": backend,
        # Each change becomes a pull request with its own deploy preview; publishing merges it.
        "publish_mode": "editorial_workflow",
        "site_url": settings.base_url,
        "display_url": settings.base_url,
        "show_preview_links": True,
        # Pages cannot show pictures (the sanitiser allows no <img>), so uploads are kept in
        # a folder the build does not publish.
        "media_folder": "content/uploads",
        # New pages are named from their title: lower case, hyphens, no accents.
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        **_languages(settings),
        "collections": collections(settings, figures),
    }


def _languages(settings) -> dict:
    """Returns Decap's `i18n` setting for a site in more than one language, else nothing.

    Decap's multiple_files keeps each language's file beside the default one, named with its
    key (what-is-asb.en.md, what-is-asb.cy.md), as the build reads them (hub/core/languages.py).
    """
    if len(settings.languages) < 2:
        return {}
    keys = [language.key for language in settings.languages]
    return {"i18n": {"structure": "multiple_files", "locales": keys, "default_locale": keys[0]}}


def collections(settings, figures) -> list[dict]:
    """Returns the editor's collections: guidance pages, statutory pages, the home page,
    monthly patrol reports, summaries of longer periods and the site settings. The report
    helper's data is left to be edited as a file (see docs/comms-staff.md, "The report helper")."""
    # In a site with more than one language, each field says whether it is written in each
    # language or copied from the default one (Field.i18n); else no field says anything.
    several = len(settings.languages) > 1
    i18n = {"i18n": True} if several else {}
    page = [*(form_field(field, i18n=several) for field in page_fields(settings)), _body(several)]
    markdown = {"extension": "md", "format": "frontmatter"}
    made = [
        {
            "name": "guidance",
            "label": "Guidance pages",
            "label_singular": "guidance page",
            "folder": "content/guidance",
            **markdown,
            **i18n,
            "create": True,
            "slug": "{{slug}}",
            "identifier_field": "title",
            "summary": "{{title}}",
            "sortable_fields": ["title", "section", "order"],
            "preview_path": "{{slug}}/",
            "fields": page,
        },
        {
            "name": "pages",
            "label": "Cookies, privacy and accessibility pages",
            "label_singular": "page",
            "folder": "content/pages",
            **markdown,
            **i18n,
            "create": False,
            "delete": False,
            "identifier_field": "title",
            "preview_path": "{{slug}}/",
            "fields": page,
        },
        _home(settings, several),
        {
            "name": "reports",
            "label": "Patrol reports",
            "label_singular": "patrol report",
            "folder": "data/patrols",
            "extension": "yaml",
            "format": "yaml",
            **i18n,
            "create": True,
            # A new report's file is named by its month ({{month}} alone is today's month).
            "slug": "{{fields.month}}",
            "identifier_field": "title",
            "summary": "{{fields.month}}: {{title}}",
            "sortable_fields": ["month", "published"],
            "preview_path": "news/{{fields.month}}/",
            "fields": [
                form_field(field, comments=True, i18n=several) for field in report_fields(figures)
            ],
        },
        {
            "name": "summaries",
            "label": "Patrol summaries (longer periods)",
            "label_singular": "patrol summary",
            "folder": f"data/patrols/{SUMMARIES}",
            "extension": "yaml",
            "format": "yaml",
            **i18n,
            "create": True,
            # A new summary's file is named by its period: the-year-to-october-2024.yaml.
            "slug": "{{fields.period}}",
            "identifier_field": "title",
            "summary": "{{fields.period}}: {{title}}",
            "sortable_fields": ["ends", "published"],
            "preview_path": "news/{{slug}}/",
            "fields": [
                form_field(field, comments=True, i18n=several) for field in summary_fields(figures)
            ],
        },
        {
            "name": "settings",
            "label": "Site settings",
            "delete": False,
            "format": "yaml",
            "files": [
                {
                    "name": "site",
                    "label": "Site settings",
                    "file": "data/site.yaml",
                    "fields": [
                        form_field(field, vars(settings)[field.name], comments=True)
                        for field in SITE_FIELDS
                    ],
                }
            ],
        },
    ]
    # data/site.yaml is the default language's and has no key in its name, so each other
    # language's settings words (data/site.cy.yaml) are a file of their own, not a Decap
    # locale of it.
    made[-1]["files"] += [
        {
            "name": f"site-{language.key}",
            "label": f"Site settings: words in {language.code}",
            "file": f"data/site.{language.key}.yaml",
            "fields": [
                form_field(field, vars(settings.translations[language.key])[field.name])
                for field in words_fields(SITE_FIELDS)
            ],
        }
        for language in settings.languages[1:]
    ]
    return made


def _home(settings, several: bool) -> dict:
    """Returns the home page's collection: one file, content/index.md, or in a site with more
    than one language a folder collection of content/ (Decap's i18n keeps a files
    collection's languages in a single file only), which lists index.en.md with its other
    languages and no more: the pages in content/'s own folders are other collections'."""
    fields = [*(form_field(field, i18n=several) for field in HOME_FIELDS), _body(several)]
    if several:
        return {
            "name": "home",
            "label": "Home page",
            "folder": "content",
            "extension": "md",
            "format": "frontmatter",
            "i18n": True,
            "create": False,
            "delete": False,
            "identifier_field": "title",
            "preview_path": "",
            "fields": fields,
        }
    return {
        "name": "home",
        "label": "Home page",
        "delete": False,
        "extension": "md",
        "format": "frontmatter",
        "files": [
            {
                "name": "home",
                "label": "Home page text",
                "file": "content/index.md",
                "fields": fields,
            }
        ],
    }


def _body(several: bool) -> dict:
    """Returns the page text's form field: written in each language when there are several."""
    return {**BODY, "i18n": True} if several else BODY


def form_field(
    field: Field, current=None, comments: bool = False, i18n: bool = False, inside: bool = False
) -> dict:
    """Returns the editor's form field for one rule: the widget that fits its kind, its
    allowed values, pattern and limits, `required` as the build has it, and its help.

    `current` is the value in the file now: a mapping of free keys (owners) gets a box for
    each key it has. With `comments`, Decap writes the help above the key in the saved file,
    as the `new-report` scaffold does. With `i18n`, the field says whether each language
    writes it (Field.i18n); `inside` says it is a field of a list's or mapping's items.
    """
    made = {"name": field.name, "label": field.title, "required": field.required}
    if i18n:
        made["i18n"] = _i18n(field, inside)
    if not field.editable:
        return {**made, "widget": "hidden"}  # kept as the file has it
    made.update(_widget(field, current, comments, i18n))
    if field.default not in (None, "", [], {}) and "default" not in made:
        made["default"] = field.default  # what the build assumes, shown in a new entry
    if field.help:
        made["hint"] = _sentence(field.help)
    if comments:
        made["comment"] = field.note
    if field.max_length:
        made["pattern"] = [
            f"^[\\s\\S]{{0,{field.max_length}}}$",
            f"keep it to {field.max_length} characters or fewer",
        ]
    return made


def _i18n(field: Field, inside: bool):
    """Returns Decap's `i18n` for the field: true (written in each language), "duplicate"
    (copied from the default language's file) or false (only in the default one's)."""
    if field.i18n == "duplicate" and inside:
        # Decap copies only whole fields of an entry, not those of a list's items, so an
        # item's name (a figure's key) is typed in each language's file.
        return True
    return field.i18n if field.i18n == "duplicate" else bool(field.i18n)


def _widget(field: Field, current, comments: bool, i18n: bool) -> dict:
    """Returns the widget settings for the field's kind."""
    if field.choices:
        options = list(field.choices)
        if field.choice_labels:  # shown by label, saved by value
            options = [
                {"label": label, "value": value}
                for value, label in zip(field.choices, field.choice_labels)
            ]
        return {
            "widget": "select",
            "options": options,
            **({"multiple": True} if field.kind == "list" else {}),
        }
    if field.kind in PATTERNS:
        pattern, rule = PATTERNS[field.kind]
        return {"widget": "string", "pattern": [pattern, f"it must {rule}"]}
    if field.kind == "date or month":
        # Decap writes the text unquoted, so the build reads a full date back as a date.
        return {"widget": "string", "pattern": [DATE_OR_MONTH, DATE_OR_MONTH_RULE]}
    if field.kind == "text":
        return {"widget": "text" if field.multiline else "string"}
    if field.kind == "whole number":
        # Not Decap's number widget: its box takes "e" and cuts 450.5 to 450 without a word.
        return {"widget": "whole_number", "pattern": [WHOLE_NUMBER, WHOLE_NUMBER_RULE]}
    if field.kind == "date":
        return {"widget": "day", "pattern": [DAY, DAY_RULE]}
    if field.kind == "yes/no":
        return {"widget": "boolean", "default": bool(field.default)}
    if field.kind == "list":
        items = [form_field(sub, comments=comments, i18n=i18n, inside=True) for sub in field.fields]
        if i18n and field.i18n:
            # Decap fills an item added in another language with its fields' defaults, hidden
            # ones too: `qualifier: exact` or `example: false` would then stand in a file of
            # words, and differ from the default language's value. The build assumes the
            # same default when an item leaves such a field out.
            items = [_without_default(item) if item["i18n"] is False else item for item in items]
        # Without a default, Decap starts a new file's list with one item made of the items'
        # own defaults, which the build would then refuse as half-filled.
        # Decap names one item by label_singular ("1 figure", "Add figure"); every list's
        # label is a plural made with an s.
        return {
            "widget": "list",
            "label_singular": field.title.removesuffix("s"),
            **({"fields": items} if items else {}),
            "default": [],
        }
    if field.kind == "mapping":
        # A mapping of free keys (owners) has no fields of its own: one box for each key the
        # file has now; new keys are added in the file.
        subs = field.fields or tuple(
            # Each box is needed as the mapping is: not in another language's words file.
            Field(
                key, "text", required=field.required, label=f"{field.title}: {key}", help=field.help
            )
            for key in (current or {})
        )
        return {
            "widget": "object",
            "collapsed": False,
            "fields": [form_field(sub, comments=comments, i18n=i18n, inside=True) for sub in subs],
        }
    raise ValueError(f"no editor widget for field kind {field.kind}")


def _without_default(made: dict) -> dict:
    """Returns a form field with no default value."""
    return {key: value for key, value in made.items() if key != "default"}


def _sentence(text: str) -> str:
    """Returns help text as a sentence: a capital first letter and a full stop."""
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "?", "!", ")")) else text + "."


# --- local editing: `serve --editor` ----------------------------------------------------


def local_editor_problem() -> str | None:
    """Returns why `serve --editor` cannot start (Node or the editor missing), or None."""
    if not editor_files() or not DECAP_SERVER.is_file() or not shutil.which("node"):
        return (
            "The browser editor is not installed: run scripts/setup --editor "
            "(it installs Node.js and the pinned Decap CMS and decap-server), then try again."
        )
    return None


def free_port() -> int:
    """Returns a port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LocalEditor:
    """decap-server saving into the site folder, and the config that points the editor at it."""

    def __init__(self, site_dir: Path):
        self.site_dir = site_dir
        self.port = free_port()
        self.api = f"http://127.0.0.1:{self.port}/api/v1"
        self.process: subprocess.Popen | None = None

    def start(self) -> bool:
        """Starts decap-server and waits until it answers (up to 30 seconds); returns whether
        it did, having said why not."""
        self.process = subprocess.Popen(
            ["node", str(DECAP_SERVER)],
            cwd=self.site_dir,
            env={
                **os.environ,
                "PORT": str(self.port),
                "BIND_HOST": "127.0.0.1",  # this machine only: it writes into the folder
                "GIT_REPO_DIRECTORY": str(self.site_dir),
                "LOG_LEVEL": "warn",
            },
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return True
            except OSError:
                time.sleep(0.1)
        self.stop()
        print("decap-server, the editor's local backend, did not start.", file=sys.stderr)
        return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def local_settings(self) -> str:
        """Returns what config.yml gains to use this local backend."""
        return (
            "\n# Added by `serve --editor`: changes are saved into the working folder.\n"
            f"local_backend:\n  url: {self.api}\n"
        )


def for_preview(app, local: LocalEditor | None = None):
    """Returns `serve`'s WSGI `app` with the editor's files made fit for it: its scripts kept
    safe from live reload and, with `local`, /admin/config.yml answered with that local
    backend added (the built file never holds it, so no deploy can) and the preview's own
    address as the site's."""
    added = local.local_settings().encode() if local else b""

    def change(path: str, body: bytes, here: str) -> bytes:
        if path == f"/{ADMIN}/config.yml":
            if local:
                # "View on the site" and the site link go to this preview, not the real site.
                body = re.sub(rb"(?m)^(site_url|display_url): .*$", rb"\1: " + here.encode(), body)
            return body + added
        # livereload puts its script before every "</head>" it finds, in any file, and
        # Decap's code holds those words inside its strings. "<\/head>" means the same in
        # JavaScript and is not found.
        return body.replace(b"</head>", b"<\\/head>")

    def editor_app(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if not path.startswith(f"/{ADMIN}/") or not path.endswith((".yml", ".js")):
            return app(environ, start_response)
        answer: dict[str, Any] = {}

        def keep(status, headers, exc_info=None):
            answer.update(status=status, headers=headers)

        body = b"".join(app(environ, keep))
        if answer["status"].startswith("200"):
            here = f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST', '')}"
            body = change(path, body, here)
        headers = [
            (name, value)
            for name, value in answer["headers"]
            if name.lower() not in ("content-type", "content-length")
        ]
        kind = "text/yaml" if path.endswith(".yml") else "text/javascript"
        start_response(
            answer["status"],
            [
                *headers,
                ("Content-Type", f"{kind}; charset=utf-8"),
                ("Content-Length", str(len(body))),
            ],
        )
        return [body]

    return editor_app
