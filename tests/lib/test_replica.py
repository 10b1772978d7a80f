"""The database router (hallmark.lib.replica): with a `replica` alias, the public registry's
reads (its pages and the API's lookup) go there and everything else to `default`; without
one, everything goes to `default`. Here the replica reads through the test's own connection to
the test database, so it sees the test's rows (a real one sees them after the lag)."""

import datetime
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hallmark.certification import services
from hallmark.certification.models import Credential
from hallmark.lib.replica import REPLICA, ReplicaRouter, read_alias, registry_reads

from factories import ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def replica(db: None) -> Iterator[None]:
    default = connections[DEFAULT_DB_ALIAS]
    default.ensure_connection()
    settings.DATABASES[REPLICA] = {**default.settings_dict}
    wrapper = connections[REPLICA]
    wrapper.connection = default.connection  # the same session: it sees the test's rows
    try:
        yield
    finally:
        wrapper.connection = None  # never closes the default's
        del connections[REPLICA]
        del settings.DATABASES[REPLICA]


@pytest.fixture
def credential(cast) -> Credential:
    services.create_issuer_key()
    ada = UserFactory(legal_name="Ada Lovelace")
    program = ProgramFactory(designation="CESP")
    return services.issue_credential(ada, program, issued_on=datetime.date(2026, 3, 15))


def test_without_a_replica_everything_reads_from_default() -> None:
    assert REPLICA not in settings.DATABASES
    with registry_reads():
        assert read_alias() == DEFAULT_DB_ALIAS
        assert router.db_for_read(Credential) == DEFAULT_DB_ALIAS


def test_with_a_replica_only_the_registry_s_reads_go_there(replica) -> None:
    assert router.db_for_read(Credential) == DEFAULT_DB_ALIAS
    with registry_reads():
        assert router.db_for_read(Credential) == REPLICA
        assert router.db_for_write(Credential) == DEFAULT_DB_ALIAS
    assert read_alias() == DEFAULT_DB_ALIAS  # the block is over
    assert ReplicaRouter().allow_migrate(DEFAULT_DB_ALIAS, "certification")
    assert not ReplicaRouter().allow_migrate(REPLICA, "certification")


@pytest.mark.parametrize("where", ["api", "page", "lookup", "search"])
def test_the_registry_reads_from_the_replica_and_writes_nothing(
    replica, credential, client, where
) -> None:
    url, query = {
        "api": (f"/api/v1/credentials/{credential.number}", {}),
        "page": (reverse("registry-credential", args=[credential.number]), {}),
        "lookup": (reverse("registry-lookup"), {"lookup-number": credential.number}),
        "search": (reverse("registry"), {"search-name": "ada"}),
    }[where]
    with (
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as copy,
    ):
        response = client.get(url, query)
    assert response.status_code == 200 and "Ada Lovelace" in response.content.decode()
    assert primary.captured_queries == []
    assert copy.captured_queries and all(
        q["sql"].startswith("SELECT") for q in copy.captured_queries
    )


def test_staff_pages_read_the_primary_with_a_replica(replica, credential, cast, client) -> None:
    client.force_login(cast.officer)
    with CaptureQueriesContext(connections[REPLICA]) as copy:
        client.get(reverse("portal"))
    assert copy.captured_queries == []
