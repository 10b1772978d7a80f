"""Sign-up with email verification: the account opens only from a one-time link."""

import re

import pytest
from django.contrib.auth import authenticate
from django.core import mail
from django.http import HttpRequest
from django.urls import reverse

from hallmark.accounts.data import MessageKey, Role
from hallmark.accounts.models import Profile, SentMessage, User
from hallmark.accounts.notifications import WITHHELD

pytestmark = pytest.mark.django_db

FORM = {
    "email": "new.person@example.org",
    "legal_name": "Morgan Lee Baptiste",
    "preferred_name": "Morgan",
    "password1": "a-long-and-unusual-passphrase",
    "password2": "a-long-and-unusual-passphrase",
}


def verification_path() -> str:
    return re.search(r"http://127.0.0.1:8000(/accounts/verify/\S+/)", mail.outbox[-1].body).group(1)


def test_signing_up_opens_an_inactive_candidate_account_and_mails_a_link(client, committed) -> None:
    with committed():
        response = client.post(reverse("accounts:sign-up"), FORM)
    assert response["Location"] == reverse("accounts:check-email")
    person = User.objects.get(email="new.person@example.org")
    assert not person.is_active and person.email_verified_at is None
    assert person.has_role(Role.CANDIDATE) and not person.is_staff
    assert Profile.objects.filter(user=person).exists()
    assert mail.outbox[-1].to == ["new.person@example.org"]
    record = SentMessage.objects.get(key=MessageKey.EMAIL_VERIFICATION)
    assert verification_path() not in record.body and WITHHELD in record.body
    assert authenticate(HttpRequest(), username=FORM["email"], password=FORM["password1"]) is None


def test_the_link_shows_a_button_and_opens_the_account_once(client, committed) -> None:
    with committed():
        client.post(reverse("accounts:sign-up"), FORM)
    link = verification_path()
    assert "Confirm my email address" in client.get(link).content.decode()
    assert not User.objects.get(email=FORM["email"]).is_active  # a GET changes nothing
    response = client.post(link)
    assert response["Location"] == reverse("accounts:profile")
    person = User.objects.get(email=FORM["email"])
    assert person.is_active and person.email_verified_at is not None
    assert client.get(reverse("accounts:profile")).status_code == 200  # signed in
    client.logout()
    again = client.post(link)
    assert again.status_code == 400 and "This link does not work" in again.content.decode()
    assert authenticate(HttpRequest(), username=FORM["email"], password=FORM["password1"]) == person


def test_a_bad_link_does_not_work(client) -> None:
    assert client.post("/accounts/verify/MQ/not-a-token/").status_code == 400
    assert client.post("/accounts/verify/%%%/x/").status_code == 400


def test_an_existing_address_gets_a_notice_not_a_second_account(client, committed) -> None:
    User.objects.create_user(FORM["email"], "whatever-else-1")
    with committed():
        response = client.post(reverse("accounts:sign-up"), FORM)
    assert response["Location"] == reverse("accounts:check-email")  # the same page either way
    assert User.objects.filter(email=FORM["email"]).count() == 1
    assert mail.outbox[-1].subject == "Your Hallmark account"
    assert "/accounts/password-reset/" in mail.outbox[-1].body


def test_signing_up_again_before_confirming_sends_a_new_link(client, committed) -> None:
    with committed():
        client.post(reverse("accounts:sign-up"), FORM)
        client.post(reverse("accounts:sign-up"), FORM)
    assert User.objects.filter(email=FORM["email"]).count() == 1
    assert [m.subject for m in mail.outbox] == ["Confirm your email address for Hallmark"] * 2


def test_asking_for_a_new_link_says_nothing_about_other_addresses(client, committed) -> None:
    with committed():
        client.post(reverse("accounts:sign-up"), FORM)
    sent = len(mail.outbox)
    url = reverse("accounts:check-email")
    with committed():
        assert client.post(url, {"email": "nobody@example.org"}).status_code == 302
    assert len(mail.outbox) == sent
    with committed():
        client.post(url, {"email": FORM["email"]})
    assert len(mail.outbox) == sent + 1


def test_the_form_explains_what_is_wrong(client) -> None:
    page = client.post(
        reverse("accounts:sign-up"),
        FORM | {"password1": "12345678", "password2": "12345678", "legal_name": ""},
    ).content.decode()
    assert "There is a problem" in page
    assert "Legal name: This field is required." in page
    assert "This password is entirely numeric." in page
    differ = client.post(reverse("accounts:sign-up"), FORM | {"password2": "other"}).content
    assert "The two passwords differ." in differ.decode()
    assert not User.objects.exists()


def test_a_signed_in_person_is_sent_to_the_dashboard(client, cast) -> None:
    client.force_login(cast.candidate)
    assert client.get(reverse("accounts:sign-up"))["Location"] == reverse("portal")
