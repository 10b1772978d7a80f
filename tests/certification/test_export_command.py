"""`hallmark credentials export NUMBER --format {ob3,pdf,wallet} --out PATH`."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hallmark.certification import services
from hallmark.certification.verification import verify_document

from factories import ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def credential(cast):
    return services.issue_credential(cast.candidate, ProgramFactory(designation="CESP"))


def test_it_exports_the_signed_credential(credential, tmp_path, capsys) -> None:
    out = tmp_path / "credential.json"
    call_command(
        "credentials", "export", credential.number.lower(), "--format", "ob3", "--out", str(out)
    )
    assert f"{credential.number}: wrote" in capsys.readouterr().out
    assert verify_document(json.loads(out.read_text())).result.valid


@pytest.mark.parametrize("format", ["pdf", "wallet"])
def test_it_exports_the_pdfs(credential, tmp_path, format) -> None:
    out = tmp_path / "out.pdf"
    call_command("credentials", "export", credential.number, "--format", format, "--out", str(out))
    assert out.read_bytes().startswith(b"%PDF")


def test_it_refuses_what_it_cannot_export(credential, cast, tmp_path) -> None:
    with pytest.raises(CommandError, match="no credential has the number"):
        call_command(
            "credentials", "export", "X-1", "--format", "ob3", "--out", str(tmp_path / "x")
        )
    with pytest.raises(CommandError, match="--out"):
        call_command(
            "credentials",
            "export",
            credential.number,
            "--format",
            "ob3",
            "--out",
            str(tmp_path / "missing" / "x.json"),
        )
    services.revoke_credential(credential, actor=cast.officer, reason="Fraud")
    with pytest.raises(CommandError, match="is revoked: it has no certificate"):
        call_command(
            "credentials",
            "export",
            credential.number,
            "--format",
            "pdf",
            "--out",
            str(tmp_path / "x"),
        )
