"""The shape of the code: services never import task modules, no module grows past about 600 lines,
and the apps stand in layers (accounts ← risk ← planning ← meetings ← assistant).

Read from the source with `ast`, imports inside functions included, so a late import cannot hide.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("kam", "accounts", "risk", "planning", "meetings", "assistant")
# STYLE.md: "a module past ~600 lines becomes a package". A little slack, so that one more function
# does not fail the suite; a module well past it does.
MAX_LINES = 650
# Which apps each app may import: only the ones below it. `kam/` wires everything and is not listed.
MAY_IMPORT = {
    "accounts": {"accounts"},
    "risk": {"accounts", "risk"},
    "planning": {"accounts", "risk", "planning"},
    "meetings": {"accounts", "risk", "planning", "meetings"},
    "assistant": {"accounts", "risk", "planning", "meetings", "assistant"},  # the top: it reads them all
}


def _modules(*apps: str) -> list[Path]:
    return sorted(
        path for app in apps for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts
    )


def _imported(path: Path) -> set[str]:
    """Every module name the file imports, relative imports resolved against its package."""
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    if path.name == "__init__.py":
        package = path.relative_to(ROOT).parts[:-1]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package[: len(package) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def _is_service_module(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    return "services" in parts or path.name == "services.py"


def test_the_checks_see_the_code():
    modules = _modules(*APPS)
    assert len(modules) > 100
    assert any(_is_service_module(path) for path in modules)
    assert "accounts.tasks" not in _imported(ROOT / "accounts" / "background.py")


def test_no_service_module_imports_a_task_module():
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            name for name in _imported(path) if name.split(".")[-1] == "tasks"
        )
        for path in _modules(*APPS)
        if _is_service_module(path)
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_no_module_is_much_longer_than_about_600_lines():
    long = {
        str(path.relative_to(ROOT)): count
        for path in _modules(*APPS)
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}, "split these into packages, by subject"


@pytest.mark.parametrize("app", sorted(MAY_IMPORT))
def test_each_app_imports_only_the_apps_below_it(app):
    wrong = {}
    for path in _modules(app):
        upward = {
            name
            for name in _imported(path)
            if name.split(".")[0] in MAY_IMPORT and name.split(".")[0] not in MAY_IMPORT[app]
        }
        if upward:
            wrong[str(path.relative_to(ROOT))] = sorted(upward)
    assert wrong == {}
