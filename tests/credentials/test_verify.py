"""verify_credential: tampering, keys, dates and status, each reported as a named check."""

import copy
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from credentials.support import ISSUER_ID, NOW, REVOCATION_LIST, SUSPENSION_LIST, make_award
from hallmark.credentials import (
    EDDSA_JCS_2022,
    BitstringStatusListEntry,
    CheckStatus,
    IssuerProfile,
    KeyPair,
    StatusPurpose,
    VerificationResult,
    build_open_badge,
    controller_document,
    generate_key_pair,
    sign_credential,
    verify_credential,
)


def check(result: VerificationResult, name: str) -> Any:
    matches = [c for c in result.checks if c.name == name]
    assert matches, f"no check named {name!r} in {[c.name for c in result.checks]}"
    return matches[0]


def failed_names(result: VerificationResult) -> list[str]:
    return [c.name for c in result.checks if not c.ok]


def test_an_untouched_credential_with_a_clear_status_is_valid(
    signed_credential: dict[str, Any], key_set: dict[str, str], status_list_credential: Any
) -> None:
    result = verify_credential(
        signed_credential,
        keys=key_set,
        now=NOW,
        status_lists={REVOCATION_LIST: status_list_credential()},
    )
    assert result.valid, result.errors
    assert result.errors == []
    assert [c.name for c in result.checks] == [
        "structure",
        "proof",
        "issuer",
        "validFrom",
        "validUntil",
        "status (revocation)",
    ]
    assert all(c.status is CheckStatus.PASSED for c in result.checks)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("credentialSubject", "achievement", "name"), "Certified Rocket Scientist"),
        (("credentialSubject", "identifier", 1, "identityHash"), "CESP-000124-96"),
        (("credentialSubject", "achievement", "achievementType"), "Certificate"),
        (("issuer", "name"), "Another Board"),
        (("credentialStatus", "statusListIndex"), "1"),
    ],
)
def test_a_changed_field_is_tampering(
    path: tuple[Any, ...], value: str, signed_credential: dict[str, Any], key_set: dict[str, str]
) -> None:
    target = signed_credential
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    result = verify_credential(signed_credential, keys=key_set, now=NOW)
    assert not result.valid
    assert check(result, "proof").reason.startswith("tampered")


def test_a_changed_date_is_tampering_even_when_it_would_make_the_credential_current(
    signed_credential: dict[str, Any], key_set: dict[str, str]
) -> None:
    signed_credential["validUntil"] = "2031-01-15T00:00:00Z"
    result = verify_credential(signed_credential, keys=key_set, now=NOW)
    assert "proof" in failed_names(result)
    assert check(result, "proof").reason.startswith("tampered")
    assert check(result, "validUntil").ok


def test_an_added_unsigned_property_is_not_accepted(
    signed_credential: dict[str, Any], key_set: dict[str, str]
) -> None:
    # A term no context defines would not change the RDF, so the signature alone would hold.
    signed_credential["credentialSubject"]["honours"] = "summa cum laude"
    result = verify_credential(signed_credential, keys=key_set, now=NOW)
    assert not result.valid
    assert "honours" in check(result, "proof").reason


def test_a_proof_made_with_another_key_under_the_issuer_key_id_is_tampering(
    issuer: IssuerProfile, issuer_key: KeyPair, key_set: dict[str, str]
) -> None:
    impostor = generate_key_pair(ISSUER_ID)
    claimed = replace(impostor, verification_method_id=issuer_key.verification_method_id)
    forged = sign_credential(build_open_badge(make_award(), issuer), claimed)
    result = verify_credential(forged, keys=key_set, now=NOW)
    assert check(result, "proof").reason.startswith("tampered")


def test_a_credential_re_signed_with_someone_elses_did_key_is_not_the_issuers(
    signed_credential: dict[str, Any], key_set: dict[str, str]
) -> None:
    forged = copy.deepcopy(signed_credential)
    forged["credentialSubject"]["achievement"]["name"] = "Certified Rocket Scientist"
    del forged["proof"]
    forged = sign_credential(forged, generate_key_pair())
    result = verify_credential(forged, keys=key_set, now=NOW)
    assert check(result, "proof").ok  # a sound signature...
    issuer_check = check(result, "issuer")  # ...by a key that is not the issuer's
    assert not issuer_check.ok and issuer_check.reason.startswith("unknown key")
    assert not result.valid


def test_a_proof_moved_to_another_document_is_tampering(
    issuer: IssuerProfile, issuer_key: KeyPair, key_set: dict[str, str]
) -> None:
    first = sign_credential(build_open_badge(make_award(), issuer), issuer_key)
    other_award = make_award(
        credential_id="https://cert.example.org/registry/CESP-000124-96",
        credential_number="CESP-000124-96",
        holder_email="someone.else@example.org",
    )
    second = build_open_badge(other_award, issuer)
    second["proof"] = first["proof"]
    result = verify_credential(second, keys=key_set, now=NOW)
    assert check(result, "proof").reason.startswith("tampered")


