"""Fixtures for the candidate journey: a program ready for candidates, and helpers."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from hallmark.programs.models import Program

from factories import ready_program


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path: Path) -> Iterator[Path]:
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    yield settings.PRIVATE_STORAGE_ROOT


@pytest.fixture
def program(db: None) -> Program:
    return ready_program(designation="ESP", name="Employment Support Professional")
