"""The holder's name in a credential (an unhashed IdentityObject of type "name"), read back, and
a verification summed up in plain words."""

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from credentials.support import NOW, REVOCATION_LIST, SUSPENSION_LIST, make_award
from hallmark.credentials import (
    AchievementKind,
    BitstringStatusListEntry,
    CredentialState,
    CredentialSummary,
    IssuerProfile,
    KeyPair,
    StatusPurpose,
    build_open_badge,
    holder_matches,
    holder_name_of,
    open_badge_schema_errors,
    sign_credential,
    summarize,
    verify_credential,
)

NAMED = make_award(holder_name="  Maria Gonzalez ")


def test_a_named_holder_sits_beside_the_hashed_email(issuer: IssuerProfile) -> None:
    identifiers = build_open_badge(NAMED, issuer)["credentialSubject"]["identifier"]
    assert [i["identityType"] for i in identifiers] == ["emailAddress", "name", "identifier"]
    assert identifiers[1] == {
        "type": "IdentityObject",
        "identityHash": "Maria Gonzalez",
        "identityType": "name",
        "hashed": False,
    }
    assert identifiers[0]["hashed"] is True


def test_without_a_name_only_the_email_hash_and_number_identify_the_holder(
    issuer: IssuerProfile,
) -> None:
    document = build_open_badge(make_award(), issuer)
    kinds = [i["identityType"] for i in document["credentialSubject"]["identifier"]]
    assert kinds == ["emailAddress", "identifier"]
    assert holder_name_of(document) is None


@pytest.mark.parametrize("name", ["", "   ", 7])
def test_a_blank_name_is_refused_naming_the_field(name: Any, issuer: IssuerProfile) -> None:
    with pytest.raises(ValueError, match="holder_name"):
        build_open_badge(make_award(holder_name=name), issuer)


def test_a_named_credential_is_schema_valid_verifies_and_reads_back(
    issuer: IssuerProfile, issuer_key: KeyPair, key_set: dict[str, str]
) -> None:
    document = build_open_badge(replace(NAMED, status=()), issuer)
    assert open_badge_schema_errors(document) == []
    signed = sign_credential(document, issuer_key)
    result = verify_credential(signed, keys=key_set, now=NOW)
    assert result.valid, result.errors
    assert holder_name_of(signed) == "Maria Gonzalez"
    assert holder_matches(signed, "jordan.lee@example.org")


def test_a_changed_name_breaks_the_proof(
    issuer: IssuerProfile, issuer_key: KeyPair, key_set: dict[str, str]
) -> None:
    signed = sign_credential(build_open_badge(replace(NAMED, status=()), issuer), issuer_key)
    signed["credentialSubject"]["identifier"][1]["identityHash"] = "Someone Else"
    result = verify_credential(signed, keys=key_set, now=NOW)
    assert not result.valid
    summary = summarize(signed, result)
    assert not summary.trusted and summary.holder_name is None and summary.state is None
    assert "cannot be trusted" in summary.sentences()[0]
    assert "Someone Else" not in " ".join(summary.sentences())


def test_a_hashed_name_is_not_read_as_a_name() -> None:
    item = {"type": "IdentityObject", "identityType": "name", "hashed": True}
    document = {"credentialSubject": {"identifier": [{**item, "identityHash": "sha256$ab"}]}}
    assert holder_name_of(document) is None


def test_a_valid_credential_in_plain_words(
    issuer: IssuerProfile, issuer_key: KeyPair, key_set: dict[str, str]
) -> None:
    signed = sign_credential(build_open_badge(replace(NAMED, status=()), issuer), issuer_key)
    summary = summarize(signed, verify_credential(signed, keys=key_set, now=NOW))
    assert summary.trusted and summary.state is CredentialState.ACTIVE
    assert (summary.holder_name, summary.designation) == ("Maria Gonzalez", "CESP")
    assert summary.kind is AchievementKind.CERTIFICATION
    assert summary.issued_on() == date(2025, 1, 15)
    # validUntil is the first moment it is not valid: the day before is its last.
    assert summary.valid_through() == date(2028, 1, 14)
    assert summary.sentences() == [
        "Holder: Maria Gonzalez.",
        "Credential: Certified Employment Support Professional (CESP), a certification.",
        "Issued on 2025-01-15.",
        "Valid through 2028-01-14.",
        "Status now: active.",
    ]


