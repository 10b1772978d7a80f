import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hallmark.certification import services

from factories import ProgramFactory

pytestmark = pytest.mark.django_db


def test_it_lists_credentials_by_program_and_status(cast, capsys) -> None:
    credential = services.issue_credential(cast.candidate, ProgramFactory(designation="CESP"))
    services.issue_credential(cast.writer, ProgramFactory(designation="OTHER"))
    call_command("credentials", "list", "--program", "cesp", "--json")
    (entry,) = json.loads(capsys.readouterr().out)
    assert entry["number"] == credential.number and entry["status"] == "active"
    call_command("credentials", "list", "--status", "revoked")
    assert "0 credential(s)" in capsys.readouterr().out


def test_it_suspends_by_number_recording_who_and_why(cast, capsys) -> None:
    credential = services.issue_credential(cast.candidate, ProgramFactory())
    call_command(
        "credentials",
        "suspend",
        credential.number,
        "--reason",
        "Complaint",
        "--by",
        cast.officer.email,
    )
    assert "is now suspended" in capsys.readouterr().out
    event = credential.events.last()
    assert (event.kind, event.actor, event.reason) == ("suspended", cast.officer, "Complaint")
    with pytest.raises(CommandError, match="may not revoke"):
        call_command(
            "credentials", "revoke", credential.number, "--reason", "x", "--by", cast.proctor.email
        )
    with pytest.raises(CommandError, match="no credential has the number"):
        call_command("credentials", "revoke", "NOPE-000001-00", "--reason", "x")
