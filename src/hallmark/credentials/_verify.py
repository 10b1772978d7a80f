"""Verification of a verifiable credential: structure, proofs, issuer key, dates and status.

Every check is reported by name with passed / failed / unknown and a reason a person can act
on. A credential is valid only when every check passed: a check that could not be made (a
status list that is not at hand offline, a key that is not the issuer's) is never reported as
passed.
"""

import ipaddress
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from ._contexts import CREDENTIALS_V2, ContextLoader
from ._dates import parse_datetime
from ._errors import CredentialError, LimitExceededError
from ._limits import Budget, Limits
from ._multikey import did_key_public_key, public_key_from_multibase
from ._proof import CRYPTOSUITES, PROOF_TYPE, proofs_of, verify_proof
from ._status_list import BitstringStatusList, BitstringStatusListEntry, StatusPurpose

__all__ = [
    "LIMITS_CHECK",
    "Check",
    "CheckStatus",
    "Fetch",
    "VerificationResult",
    "is_fetchable",
    "issuer_id_of",
    "verify_credential",
]

Fetch = Callable[[str], Any]
"""Fetches the JSON document at a fetchable URL (`is_fetchable`) and returns it parsed; raises if
it cannot."""


def is_fetchable(url: str, *, local: bool = False) -> bool:
    """Whether keys and status lists may be fetched from ``url``: https always; http to this
    machine (a loopback address or ``localhost``, e.g. a demonstration issuer on one's own
    computer) only when ``local`` is asked for. Never by default: a stranger's credential could
    otherwise make the verifying machine send requests to its own local services."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        return True
    if parts.scheme != "http" or not local:
        return False
    # An address, or the one name every resolver keeps on this machine: not *.localhost, which a
    # resolver may send on to DNS.
    host = parts.hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def unfetchable_reason(local: bool) -> str:
    """Why a URL that is_fetchable refuses is not fetched."""
    if local:
        return "neither https nor on this machine, and only those are fetched"
    return "not https, and only https is fetched (http from this machine only with --local)"


LIMITS_CHECK = "limits"
"""The name of the check that fails alone when a document is refused for the work it takes."""

_STATUS_WORDS = {StatusPurpose.REVOCATION: "revoked", StatusPurpose.SUSPENSION: "suspended"}


class CheckStatus(StrEnum):
    """The outcome of one check."""

    PASSED = "passed"
    FAILED = "failed"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Check:
    """One named check of a verification.

    Attributes:
        name: what was checked: "structure", "proof", "issuer", "validFrom", "validUntil",
            "status (revocation)", ...
        status: passed, failed, or unknown (the check could not be made).
        reason: why, in words: e.g. "expired: validUntil 2024-01-01T00:00:00Z has passed".
        found: of a status check, the status it found the credential in, "revoked" or
            "suspended"; None otherwise (and for every other check).
    """

    name: str
    status: CheckStatus
    reason: str
    found: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the check passed."""
        return self.status is CheckStatus.PASSED


@dataclass(frozen=True)
class VerificationResult:
    """The outcome of verify_credential.

    Attributes:
        checks: every check made, in order.
        valid: True when every check passed.
        errors: the reasons of the checks that failed or could not be made.
    """

    checks: list[Check]

    @property
    def valid(self) -> bool:
        return bool(self.checks) and all(check.ok for check in self.checks)

    @property
    def errors(self) -> list[str]:
        return [check.reason for check in self.checks if not check.ok]

    @property
    def refusal(self) -> str | None:
        """Why the document was refused unchecked (too large, too deep, too many blank nodes,
        too long to canonicalize), or None: the input is then bad, not merely not valid."""
        for check in self.checks:
            if check.name == LIMITS_CHECK and not check.ok:
                return check.reason
        return None

    def to_json(self) -> dict[str, Any]:
        """The result as plain JSON."""
        return {
            "valid": self.valid,
            "checks": [
                {"name": check.name, "status": str(check.status), "reason": check.reason}
                for check in self.checks
            ],
            "errors": self.errors,
        }


class _Unavailable(Exception):
    """A key or a document is not available (the message says why)."""


@dataclass(frozen=True)
class _Key:
    public_multibase: str
    controller: str
    trusted: bool
    source: str


