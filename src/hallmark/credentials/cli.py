"""``hallmark verify``: check a signed credential file, offline or online.

The file is the credential's JSON, or a badge image (PNG or SVG) with the credential baked in.
Exit status: 0 valid, 1 not valid (the failing checks are printed), 2 bad input (the file is not
JSON or a baked badge, not a credential, beyond the limits of Limits, or an option is malformed).
"""

import argparse
import functools
import json
import sys
import urllib.request
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn

from ._baking import BakingError, ProofFormat, badge_format, unbake
from ._dates import parse_datetime
from ._errors import CredentialError, LimitExceededError
from ._limits import parse_json
from ._multikey import public_key_from_multibase
from ._summary import CredentialSummary, summarize
from ._verify import (
    LIMITS_CHECK,
    VerificationResult,
    is_fetchable,
    unfetchable_reason,
    verify_credential,
)

__all__ = ["main"]

FETCH_TIMEOUT_SECONDS = 10
FETCH_MAX_BYTES = 5 * 1024 * 1024


class _BadInput(Exception):
    """Bad input: the message is printed as the one-line error."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, like every other bad-input error of the verb.
        self.exit(2, f"{self.prog}: error: {message}\n")


def _parser(prog: str) -> argparse.ArgumentParser:
    parser = _Parser(
        prog=prog,
        description=(
            "Verify a signed credential (W3C VC 2.0 / Open Badges 3.0, Data Integrity "
            "eddsa-rdfc-2022 or eddsa-jcs-2022), as JSON or baked into a PNG or SVG badge image: "
            "structure, signature, issuer key, dates and revocation/suspension status. Exit 0 "
            "valid, 1 not valid, 2 bad input."
        ),
    )
    parser.add_argument(
        "credential",
        metavar="CREDENTIAL",
        help="the credential: its JSON file, or a badge image (.png, .svg) with it baked in",
    )
    parser.add_argument(
        "--key",
        action="append",
        default=[],
        metavar="VERIFICATION_METHOD=PUBLIC_KEY_MULTIBASE",
        help="trust this issuer key (repeatable), e.g. https://cert.example.org/issuer#z6Mk...=z6Mk...",
    )
    parser.add_argument(
        "--status-list",
        action="append",
        default=[],
        metavar="URL=FILE",
        help="use FILE as the status list credential published at URL (repeatable)",
    )
    parser.add_argument(
        "--offline",
        action="store_true",
        help="fetch nothing: keys and status lists come only from --key and --status-list",
    )
    parser.add_argument(
        "--local",
        action="store_true",
        help="also fetch over http from this machine: localhost or a loopback address, e.g. a "
        "demo on your computer",
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument(
        "--now", metavar="ISO", help="judge validity at this date-time, e.g. 2027-06-30T00:00:00Z"
    )
    return parser


def main(argv: Sequence[str] | None = None, prog: str = "hallmark verify") -> int:
    """Run ``hallmark verify`` with ``argv`` (without the program name); return the exit status."""
    args = _parser(prog).parse_args(argv)
    try:
        document = _read_credential(Path(args.credential))
        keys = dict(_pair(text, "--key", _key_value) for text in args.key)
        status_lists = dict(_pair(text, "--status-list", _status_file) for text in args.status_list)
        now = _now(args.now)
    except _BadInput as error:
        print(f"{prog}: error: {error}", file=sys.stderr)
        return 2
    result = verify_credential(
        document,
        keys=keys,
        status_lists=status_lists,
        now=now,
        fetch=None if args.offline else functools.partial(fetch_json, local=args.local),
        local=args.local,
    )
    first = result.checks[0]
    if not first.ok and first.name in ("structure", LIMITS_CHECK):
        print(f"{prog}: error: {args.credential}: {first.reason}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({"credential": args.credential, **result.to_json()}, indent=2))
    else:
        _report(result, args.credential, summarize(document, result))
    return 0 if result.valid else 1


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise _BadInput(f"{path}: no such file") from None
    except OSError as error:
        raise _BadInput(f"{path}: cannot be read ({error})") from None


def _read_json(path: Path, data: bytes | None = None) -> Any:
    data = _read_bytes(path) if data is None else data
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _BadInput(f"{path}: cannot be read ({error})") from None
    return _parse(text, path, where=str(path), what="the file")


def _read_credential(path: Path) -> Any:
    """The credential in a file: its JSON, or the one baked into a PNG or SVG badge image."""
    data = _read_bytes(path)
    if badge_format(data) is None:
        return _read_json(path, data)
    try:
        baked = unbake(data)
    except BakingError as error:
        raise _BadInput(f"{path}: {error}") from None
    image = f"the credential baked into the {baked.format.upper()} image"
    if baked.proof_format is ProofFormat.JWT:
        raise _BadInput(
            f"{path}: {image} is a VC-JWT (a compact JWS); hallmark verify checks credentials "
            "that carry their proof (JSON with a Data Integrity proof)"
        )
    return _parse(baked.text, path, where=f"{path}: {image},", what=image)


def _parse(text: str, path: Path, *, where: str, what: str) -> Any:
    try:
        return parse_json(text, what=what)
    except LimitExceededError as error:
        raise _BadInput(f"{path}: {error}") from None
    except json.JSONDecodeError as error:
        raise _BadInput(
            f"{where} line {error.lineno}, column {error.colno}: not JSON ({error.msg})"
        ) from None
    except RecursionError:
        raise _BadInput(f"{path}: not usable JSON (nested too deeply)") from None


def _pair(text: str, option: str, convert: Any) -> tuple[str, Any]:
    name, separator, value = text.rpartition("=")
    if not separator or not name or not value:
        raise _BadInput(f"{option} {text!r}: expected NAME=VALUE")
    return name, convert(name, value, option)


def _key_value(method: str, public: str, option: str) -> str:
    try:
        public_key_from_multibase(public)
    except CredentialError as error:
        raise _BadInput(f"{option} {method}: {error}") from None
    return public


def _status_file(url: str, file: str, option: str) -> Any:
    if not url.startswith(("https://", "http://")):
        raise _BadInput(f"{option} {url!r}: the status list URL must be an http(s) URL")
    return _read_json(Path(file))


def _now(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        return parse_datetime(text, what="--now")
    except ValueError as error:
        raise _BadInput(str(error)) from None


def _report(result: VerificationResult, name: str, summary: CredentialSummary) -> None:
    """The result as text: the verdict, the summary in plain words, then every check."""
    print(f"{name}: {'VALID' if result.valid else 'NOT VALID'}")
    # In plain words first; the technical checks follow.
    for sentence in summary.sentences():
        print(f"  {sentence}")
    for check in result.checks:
        print(f"  {check.status:<7} {check.name}: {check.reason}")
    if not result.valid:
        print("not valid: " + "; ".join(result.errors))


class _TrustworthyRedirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, *, local: bool) -> None:
        self.local = local

    def redirect_request(
        self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> Any:
        if not is_fetchable(newurl, local=self.local):
            raise OSError(f"refused a redirect to {newurl}: it is {unfetchable_reason(self.local)}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_json(url: str, *, local: bool = False) -> Any:
    """GET ``url`` as JSON (a timeout and a size limit): https; http on this machine only
    when ``local`` (--local)."""
    if not is_fetchable(url, local=local):
        raise OSError(f"{url} is {unfetchable_reason(local)}")
    opener = urllib.request.build_opener(_TrustworthyRedirects(local=local))
    # Only a fetchable URL reaches here (checked above, and redirects are held to it too).
    request = urllib.request.Request(  # noqa: S310
        url, headers={"Accept": "application/ld+json, application/json"}
    )
    with opener.open(request, timeout=FETCH_TIMEOUT_SECONDS) as response:
        body = response.read(FETCH_MAX_BYTES + 1)
    if len(body) > FETCH_MAX_BYTES:
        raise OSError(f"{url} returned more than {FETCH_MAX_BYTES} bytes")
    return json.loads(body)
