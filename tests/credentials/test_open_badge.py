"""OpenBadgeCredential documents: the OB 3.0 schema, achievement types, the holder's identity."""

from datetime import UTC, datetime
from typing import Any

import pytest

from credentials.support import NOW, REVOCATION_LIST, SUSPENSION_LIST, make_award
from hallmark.credentials import (
    ACHIEVEMENT_TYPES,
    AchievementKind,
    BitstringStatusListEntry,
    IssuerProfile,
    KeyPair,
    StatusPurpose,
    build_open_badge,
    holder_matches,
    identity_hash,
    make_credential_number,
    open_badge_schema_errors,
    sign_credential,
    verify_credential,
)

CERTIFICATE: dict[str, Any] = {
    "kind": "certificate",
    "credential_id": "urn:uuid:8a6f3c52-3f7e-4a5d-9c61-0d4b8e2f1a77",
    "credential_number": make_credential_number("SEFT", 7),
    "designation": "SEFT",
    "achievement_id": "https://cert.example.org/programs/supported-employment-foundations",
    "achievement_name": "Supported Employment Foundations",
    "achievement_description": "Completed the 24-hour foundations training.",
    "criteria": "Attend all sessions and complete the final assignment.",
    "valid_until": None,
    "status": (),
}

AWARDS: dict[str, dict[str, Any]] = {
    "certification, revocation entry": {},
    "certification, suspension entry": {
        "status": (BitstringStatusListEntry(SUSPENSION_LIST, 23452, StatusPurpose.SUSPENSION),)
    },
    "certification, no status": {"status": ()},
    "certificate, no expiry": CERTIFICATE,
    "certificate, expiry and image": {
        **CERTIFICATE,
        "valid_until": datetime(2030, 1, 1, tzinfo=UTC),
        "image_url": "https://cert.example.org/badges/seft.png",
        "criteria_url": "https://cert.example.org/programs/seft/criteria",
    },
}


@pytest.mark.parametrize("name", AWARDS)
def test_every_built_credential_validates_against_the_ob3_schema(
    name: str, issuer: IssuerProfile, issuer_key: KeyPair
) -> None:
    document = build_open_badge(make_award(**AWARDS[name]), issuer)
    assert open_badge_schema_errors(document) == []
    signed = sign_credential(document, issuer_key)
    assert open_badge_schema_errors(signed) == []
    assert isinstance(signed["proof"], list)


def test_the_schema_check_can_fail_and_names_the_place(issuer: IssuerProfile) -> None:
    document = build_open_badge(make_award(), issuer)
    del document["credentialSubject"]["identifier"][0]["hashed"]
    document["validFrom"] = "next Tuesday"
    errors = open_badge_schema_errors(document)
    assert any(e.startswith("$.credentialSubject.identifier[0]") and "hashed" in e for e in errors)
    assert any(e.startswith("$.validFrom") for e in errors)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("certification", "Certification"), ("certificate", "Certificate")],
)
def test_achievement_type_follows_the_program_kind(
    kind: str, expected: str, issuer: IssuerProfile
) -> None:
    changes = CERTIFICATE if kind == "certificate" else {}
    document = build_open_badge(make_award(**changes), issuer)
    assert document["credentialSubject"]["achievement"]["achievementType"] == expected
    assert ACHIEVEMENT_TYPES[AchievementKind(kind)] == expected


def test_an_unknown_kind_is_refused(issuer: IssuerProfile) -> None:
    with pytest.raises(ValueError, match="kind 'Certification'"):
        build_open_badge(make_award(kind="Certification"), issuer)


def test_a_certification_must_expire(issuer: IssuerProfile) -> None:
    with pytest.raises(ValueError, match="valid_until is required"):
        build_open_badge(make_award(valid_until=None), issuer)


