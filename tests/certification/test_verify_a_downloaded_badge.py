"""A holder downloads their baked badge from a running Hallmark, and `hallmark verify` (the
standalone verifier, which fetches the issuer's keys and status list) accepts it, then says so
when the credential is suspended. The server runs on this machine, over http, as the demo does."""

import pytest
from django.urls import reverse

from hallmark.certification import services
from hallmark.credentials import cli

from factories import PASSWORD, ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_hallmark_verify_accepts_the_badge_a_holder_downloads(
    live_server, client, settings, tmp_path, capsys
) -> None:
    settings.PUBLIC_BASE_URL = live_server.url
    services.create_issuer_key()
    holder = UserFactory(email="ada@example.org", legal_name="Ada Lovelace")
    credential = services.issue_credential(holder, ProgramFactory(designation="CESP"))
    client.login(username=holder.email, password=PASSWORD)
    badge = tmp_path / "badge.png"
    downloaded = client.get(reverse("credentials-badge-png", args=[credential.number]))
    assert downloaded["Content-Type"] == "image/png"
    badge.write_bytes(downloaded.content)

    assert cli.main([str(badge), "--local"]) == 0
    said = capsys.readouterr().out
    assert f"{badge}: VALID" in said and "Holder: Ada Lovelace." in said
    assert f"published at {live_server.url}/credentials/issuer" in said

    services.suspend_credential(credential, actor=None, reason="Complaint")
    assert cli.main([str(badge), "--local"]) == 1
    assert "suspended" in capsys.readouterr().out
