"""The demo's public URL follows its port, and its banner counts the tour's real accounts."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from hallmark.certification.issuer import issuer_id
from hallmark.site.demo_banner import (
    TOUR_ACCOUNTS,
    accounts_lines,
    banner,
    demo_public_url,
    signed_for_another_url,
)

from factories import UserFactory

README = Path(__file__).resolve().parents[2] / "README.md"


def test_it_derives_the_public_url_from_the_port() -> None:
    assert demo_public_url("127.0.0.1", 9101, {}) == "http://127.0.0.1:9101"
    assert demo_public_url("0.0.0.0", 9000, {}) == "http://127.0.0.1:9000"
    assert demo_public_url("::1", 8001, {}) == "http://[::1]:8001"


def test_hallmark_public_url_wins_over_the_port() -> None:
    environ = {"HALLMARK_PUBLIC_URL": "https://demo.example.org/"}
    assert demo_public_url("127.0.0.1", 9101, environ) == "https://demo.example.org"
    assert demo_public_url("127.0.0.1", 9101, {"HALLMARK_PUBLIC_URL": " "}) == (
        "http://127.0.0.1:9101"
    )


def test_the_banner_says_which_public_url_is_used() -> None:
    lines = banner(
        served_at="http://127.0.0.1:9101",
        public_url="http://127.0.0.1:9101",
        database="/tmp/demo.sqlite3",
        accounts=["manager@example.org"],
    )
    text = "\n".join(lines)
    assert "public URL:        http://127.0.0.1:9101 (in links, QR codes and credentials" in text
    assert "http://127.0.0.1:9101/portal/" in text
    assert "guides:            http://127.0.0.1:9101/guides/" in text
    assert "8000" not in text


def test_the_banner_counts_only_the_accounts_the_database_holds() -> None:
    head, *listed = accounts_lines(["manager@example.org", "grace.liu@example.org", "x@y.org"])
    assert head.startswith("2 demo accounts")
    assert listed == ["manager@, grace.liu@"]
    head, *listed = accounts_lines(list(TOUR_ACCOUNTS))
    assert head.startswith(f"{len(TOUR_ACCOUNTS)} demo accounts")
    assert "training@valleyservices.example.org" in " ".join(listed)
    assert all(len(line) <= 78 for line in listed)


def _readme_tour_accounts() -> set[str]:
    text = README.read_text()
    tour = text[text.index("## A short tour") : text.index("`admin@example.org` is a superuser")]
    tour += "`admin@example.org`"
    found = set()
    for written in re.findall(r"`([\w.]+@[\w.]*)`", tour):
        found.add(written + "example.org" if written.endswith("@") else written)
    return found


def test_the_tour_accounts_are_the_readmes() -> None:
    assert _readme_tour_accounts() == set(TOUR_ACCOUNTS)
    assert len(TOUR_ACCOUNTS) == len(set(TOUR_ACCOUNTS))
    assert f"lists the {len(TOUR_ACCOUNTS)} accounts" in " ".join(README.read_text().split())


def test_an_earlier_seeding_under_another_address_is_named() -> None:
    document = {"issuer": {"id": "http://127.0.0.1:8000/credentials/issuer"}}
    assert signed_for_another_url("http://127.0.0.1:9101", document) == "http://127.0.0.1:8000"
    assert signed_for_another_url("http://127.0.0.1:8000/", document) is None
    assert signed_for_another_url("http://127.0.0.1:9101", None) is None


@pytest.mark.django_db(transaction=True)
def test_the_demo_command_uses_the_port_before_it_seeds(monkeypatch, settings, capsys) -> None:
    """The command with the seeding left out: what it issues would carry the derived URL."""
    seen = {}

    def seed_all() -> list[str]:
        seen["issuer"] = issuer_id()
        UserFactory(email="candidate@example.org")
        return []

    monkeypatch.delenv("HALLMARK_PUBLIC_URL", raising=False)
    monkeypatch.setattr("hallmark.site.management.commands.demo.seed_all", seed_all)
    call_command("demo", port=9101, no_serve=True)
    assert seen["issuer"] == "http://127.0.0.1:9101/credentials/issuer"
    out = capsys.readouterr().out
    assert "public URL:        http://127.0.0.1:9101" in out
    assert "1 demo account of the README's tour" in out