@dataclass
class _Context:
    keys: Mapping[str, str]
    status_lists: Mapping[str, Mapping[str, Any]]
    now: datetime
    fetch: Fetch | None
    loader: ContextLoader | None
    budget: Budget
    local: bool = False
    fetched: dict[str, Any] = field(default_factory=dict)

    def get(self, url: str) -> Any:
        """The document at ``url`` through ``fetch``, once per verification."""
        if self.fetch is None:
            raise _Unavailable("offline")
        if not is_fetchable(url, local=self.local):
            raise _Unavailable(f"{url} is {unfetchable_reason(self.local)}")
        if url not in self.fetched:
            try:
                self.fetched[url] = self.fetch(url)
            except Exception as error:  # any failure to fetch means "not available"
                raise _Unavailable(f"could not fetch {url}: {error}") from None
        return self.fetched[url]


def verify_credential(
    document: Mapping[str, Any],
    *,
    keys: Mapping[str, str] | None = None,
    status_lists: Mapping[str, Mapping[str, Any]] | None = None,
    now: datetime | None = None,
    fetch: Fetch | None = None,
    loader: ContextLoader | None = None,
    limits: Limits | None = None,
    local: bool = False,
) -> VerificationResult:
    """Verify a credential secured with Data Integrity proofs (eddsa-rdfc-2022, eddsa-jcs-2022).

    Parameters:
        document: the credential, parsed JSON.
        keys: the issuer keys you trust, verification method id -> public key multibase
            (``z6Mk...``); list retired keys too, so that older credentials still verify.
        status_lists: status list credentials at hand, URL -> parsed credential.
        now: the time to judge validity at (timezone-aware); the current time by default.
        fetch: a function that returns the parsed JSON at an https URL; when given, keys and
            status lists that are not at hand are fetched with it. Offline when None.
        loader: the JSON-LD context loader; the bundled contexts by default.
        limits: how much work the verification may take (Limits() by default). A document
            beyond them is refused: the result has the one failed check "limits", and its
            ``refusal`` says why.
        local: also fetch over http from this machine (a loopback address or ``localhost``);
            https only when False.

    A did:key verification method is resolved locally; a key proves who the issuer is when it
    is in ``keys``, when it is the issuer's did:key, or when the issuer's published controller
    document lists it for assertions.
    """
    context = _verify_iv(keys, status_lists, now, fetch, loader, limits)
    context.local = local
    try:
        return _verify(document, context)
    except LimitExceededError as refused:
        return VerificationResult([Check(LIMITS_CHECK, CheckStatus.FAILED, str(refused))])


def _verify(document: Any, context: _Context) -> VerificationResult:
    context.budget.admit(document, what="the credential")
    structure = _structure_check(document)
    if not isinstance(document, Mapping):
        return VerificationResult([structure])
    checks = [structure]
    issuer = issuer_id_of(document)
    proof_checks, verified = _proof_checks(document, context, issuer)
    checks += proof_checks
    if verified:
        checks.append(_issuer_check(verified, issuer))
    checks += _date_checks(document, context.now)
    checks += _status_checks(document, context, issuer)
    return VerificationResult(checks)


def _verify_iv(
    keys: Mapping[str, str] | None,
    status_lists: Mapping[str, Mapping[str, Any]] | None,
    now: datetime | None,
    fetch: Fetch | None,
    loader: ContextLoader | None,
    limits: Limits | None,
) -> _Context:
    for name, value in (("keys", keys), ("status_lists", status_lists)):
        if value is not None and not isinstance(value, Mapping):
            raise TypeError(f"{name} must be a mapping")
    for method_id, public in (keys or {}).items():
        if not isinstance(method_id, str) or not method_id:
            raise ValueError(f"keys: verification method id {method_id!r} is not a string")
        try:
            public_key_from_multibase(public)
        except CredentialError as error:
            raise ValueError(f"keys[{method_id!r}]: {error}") from None
    if now is not None and (not isinstance(now, datetime) or now.tzinfo is None):
        raise ValueError("now must be a timezone-aware datetime")
    if fetch is not None and not callable(fetch):
        raise TypeError("fetch must be callable")
    return _Context(
        keys=dict(keys or {}),
        status_lists=dict(status_lists or {}),
        now=now or datetime.now(UTC),
        fetch=fetch,
        loader=loader,
        budget=Budget(limits),
    )


def _structure_check(document: Any) -> Check:
    problem = _structure_problem(document)
    if problem:
        return Check("structure", CheckStatus.FAILED, f"not a verifiable credential: {problem}")
    return Check("structure", CheckStatus.PASSED, "a W3C VC 2.0 credential with a proof")


