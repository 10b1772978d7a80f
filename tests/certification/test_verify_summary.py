"""The verifier page says, above its checks and in plain words, whose credential it is, what it
is, its dates and its status now; of a credential that does not verify, nothing as fact."""

import datetime
import json

import pytest
from django.urls import reverse

from hallmark.certification import services

from factories import CertificateProgramFactory, ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def holder():
    return UserFactory(legal_name="Maria Gonzalez")


def verified(client, credential, change=None) -> str:
    document = credential.current_document().document
    if change:
        change(document)
    page = client.post(reverse("credentials-verify"), {"credential": json.dumps(document)})
    return page.content.decode()


def summary_of(page: str) -> str:
    return page.split('id="summary-title"', 1)[1].split("</section>", 1)[0]


def test_a_valid_credential_names_its_holder_program_dates_and_status(client, holder) -> None:
    program = ProgramFactory(
        designation="CESP", name="Certified Employment Support Professional", validity_months=36
    )
    credential = services.issue_credential(holder, program, issued_on=datetime.date(2026, 3, 15))
    page = verified(client, credential)
    said = summary_of(page)
    assert page.index('id="summary-title"') < page.index("Every check made")
    assert "<dd>Maria Gonzalez</dd>" in said
    assert f'href="{reverse("program", args=["CESP"])}"' in said
    assert "Certified Employment Support Professional (CESP)" in said
    assert "<dd>A certification</dd>" in said
    # Its days in the program's zone, as the registry gives them: valid through its expiry date.
    assert credential.expires_on == datetime.date(2029, 3, 15)
    assert "<dd>15 March 2026</dd>" in said and "Valid through 15 March 2029" in said
    assert "Active" in said


def test_a_credential_that_names_no_holder_says_so(client, holder) -> None:
    program = CertificateProgramFactory(designation="CEF", credential_names_holder=False)
    said = summary_of(verified(client, services.issue_credential(holder, program)))
    assert "does not name its holder; it identifies them by a hashed email address" in said
    assert "Maria" not in said
    assert "A certificate of completion (not a certification)" in said
    assert "Does not expire" in said


def test_a_tampered_credential_is_not_taken_at_its_word(client, holder) -> None:
    credential = services.issue_credential(holder, ProgramFactory(designation="CESP"))

    def rename(document) -> None:
        document["credentialSubject"]["identifier"][1]["identityHash"] = "Someone Else"

    said = summary_of(verified(client, credential, rename))
    assert "This credential cannot be trusted." in said
    assert "Someone Else" not in said and "Maria" not in said
    assert "<dl" not in said


def test_a_revoked_credential_is_said_revoked_without_its_claims(client, holder, cast) -> None:
    credential = services.issue_credential(holder, ProgramFactory(designation="CESP"))
    services.revoke_credential(credential, actor=cast.officer, reason="Fraud")
    said = summary_of(verified(client, credential))
    assert "cannot be trusted" in said and "it has been revoked" in said
    assert "Maria" not in said