def test_an_unknown_key_is_reported(signed_credential: dict[str, Any]) -> None:
    result = verify_credential(signed_credential, now=NOW)
    assert check(result, "proof").reason.startswith("unknown key")
    assert "issuer" not in [c.name for c in result.checks]


def test_an_expired_credential(signed_credential: dict[str, Any], key_set: dict[str, str]) -> None:
    result = verify_credential(
        signed_credential, keys=key_set, now=datetime(2028, 1, 16, tzinfo=UTC)
    )
    assert failed_names(result) == ["validUntil", "status (revocation)"]
    assert check(result, "validUntil").reason.startswith("expired")


def test_a_credential_not_yet_valid(
    signed_credential: dict[str, Any], key_set: dict[str, str]
) -> None:
    result = verify_credential(
        signed_credential, keys=key_set, now=datetime(2025, 1, 14, tzinfo=UTC)
    )
    assert "validFrom" in failed_names(result)
    assert check(result, "validFrom").reason.startswith("not yet valid")


@pytest.mark.parametrize(
    ("purpose", "url", "index", "word"),
    [
        (StatusPurpose.REVOCATION, REVOCATION_LIST, 94567, "revoked"),
        (StatusPurpose.SUSPENSION, SUSPENSION_LIST, 23452, "suspended"),
    ],
)
def test_a_set_bit_in_the_signed_status_list_revokes_or_suspends(
    purpose: StatusPurpose,
    url: str,
    index: int,
    word: str,
    issuer: IssuerProfile,
    issuer_key: KeyPair,
    key_set: dict[str, str],
    status_list_credential: Any,
) -> None:
    award = make_award(status=(BitstringStatusListEntry(url, index, purpose),))
    signed = sign_credential(build_open_badge(award, issuer), issuer_key)
    name = f"status ({purpose})"
    clear = status_list_credential(url=url, purpose=purpose, set_bits=(index + 1,))
    result = verify_credential(signed, keys=key_set, now=NOW, status_lists={url: clear})
    assert result.valid, result.errors
    set_ = status_list_credential(url=url, purpose=purpose, set_bits=(index,))
    result = verify_credential(signed, keys=key_set, now=NOW, status_lists={url: set_})
    assert failed_names(result) == [name]
    assert check(result, name).reason.startswith(f"{word}: bit {index}")


def test_without_its_status_list_offline_the_status_is_unknown_not_valid(
    signed_credential: dict[str, Any], key_set: dict[str, str]
) -> None:
    result = verify_credential(signed_credential, keys=key_set, now=NOW)
    status = check(result, "status (revocation)")
    assert status.status is CheckStatus.UNKNOWN
    assert status.reason.startswith("status unknown (offline)")
    assert not result.valid and result.errors == [status.reason]


def test_a_tampered_status_list_is_not_trusted(
    signed_credential: dict[str, Any], key_set: dict[str, str], status_list_credential: Any
) -> None:
    revoked = status_list_credential(set_bits=(94567,))
    cleared = status_list_credential()
    revoked["credentialSubject"]["encodedList"] = cleared["credentialSubject"]["encodedList"]
    result = verify_credential(
        signed_credential, keys=key_set, now=NOW, status_lists={REVOCATION_LIST: revoked}
    )
    reason = check(result, "status (revocation)").reason
    assert "not usable" in reason and "tampered" in reason


def test_a_status_list_from_another_issuer_is_not_trusted(
    signed_credential: dict[str, Any], key_set: dict[str, str], status_list_credential: Any
) -> None:
    stranger = generate_key_pair("https://other.example/issuer")
    foreign = status_list_credential(key=stranger, issuer_id="https://other.example/issuer")
    result = verify_credential(
        signed_credential, keys=key_set, now=NOW, status_lists={REVOCATION_LIST: foreign}
    )
    assert "not by the credential's issuer" in check(result, "status (revocation)").reason


def test_a_status_list_for_another_purpose_is_not_used(
    signed_credential: dict[str, Any], key_set: dict[str, str], status_list_credential: Any
) -> None:
    wrong = status_list_credential(purpose=StatusPurpose.SUSPENSION)
    result = verify_credential(
        signed_credential, keys=key_set, now=NOW, status_lists={REVOCATION_LIST: wrong}
    )
    assert "statusPurpose is not revocation" in check(result, "status (revocation)").reason


def test_an_expired_status_list_is_not_used(
    signed_credential: dict[str, Any], key_set: dict[str, str], status_list_credential: Any
) -> None:
    result = verify_credential(
        signed_credential,
        keys=key_set,
        now=datetime(2026, 7, 2, tzinfo=UTC),
        status_lists={REVOCATION_LIST: status_list_credential()},
    )
    assert "expired" in check(result, "status (revocation)").reason


