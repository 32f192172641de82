"""The docs cannot drift from the code: every example in README.md and docs/ is checked.

- A command (each line of a ```sh block, and inline code that starts with `build.py`, a Python
  or a script of this repository, or a build.py command such as `check --strict`): a build.py
  command line is parsed by build.py's own argument parser, and `check` and `new-report` are
  run on a copy of the example site; a script must be an executable file taking the options
  shown; a Python module or test path must exist. A program not listed here fails the test.
- A ```yaml block names its file in its first comment line (`# data/site.yaml`). Its top-level
  keys replace those of that file in a copy of the example site (a page's front matter replaces
  the page's), and the copy is built as a deploy preview builds it: a wrong key or value stops
  the build, which reads every file with the project's YAML reader and its Field rules.
- A ```markdown block, with every `{{ site... }}` placeholder the docs show, is added to a page
  of a copy of the example site, which is built.
- A ```toml block is found in netlify.toml; a ```python block is a piece of build.py, line by
  line in order; a ```text block's `python build.py` lines list exactly each command's options.
- Every relative link and #anchor resolves; paths of this repository in inline code exist; the
  README stays short.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

import build  # its own argument parser checks every documented command line
from tests.conftest import run_cli

REPO = Path(__file__).resolve().parents[2]

DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
README_MOST_LINES = 150
SUBCOMMANDS = ("build", "check", "serve", "new-report")
PYTHONS = ("python", "python3", ".venv/bin/python")
# Programs from outside this repository that a ```sh block may use: git is what the docs tell
# people to commit with and rename files by.
OUTSIDE = {"git"}
SHELL_WORDS = {"do", "then", "else"}  # a command follows them
PAGE = "content/guidance/what-is-asb.en.md"  # where ```markdown examples are tried


@dataclass(frozen=True)
class Block:
    """A fenced block: the file and line of its opening fence, its language and its text."""

    doc: Path
    line: int
    lang: str
    text: str

    @property
    def where(self) -> str:
        return f"{self.doc.relative_to(REPO)}:{self.line}"


@dataclass(frozen=True)
class Span:
    """An inline code span outside fenced blocks, its white space made single spaces."""

    doc: Path
    line: int
    text: str

    @property
    def where(self) -> str:
        return f"{self.doc.relative_to(REPO)}:{self.line}"


FENCE = re.compile(r"^( *)(`{3,})\s*([\w-]*)\s*$")


def split_doc(text: str) -> tuple[list[tuple[int, str, str]], str]:
    """Returns the fenced blocks of Markdown `text` as (line, language, dedented text), and the
    prose: the text with every fenced line blanked, so line numbers still hold."""
    blocks, prose, lines = [], [], text.split("\n")
    index = 0
    while index < len(lines):
        opened = FENCE.match(lines[index])
        if not opened:
            prose.append(lines[index])
            index += 1
            continue
        indent, ticks, lang = opened.groups()
        start, body = index, []
        index += 1
        while index < len(lines) and lines[index].strip() != ticks:
            body.append(lines[index][len(indent) :] if lines[index].strip() else "")
            index += 1
        blocks.append((start + 1, lang, "\n".join(body) + "\n"))
        prose.extend([""] * (index + 1 - start))
        index += 1
    return blocks, "\n".join(prose)


def blocks_of(paths=DOCS) -> list[Block]:
    return [
        Block(path, line, lang, text)
        for path in paths
        for line, lang, text in split_doc(path.read_text(encoding="utf-8"))[0]
    ]


SPAN = re.compile(r"(?<!`)`((?:[^`\n]|\n(?![ \t]*\n))+)`(?!`)")


def spans_of(paths=DOCS) -> list[Span]:
    found = []
    for path in paths:
        prose = split_doc(path.read_text(encoding="utf-8"))[1]
        for match in SPAN.finditer(prose):
            line = prose.count("\n", 0, match.start()) + 1
            found.append(Span(path, line, " ".join(match.group(1).split())))
    return found


# --- commands ---------------------------------------------------------------------------------


def simple_commands(line: str) -> list[list[str]]:
    """Returns the simple commands of a shell line (split at &&, ||, ; and |), comments left
    out, each as its words."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    commands, words = [], []
    for token in lexer:
        if token in ("&&", "||", ";", "|", "&"):
            commands.append(words)
            words = []
        else:
            words.append(token)
    return [words for words in [*commands, words] if words]


