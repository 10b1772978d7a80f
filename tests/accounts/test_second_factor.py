"""The second factor: enrolling an authenticator app (TOTP), the code after the password,
backup codes for recovery, and a reset by a credentialing officer."""

import re
from base64 import b32encode

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hallmark.accounts import services
from hallmark.accounts.data import SecondFactorEventKind
from hallmark.accounts.models import SecondFactorEvent

from factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client, person) -> None:
    """The password only, through the sign-in page (not the suite's whole sign-in)."""
    response = client.post(reverse("login"), {"username": person.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:300]


def code_of(device: TOTPDevice, step: int = 0) -> str:
    return f"{totp(device.bin_key, drift=step):06d}"


def enrolled(person) -> TOTPDevice:
    return TOTPDevice.objects.create(user=person, name="phone", confirmed=True)


def test_enrolling_shows_a_qr_code_and_the_key_then_gives_backup_codes(client, cast) -> None:
    sign_in(client, cast.writer)
    page = client.get(reverse("accounts:second-factor-enrol"), {"next": "/items/"})
    device = TOTPDevice.objects.get(user=cast.writer, confirmed=False)
    text = page.content.decode()
    assert "<svg" in text
    shown = re.search(r'id="secret">([A-Z2-7 ]+)<', text).group(1).replace(" ", "")
    assert shown == b32encode(device.bin_key).decode()
    wrong = client.post(reverse("accounts:second-factor-enrol"), {"code": "000000"})
    assert "not the one the app shows" in wrong.content.decode()
    assert client.get("/items/").status_code == 302
    done = client.post(
        reverse("accounts:second-factor-enrol"), {"code": code_of(device), "next": "/items/"}
    )
    codes = re.findall(r"<li><code>(\w+)</code></li>", done.content.decode())
    assert len(codes) == services.BACKUP_CODE_COUNT
    assert client.get("/items/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    event = SecondFactorEvent.objects.get(person=cast.writer)
    assert event.kind == SecondFactorEventKind.ENROLLED and event.by == cast.writer


def test_an_enrolled_person_enters_a_code_after_the_password(client, cast) -> None:
    device = enrolled(cast.psychometrician)
    sign_in(client, cast.psychometrician)
    step = client.get("/forms/", follow=True)
    assert step.redirect_chain[-1][0] == f"{reverse('accounts:second-factor')}?next=%2Fforms%2F"
    assert "Enter your code" in step.content.decode()
    wrong = client.post(reverse("accounts:second-factor"), {"code": "123456", "next": "/forms/"})
    assert wrong.status_code == 200 and "That code is not right" in wrong.content.decode()
    assert client.get("/forms/").status_code == 302
    device.throttling_failure_count = 0  # the wrong code made the next try wait a second
    device.save()
    right = client.post(
        reverse("accounts:second-factor"), {"code": code_of(device), "next": "/forms/"}
    )
    assert right.status_code == 302 and right["Location"] == "/forms/"
    assert client.get("/forms/").status_code == 200
    assert client.get("/staff/").status_code == 200


def test_a_code_is_good_once(client, cast) -> None:
    device = enrolled(cast.reviewer)
    sign_in(client, cast.reviewer)
    client.post(reverse("accounts:second-factor"), {"code": code_of(device)})
    assert client.get("/items/").status_code == 200
    client.post(reverse("logout"))
    sign_in(client, cast.reviewer)
    again = client.post(reverse("accounts:second-factor"), {"code": code_of(device)})
    assert "That code is not right" in again.content.decode()


def test_a_backup_code_signs_in_once_and_is_journaled(client, cast) -> None:
    enrolled(cast.officer)
    codes = services.new_backup_codes(cast.officer)
    sign_in(client, cast.officer)
    used = client.post(reverse("accounts:second-factor"), {"code": codes[0]}, follow=True)
    assert f"{len(codes) - 1} left" in used.content.decode()
    assert client.get("/staff/").status_code == 200
    kinds = set(
        SecondFactorEvent.objects.filter(person=cast.officer).values_list("kind", flat=True)
    )
    assert kinds == {SecondFactorEventKind.BACKUP_CODES, SecondFactorEventKind.BACKUP_CODE_USED}
    assert not StaticToken.objects.filter(token=codes[0]).exists()


def test_the_code_step_never_sends_a_person_to_another_site(client, cast) -> None:
    device = enrolled(cast.manager)
    sign_in(client, cast.manager)
    response = client.post(
        reverse("accounts:second-factor"),
        {"code": code_of(device), "next": "https://attacker.example/"},
    )
    assert response["Location"] == "/staff/"  # the program manager's start page


def test_an_officer_resets_a_lost_second_factor_with_a_reason(client, cast) -> None:
    enrolled(cast.writer)
    services.new_backup_codes(cast.writer)
    client.force_login(cast.officer)
    url = reverse("accounts:second-factor-reset")
    blank = client.post(url, {"email": cast.writer.email, "reason": " "})
    assert "This field is required" in blank.content.decode()
    assert TOTPDevice.objects.filter(user=cast.writer).exists()
    done = client.post(url, {"email": cast.writer.email, "reason": "Lost phone; ID checked"})
    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(user=cast.writer).exists()
    assert not StaticToken.objects.filter(device__user=cast.writer).exists()
    event = SecondFactorEvent.objects.get(kind=SecondFactorEventKind.RESET)
    assert (event.person, event.by, event.reason) == (
        cast.writer,
        cast.officer,
        "Lost phone; ID checked",
    )
    client.post(reverse("logout"))
    sign_in(client, cast.writer)
    led = client.get("/items/", follow=True)
    assert led.redirect_chain[-1][0].startswith(reverse("accounts:second-factor-enrol"))


def test_only_officers_reset_and_never_their_own_or_a_superusers(client, cast) -> None:
    url = reverse("accounts:second-factor-reset")
    client.force_login(cast.proctor)
    assert client.get(url).status_code == 403
    client.force_login(cast.officer)
    own = client.post(url, {"email": cast.officer.email, "reason": "mine"})
    assert "Nobody resets their own second factor" in own.content.decode()
    admin = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    above = client.post(url, {"email": admin.email, "reason": "lost"})
    assert "Only a superuser may reset" in above.content.decode()
    nobody = client.post(url, {"email": "nobody@example.org", "reason": "lost"})
    assert "No account has this address" in nobody.content.decode()
    assert not SecondFactorEvent.objects.exists()


def test_a_verified_person_makes_new_backup_codes_and_the_old_stop_working(client, cast) -> None:
    old = services.new_backup_codes(cast.manager)
    client.force_login(cast.manager)
    assert "Make new backup codes" in client.get(reverse("accounts:profile")).content.decode()
    page = client.post(reverse("accounts:backup-codes")).content.decode()
    new = re.findall(r"<li><code>(\w+)</code></li>", page)
    assert len(new) == services.BACKUP_CODE_COUNT and not set(new) & set(old)
    assert not StaticToken.objects.filter(token__in=old).exists()


def test_the_profile_offers_new_backup_codes_once_and_keeps_its_title(client, cast) -> None:
    client.force_login(cast.manager)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "<title>My profile · Hallmark</title>" in page
    assert page.count("Make new backup codes") == 1


def test_officers_read_the_journal_in_the_admin_and_nobody_edits_it(client, cast) -> None:
    event = services.reset_second_factor(cast.writer, by=cast.officer, reason="Lost phone")
    client.force_login(cast.officer)
    listing = client.get(reverse("admin:accounts_secondfactorevent_changelist"))
    assert listing.status_code == 200 and "Lost phone" in listing.content.decode()
    change = reverse("admin:accounts_secondfactorevent_change", args=[event.pk])
    client.post(change, {"reason": "edited"})
    delete = reverse("admin:accounts_secondfactorevent_delete", args=[event.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert event.reason == "Lost phone"
    client.force_login(cast.proctor)
    assert client.get(reverse("admin:accounts_secondfactorevent_changelist")).status_code == 403
