import pytest


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path) -> None:
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
