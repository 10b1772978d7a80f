"""Test data and helpers shared by the credentials tests (fixtures are in conftest.py)."""

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hallmark.credentials import (
    BitstringStatusListEntry,
    CredentialAward,
    StatusPurpose,
    make_credential_number,
)

DATA = Path(__file__).parent / "data"

ISSUER_ID = "https://cert.example.org/issuer"
REVOCATION_LIST = "https://cert.example.org/status/revocation/1"
SUSPENSION_LIST = "https://cert.example.org/status/suspension/1"
# Verification runs at a fixed moment inside every test credential's cycle.
NOW = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)


def load_json(relative: str) -> Any:
    return json.loads((DATA / relative).read_text(encoding="utf-8"))


def read_text(relative: str) -> str:
    return (DATA / relative).read_text(encoding="utf-8")


def make_award(**changes: Any) -> CredentialAward:
    award = CredentialAward(
        credential_id="https://cert.example.org/registry/CESP-000123-02",
        credential_number=make_credential_number("CESP", 123),
        kind="certification",
        designation="CESP",
        achievement_id="https://cert.example.org/programs/cesp",
        achievement_name="Certified Employment Support Professional",
        achievement_description=(
            "Has shown the competencies of employment support for people with disabilities, "
            "measured by the CESP exam against the national standards."
        ),
        criteria="Meet the eligibility requirements and pass the CESP exam.",
        holder_email="jordan.lee@example.org",
        valid_from=datetime(2025, 1, 15, tzinfo=UTC),
        valid_until=datetime(2028, 1, 15, tzinfo=UTC),
        salt="e7b1c0a5d2f34b6c",
        status=(BitstringStatusListEntry(REVOCATION_LIST, 94567, StatusPurpose.REVOCATION),),
    )
    return replace(award, **changes)
