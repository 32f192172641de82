"""The package keeps its layers (docs/developers.md, "Where the code lives"): core, read, site,
write, speed, commands, each importing only from the layers below it, with no import cycle.

import-linter checks the contracts in pyproject.toml ([tool.importlinter]); this test also fails
on an import of a hub module inside a function, the usual way to hide a cycle or an upward
import from a reader (import-linter sees those imports too, but a contract's ignore list could
let one through without anyone noticing it is inside a function).
"""

from __future__ import annotations

import ast
import subprocess
import sys

from hub import REPO

LINT = "import sys, importlinter.cli as c; sys.exit(c.lint_imports(no_cache=True, no_logo=True))"


def test_each_layer_imports_only_from_the_layers_below_it_and_nothing_imports_in_a_circle():
    run = subprocess.run(
        [sys.executable, "-c", LINT], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stdout + run.stderr


def _local_hub_imports(tree: ast.AST) -> list[tuple[int, str]]:
    """Returns (line, module) of each import of a hub module inside a function."""
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.ImportFrom) and (
                node.level or (node.module or "").split(".")[0] == "hub"
            ):
                found.append((node.lineno, "." * node.level + (node.module or "")))
            elif isinstance(node, ast.Import):
                found += [(node.lineno, a.name) for a in node.names if a.name.startswith("hub")]
    return found


def test_no_function_imports_a_hub_module():
    found = [
        f"{path.relative_to(REPO)}:{line}: imports {module} inside a function"
        for path in sorted((REPO / "hub").rglob("*.py"))
        for line, module in _local_hub_imports(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert found == [], "\n".join(found)


def test_the_check_finds_an_import_inside_a_function():
    source = "def f():\n    from .errors import Problems\n\ndef g():\n    import hub.core\n"
    assert _local_hub_imports(ast.parse(source)) == [(2, ".errors"), (5, "hub.core")]
