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


# --- the issuer's signature of each head ---------------------------------------------------


def rewrite_from(credential, sequence: int, **changes) -> None:
    """What someone with write access to the database can do: change an event and recompute
    every hash after it, and the head, so that every link holds again."""
    from hallmark.credentials import event_hash

    events = list(CredentialEvent.objects.filter(credential=credential).order_by("sequence"))
    previous = None
    for event in events:
        if event.sequence == sequence:
            for name, value in changes.items():
                setattr(event, name, value)
        if event.sequence >= sequence:
            event.previous_hash = previous or ""
            event.hash = event_hash(previous, event.chain_payload())
            event.save()
        previous = event.hash
    credential.chain_head = previous
    credential.save(update_fields=["chain_head"])


def test_every_event_s_head_is_signed_with_the_key_that_signs_now(history, issuer_key) -> None:
    from hallmark.credentials import head_signature_matches

    events = list(history.events.all())
    assert [event.signed_with for event in events] == [issuer_key] * 3
    for event in events:
        assert head_signature_matches(event.hash, event.head_signature, issuer_key.public_multibase)


def test_a_chain_rewritten_with_recomputed_hashes_is_detected(history) -> None:
    rewrite_from(history, 2, reason="Never suspended")
    (found,) = chain_breaks()
    assert found.problem.startswith("event 1: the head signature does not match with the key ")
    assert found.problem.endswith("(the history was rewritten)")
    with pytest.raises(CommandError, match="1 of 1 credential histories are broken"):
        call_command("credentials", "audit")


def test_a_rewritten_last_event_is_detected(history) -> None:
    rewrite_from(history, 3, reason="Reinstated by nobody")
    (found,) = chain_breaks()
    assert found.problem.startswith("event 2: the head signature does not match")


def test_a_removed_signature_is_detected(history) -> None:
    rewrite_from(history, 3, reason="Rewritten")
    CredentialEvent.objects.filter(credential=history, sequence=3).update(
        head_signature="", signed_with=None
    )
    (found,) = chain_breaks()
    assert found.problem.startswith("event 2: its head is not signed")


def test_a_signature_by_a_key_that_is_not_the_issuer_s_is_detected(history, issuer_key) -> None:
    from cryptography.fernet import Fernet

    from hallmark.certification.models import IssuerKey
    from hallmark.credentials import generate_key_pair, sign_head

    # A key row added by hand: its secret is not encrypted under the issuer's encryption key.
    forger = generate_key_pair(issuer_key.controller)
    forged_key = IssuerKey.objects.create(
        controller=issuer_key.controller,
        verification_method=forger.verification_method_id,
        public_multibase=forger.public_multibase,
        source="stored",
        encrypted_secret=Fernet(Fernet.generate_key()).encrypt(b"z3u2forged").decode(),
        created_at=issuer_key.created_at,
        retired_at=issuer_key.created_at,
    )
    rewrite_from(history, 2, reason="Never suspended")
    for event in CredentialEvent.objects.filter(credential=history):
        event.head_signature, event.signed_with = sign_head(event.hash, forger), forged_key
        event.save()
    (found,) = chain_breaks()
    assert found.problem.startswith(f"event 0: the key {forger.verification_method_id} is not")


def test_rotation_keeps_the_older_signatures_checkable(history, cast) -> None:
    old_key = history.events.get(sequence=1).signed_with
    new_key = services.rotate_issuer_key(actor=None, reason="Yearly rotation")
    services.suspend_credential(history, actor=cast.officer, reason="Second complaint")
    assert history.events.get(sequence=4).signed_with == new_key != old_key
    assert list(chain_breaks()) == []


def unsign_all(credential) -> None:
    CredentialEvent.objects.filter(credential=credential).update(
        head_signature="", signed_with=None
    )


def test_events_from_before_heads_were_signed_are_reported_then_signed_once(history, capsys):
    unsign_all(history)
    (found,) = chain_breaks()
    assert "its head is not signed" in found.problem
    assert "hallmark credentials sign-history" in found.problem
    call_command("credentials", "sign-history")
    assert "signed 3 event head(s)" in capsys.readouterr().out
    assert list(chain_breaks()) == []
    call_command("credentials", "sign-history")
    assert "signed 0 event head(s)" in capsys.readouterr().out


def test_sign_history_refuses_a_broken_chain(history, capsys) -> None:
    unsign_all(history)
    CredentialEvent.objects.filter(credential=history, sequence=2).update(reason="Nothing")
    with pytest.raises(CommandError, match="1 histories were not signed"):
        call_command("credentials", "sign-history")
    assert "the history is broken (event 1: hash does not match" in capsys.readouterr().err
    assert not CredentialEvent.objects.exclude(head_signature="").exists()


def test_sign_history_refuses_a_removed_signature_after_a_signed_event(history, capsys) -> None:
    CredentialEvent.objects.filter(credential=history, sequence=3).update(
        head_signature="", signed_with=None
    )
    with pytest.raises(CommandError, match="1 histories were not signed"):
        call_command("credentials", "sign-history")
    assert "an event after a signed one has no signature" in capsys.readouterr().err
