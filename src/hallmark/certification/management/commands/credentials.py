"""`hallmark credentials list|export|suspend|revoke|reinstate|audit`."""

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from hallmark.accounts.models import User
from hallmark.certification import services
from hallmark.certification.audit import chain_breaks
from hallmark.certification.badges import baked_badge
from hallmark.certification.data import CredentialStatus
from hallmark.certification.models import Credential
from hallmark.certification.pdf import PRINTABLE_STATUSES, certificate_pdf, wallet_card_pdf
from hallmark.certification.registry import RegistryEntry
from hallmark.credentials import BadgeFormat

# Bad input (an unknown number, a file that cannot be written) exits 2, as argparse does.
BAD_INPUT = 2


class Command(BaseCommand):
    help = (
        "List or export credentials, change their status with a reason, or audit their "
        "event chains."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
        listing = verbs.add_parser("list", help="list credentials")
        listing.add_argument("--program", help="a program's designation, e.g. CESP")
        listing.add_argument("--status", choices=CredentialStatus.values)
        listing.add_argument("--json", action="store_true", help="print JSON")
        export = verbs.add_parser(
            "export",
            help="write a credential's signed document (ob3), PDF certificate or baked badge",
        )
        export.add_argument("number", help="the credential number")
        export.add_argument(
            "--format",
            choices=["ob3", "pdf", "wallet", "png", "svg"],
            required=True,
            help="ob3: the signed OpenBadgeCredential (JSON); pdf: the certificate; "
            "wallet: the wallet card (PDF); png, svg: the program's badge image with the signed "
            "credential baked in (Open Badges 3.0)",
        )
        export.add_argument("--out", required=True, metavar="PATH", help="the file to write")
        for verb in ("suspend", "revoke", "reinstate"):
            change = verbs.add_parser(verb, help=f"{verb} a credential")
            change.add_argument("number", help="the credential number")
            change.add_argument(
                "--reason", required=True, help="why (recorded; sent to the holder)"
            )
            change.add_argument(
                "--by", metavar="EMAIL", help="the officer acting (recorded; needs the permission)"
            )
        verbs.add_parser(
            "audit",
            help="check every credential's hash-chained history and the issuer's signature of "
            "each head",
        )
        verbs.add_parser(
            "sign-history",
            help="sign the heads of events recorded before heads were signed (once, after "
            "upgrading; intact chains only)",
        )

    def handle(self, *args: Any, verb: str, **options: Any) -> None:
        getattr(self, f"_{verb.replace('-', '_')}")(**options)

    def _list(self, program: str | None, status: str | None, json: bool, **_: Any) -> None:
        credentials = Credential.objects.select_related("program").order_by("number")
        if program:
            credentials = credentials.filter(program__designation__iexact=program)
        if status:
            credentials = credentials.filter(status=status)
        entries = [RegistryEntry.of(c) for c in credentials]
        if json:
            self.stdout.write(_dumps([e.__dict__ for e in entries]))
            return
        for e in entries:
            expires = e.expires_on.isoformat() if e.expires_on else "does not expire"
            self.stdout.write(
                f"{e.number:<20} {e.status_label:<10} {e.kind_label:<26} "
                f"{e.issued_on.isoformat()}  {expires:<15} {e.holder_name}"
            )
        self.stdout.write(f"{len(entries)} credential(s)")

    def _export(self, number: str, format: str, out: str, **_: Any) -> None:
        credential = _credential(number)
        if format == "ob3":
            content = _signed_document(credential)
        elif credential.status not in PRINTABLE_STATUSES:
            raise CommandError(
                f"{credential.number} is {credential.get_status_display().lower()}: "
                "it has no certificate, wallet card or badge",
                returncode=BAD_INPUT,
            )
        elif format in ("png", "svg"):
            content = _baked(credential, BadgeFormat(format))
        else:
            content = (certificate_pdf if format == "pdf" else wallet_card_pdf)(credential)
        try:
            Path(out).write_bytes(content)
        except OSError as error:
            raise CommandError(f"--out {out}: {error.strerror}", returncode=BAD_INPUT) from None
        self.stdout.write(f"{credential.number}: wrote {len(content):,} bytes to {out}")

    def _change(self, verb: str, number: str, reason: str, by: str | None) -> None:
        credential = _credential(number)
        actor = None
        if by:
            actor = User.objects.filter(email__iexact=by).first()
            if actor is None:
                raise CommandError(f"--by: no account has the email {by!r}")
        service = getattr(services, f"{verb}_credential")
        try:
            credential = service(credential, actor=actor, reason=reason)
        except (ValidationError, PermissionDenied) as error:
            message = "; ".join(error.messages) if isinstance(error, ValidationError) else error
            raise CommandError(str(message)) from None
        self.stdout.write(f"{credential.number} is now {credential.get_status_display().lower()}")

    def _suspend(self, number: str, reason: str, by: str | None, **_: Any) -> None:
        self._change("suspend", number, reason, by)

    def _revoke(self, number: str, reason: str, by: str | None, **_: Any) -> None:
        self._change("revoke", number, reason, by)

    def _reinstate(self, number: str, reason: str, by: str | None, **_: Any) -> None:
        self._change("reinstate", number, reason, by)

    def _audit(self, **_: Any) -> None:
        breaks = list(chain_breaks())
        checked = Credential.objects.count()
        for b in breaks:
            self.stderr.write(f"{b.number}: {b.problem}")
        if breaks:
            raise CommandError(f"{len(breaks)} of {checked} credential histories are broken")
        self.stdout.write(
            f"{checked} credential histories checked: every chain is intact and every head is "
            "signed by the issuer"
        )

    def _sign_history(self, **_: Any) -> None:
        signed, refused = 0, []
        unsigned = Credential.objects.filter(events__head_signature="").distinct().order_by("pk")
        for credential in unsigned.iterator(chunk_size=500):
            try:
                signed += services.sign_history(credential)
            except ValidationError as error:
                refused.append("; ".join(error.messages))
        for message in refused:
            self.stderr.write(message)
        if refused:
            raise CommandError(
                f"signed {signed} event head(s); {len(refused)} histories were not signed"
            )
        self.stdout.write(f"signed {signed} event head(s)")


def _credential(number: str) -> Credential:
    credential = Credential.objects.filter(number__iexact=number.strip()).first()
    if credential is None:
        raise CommandError(f"no credential has the number {number!r}", returncode=BAD_INPUT)
    return credential


def _no_document(credential: Credential) -> CommandError:
    return CommandError(f"{credential.number} has no signed document", returncode=BAD_INPUT)


def _signed_document(credential: Credential) -> bytes:
    document = credential.current_document()
    if document is None:
        raise _no_document(credential)
    return (json.dumps(document.document, indent=2) + "\n").encode("utf-8")


def _baked(credential: Credential, format: BadgeFormat) -> bytes:
    content = baked_badge(credential, format)
    if content is None:
        raise _no_document(credential)
    return content


def _dumps(value: object) -> str:
    return json.dumps(value, default=str, indent=2)