def build_py_problems(args: list[str]) -> list[str]:
    """Returns why build.py's own parser refuses `args` (run from the repository), if it does."""
    refused = io.StringIO()
    here = Path.cwd()
    try:
        os.chdir(REPO)
        with contextlib.redirect_stderr(refused), contextlib.redirect_stdout(io.StringIO()):
            build.parse_args(list(args))
    except SystemExit as stop:
        if stop.code:
            said = refused.getvalue().strip().splitlines() or ["refused"]
            return [f"build.py {shlex.join(args)}: {said[-1]}"]
    finally:
        os.chdir(here)
    return []


@functools.cache
def help_text(script: Path) -> str:
    """Returns the --help of a Python script of this repository."""
    done = subprocess.run(
        [sys.executable, str(script), "--help"], cwd=REPO, capture_output=True, text=True
    )
    assert done.returncode == 0, f"{script} --help failed: {done.stderr}"
    return done.stdout


def registered_markers() -> set[str]:
    text = (REPO / "pytest.ini").read_text()
    listed = text.split("markers =", 1)[1]
    return set(re.findall(r"^\s+(\w+):", listed, re.M))


def pytest_problems(args: list[str]) -> list[str]:
    """Returns the test paths that do not exist and the -m markers not registered."""
    problems, rest = [], list(args)
    while rest:
        word = rest.pop(0)
        if word == "-m" and rest:
            for name in set(re.findall(r"\w+", rest.pop(0))) - {"and", "or", "not"}:
                if name not in registered_markers():
                    problems.append(f"pytest -m: no marker {name!r} in pytest.ini")
        elif word in ("-k", "-p", "-n") and rest:
            rest.pop(0)
        elif not word.startswith("-") and not (REPO / word.split("::")[0]).exists():
            problems.append(f"pytest: {word} does not exist")
    return problems


def script_problems(program: str, args: list[str]) -> list[str]:
    """Returns why this repository's script `program` could not run with `args`: it must be an
    executable file, and each option must be one it handles or hands on to a script that does."""
    path = REPO / program
    if not path.is_file():
        return [f"{program} is not a file of this repository"]
    if not os.access(path, os.X_OK):
        return [f"{program} is not executable"]
    if program.startswith((".venv/", "node_modules/")):
        return []  # installed by scripts/setup: its options are its makers' to document
    text = path.read_text(encoding="utf-8")
    if re.search(r"pytest .*\"\$@\"", text):
        # The script's own options (tests/run --fast) come first; the rest go to pytest.
        own = [word for word in args if f'"{word}"' in text and word.startswith("-")]
        return pytest_problems([word for word in args if word not in own])
    options = [word for word in args if word.startswith("-")]
    handed = re.search(r"python (\S+\.py) \"\$@\"", text)
    if handed:
        known = help_text(REPO / handed.group(1))
        return [f"{program}: no option {opt}" for opt in options if opt not in known.split()]
    return [f"{program}: no option {opt}" for opt in options if f'"{opt}"' not in text]


def command_problems(words: list[str]) -> list[str]:
    """Returns every problem with one simple command (its words after the shell's splitting)."""
    while words and re.match(r"^[A-Za-z_]\w*=", words[0]):
        words = words[1:]  # VARIABLE=value before a command
    if not words or words[0] in ("for", "done", "fi"):
        return []  # `for NAME in GLOBS` and `done` run nothing themselves
    if words[0] in SHELL_WORDS:
        return command_problems(words[1:])
    program, args = words[0], words[1:]
    if program in SUBCOMMANDS:  # written as `check --strict` in prose
        return build_py_problems(words)
    if program == "build.py":
        return build_py_problems(args)
    if program in PYTHONS:
        if args[:2] == ["-m", "pytest"]:
            return pytest_problems(args[2:])
        if args[:1] == ["-m"]:
            module = REPO / args[1].replace(".", "/")
            found = module.with_suffix(".py").is_file() or (module / "__main__.py").is_file()
            return [] if found else [f"python -m {args[1]}: no such module here"]
        script = REPO / args[0]
        if not script.is_file():
            return [f"{args[0]} is not a file of this repository"]
        if args[0] == "build.py":
            return build_py_problems(args[1:])
        options = [word for word in args[1:] if word.startswith("-")]
        known = help_text(script).split() if options else []
        return [f"{args[0]}: no option {opt}" for opt in options if opt not in known]
    if program in OUTSIDE:
        return [] if shutil.which(program) else [f"{program} is not installed"]
    if "/" in program and not program.startswith("/"):
        return script_problems(program, args)
    return [f"{program}: not a program the docs may name (see OUTSIDE in tests/unit/test_docs.py)"]


