"""Registry API, version 1: what the public registry shows, as JSON."""

import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from hallmark.certification.ratelimit import allow
from hallmark.certification.registry import RegistryEntry, find_by_number

router = Router(tags=["registry"])


class CredentialOut(Schema):
    number: str
    holder_name: str
    designation: str
    program_name: str
    kind: str
    kind_label: str
    is_certification: bool
    status: str
    status_label: str
    issued_on: datetime.date
    expires_on: datetime.date | None


class Problem(Schema):
    detail: str


@router.get("/credentials/{number}", response={200: CredentialOut, 404: Problem, 429: Problem})
def get_credential(request: HttpRequest, number: str) -> RegistryEntry:
    """GET /api/v1/credentials/{number}: a credential as the public registry shows it.

    Example: `{"number": "CESP-000123-4", "holder_name": "Jordan Rivera", "designation": "CESP",
    "kind": "certification", "kind_label": "Certification", "is_certification": true,
    "status": "active", "issued_on": "2026-03-15", "expires_on": "2029-03-15", ...}`.
    Scores are never part of it.
    """
    allowed, retry_after = allow("registry", request)
    if not allowed:
        raise HttpError(429, f"Too many requests: try again in {retry_after} seconds.")
    credential = find_by_number(number.strip())
    if credential is None:
        raise HttpError(404, "No credential has this number.")
    return RegistryEntry.of(credential)