def test_old_credentials_verify_after_key_rotation(
    issuer: IssuerProfile, issuer_key: KeyPair
) -> None:
    old = sign_credential(build_open_badge(make_award(status=()), issuer), issuer_key)
    new_key = generate_key_pair(ISSUER_ID)
    new = sign_credential(build_open_badge(make_award(status=()), issuer), new_key)
    key_set = {key.verification_method_id: key.public_multibase for key in (issuer_key, new_key)}
    for document in (old, new):
        assert verify_credential(document, keys=key_set, now=NOW).valid


def test_keys_and_status_are_fetched_from_the_issuers_published_documents(
    signed_credential: dict[str, Any], issuer_key: KeyPair, status_list_credential: Any
) -> None:
    published = {
        ISSUER_ID: controller_document(ISSUER_ID, [issuer_key]),
        REVOCATION_LIST: status_list_credential(),
    }
    asked: list[str] = []

    def fetch(url: str) -> Any:
        asked.append(url)
        return copy.deepcopy(published[url])

    result = verify_credential(signed_credential, now=NOW, fetch=fetch)
    assert result.valid, result.errors
    assert "published at https://cert.example.org/issuer" in check(result, "proof").reason
    assert sorted(set(asked)) == [ISSUER_ID, REVOCATION_LIST]
    assert asked.count(ISSUER_ID) == 1  # fetched once, used for the list's proof too


def test_a_published_key_not_listed_for_assertions_is_refused(
    signed_credential: dict[str, Any], issuer_key: KeyPair
) -> None:
    document = controller_document(ISSUER_ID, [issuer_key])
    document["assertionMethod"] = []
    result = verify_credential(signed_credential, now=NOW, fetch=lambda url: document)
    reason = check(result, "proof").reason
    assert reason.startswith("unknown key") and "assertionMethod" in reason


def test_a_published_key_marked_revoked_is_refused(
    signed_credential: dict[str, Any], issuer_key: KeyPair
) -> None:
    document = controller_document(ISSUER_ID, [issuer_key])
    document["verificationMethod"][0]["revoked"] = "2026-03-01T00:00:00Z"
    result = verify_credential(signed_credential, now=NOW, fetch=lambda url: document)
    assert "revoked at 2026-03-01T00:00:00Z" in check(result, "proof").reason


def test_a_fetch_failure_leaves_the_key_unknown(signed_credential: dict[str, Any]) -> None:
    def fetch(url: str) -> Any:
        raise OSError("connection refused")

    result = verify_credential(signed_credential, now=NOW, fetch=fetch)
    assert "connection refused" in check(result, "proof").reason
    assert check(result, "status (revocation)").status is CheckStatus.UNKNOWN


def test_a_jcs_proof_of_ours_verifies_and_detects_tampering(
    issuer: IssuerProfile, issuer_key: KeyPair, key_set: dict[str, str]
) -> None:
    document = build_open_badge(make_award(status=()), issuer)
    signed = sign_credential(document, issuer_key, cryptosuite=EDDSA_JCS_2022)
    assert verify_credential(signed, keys=key_set, now=NOW).valid
    signed["name"] = "Something else"
    assert check(verify_credential(signed, keys=key_set, now=NOW), "proof").reason.startswith(
        "tampered"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("proof"), "no proof"),
        (lambda d: d.update(proof=[]), "no proof"),
        (lambda d: d.update(proof=["z3abc"]), "proof must be an object"),
        (lambda d: d.update(type=["OpenBadgeCredential"]), "VerifiableCredential"),
        (lambda d: d.pop("issuer"), "issuer is missing"),
        (lambda d: d.update({"@context": ["https://www.w3.org/2018/credentials/v1"]}), "@context"),
    ],
)
def test_a_document_that_is_not_a_signed_vc_fails_the_structure_check(
    change: Any, message: str, signed_credential: dict[str, Any], key_set: dict[str, str]
) -> None:
    change(signed_credential)
    result = verify_credential(signed_credential, keys=key_set, now=NOW)
    structure = check(result, "structure")
    assert not structure.ok and message in structure.reason


def test_the_result_is_plain_json(signed_credential: dict[str, Any]) -> None:
    payload = verify_credential(signed_credential, now=NOW).to_json()
    assert payload["valid"] is False
    assert {"name", "status", "reason"} <= set(payload["checks"][0])
    assert payload["errors"] == [c["reason"] for c in payload["checks"] if c["status"] != "passed"]


def test_bad_arguments_are_named(signed_credential: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="now must be a timezone-aware"):
        verify_credential(signed_credential, now=datetime(2026, 1, 1))
    with pytest.raises(ValueError, match=r"keys\['https://cert.example.org/issuer#k'\]"):
        verify_credential(signed_credential, keys={f"{ISSUER_ID}#k": "not-a-key"})
