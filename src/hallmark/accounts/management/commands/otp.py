"""`hallmark otp code|reset`: the demo's current codes, and resetting a lost second factor."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from hallmark.accounts import services
from hallmark.accounts.demo import DEMO_DEVICE
from hallmark.accounts.models import User


class Command(BaseCommand):
    help = "Print a demo account's current second-factor code, or reset a person's second factor."

    def add_arguments(self, parser: CommandParser) -> None:
        verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
        code = verbs.add_parser(
            "code", help="the code a demo account's authenticator shows now (demo accounts only)"
        )
        code.add_argument("email", help="a demo staff account, e.g. manager@example.org")
        reset = verbs.add_parser(
            "reset", help="remove a person's authenticator and backup codes (they enrol again)"
        )
        reset.add_argument("email", help="whose second factor")
        reset.add_argument("--reason", required=True, help="why (recorded)")
        reset.add_argument(
            "--by", required=True, metavar="EMAIL", help="the officer or superuser acting"
        )

    def handle(self, *args: Any, verb: str, **options: Any) -> None:
        getattr(self, f"_{verb}")(**options)

    def _code(self, email: str, **_: Any) -> None:
        device = TOTPDevice.objects.filter(
            user__email__iexact=email.strip(), name=DEMO_DEVICE, confirmed=True
        ).first()
        if device is None:
            raise CommandError(
                f"{email}: no demo authenticator; `hallmark otp code` reads only the "
                "authenticators `hallmark demo` made for its staff accounts",
                returncode=2,
            )
        code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{code:0{device.digits}d}")

    def _reset(self, email: str, reason: str, by: str, **_: Any) -> None:
        person, actor = _account(email, "email"), _account(by, "--by")
        if not reason.strip():
            raise CommandError("--reason: say why the second factor is reset", returncode=2)
        try:
            services.reset_second_factor(person, by=actor, reason=reason)
        except PermissionDenied as error:
            raise CommandError(str(error), returncode=2) from None
        self.stdout.write(f"{person.email} enrols an authenticator app at their next sign-in.")


def _account(email: str, what: str) -> User:
    person = User.objects.filter(email__iexact=email.strip()).first()
    if person is None:
        raise CommandError(f"{what}: no account has the email {email!r}", returncode=2)
    return person
