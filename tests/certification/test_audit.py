import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hallmark.certification import services
from hallmark.certification.audit import chain_breaks
from hallmark.certification.models import CredentialEvent

from factories import ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(cast):
    credential = services.issue_credential(cast.candidate, ProgramFactory(), actor=cast.officer)
    services.suspend_credential(credential, actor=cast.officer, reason="Complaint under review")
    services.reinstate_credential(credential, actor=cast.officer, reason="Complaint dismissed")
    return credential


def test_an_untouched_history_passes_the_audit(history, capsys) -> None:
    assert list(chain_breaks()) == []
    call_command("credentials", "audit")
    assert "every chain is intact" in capsys.readouterr().out


def test_an_edited_reason_is_detected(history) -> None:
    CredentialEvent.objects.filter(credential=history, sequence=2).update(reason="Nothing")
    (found,) = chain_breaks()
    assert found.number == history.number
    assert "event 1: hash does not match" in found.problem
    with pytest.raises(CommandError, match="1 of 1 credential histories are broken"):
        call_command("credentials", "audit")


def test_a_removed_last_event_is_detected_through_the_head(history) -> None:
    CredentialEvent.objects.filter(credential=history, sequence=3).delete()
    (found,) = chain_breaks()
    assert "expected head" in found.problem


def test_a_rewritten_middle_event_with_a_fresh_hash_breaks_the_next_link(history) -> None:
    from hallmark.credentials import event_hash

    event = CredentialEvent.objects.get(credential=history, sequence=2)
    event.reason = "Rewritten"
    event.hash = event_hash(event.previous_hash or None, event.chain_payload())
    event.save()
    (found,) = chain_breaks()
    assert "event 2: previous_hash does not match" in found.problem
