"""The suite's named cast: one person per role, and an outsider with no role at all."""

import tempfile
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pytest

from hallmark.accounts.data import Role
from hallmark.accounts.models import User

from factories import UserFactory


@dataclass
class Cast:
    manager: User
    writer: User
    reviewer: User
    psychometrician: User
    panelist: User
    officer: User
    proctor: User
    candidate: User
    outsider: User


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    # Hashing a password the production way takes most of a second; tests make hundreds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Uploads the suite makes (the demo's evidence too) never land in the working tree.
    settings.PRIVATE_STORAGE_ROOT = Path(tempfile.mkdtemp(prefix="hallmark-test-private-"))


@pytest.fixture
def cast(db: None) -> Cast:
    def person(name: str, role: Role | None) -> User:
        return UserFactory(email=f"{name}@example.org", roles=[role] if role else [])

    return Cast(
        manager=person("manager", Role.PROGRAM_MANAGER),
        writer=person("writer", Role.ITEM_WRITER),
        reviewer=person("reviewer", Role.ITEM_REVIEWER),
        psychometrician=person("psychometrician", Role.PSYCHOMETRICIAN),
        panelist=person("panelist", Role.PANELIST),
        officer=person("officer", Role.CREDENTIALING_OFFICER),
        proctor=person("proctor", Role.PROCTOR),
        candidate=person("candidate", Role.CANDIDATE),
        outsider=person("outsider", None),
    )


@pytest.fixture
def committed(
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[list[Callable]]],
) -> Callable[[], AbstractContextManager[list[Callable]]]:
    """`with committed(): ...` runs, at the end of the block, the work that waits for a commit
    (the mail a service queued), as after a real commit; a test runs inside one transaction."""
    return partial(django_capture_on_commit_callbacks, execute=True)
