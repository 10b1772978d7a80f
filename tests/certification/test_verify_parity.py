"""The web verifier and `hallmark verify` (given the issuer's key and status list) agree."""

import json

import pytest

from hallmark.certification import services
from hallmark.certification.issuer import published_keys
from hallmark.certification.models import StatusList
from hallmark.certification.verification import verify_document
from hallmark.credentials.cli import main as hallmark_verify

from factories import ProgramFactory

pytestmark = pytest.mark.django_db


def test_the_same_checks_with_the_same_outcomes(cast, tmp_path, capsys) -> None:
    credential = services.issue_credential(cast.candidate, ProgramFactory())
    services.revoke_credential(credential, actor=cast.officer, reason="Fraud")
    document = credential.current_document().document
    status_list = StatusList.objects.get(entries__credential=credential)
    (tmp_path / "credential.json").write_text(json.dumps(document))
    (tmp_path / "list.json").write_text(json.dumps(status_list.document))
    arguments = [str(tmp_path / "credential.json"), "--offline", "--json"]
    for method, public in published_keys().items():
        arguments += ["--key", f"{method}={public}"]
    url = document["credentialStatus"]["statusListCredential"]
    arguments += ["--status-list", f"{url}={tmp_path / 'list.json'}"]
    assert hallmark_verify(arguments) == 1
    offline = json.loads(capsys.readouterr().out)
    online = verify_document(document).to_json()
    assert offline["checks"] == online["checks"]
    assert offline["errors"][0].startswith("revoked: status 0x2")
