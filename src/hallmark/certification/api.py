"""Registry and verification API, version 1: what the public registry shows, and the
verifier's checks, as JSON."""

import dataclasses
import datetime
import json
from dataclasses import MISSING
from typing import Any, get_type_hints

from django.http import HttpRequest, HttpResponse
from django.utils.formats import date_format
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.renderers import JSONRenderer
from pydantic import create_model

from hallmark.certification.registry import MAX_AGE, RegistryEntry, etag_of, find_by_number
from hallmark.certification.verification import PlainSummary, plain_summary, verify_document
from hallmark.lib.ratelimit import allow, refusal
from hallmark.lib.replica import reads_registry
from hallmark.lib.views import cached_publicly, not_modified

router = Router(tags=["registry"])


def _default(field: dataclasses.Field[Any]) -> Any:
    if field.default_factory is not MISSING:
        return Field(default_factory=field.default_factory)
    return ... if field.default is MISSING else field.default  # ...: required


def _schema_of(entry: type, name: str, *, leave_out: frozenset[str]) -> type[Schema]:
    """A response schema with the fields of the dataclass ``entry``, declared there once."""
    hints = get_type_hints(entry)
    fields: dict[str, Any] = {
        field.name: (hints[field.name], _default(field))
        for field in dataclasses.fields(entry)
        if field.name not in leave_out
    }
    return create_model(name, __base__=Schema, __module__=__name__, **fields)


# The end of the grace period shows on the registry page only. A sanction's category
# ("Suspended (disciplinary sanction) until 1 March 2027") is `sanction`, null unless the
# program's policy discloses it: a field added to version 1, which clients may ignore.
CredentialOut = _schema_of(RegistryEntry, "CredentialOut", leave_out=frozenset({"grace_ends_on"}))


class Problem(Schema):
    detail: str


class InvalidRequest(Schema):
    """What django-ninja answers when a request does not match its schema (422)."""

    detail: list[dict[str, Any]]


@router.get(
    "/credentials/{number}",
    response={200: CredentialOut, 304: None, 404: Problem, 429: Problem},
)
@reads_registry
def get_credential(request: HttpRequest, number: str) -> HttpResponse:
    """GET /api/v1/credentials/{number}: a credential as the public registry shows it.

    Example: `{"number": "CESP-000123-4", "holder_name": "Jordan Rivera", "designation": "CESP",
    "kind": "certification", "kind_label": "Certification", "is_certification": true,
    "status": "active", "issued_on": "2026-03-15", "expires_on": "2029-03-15", ...,
    "sanction": null}`; `sanction` is the category of a discipline sanction on the credential
    where the program's policy discloses it ("Probation until 1 March 2027"), else null.
    Scores are never part of it. Caches may keep it for 60 seconds (`Cache-Control: public,
    max-age=60`), then ask again with its `ETag` in `If-None-Match`: 304 and no body while
    the entry says the same.
    """
    allowed, retry_after = allow("registry", request)
    if not allowed:
        return refusal(retry_after, json=True)
    credential = find_by_number(number.strip())
    if credential is None:
        raise HttpError(404, "No credential has this number.")
    entry = RegistryEntry.of(credential)
    etag = etag_of(entry, "json")
    return not_modified(request, etag, MAX_AGE) or cached_publicly(_rendered(entry), etag, MAX_AGE)


# The answer is written here as django-ninja writes CredentialOut (tests/certification/
# test_registry_read.py holds them equal): validating the entry through the schema on every
# lookup took a tenth of its time.
_RENDERER = JSONRenderer()
_CONTENT_TYPE = f"{_RENDERER.media_type}; charset={_RENDERER.charset}"
_SAID = tuple(CredentialOut.model_fields)


def _rendered(entry: RegistryEntry) -> HttpResponse:
    said = {name: getattr(entry, name) for name in _SAID}
    return HttpResponse(json.dumps(said, cls=_RENDERER.encoder_class), content_type=_CONTENT_TYPE)


class VerifyIn(Schema):
    credential: dict[str, Any] = Field(..., description="The credential, as parsed JSON.")
    keys: dict[str, str] = Field(
        default_factory=dict,
        description="Other issuers' keys you trust: verification method id -> public key "
        "multibase (z6Mk...). This site's own keys are always used.",
    )
    status_lists: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description="Other issuers' status list credentials you have: URL -> credential. "
        "This site's own status lists are always used; nothing is fetched.",
    )


