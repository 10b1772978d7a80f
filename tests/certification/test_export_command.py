"""`hallmark credentials export NUMBER --format {ob3,pdf,wallet,png,svg} --out PATH`."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hallmark.certification import services
from hallmark.certification.issuer import published_keys
from hallmark.certification.models import StatusList
from hallmark.certification.verification import verify_document
from hallmark.credentials import bake, unbake
from hallmark.credentials.cli import main as hallmark_verify

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
    with pytest.raises(CommandError, match="no credential has the number") as raised:
        call_command(
            "credentials", "export", "X-1", "--format", "ob3", "--out", str(tmp_path / "x")
        )
    assert raised.value.returncode == 2
    with pytest.raises(CommandError, match="--out") as raised:
        call_command(
            "credentials",
            "export",
            credential.number,
            "--format",
            "ob3",
            "--out",
            str(tmp_path / "missing" / "x.json"),
        )
    assert raised.value.returncode == 2
    services.revoke_credential(credential, actor=cast.officer, reason="Fraud")
    with pytest.raises(CommandError, match="is revoked: it has no certificate") as raised:
        call_command(
            "credentials",
            "export",
            credential.number,
            "--format",
            "pdf",
            "--out",
            str(tmp_path / "x"),
        )
    assert raised.value.returncode == 2
    with pytest.raises(
        CommandError, match="is revoked: it has no certificate, wallet card or badge"
    ):
        call_command(
            "credentials", "export", credential.number, "--format", "png", "--out", str(tmp_path)
        )


def offline_arguments(credential, tmp_path) -> list[str]:
    """`hallmark verify` options that trust this site's keys and give its status list."""
    status_list = StatusList.objects.get(entries__credential=credential)
    (tmp_path / "list.json").write_text(json.dumps(status_list.document))
    arguments = ["--offline"]
    for method, public in published_keys().items():
        arguments += ["--key", f"{method}={public}"]
    url = credential.current_document().document["credentialStatus"]["statusListCredential"]
    return [*arguments, "--status-list", f"{url}={tmp_path / 'list.json'}"]


@pytest.mark.parametrize("format", ["png", "svg"])
def test_it_exports_a_baked_badge_that_hallmark_verify_accepts(
    credential, tmp_path, capsys, format
) -> None:
    out = tmp_path / f"badge.{format}"
    call_command("credentials", "export", credential.number, "--format", format, "--out", str(out))
    assert f"{credential.number}: wrote" in capsys.readouterr().out
    assert json.loads(unbake(out.read_bytes()).text) == credential.current_document().document
    assert hallmark_verify([str(out), *offline_arguments(credential, tmp_path)]) == 0
    assert capsys.readouterr().out.splitlines()[0] == f"{out}: VALID"


@pytest.mark.parametrize("format", ["png", "svg"])
def test_a_tampered_baked_badge_does_not_verify(credential, tmp_path, capsys, format) -> None:
    out = tmp_path / f"badge.{format}"
    call_command("credentials", "export", credential.number, "--format", format, "--out", str(out))
    document = json.loads(unbake(out.read_bytes()).text)
    document["credentialSubject"]["achievement"]["name"] = "Chief Surgeon"
    out.write_bytes(bake(out.read_bytes(), document))
    capsys.readouterr()
    assert hallmark_verify([str(out), *offline_arguments(credential, tmp_path)]) == 1
    assert "failed  proof: tampered" in capsys.readouterr().out


def test_an_unknown_format_is_refused_by_the_parser(credential, tmp_path) -> None:
    with pytest.raises(CommandError, match="invalid choice: 'gif'"):
        call_command(
            "credentials", "export", credential.number, "--format", "gif", "--out", str(tmp_path)
        )