def test_the_last_valid_day_is_told_in_the_programs_zone() -> None:
    until = datetime(2029, 4, 1, 4, tzinfo=UTC)  # midnight in New York
    summary = CredentialSummary(trusted=True, valid_until=until)
    assert summary.valid_through(ZoneInfo("America/New_York")) == date(2029, 3, 31)


def test_an_unnamed_certificate_says_it_names_no_holder(
    issuer: IssuerProfile, issuer_key: KeyPair, key_set: dict[str, str]
) -> None:
    award = make_award(kind="certificate", valid_until=None, status=())
    signed = sign_credential(build_open_badge(award, issuer), issuer_key)
    said = summarize(signed, verify_credential(signed, keys=key_set, now=NOW)).sentences()
    assert said[0] == (
        "This credential does not name its holder; it identifies them by a hashed email address."
    )
    assert "a certificate of completion (not a certification)" in said[1]
    assert said[3] == "Does not expire."


def test_a_revoked_credential_says_so_but_claims_nothing(
    signed_credential: dict[str, Any], key_set: dict[str, str], status_list_credential: Any
) -> None:
    lists = {REVOCATION_LIST: status_list_credential(set_bits=(94567,))}
    result = verify_credential(signed_credential, keys=key_set, status_lists=lists, now=NOW)
    summary = summarize(signed_credential, result)
    assert not summary.trusted and summary.state is CredentialState.REVOKED
    assert summary.name is None
    assert summary.sentences()[1] == (
        "Its issuer's signature holds, and it has been revoked: it is no longer valid."
    )


def test_an_expired_credential_is_told_expired(
    signed_credential: dict[str, Any], key_set: dict[str, str], status_list_credential: Any
) -> None:
    lists = {REVOCATION_LIST: status_list_credential()}
    later = datetime(2028, 2, 1, tzinfo=UTC)
    result = verify_credential(signed_credential, keys=key_set, status_lists=lists, now=later)
    assert summarize(signed_credential, result).state is CredentialState.EXPIRED


@pytest.mark.parametrize(
    ("entry", "purpose", "now", "state", "sentence"),
    [
        pytest.param(
            BitstringStatusListEntry(SUSPENSION_LIST, 4021, StatusPurpose.SUSPENSION),
            StatusPurpose.SUSPENSION,
            NOW,
            CredentialState.SUSPENDED,
            "Its issuer's signature holds, and it is suspended: it is not valid while suspended.",
            id="suspended",
        ),
        pytest.param(
            BitstringStatusListEntry(SUSPENSION_LIST, 4021, StatusPurpose.SUSPENSION),
            StatusPurpose.SUSPENSION,
            datetime(2024, 12, 1, tzinfo=UTC),  # before validFrom 2025-01-15
            CredentialState.NOT_YET_VALID,
            "Its issuer's signature holds, but it is not valid yet.",
            id="not yet valid",
        ),
    ],
)
def test_a_suspended_or_not_yet_valid_credential_is_told_so(
    entry: BitstringStatusListEntry,
    purpose: StatusPurpose,
    now: datetime,
    state: CredentialState,
    sentence: str,
    issuer: IssuerProfile,
    issuer_key: KeyPair,
    key_set: dict[str, str],
    status_list_credential: Any,
) -> None:
    signed = sign_credential(build_open_badge(make_award(status=(entry,)), issuer), issuer_key)
    set_bits = (4021,) if state is CredentialState.SUSPENDED else ()
    lists = {SUSPENSION_LIST: status_list_credential(SUSPENSION_LIST, purpose, set_bits)}
    result = verify_credential(signed, keys=key_set, status_lists=lists, now=now)
    summary = summarize(signed, result)
    assert not summary.trusted and summary.state is state
    assert summary.name is None
    assert summary.sentences()[1] == sentence


def test_a_credential_without_a_name_is_not_named_none() -> None:
    summary = CredentialSummary(trusted=True, state=CredentialState.ACTIVE, designation="CESP")
    assert summary.sentences()[1] == "Credential: Not named (CESP)."
    assert summary.credential() == "Not named (CESP)"