def line_problems(line: str) -> list[str]:
    return [problem for words in simple_commands(line) for problem in command_problems(words)]


def sh_lines(block: Block) -> list[tuple[str, str]]:
    """Returns the commands of a ```sh block with the file and line of each (a line ending in
    a backslash goes on to the next)."""
    found, lines = [], block.text.split("\n")
    for index, line in enumerate(lines):
        if index and lines[index - 1].endswith("\\"):
            continue
        at = index
        while line.endswith("\\") and at + 1 < len(lines):
            at += 1
            line = line[:-1] + " " + lines[at]
        if line.strip():
            found.append((f"{block.doc.relative_to(REPO)}:{block.line + index + 1}", line))
    return found


def is_command(span: Span) -> bool:
    """Whether inline code is a command to run rather than the name of a thing."""
    words = span.text.split()
    first = next((w for w in words if not re.match(r"^[A-Za-z_]\w*=", w)), "")
    if first in PYTHONS or first.startswith(".venv/bin/"):
        return True
    if first in SUBCOMMANDS or first == "build.py":
        return len(words) > 1
    return bool(re.fullmatch(r"(scripts/[\w.-]+|[\w.]+/run)", first))


SH_LINES = [found for block in blocks_of() if block.lang == "sh" for found in sh_lines(block)]
INLINE_COMMANDS = [(span.where, span.text) for span in spans_of() if is_command(span)]


@pytest.mark.parametrize(
    ("where", "line"), SH_LINES + INLINE_COMMANDS, ids=[w for w, _ in SH_LINES + INLINE_COMMANDS]
)
def test_every_command_runs_as_written(where, line):
    assert line_problems(line) == [], f"{where}: {line}"


def test_commands_are_found():
    """The lists above are not empty by mistake: the docs' set-up and daily commands are in."""
    lines = {line for _, line in SH_LINES + INLINE_COMMANDS}
    for expected in (
        "scripts/setup && .venv/bin/python build.py serve",
        "tests/run",
        ".venv/bin/python build.py check",
        ".venv/bin/python build.py new-report 2024-12",
    ):
        assert expected in lines


@pytest.mark.parametrize(
    "line",
    [
        "build.py check --draft",  # no such option
        ".venv/bin/python build.py new-report 2024-13",  # no such month
        "build.py serve --port 70000",
        "publish --now",  # no such command
        "scripts/setup --editr",
        "scripts/nowhere",
        "tests/run tests/nowhere",
        '.venv/bin/python -m pytest tests/browser -m "not slo"',
        ".venv/bin/python -m tests.golden.nowhere",
        "bench/run --size 250",
        ".venv/bin/python bench/budgets.py --no-lighthose",
        "hub/commands/lock.py",  # a file, but not executable
    ],
)
def test_a_command_the_code_refuses_is_a_problem(line):
    assert line_problems(line)


def documented_build_commands() -> set[tuple[str, ...]]:
    """Returns every build.py check and new-report command line in the docs, as its arguments."""
    found = set()
    for _, line in SH_LINES + INLINE_COMMANDS:
        for words in simple_commands(line):
            if "build.py" in words:
                words = words[words.index("build.py") + 1 :]
            if words and words[0] in ("check", "new-report") and "--strict" not in words:
                found.add(tuple(words))
    return found


def example_copy(folder: Path) -> Path:
    for part in ("content", "data"):
        shutil.copytree(REPO / part, folder / part)
    return folder


@pytest.mark.parametrize("args", sorted(documented_build_commands()))
def test_documented_check_and_new_report_run_on_the_example(args, tmp_path):
    site = example_copy(tmp_path / "site")
    done = run_cli(*args, "--site", str(site))
    assert done.returncode == 0, done.stderr


# --- YAML, Markdown, TOML and Python examples ----------------------------------------------------

