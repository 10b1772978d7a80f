"""POST /api/v1/verify: the checks of `hallmark verify`, with our keys and status lists."""

import copy
import datetime
from dataclasses import replace

import pytest
from django.test import override_settings

from hallmark.certification import services
from hallmark.certification.issuer import issuer_id
from hallmark.credentials import generate_key_pair, sign_credential

from factories import ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/verify"


@pytest.fixture
def credential(cast):
    return services.issue_credential(cast.candidate, ProgramFactory(designation="CESP"))


def signed(credential) -> dict:
    return copy.deepcopy(credential.current_document().document)


def verify(client, document, **extra) -> dict:
    response = client.post(URL, {"credential": document, **extra}, content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


def failed(result: dict) -> dict[str, str]:
    return {c["name"]: c["reason"] for c in result["checks"] if c["status"] != "passed"}


def test_an_untouched_credential_is_valid(client, credential) -> None:
    result = verify(client, signed(credential))
    assert result["valid"] is True and result["errors"] == []
    names = [check["name"] for check in result["checks"]]
    assert names == ["structure", "proof", "issuer", "validFrom", "validUntil", "status"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", "Certified Master of Everything"), ("validUntil", "2099-12-31T00:00:00Z")],
)
def test_a_changed_field_or_date_is_tampering(client, credential, field, value) -> None:
    document = signed(credential)
    document[field] = value
    result = verify(client, document)
    assert result["valid"] is False
    assert failed(result)["proof"].startswith("tampered:")


def test_a_changed_holder_identifier_is_tampering(client, credential) -> None:
    document = signed(credential)
    document["credentialSubject"]["identifier"][1]["identityHash"] = "CESP-000999-55"
    assert failed(verify(client, document))["proof"].startswith("tampered:")


def test_a_swapped_key_is_caught(client, credential) -> None:
    forged = signed(credential)
    forged["validUntil"] = "2099-12-31T00:00:00Z"
    del forged["proof"]
    # Signed by someone else's key but naming ours: the signature does not match our key.
    ours = credential.current_document().document["proof"][0]["verificationMethod"]
    impostor = replace(generate_key_pair(issuer_id()), verification_method_id=ours)
    result = verify(client, sign_credential(forged, impostor))
    assert failed(result)["proof"].startswith("tampered:")
    # A key that looks like one of ours but was never published is unknown.
    unpublished = generate_key_pair(issuer_id())
    result = verify(client, sign_credential(forged, unpublished))
    assert failed(result)["proof"].startswith("unknown key:")
    # Signed by a key of their own: sound signature, but not a key of the issuer.
    stranger = generate_key_pair()
    result = verify(client, sign_credential(forged, stranger))
    assert result["valid"] is False
    assert failed(result)["issuer"].startswith("unknown key:")


def test_a_key_given_for_our_issuer_is_set_aside(client, credential) -> None:
    forged = signed(credential)
    del forged["proof"]
    forged["validUntil"] = "2099-12-31T00:00:00Z"
    impostor = generate_key_pair(issuer_id())
    result = verify(
        client,
        sign_credential(forged, impostor),
        keys={impostor.verification_method_id: impostor.public_multibase},
    )
    assert result["valid"] is False
    assert "set aside" in result["notes"][0]


def test_suspension_revocation_and_expiry_show(client, cast, credential) -> None:
    document = signed(credential)
    services.suspend_credential(credential, actor=cast.officer, reason="Complaint")
    assert failed(verify(client, document))["status"].startswith("suspended:")
    services.revoke_credential(credential, actor=cast.officer, reason="Fraud")
    assert failed(verify(client, document))["status"].startswith("revoked:")
    old = services.issue_credential(
        UserFactory(),
        ProgramFactory(validity_months=12),
        issued_on=datetime.date(2020, 1, 1),
    )
    result = verify(client, signed(old))
    assert list(failed(result)) == ["validUntil"]
    assert failed(result)["validUntil"].startswith("expired:")


def test_another_issuer_s_credential_is_checked_with_the_keys_given_and_nothing_fetched(
    client, credential
) -> None:
    theirs = signed(credential)
    del theirs["proof"]
    theirs["issuer"] = {"id": "https://other.example/issuer", "type": ["Profile"], "name": "X"}
    theirs["credentialStatus"]["statusListCredential"] = "https://other.example/status/1"
    theirs["credentialStatus"]["id"] = "https://other.example/status/1#5"
    key = generate_key_pair("https://other.example/issuer")
    document = sign_credential(theirs, key)
    result = verify(client, document)
    assert failed(result)["proof"].startswith("unknown key:")
    result = verify(client, document, keys={key.verification_method_id: key.public_multibase})
    assert list(failed(result)) == ["status"]
    assert failed(result)["status"].startswith("status unknown (offline)")


def test_a_malformed_key_is_a_400_and_a_non_object_a_422(client, credential) -> None:
    response = client.post(
        URL,
        {"credential": signed(credential), "keys": {"https://x.example/k#1": "not-a-key"}},
        content_type="application/json",
    )
    assert response.status_code == 400 and "public key" in response.json()["detail"]
    response = client.post(URL, {"credential": [1, 2]}, content_type="application/json")
    assert response.status_code == 422


@override_settings(HALLMARK_RATE_LIMITS={"registry": 100, "verify": 2})
def test_it_is_rate_limited(client, credential) -> None:
    document = signed(credential)
    for _ in range(2):
        verify(client, document)
    response = client.post(URL, {"credential": document}, content_type="application/json")
    assert response.status_code == 429


def test_the_answer_says_in_plain_words_whose_it_is_and_what_it_is(client) -> None:
    holder = UserFactory(legal_name="Maria Gonzalez")
    program = ProgramFactory(
        designation="CESP", name="Certified Employment Support Professional", validity_months=36
    )
    credential = services.issue_credential(holder, program, issued_on=datetime.date(2026, 3, 15))
    summary = verify(client, signed(credential))["summary"]
    assert summary == {
        "trusted": True,
        "names_holder": True,
        "holder_name": "Maria Gonzalez",
        "credential": "Certified Employment Support Professional (CESP)",
        "designation": "CESP",
        "kind": "certification",
        "issued_on": "2026-03-15",
        "valid_through": "2029-03-15",
        "status": "active",
        "sentences": [
            "Holder: Maria Gonzalez.",
            "Credential: Certified Employment Support Professional (CESP), a certification.",
            "Issued on 15 March 2026.",
            "Valid through 15 March 2029.",
            "Status now: active.",
        ],
    }


def test_a_credential_naming_no_holder_is_said_so(client) -> None:
    from factories import CertificateProgramFactory

    holder = UserFactory(legal_name="Maria Gonzalez")
    program = CertificateProgramFactory(designation="CEF", credential_names_holder=False)
    summary = verify(client, signed(services.issue_credential(holder, program)))["summary"]
    assert summary["names_holder"] is False and summary["holder_name"] is None
    assert summary["kind"] == "certificate" and summary["valid_through"] is None
    assert summary["sentences"][0] == (
        "This credential does not name its holder; it identifies them by a hashed email address."
    )
    assert "a certificate of completion (not a certification)" in summary["sentences"][1]
    assert "Does not expire." in summary["sentences"]
    assert "Maria" not in str(summary)


def test_a_credential_that_fails_asserts_nothing_but_a_signed_status(client, cast) -> None:
    holder = UserFactory(legal_name="Maria Gonzalez")
    credential = services.issue_credential(holder, ProgramFactory(designation="CESP"))
    tampered = signed(credential)
    tampered["credentialSubject"]["identifier"][1]["identityHash"] = "Someone Else"
    summary = verify(client, tampered)["summary"]
    assert summary["trusted"] is False and summary["status"] is None
    claims = ("holder_name", "credential", "designation", "kind", "issued_on", "valid_through")
    assert all(summary[name] is None for name in claims)
    assert summary["sentences"] == [
        "This credential cannot be trusted: it did not pass verification, so nothing it says "
        "about its holder is shown as fact."
    ]
    assert "Maria" not in str(summary) and "Someone" not in str(summary)

    services.revoke_credential(credential, actor=cast.officer, reason="Fraud")
    summary = verify(client, signed(credential))["summary"]
    assert summary["trusted"] is False and summary["status"] == "revoked"
    assert summary["holder_name"] is None and "Maria" not in str(summary)
    assert summary["sentences"][1] == (
        "Its issuer's signature holds, and it has been revoked: it is no longer valid."
    )
