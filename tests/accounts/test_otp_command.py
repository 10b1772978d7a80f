"""`hallmark otp`: the demo's staff codes for the tour, and resetting a second factor."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from hallmark.accounts import demo
from hallmark.accounts.data import SECOND_FACTOR_ROLES, SecondFactorEventKind
from hallmark.accounts.models import SecondFactorEvent, User

from factories import UserFactory

pytestmark = pytest.mark.django_db


def otp(*args: str) -> str:
    out = StringIO()
    call_command("otp", *args, stdout=out)
    return out.getvalue().strip()


def test_the_demo_enrols_its_staff_and_the_code_verb_signs_them_in(client) -> None:
    demo.seed()
    staff = [email for role, (email, _) in demo.DEMO_PEOPLE.items() if role in SECOND_FACTOR_ROLES]
    enrolled = set(
        TOTPDevice.objects.filter(name=demo.DEMO_DEVICE).values_list("user__email", flat=True)
    )
    assert enrolled == {*staff, "admin@example.org"}
    client.post(
        reverse("login"),
        {"username": "manager@example.org", "password": demo.DEFAULT_DEMO_PASSWORD},
    )
    assert client.get("/staff/").status_code == 302  # the code first
    code = otp("code", "manager@example.org")
    assert len(code) == 6 and code.isdigit()
    client.post(reverse("accounts:second-factor"), {"code": code})
    assert client.get("/staff/").status_code == 200


def test_the_code_verb_reads_only_demo_authenticators(db) -> None:
    person = UserFactory(email="real.staff@example.org", is_staff=True)
    TOTPDevice.objects.create(user=person, name="authenticator app", confirmed=True)
    with pytest.raises(CommandError, match="no demo authenticator") as error:
        otp("code", "real.staff@example.org")
    assert error.value.returncode == 2


def test_the_reset_verb_records_who_and_why(cast) -> None:
    admin = User.objects.create_superuser("root@example.org", "x-long-password")
    TOTPDevice.objects.create(user=cast.writer, name="phone", confirmed=True)
    assert "enrols an authenticator app" in otp(
        "reset", cast.writer.email, "--reason", "lost phone", "--by", admin.email
    )
    assert not TOTPDevice.objects.filter(user=cast.writer).exists()
    event = SecondFactorEvent.objects.get()
    assert (event.kind, event.by, event.reason) == (
        SecondFactorEventKind.RESET,
        admin,
        "lost phone",
    )
    for args, message in [
        (["--reason", " ", "--by", admin.email], "--reason: say why"),
        (["--reason", "x", "--by", "who@example.org"], "--by: no account"),
        (["--reason", "x", "--by", cast.proctor.email], "may not reset"),
    ]:
        with pytest.raises(CommandError, match=message) as error:
            otp("reset", cast.writer.email, *args)
        assert error.value.returncode == 2
    assert SecondFactorEvent.objects.count() == 1