class CheckOut(Schema):
    name: str
    status: str
    reason: str


class SummaryOut(Schema):
    """The verification in plain words, as the verifier page and `hallmark verify` say it.

    Only a credential that verifies is taken at its word: of any other, `trusted` is false,
    every claim is null and only `status` may be given (when its issuer's signature holds).
    """

    trusted: bool = Field(..., description="It verified: what follows is fact.")
    names_holder: bool | None = Field(
        ..., description="It names its holder (false: it identifies them by a hashed email)."
    )
    holder_name: str | None
    credential: str | None = Field(..., description='Its name, e.g. "Certified ... (CESP)".')
    designation: str | None
    kind: str | None = Field(..., description='"certification" or "certificate".')
    issued_on: datetime.date | None
    valid_through: datetime.date | None = Field(
        ..., description="Its last valid day; null when it does not expire (or is not trusted)."
    )
    status: str | None = Field(
        ..., description="active, expired, not yet valid, suspended or revoked; null: unknown."
    )
    sentences: list[str] = Field(..., description="The same, in plain English sentences.")


class VerifyOut(Schema):
    valid: bool
    summary: SummaryOut
    checks: list[CheckOut]
    errors: list[str]
    notes: list[str]


def _summary(plain: PlainSummary) -> dict[str, Any]:
    """What the verifier page says above its checks, in English (its days in the program's
    time zone for this site's credentials, else UTC)."""
    said = plain.said
    state = None if said.state is None else str(said.state)
    # The API answers in English (lib/apichain.py), so its days read "15 March 2029".
    sentences = said.sentences(plain.zone, day=lambda day: date_format(day, "DATE_FORMAT"))
    if not said.trusted:
        return {
            "trusted": False,
            "names_holder": None,
            "holder_name": None,
            "credential": None,
            "designation": None,
            "kind": None,
            "issued_on": None,
            "valid_through": None,
            "status": state,
            "sentences": sentences,
        }
    return {
        "trusted": True,
        "names_holder": bool(said.holder_name),
        "holder_name": said.holder_name,
        "credential": said.credential(),
        "designation": said.designation,
        "kind": None if said.kind is None else str(said.kind),
        "issued_on": plain.issued_on,
        "valid_through": plain.valid_through,
        "status": state,
        "sentences": sentences,
    }


@router.post(
    "/verify",
    response={200: VerifyOut, 400: Problem, 422: InvalidRequest, 429: Problem},
    tags=["verification"],
)
def verify(request: HttpRequest, payload: VerifyIn) -> dict[str, Any] | HttpResponse:
    """POST /api/v1/verify: the checks of `hallmark verify` on a credential.

    Body: `{"credential": {...}, "keys": {"https://other.example/issuer#z6Mk...": "z6Mk..."}}`.
    Example response: `{"valid": false, "summary": {"trusted": false, "holder_name": null,
    ..., "status": null, "sentences": ["This credential cannot be trusted: ..."]},
    "checks": [{"name": "proof", "status": "failed", "reason": "tampered: the eddsa-rdfc-2022
    signature by ... does not match the document"}, ...], "errors": ["tampered: ..."],
    "notes": []}`. `summary` says in plain English what the verifier page says above its
    checks, its `sentences` those `hallmark verify` prints (CredentialSummary.sentences, the
    days written "15 March 2029"): the holder's name (or that the credential names none), what
    it is, its issue date and last valid day, and its status now; of a credential that does not
    verify it asserts nothing but its status, when its issuer's signature holds. A credential of
    this site is checked against its own keys and status lists; nothing is fetched from the
    network. A document
    beyond the verifier's limits (size, nesting depth, blank nodes, canonicalization work or
    time) is refused with 400 and the reason, e.g. `{"detail": "refused: the credential nests
    objects and arrays more than 64 levels deep"}`.
    """
    allowed, retry_after = allow("verify", request)
    if not allowed:
        return refusal(retry_after, json=True)
    try:
        outcome = verify_document(
            payload.credential, keys=payload.keys, status_lists=payload.status_lists
        )
    except (TypeError, ValueError) as error:
        raise HttpError(400, str(error)) from None
    if outcome.result.refusal is not None:
        # Too large, too deep or too costly to canonicalize: bad input, not an invalid credential.
        raise HttpError(400, outcome.result.refusal)
    summary = _summary(plain_summary(payload.credential, outcome))
    return {**outcome.to_json(), "summary": summary}
