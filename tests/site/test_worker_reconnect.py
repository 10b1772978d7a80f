"""`hallmark worker` outlives its database: a dropped connection is waited out, not fatal."""

import pytest
from django.core.management import call_command
from django.db import OperationalError

from hallmark.site.management.commands import worker


@pytest.fixture
def outages(monkeypatch, settings):
    """The database queue, whose worker loses its connection twice before running."""
    settings.TASKS = {"default": {"BACKEND": worker.DATABASE_QUEUE}}
    runs, waits = [], []

    def db_worker(name, **options):
        runs.append(options["batch"])
        if len(runs) <= 2:
            raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(worker, "call_command", db_worker)
    monkeypatch.setattr(worker.time, "sleep", waits.append)
    return runs, waits


def test_a_worker_connects_again_after_the_database_drops_it(outages, caplog) -> None:
    runs, waits = outages
    call_command("worker")
    assert len(runs) == 3 and waits == [1.0, 2.0]
    assert "the database is out of reach (server closed the connection" in caplog.text


def test_a_batch_run_stops_with_the_database(outages) -> None:
    runs, waits = outages
    with pytest.raises(OperationalError):
        call_command("worker", "--batch")
    assert runs == [True] and waits == []
