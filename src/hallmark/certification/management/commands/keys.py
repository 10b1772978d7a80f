"""`hallmark keys create|rotate|list|generate`: the issuer's signing keys."""

import json
from typing import Any

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from hallmark.certification import services
from hallmark.certification.issuer import issuer_id
from hallmark.certification.keys import PRIVATE_KEY_VARIABLE
from hallmark.certification.models import IssuerKey
from hallmark.credentials import generate_key_pair


class Command(BaseCommand):
    help = (
        "Manage the issuer's Ed25519 signing keys: the newest signs, retired keys stay "
        "published so that older credentials keep verifying."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
        verbs.add_parser(
            "create",
            help="make the first signing key (stored encrypted), or record the key in "
            f"{PRIVATE_KEY_VARIABLE}",
        )
        rotate = verbs.add_parser("rotate", help="sign with a new key from now on")
        rotate.add_argument("--reason", default="", help="why (recorded with the old key)")
        listing = verbs.add_parser("list", help="list every key, retired ones too")
        listing.add_argument("--json", action="store_true", help="print JSON")
        verbs.add_parser(
            "generate",
            help=f"print a new secret key for {PRIVATE_KEY_VARIABLE} (stores nothing)",
        )

    def handle(self, *args: Any, verb: str, **options: Any) -> None:
        try:
            getattr(self, f"_{verb}")(**options)
        except (ValidationError, ImproperlyConfigured) as error:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            raise CommandError("; ".join(messages)) from None

    def _created(self, key: IssuerKey, what: str) -> None:
        self.stdout.write(f"{what}: {key.verification_method}")
        self.stdout.write(f"  published at {issuer_id()}")

    def _create(self, **_: Any) -> None:
        self._created(services.create_issuer_key(), "Signing key")

    def _rotate(self, reason: str, **_: Any) -> None:
        self._created(services.rotate_issuer_key(reason=reason), "New signing key")
        retired = IssuerKey.objects.exclude(retired_at=None).count()
        self.stdout.write(f"  {retired} retired key(s) stay published")

    def _list(self, json: bool, **_: Any) -> None:
        keys = IssuerKey.objects.order_by("created_at", "pk")
        rows: list[dict[str, Any]] = [
            {
                "verification_method": k.verification_method,
                "public_key_multibase": k.public_multibase,
                "source": k.source,
                "created_at": k.created_at.isoformat(),
                "retired_at": k.retired_at.isoformat() if k.retired_at else None,
            }
            for k in keys
        ]
        if json:
            self.stdout.write(_dumps(rows))
            return
        for row in rows:
            state = f"retired {row['retired_at'][:10]}" if row["retired_at"] else "SIGNING"
            self.stdout.write(
                f"{state:<18} {row['source']:<12} {row['created_at'][:10]}  "
                f"{row['verification_method']}"
            )
        self.stdout.write(f"{len(rows)} key(s)")

    def _generate(self, **_: Any) -> None:
        pair = generate_key_pair(issuer_id())
        self.stderr.write(
            f"Keep this secret; set it as {PRIVATE_KEY_VARIABLE} and run `hallmark keys "
            "create` (first key) or `hallmark keys rotate`."
        )
        self.stdout.write(pair.private_multibase)


def _dumps(value: object) -> str:
    return json.dumps(value, indent=2)