NAMED = re.compile(r"^#\s*((?:content|data)/[\w./-]+\.(?:md|ya?ml))\b")


def named_file(block: Block) -> str | None:
    """Returns the file a YAML example belongs to: the first path in its first comment line
    (after the opening `---` of a page's front matter)."""
    lines = [line for line in block.text.split("\n") if line.strip()]
    if lines and lines[0].strip() == "---":
        lines = lines[1:]
    named = NAMED.match(lines[0]) if lines else None
    return named.group(1) if named else None


TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


def merged(existing: str, fragment: str) -> str:
    """Returns YAML `existing` with each top-level key that `fragment` gives replaced by it."""
    given = {TOP_KEY.match(line).group(1) for line in fragment.split("\n") if TOP_KEY.match(line)}
    kept, dropping = [], False
    for line in existing.split("\n"):
        key = TOP_KEY.match(line)
        if key or (line[:1] not in ("", " ", "#", "\t")):
            dropping = bool(key) and key.group(1) in given
        if not dropping:
            kept.append(line)
    return "\n".join(kept).rstrip("\n") + "\n" + fragment


def with_front_matter(page: str, front_matter: str) -> str:
    """Returns the page's text with its front matter (between `---` lines) replaced."""
    body = page.split("\n---\n", 1)[1] if page.startswith("---\n") else page
    return front_matter.rstrip("\n") + "\n" + body


def apply_yaml(site: Path, block: Block) -> None:
    """Puts a YAML example into its file in `site`."""
    path = site / named_file(block)
    if block.text.lstrip().startswith("---"):
        old = path.read_text(encoding="utf-8") if path.exists() else "---\n---\nSome text.\n"
        path.write_text(with_front_matter(old, block.text), encoding="utf-8")
    elif path.exists():
        path.write_text(merged(path.read_text(encoding="utf-8"), block.text), encoding="utf-8")
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(block.text, encoding="utf-8")


PROBLEM = re.compile(r"^\S+:\d+: .*$", re.M)


@pytest.fixture(scope="module")
def known_warnings(tmp_path_factory) -> set[str]:
    """Returns what `check` warns of in the unchanged example (pages not yet in Welsh): the
    only problems an example may add, as all_languages_required makes them stop the build."""
    folder = tmp_path_factory.mktemp("plain")
    site = example_copy(folder / "site")
    done = run_cli("check", "--site", str(site))
    assert done.returncode == 0, f"the example site fails `check` as it is:\n{done.stderr}"
    warnings = set(PROBLEM.findall(done.stderr))
    as_is = built_problems(site, folder / "out", warnings)
    assert as_is == [], f"the example site does not build as a deploy preview: {as_is}"
    return warnings


def built_problems(site: Path, out: Path, known: set[str]) -> list[str]:
    """Builds `site` as a deploy preview does; returns its problems other than `known` ones."""
    done = run_cli("build", "--drafts", "--no-search", "--site", str(site), "--out", str(out))
    if done.returncode == 0:
        return []
    found = set(PROBLEM.findall(done.stderr))
    return sorted(found - known) if found else [done.stderr.strip()]


YAML_BLOCKS = [block for block in blocks_of() if block.lang == "yaml"]
# Each kind of block is checked as the module's docstring says; `text` is output to read.
KINDS = {"sh", "yaml", "markdown", "toml", "python", "text"}


def test_every_code_block_is_of_a_kind_that_is_checked():
    unchecked = [
        f"{block.where}: {block.lang!r}" for block in blocks_of() if block.lang not in KINDS
    ]
    assert unchecked == [], f"give each block one of the languages {sorted(KINDS)}"


@pytest.mark.parametrize("block", YAML_BLOCKS, ids=lambda block: block.where)
def test_every_yaml_example_is_accepted_by_the_build(block, tmp_path, known_warnings):
    assert named_file(block), (
        f"{block.where}: name the file this example belongs to in its first comment line, "
        "for example # data/site.yaml"
    )
    site = example_copy(tmp_path / "site")
    apply_yaml(site, block)
    assert built_problems(site, tmp_path / "out", known_warnings) == [], block.where


def mutated(block: Block, old: str, new: str) -> Block:
    assert old in block.text, f"the example no longer says {old!r}: choose another mistake"
    return Block(block.doc, block.line, block.lang, block.text.replace(old, new, 1))


