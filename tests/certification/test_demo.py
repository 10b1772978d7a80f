"""The demo: holders in every state, each with a signed credential and its status."""

import json
from pathlib import Path

import pytest
from django.apps import apps

from hallmark.accounts import demo as accounts_demo
from hallmark.certification import demo
from hallmark.certification.badges import baked_badge, image_problems
from hallmark.certification.data import CredentialEventKind, CredentialStatus
from hallmark.certification.models import (
    BadgeImage,
    Complaint,
    Credential,
    IssuerKey,
    StatusEntry,
)
from hallmark.certification.registry import RegistryEntry
from hallmark.certification.verification import verify_document
from hallmark.credentials import BadgeFormat, BitstringStatusList, unbake
from hallmark.programs import demo as programs_demo

pytestmark = pytest.mark.django_db


def rows() -> dict[str, list[dict]]:
    config = apps.get_app_config("certification")
    return {m._meta.label: list(m.objects.order_by("pk").values()) for m in config.get_models()}


@pytest.fixture
def seeded():
    IssuerKey.objects.all().delete()  # the demo makes its own key when there is none
    accounts_demo.seed()
    programs_demo.seed()
    return demo.seed()


def test_every_demo_holder_has_a_signed_credential_whose_status_shows(seeded) -> None:
    assert any("/credentials/verify/" in line for line in seeded)
    expected = {
        CredentialStatus.ACTIVE: ("0x0", []),
        CredentialStatus.EXPIRED: ("0x0", ["validUntil"]),
        CredentialStatus.SUSPENDED: ("0x1", ["status"]),
        CredentialStatus.REVOKED: ("0x2", ["status"]),
    }
    credentials = Credential.objects.all()
    assert {c.status for c in credentials} == set(expected)
    assert {c.kind for c in credentials} == {"certification", "certificate"}
    for credential in credentials:
        entry = StatusEntry.objects.get(credential=credential)
        bits = BitstringStatusList.decode(
            entry.status_list.document["credentialSubject"]["encodedList"], status_size=2
        )
        value, failing = expected[credential.status]
        assert f"0x{bits.get_status(entry.index):x}" == value
        result = verify_document(credential.current_document().document).result
        assert [c.name for c in result.checks if not c.ok] == failing, credential


def test_a_second_run_changes_nothing(seeded) -> None:
    first = rows()
    demo.seed()
    assert rows() == first


def test_the_demo_s_suspension_gives_a_reason_the_demo_bears_out(seeded) -> None:
    """No complaint concerns the suspended holder: his suspension is administrative (a fee),
    not a case; the registry discloses no sanction."""
    credential = Credential.objects.get(holder__email="daniel.price@example.org")
    suspended = credential.events.get(kind=CredentialEventKind.SUSPENDED)
    assert suspended.reason == (
        "Demo: the exam fee payment was reversed by the bank and is still unpaid"
    )
    assert not Complaint.objects.filter(credential=credential).exists()
    assert not credential.discipline_cases.exists()
    assert RegistryEntry.of(credential).sanction is None


def test_the_demo_certification_has_an_uploaded_badge_image(seeded) -> None:
    (image,) = BadgeImage.objects.all()
    assert (image.program.designation, image.format) == ("CESP", "svg")
    assert image_problems(bytes(image.image)) == (BadgeFormat.SVG, [])
    assert any(line.startswith("badges: CESP has an uploaded SVG badge image") for line in seeded)
    maria = Credential.objects.get(holder__email="maria.gonzalez@example.org")
    assert b"DEMONSTRATION" in bytes(image.image)
    baked = unbake(baked_badge(maria, BadgeFormat.SVG))
    assert json.loads(baked.text) == maria.current_document().document


def test_maria_gonzalez_shares_her_active_certification(seeded, client) -> None:
    maria = Credential.objects.get(holder__email="maria.gonzalez@example.org")
    assert maria.shared and maria.status == "active"
    line = next(line for line in seeded if line.startswith("share page:"))
    assert f"/credentials/{maria.number}/share/ (Maria Gonzalez's)" in line
    assert client.get(f"/credentials/{maria.number}/share/").status_code == 200
    others = Credential.objects.exclude(pk=maria.pk)
    assert not others.filter(shared=True).exists()


def test_the_docs_quote_maria_s_share_page(seeded) -> None:
    root = Path(__file__).resolve().parents[2]
    maria = Credential.objects.get(holder__email="maria.gonzalez@example.org")
    address = f"/credentials/{maria.number}/share/"
    assert address in (root / "docs" / "credentials.md").read_text(encoding="utf-8")
    assert address in (root / "README.md").read_text(encoding="utf-8")
