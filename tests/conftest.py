"""The suite's named cast: one person per role, and an outsider with no role at all."""

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import caches
from django.core.signals import setting_changed
from django.http import HttpRequest
from django.test import Client
from django.utils import translation
from threadpoolctl import threadpool_limits

from hallmark.accounts.data import Role
from hallmark.accounts.models import User

from factories import UserFactory

pytest_plugins = ["processes"]


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


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep the tests of one xdist_group on one worker (`make test` runs --dist loadgroup).

    pytest-xdist marks a grouped test by appending "@group" to its node id, through an attribute
    that pytest 9 no longer reads: without this, a group's tests were spread over the workers
    and each seeded its own copy of what they share (the backup tests' demo, twice).
    """
    if not getattr(config.option, "loadgroup", False):  # only an xdist worker has it
        return
    try:
        from _pytest.nodeid import NodeId
    except ImportError:  # pytest 8: xdist's own suffix works
        return
    for item in items:
        group = item.get_closest_marker("xdist_group")
        if group is not None and "@" not in item.nodeid.rpartition("]")[2]:
            item._id = NodeId.parse(f"{item.nodeid}@{group.args[0]}")  # type: ignore[attr-defined]


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    if os.environ.get("PYTEST_XDIST_WORKER"):
        # In a parallel run every core has a worker already: BLAS threads would only contend.
        threadpool_limits(limits=1, user_api="blas")

    # Hashing a password the production way takes most of a second; tests make hundreds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Uploads the suite makes (the demo's evidence too) never land in the working tree.
    settings.PRIVATE_STORAGE_ROOT = Path(tempfile.mkdtemp(prefix="hallmark-test-private-"))
    # A task runs where it is enqueued; tests of the queue and its worker switch to the database
    # backend with `database_queue`.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    setting_changed.send(sender=None, setting="TASKS", value=settings.TASKS, enter=True)


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


def pass_second_factor(client: Client, user: User) -> None:
    """Mark the client's session as having passed the second factor, if the user owes one."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from hallmark.accounts.second_factor import needs_second_factor

    if not needs_second_factor(user):
        return
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    device = device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture(autouse=True)
def whole_sign_in(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A test's `client.force_login` or `client.login` stands for a whole sign-in: the password
    and, for staff, the second factor. (django-axes needs the request a sign-in comes with.)
    Tests of the sign-in itself post to the sign-in pages instead."""
    force_login, login = Client.force_login, Client.login

    def forced(self: Client, user: User, backend: str | None = None) -> None:
        force_login(self, user, backend)
        pass_second_factor(self, user)

    def with_password(self: Client, **credentials: object) -> bool:
        credentials.setdefault("request", HttpRequest())
        signed_in = login(self, **credentials)
        if signed_in:
            pass_second_factor(self, User.objects.get(pk=self.session["_auth_user_id"]))
        return signed_in

    monkeypatch.setattr(Client, "force_login", forced)
    monkeypatch.setattr(Client, "login", with_password)
    yield


@pytest.fixture
def committed(
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[list[Callable]]],
) -> Callable[[], AbstractContextManager[list[Callable]]]:
    """`with committed(): ...` runs, at the end of the block, the work that waits for a commit
    (the mail a service queued), as after a real commit; a test runs inside one transaction."""
    return partial(django_capture_on_commit_callbacks, execute=True)


@pytest.fixture
def database_queue(settings: Any) -> None:
    """Tasks go to the database queue, as in production, for `hallmark worker` to run."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def site_language_between_tests() -> Iterator[None]:
    """Each test starts in the site's language: a request in Spanish leaves Spanish active in
    the thread (LocaleMiddleware activates it; nothing resets it), and a later test calling a
    service directly would write its words in Spanish."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    """Rate-limit counts from no earlier test: they live in the process's memory, or in Redis
    when CACHE_URL names one, where a test's transaction does not roll them back."""
    caches["ratelimit"].clear()
