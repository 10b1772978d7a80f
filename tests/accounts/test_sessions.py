"""Sign-in sessions read by SQL written once (hallmark.accounts.sessions and .backends) behave as
Django's: expiry, sign-out and a deactivated account all end the sign-in."""

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from hallmark.accounts.sessions import SessionStore

from factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def signed_in(person) -> Client:
    client = Client()
    response = client.post("/accounts/sign-in/", {"username": person.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_a_stored_session_is_read_back():
    store = SessionStore()
    store["seat"] = 41
    store.create()
    assert SessionStore(store.session_key)["seat"] == 41


def test_an_expired_session_is_not_read_and_its_key_is_forgotten():
    store = SessionStore()
    store["seat"] = 41
    store.create()
    past = timezone.now() - datetime.timedelta(seconds=1)
    Session.objects.filter(session_key=store.session_key).update(expire_date=past)
    again = SessionStore(store.session_key)
    assert "seat" not in again
    assert again.session_key is None


def test_signing_out_ends_the_sign_in_for_a_copied_cookie():
    person = UserFactory()
    client = signed_in(person)
    assert client.get("/portal/").status_code == 200
    stolen = Client()
    cookie = settings.SESSION_COOKIE_NAME
    stolen.cookies[cookie] = client.cookies[cookie].value
    client.post("/accounts/sign-out/")
    assert stolen.get("/portal/").status_code == 302  # to the sign-in page


def test_a_deactivated_account_is_signed_out_at_its_next_request():
    person = UserFactory()
    client = signed_in(person)
    person.is_active = False
    person.save(update_fields=["is_active"])
    response = client.get("/portal/")
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]
