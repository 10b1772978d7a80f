"""The house rules of DESIGN.md that code review alone would let drift."""

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "hallmark"
PURE = ["psychometrics", "assembly", "credentials"]
APPS = [
    "lib",
    "accounts",
    "programs",
    "jobanalysis",
    "itembank",
    "exams",
    "results",
    "certification",
    "site",
]


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", PURE)
def test_pure_packages_import_nothing_from_django_or_the_apps(package: str) -> None:
    files = sorted((SRC / package).rglob("*.py"))
    assert files, f"{package} has no modules"
    forbidden = ("django", "ninja", *(f"hallmark.{app}" for app in APPS))
    for path in files:
        for name in imported_modules(path):
            assert not name.startswith(forbidden), f"{path.relative_to(SRC)} imports {name}"


def test_the_import_contracts_of_pyproject_hold(capsys: pytest.CaptureFixture[str]) -> None:
    """Apps in one direction (site on top, lib at the bottom), pure packages without Django."""
    from importlinter.cli import lint_imports

    status = lint_imports(config_filename=str(SRC.parent.parent / "pyproject.toml"), no_cache=True)
    assert status == 0, capsys.readouterr().out


SHARED_HELPERS = {"_now", "_fail", "_need", "_require"}  # lib: now_or, show_refusal, need
READ_ONLY = {"has_add_permission", "has_change_permission", "has_delete_permission"}


def test_the_shared_helpers_are_written_once_in_lib() -> None:
    copies = []
    for path in sorted(SRC.rglob("*.py")):
        where = path.relative_to(SRC)
        if where.parts[0] in ("lib", *PURE):
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.FunctionDef) and node.name in SHARED_HELPERS:
                copies.append(f"{where}: {node.name}")
            if isinstance(node, ast.ClassDef):
                methods = {n.name for n in node.body if isinstance(n, ast.FunctionDef)}
                if methods >= READ_ONLY:
                    copies.append(f"{where}: {node.name} (read-only admin)")
    assert not copies, copies


def test_page_titles_hold_text_only() -> None:
    # Markup inside {% block title %} lands in the tab title, not the page (it hid a form once).
    title = re.compile(r"{% block title %}(.*?){% endblock %}", re.S)
    marked_up = [
        f"{path.relative_to(SRC)}"
        for path in SRC.glob("*/templates/**/*.html")
        for block in title.findall(path.read_text())
        if "<" in block
    ]
    assert marked_up == []