def _structure_problem(document: Any) -> str | None:
    if not isinstance(document, Mapping):
        return "the document is not a JSON object"
    contexts = document.get("@context")
    first = contexts[0] if isinstance(contexts, list) and contexts else contexts
    if first != CREDENTIALS_V2:
        return f"@context must start with {CREDENTIALS_V2}"
    types = document.get("type")
    if "VerifiableCredential" not in (types if isinstance(types, list) else [types]):
        return "type does not include VerifiableCredential"
    if issuer_id_of(document) is None:
        return "issuer is missing (a URL, or an object with an id)"
    subject = document.get("credentialSubject")
    if not isinstance(subject, (Mapping, list)) or not subject:
        return "credentialSubject is missing"
    try:
        if not proofs_of(document):
            return "there is no proof: the credential is not signed"
    except CredentialError as error:
        return str(error)
    return None


def issuer_id_of(document: Mapping[str, Any]) -> str | None:
    """The id of a credential's issuer (a URL, or an object's ``id``); None when it names none."""
    issuer = document.get("issuer")
    if isinstance(issuer, Mapping):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) and issuer else None


def _proof_checks(
    document: Mapping[str, Any], context: _Context, issuer: str | None
) -> tuple[list[Check], list[_Key]]:
    try:
        proofs = proofs_of(document)
    except CredentialError:
        return [], []
    checks: list[Check] = []
    verified: list[_Key] = []
    for index, proof in enumerate(proofs):
        name = "proof" if len(proofs) == 1 else f"proof {index + 1} of {len(proofs)}"
        check, key = _proof_check(name, document, proof, context)
        checks.append(check)
        if key is not None:
            verified.append(key)
    return checks, verified


def _proof_check(
    name: str, document: Mapping[str, Any], proof: Mapping[str, Any], context: _Context
) -> tuple[Check, _Key | None]:
    problem = _proof_options_problem(proof, context.now)
    if problem:
        return Check(name, CheckStatus.FAILED, problem), None
    method = proof["verificationMethod"]
    try:
        key = _resolve_key(method, context)
    except _Unavailable as missing:
        return Check(name, CheckStatus.FAILED, f"unknown key: {method} ({missing})"), None
    except ValueError as error:  # CredentialError included: a malformed key or key document
        return Check(name, CheckStatus.FAILED, f"unknown key: {error}"), None
    try:
        matches = verify_proof(
            document, proof, key.public_multibase, loader=context.loader, budget=context.budget
        )
    except LimitExceededError:
        raise
    except (ValueError, TypeError) as error:  # CredentialError included
        return Check(name, CheckStatus.FAILED, f"cannot be verified: {error}"), None
    if not matches:
        tampered = f"tampered: the {proof['cryptosuite']} signature by {method} does not match"
        return Check(name, CheckStatus.FAILED, f"{tampered} the document"), None
    reason = f"{proof['cryptosuite']} signature verified with {method} ({key.source})"
    return Check(name, CheckStatus.PASSED, reason), key


def _proof_options_problem(proof: Mapping[str, Any], now: datetime) -> str | None:
    if proof.get("type") != PROOF_TYPE:
        return f"unsupported proof type {proof.get('type')!r} (supported: {PROOF_TYPE})"
    if proof.get("cryptosuite") not in CRYPTOSUITES:
        supported = ", ".join(CRYPTOSUITES)
        return f"unsupported cryptosuite {proof.get('cryptosuite')!r} (supported: {supported})"
    if proof.get("proofPurpose") != "assertionMethod":
        return f"proofPurpose {proof.get('proofPurpose')!r} is not assertionMethod"
    if not isinstance(proof.get("verificationMethod"), str):
        return "the proof names no verificationMethod"
    try:
        if "created" in proof:
            parse_datetime(proof["created"], what="proof created")
        if "expires" in proof and parse_datetime(proof["expires"], what="proof expires") < now:
            return f"expired: the proof expired at {proof['expires']}"
    except ValueError as error:
        return str(error)
    return None


def _resolve_key(method: str, context: _Context) -> _Key:
    controller = method.split("#", 1)[0]
    if method in context.keys:
        return _Key(context.keys[method], controller, trusted=True, source="from the key set")
    public = did_key_public_key(method)
    if public is not None:
        return _Key(public, controller, trusted=False, source="did:key, resolved locally")
    if context.fetch is None:
        raise _Unavailable("not in the key set, and keys are not fetched offline")
    return _fetch_key(method, context)