def test_dates_must_carry_a_time_zone_and_be_in_order(issuer: IssuerProfile) -> None:
    with pytest.raises(ValueError, match="valid_from must be a timezone-aware"):
        build_open_badge(make_award(valid_from=datetime(2025, 1, 1)), issuer)
    with pytest.raises(ValueError, match="valid_until must be after valid_from"):
        build_open_badge(make_award(valid_until=datetime(2024, 1, 1, tzinfo=UTC)), issuer)


def test_a_wrong_credential_number_is_refused(issuer: IssuerProfile) -> None:
    with pytest.raises(ValueError, match="credential_number 'CESP-000123-03'"):
        build_open_badge(make_award(credential_number="CESP-000123-03"), issuer)


def test_the_issuer_is_a_profile_at_its_stable_url(issuer: IssuerProfile) -> None:
    document = build_open_badge(make_award(), issuer)
    assert document["issuer"] == {
        "id": issuer.id,
        "type": ["Profile"],
        "name": issuer.name,
        "url": issuer.url,
        "email": issuer.email,
    }
    assert document["validFrom"] == "2025-01-15T00:00:00Z"
    assert document["validUntil"] == "2028-01-15T00:00:00Z"


def test_identity_hash_matches_the_ob3_example() -> None:
    # OB 3.0 IdentityHash example (achievementcredential.json, $defs.IdentityObject,
    # identityHash $comment, 1EdTech/openbadges-specification gh-pages a4e4e709665c):
    # "'sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399' represents
    # the result of calculating a SHA-256 hash on the string 'a@example.comKosher'".
    expected = "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399"
    assert identity_hash("a@example.com", "Kosher") == expected


def test_the_holder_is_identified_by_hashed_email_and_credential_number(
    issuer: IssuerProfile,
) -> None:
    document = build_open_badge(make_award(), issuer)
    email_id, number_id = document["credentialSubject"]["identifier"]
    assert "jordan.lee@example.org" not in str(document)
    assert email_id["hashed"] is True and email_id["salt"] == "e7b1c0a5d2f34b6c"
    assert email_id["identityType"] == "emailAddress"
    assert number_id == {
        "type": "IdentityObject",
        "identityHash": "CESP-000123-02",
        "identityType": "identifier",
        "hashed": False,
    }
    assert holder_matches(document, " Jordan.Lee@example.org ")
    assert not holder_matches(document, "someone.else@example.org")


def test_without_a_salt_each_credential_gets_its_own(issuer: IssuerProfile) -> None:
    first = build_open_badge(make_award(salt=None), issuer)
    second = build_open_badge(make_award(salt=None), issuer)
    salts = [doc["credentialSubject"]["identifier"][0]["salt"] for doc in (first, second)]
    assert salts[0] != salts[1]
    assert holder_matches(first, "jordan.lee@example.org")


def test_ob3_allows_one_status_entry_unless_asked_for_an_array(issuer: IssuerProfile) -> None:
    both = (
        BitstringStatusListEntry(REVOCATION_LIST, 94567, StatusPurpose.REVOCATION),
        BitstringStatusListEntry(SUSPENSION_LIST, 23452, StatusPurpose.SUSPENSION),
    )
    with pytest.raises(ValueError, match="one credentialStatus"):
        build_open_badge(make_award(status=both), issuer)
    document = build_open_badge(make_award(status=both), issuer, multiple_status=True)
    assert [entry["statusPurpose"] for entry in document["credentialStatus"]] == [
        "revocation",
        "suspension",
    ]
    # The OB 3.0 schema (credentialStatus [0..1]) rejects the array, and only that.
    errors = open_badge_schema_errors(document)
    assert errors and all(error.startswith("$.credentialStatus") for error in errors)


def test_a_built_and_signed_credential_verifies(
    issuer: IssuerProfile, issuer_key: KeyPair, key_set: dict[str, str]
) -> None:
    signed = sign_credential(build_open_badge(make_award(status=()), issuer), issuer_key)
    result = verify_credential(signed, keys=key_set, now=NOW)
    assert result.valid, result.errors
