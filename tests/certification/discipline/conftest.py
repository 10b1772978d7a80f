"""Discipline tests: the ground of a case, and evidence in a private directory of the test's
own."""

import pytest

from factories import Ground, discipline_ground


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path) -> None:
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"


@pytest.fixture
def ground(cast) -> Ground:
    return discipline_ground()