def _fetch_key(method: str, context: _Context) -> _Key:
    base = method.split("#", 1)[0]
    document = _fetched_object(context.get(base), base)
    entry = document if document.get("id") == method else _find_method(document, base, method)
    public = entry.get("publicKeyMultibase")
    if not isinstance(public, str):
        raise _Unavailable(f"the document at {base} gives no publicKeyMultibase for it")
    controller = entry.get("controller", base)
    if not isinstance(controller, str):
        raise _Unavailable(f"the document at {base} names no controller for it")
    owner = document if controller == base else _fetched_object(context.get(controller), controller)
    if method not in _method_ids(owner.get("assertionMethod"), controller):
        raise _Unavailable(f"its controller {controller} does not list it for assertionMethod")
    revoked = entry.get("revoked")
    if isinstance(revoked, str) and parse_datetime(revoked, what="key revoked") <= context.now:
        raise _Unavailable(f"the key was revoked at {revoked}")
    return _Key(public, controller, trusted=False, source=f"published at {base}")


def _fetched_object(document: Any, url: str) -> Mapping[str, Any]:
    if not isinstance(document, Mapping):
        raise _Unavailable(f"{url} did not return a JSON object")
    if document.get("id") != url and not str(document.get("id", "")).startswith(url + "#"):
        raise _Unavailable(f"the document at {url} has id {document.get('id')!r}")
    return document


def _find_method(document: Mapping[str, Any], base: str, method: str) -> Mapping[str, Any]:
    for entry in _as_list(document.get("verificationMethod")):
        if isinstance(entry, Mapping) and _absolute(entry.get("id"), base) == method:
            return entry
    raise _Unavailable(f"the document at {base} does not list it")


def _method_ids(relation: Any, base: str) -> set[str]:
    ids = set()
    for item in _as_list(relation):
        value = item.get("id") if isinstance(item, Mapping) else item
        if isinstance(value, str):
            ids.add(_absolute(value, base))
    return ids


def _absolute(method_id: Any, base: str) -> str:
    text = str(method_id)
    return base + text if text.startswith("#") else text


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _issuer_check(verified: list[_Key], issuer: str | None) -> Check:
    for key in verified:
        if key.trusted:
            return Check("issuer", CheckStatus.PASSED, f"signed with a trusted key of {issuer}")
        if key.controller == issuer:
            return Check("issuer", CheckStatus.PASSED, f"signed with a key that {issuer} controls")
    controllers = ", ".join(sorted({key.controller for key in verified}))
    reason = (
        f"unknown key: the signature is valid, but the key (controller {controllers}) is not "
        f"linked to the issuer {issuer}; trust it by passing the issuer's keys"
    )
    return Check("issuer", CheckStatus.UNKNOWN, reason)


def _date_checks(document: Mapping[str, Any], now: datetime) -> list[Check]:
    checks = []
    for name in ("validFrom", "validUntil"):
        if name not in document:
            checks.append(Check(name, CheckStatus.PASSED, f"no {name}"))
            continue
        try:
            moment = parse_datetime(document[name], what=name)
        except ValueError as error:
            checks.append(Check(name, CheckStatus.FAILED, str(error)))
            continue
        checks.append(_date_check(name, document[name], moment, now))
    return checks


def _date_check(name: str, text: str, moment: datetime, now: datetime) -> Check:
    at = now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if name == "validFrom" and moment > now:
        return Check(name, CheckStatus.FAILED, f"not yet valid: validFrom {text} is after {at}")
    if name == "validUntil" and moment < now:
        return Check(name, CheckStatus.FAILED, f"expired: validUntil {text} is before {at}")
    return Check(name, CheckStatus.PASSED, f"{name} {text}")


def _status_checks(
    document: Mapping[str, Any], context: _Context, issuer: str | None
) -> list[Check]:
    entries = _as_list(document.get("credentialStatus"))
    if not entries:
        return [Check("status", CheckStatus.PASSED, "the credential has no credentialStatus")]
    return [_status_check(entry, context, issuer) for entry in entries]