def yaml_block_for(name: str) -> Block:
    return next(block for block in YAML_BLOCKS if named_file(block) == name)


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        ("content/guidance/what-is-asb.en.md", "section: Understanding ASB", "section: Misc"),
        ("data/patrols/2024-07.en.yaml", "qualifier: more than", "qualifier: roughly"),
        ("data/strings/en.yaml", "  button:", "  buton:"),
    ],
)
def test_a_yaml_example_with_a_mistake_is_refused(name, old, new, tmp_path, known_warnings):
    """The check above can fail: the same examples with one mistake each are refused."""
    site = example_copy(tmp_path / "site")
    apply_yaml(site, mutated(yaml_block_for(name), old, new))
    assert built_problems(site, tmp_path / "out", known_warnings)


PLACEHOLDER = re.compile(r"^\{\{\s*site\.[\w.]+\s*\}\}$")


def markdown_examples() -> str:
    """Returns every ```markdown block, then every placeholder shown inline, as page text."""
    blocks = [block.text for block in blocks_of() if block.lang == "markdown"]
    placeholders = sorted({span.text for span in spans_of() if PLACEHOLDER.match(span.text)})
    return "\n".join([*blocks, *(f"Placeholder: {text}\n" for text in placeholders)])


def test_markdown_examples_build_into_a_page(tmp_path, known_warnings):
    text = markdown_examples()
    assert "!!! warning" in text and "{{ site.contacts.non_emergency }}" in text
    site = example_copy(tmp_path / "site")
    page = site / PAGE
    page.write_text(page.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")
    assert built_problems(site, tmp_path / "out", known_warnings) == []
    html = (tmp_path / "out" / "what-is-asb" / "index.html").read_text(encoding="utf-8")
    assert "!!!" not in html and "{{" not in html  # callouts and placeholders were understood
    words = [line.strip() for line in text.split("\n") if line.startswith("    ")]
    assert words and all(line in html for line in words)  # each callout's text is on the page


def toml_problems(example: dict, real: dict, where: str = "") -> list[str]:
    """Returns each table, list item or value of `example` that `real` does not hold."""
    problems = []
    for key, value in example.items():
        name = f"{where}{key}"
        if key not in real:
            problems.append(f"{name} is not in netlify.toml")
        elif isinstance(value, dict) and isinstance(real[key], dict):
            problems += toml_problems(value, real[key], name + ".")
        elif isinstance(value, list) and isinstance(real[key], list):
            problems += [
                f"{name}: {item} is not in netlify.toml" for item in value if item not in real[key]
            ]
        elif value != real[key]:
            problems.append(f"{name} is {real[key]!r} in netlify.toml, not {value!r}")
    return problems


def test_every_toml_example_is_in_netlify_toml():
    real = tomllib.loads((REPO / "netlify.toml").read_text(encoding="utf-8"))
    examples = [block for block in blocks_of() if block.lang == "toml"]
    assert examples
    for block in examples:
        assert toml_problems(tomllib.loads(block.text), real) == [], block.where
    assert toml_problems({"redirects": [{"from": "/xx/*", "to": "/xx/404.html"}]}, real)


def code_lines(text: str) -> list[str]:
    """Returns the lines of Python `text` without comments, blank lines or indentation."""
    lines = (re.sub(r"\s+#.*$|^\s*#.*$", "", line).strip() for line in text.split("\n"))
    return [line for line in lines if line]


def missing_in_order(shown: list[str], source: list[str]) -> list[str]:
    """Returns the lines of `shown` not found in `source` in the same order."""
    missing, at = [], 0
    for line in shown:
        if line in source[at:]:
            at = source.index(line, at) + 1
        else:
            missing.append(line)
    return missing


def test_every_python_example_is_in_build_py():
    source = code_lines((REPO / "build.py").read_text(encoding="utf-8"))
    examples = [block for block in blocks_of() if block.lang == "python"]
    assert examples
    for block in examples:
        assert missing_in_order(code_lines(block.text), source) == [], block.where
    assert missing_in_order(["write_cms(env, site, stage)", "read_site(site_dir)"], source)


def parser_options(*args: str) -> set[str]:
    """Returns the options build.py's parser lists in its --help for `args`."""
    shown = io.StringIO()
    with contextlib.redirect_stdout(shown), contextlib.suppress(SystemExit):
        build.parse_args([*args, "--help"])
    return set(re.findall(r"^\s+(?:-\w, )?(--[\w-]+)", shown.getvalue(), re.M)) - {"--help"}


def synopsis_problems(lines: list[str]) -> list[str]:
    """Returns how `python build.py ...` usage lines differ from the parser's commands and
    options."""
    problems, listed = [], set()
    for line in lines:
        words = line.split()[2:]
        command = words[0].strip("[]") if words and words[0].strip("[]") in SUBCOMMANDS else ""
        listed.add(command or "?")
        if command:
            shown, real = set(re.findall(r"--[\w-]+", line)), parser_options(command)
            problems += [f"{command}: {opt} is not an option" for opt in sorted(shown - real)]
            problems += [f"{command}: {opt} is not shown" for opt in sorted(real - shown)]
    problems += [f"{name} is not shown" for name in SUBCOMMANDS if name not in listed]
    return problems


def test_the_command_line_synopsis_lists_every_option():
    lines = [
        line
        for block in blocks_of()
        if block.lang == "text"
        for line in block.text.split("\n")
        if line.startswith("python build.py ")
    ]
    assert lines
    assert synopsis_problems(lines) == []
    assert synopsis_problems([*lines, "python build.py check [--draft]"])


# --- links, paths and length -------------------------------------------------------------------


def slug(heading: str) -> str:
    """Returns the #anchor GitHub gives a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    prose = split_doc(path.read_text(encoding="utf-8"))[1]
    seen, found = {}, set()
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*$", prose, re.M):
        name = slug(heading)
        found.add(f"{name}-{seen[name]}" if name in seen else name)
        seen[name] = seen.get(name, 0) + 1
    return found


LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def link_problems(path: Path) -> list[str]:
    """Returns each relative link of a Markdown file whose file or #anchor does not exist."""
    problems = []
    prose = split_doc(path.read_text(encoding="utf-8"))[1]
    for target in LINK.findall(SPAN.sub("", prose)):
        if re.match(r"^[a-z]+:", target):
            continue  # https:, mailto:
        file, _, anchor = target.partition("#")
        linked = (path.parent / file).resolve() if file else path
        if not linked.exists() or not linked.is_relative_to(REPO if file else path.parent):
            problems.append(f"{path.name}: {target}: no such file")
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
            problems.append(f"{path.name}: {target}: no such heading")
    return problems


@pytest.mark.parametrize("doc", DOCS, ids=lambda doc: doc.name)
def test_every_relative_link_and_anchor_resolves(doc):
    assert link_problems(doc) == []


def test_a_broken_link_or_anchor_is_a_problem(tmp_path):
    doc = tmp_path / "doc.md"
    doc.write_text("# Title\n\n[a](#title) [b](#nowhere) [c](nowhere.md) [d](https://x.org/)\n")
    assert link_problems(doc) == [
        "doc.md: #nowhere: no such heading",
        "doc.md: nowhere.md: no such file",
    ]
    # Anchors as GitHub makes them (the old README linked the first one).
    assert slug("Browser editor (/admin/)") == "browser-editor-admin"
    assert (
        slug("Rewording the site's buttons and messages")
        == "rewording-the-sites-buttons-and-messages"
    )


REPO_PATH = re.compile(r"(hub|tests|scripts|bench|templates|assets|\.github|\.ci)/[a-z0-9_./-]*")


def ignored_by_git(path: str) -> bool:
    """Whether git leaves `path` out of the repository (made by a run, as bench/results/ is)."""
    return subprocess.run(["git", "check-ignore", "-q", path], cwd=REPO).returncode == 0


def test_every_path_of_this_repository_named_in_the_docs_exists():
    missing = sorted(
        {
            f"{span.where}: {span.text}"
            for span in spans_of()
            if REPO_PATH.fullmatch(span.text)
            and not (REPO / span.text).exists()
            and not ignored_by_git(span.text)
        }
    )
    assert missing == []


def test_every_doc_is_linked_from_the_readme_and_the_readme_is_short():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= README_MOST_LINES
    linked = set(LINK.findall(readme))
    for doc in DOCS[1:]:
        assert f"docs/{doc.name}" in linked, f"link {doc.name} from the README"
