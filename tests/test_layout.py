"""The house rules of DESIGN.md that code review alone would let drift."""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "hallmark"
PURE = ["psychometrics", "assembly", "credentials"]
APPS = ["lib", "accounts", "programs", "itembank", "exams", "results", "certification", "site"]


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