def _status_check(raw: Any, context: _Context, issuer: str | None) -> Check:
    kind = raw.get("type") if isinstance(raw, Mapping) else None
    purpose = raw.get("statusPurpose") if isinstance(raw, Mapping) else None
    # A message entry (e.g. valid / suspended / revoked in one) is simply "the status".
    named = isinstance(purpose, str) and purpose != StatusPurpose.MESSAGE
    name = f"status ({purpose})" if named else "status"
    if kind != "BitstringStatusListEntry":
        return Check(
            name, CheckStatus.UNKNOWN, f"status unknown: status type {kind!r} is not supported"
        )
    try:
        entry = BitstringStatusListEntry.from_json(raw)
    except CredentialError as error:
        return Check(name, CheckStatus.FAILED, f"malformed credentialStatus: {error}")
    url = entry.status_list_credential
    status_list = context.status_lists.get(url)
    if status_list is None and context.fetch is None:
        reason = f"status unknown (offline): status list {url} was not provided"
        return Check(name, CheckStatus.UNKNOWN, reason)
    if status_list is None:
        try:
            status_list = context.get(url)
        except _Unavailable as missing:
            return Check(name, CheckStatus.UNKNOWN, f"status unknown: {missing}")
    return _status_from_list(name, entry, status_list, context, issuer)


def _status_from_list(
    name: str,
    entry: BitstringStatusListEntry,
    status_credential: Any,
    context: _Context,
    issuer: str | None,
) -> Check:
    url = entry.status_list_credential
    problem = _status_credential_problem(status_credential, entry, context, issuer)
    if problem:
        return Check(name, CheckStatus.FAILED, f"status list {url} is not usable: {problem}")
    try:
        bits = BitstringStatusList.decode(
            status_credential["credentialSubject"]["encodedList"], status_size=entry.status_size
        )
    except (CredentialError, KeyError, TypeError) as error:
        return Check(name, CheckStatus.FAILED, f"status list {url} is not usable: {error}")
    if entry.index >= bits.length:
        return Check(
            name,
            CheckStatus.FAILED,
            f"statusListIndex {entry.index} is beyond the {bits.length} entries of {url}",
        )
    if entry.status_size == 1 and entry.purpose in _STATUS_WORDS:
        word = _STATUS_WORDS[entry.purpose]
        if bits.get(entry.index):
            reason = f"{word}: bit {entry.index} of status list {url} is set"
            return Check(name, CheckStatus.FAILED, reason, found=word)
        return Check(
            name, CheckStatus.PASSED, f"not {word} (bit {entry.index} of status list {url})"
        )
    return _status_value_check(name, entry, bits.get_status(entry.index))


def _status_value_check(name: str, entry: BitstringStatusListEntry, value: int) -> Check:
    """A multi-bit status: valid only at 0 (Bitstring Status List v1.0, validate algorithm)."""
    where = f"index {entry.index} of status list {entry.status_list_credential}"
    try:
        message = entry.message(value)
    except CredentialError as error:
        return Check(name, CheckStatus.FAILED, f"status 0x{value:x} at {where}: {error}")
    if entry.purpose in _STATUS_WORDS and value:
        message = _STATUS_WORDS[entry.purpose]
    stated = f"status 0x{value:x} ({message}) at {where}"
    if value == 0:
        return Check(name, CheckStatus.PASSED, stated)
    # A reason starts with what the status means, as "revoked: ..." or "suspended: ...".
    found = message if message in _STATUS_WORDS.values() else None
    return Check(name, CheckStatus.FAILED, f"{message}: {stated}", found=found)


def _status_credential_problem(
    credential: Any, entry: BitstringStatusListEntry, context: _Context, issuer: str | None
) -> str | None:
    url, purpose = entry.status_list_credential, entry.purpose
    problem = _structure_problem(credential)
    if problem:
        return problem
    if "BitstringStatusListCredential" not in _as_list(credential.get("type")):
        return "it is not a BitstringStatusListCredential"
    if credential.get("id") != url:
        return f"its id is {credential.get('id')!r}"
    if issuer_id_of(credential) != issuer:
        return (
            f"it is issued by {issuer_id_of(credential)}, not by the credential's issuer {issuer}"
        )
    subject = credential.get("credentialSubject")
    if not isinstance(subject, Mapping) or purpose not in _as_list(subject.get("statusPurpose")):
        return f"its statusPurpose is not {purpose}"
    listed_size = subject.get("statusSize")
    if listed_size is not None and str(listed_size) != str(entry.status_size):
        return f"its statusSize {listed_size!r} is not the entry's statusSize {entry.status_size}"
    checks, verified = _proof_checks(credential, context, issuer)
    checks += [_issuer_check(verified, issuer)] if verified else []
    checks += _date_checks(credential, context.now)
    failed = [check.reason for check in checks if not check.ok]
    return failed[0] if failed else None
