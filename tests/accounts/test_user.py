import pytest
from django.contrib.auth import authenticate
from django.db import IntegrityError, transaction
from django.http import HttpRequest

from hallmark.accounts.models import User

pytestmark = pytest.mark.django_db


def test_email_is_the_login_whatever_its_case() -> None:
    User.objects.create_user("Jordan.Rivera@Example.org", "a-long-passphrase")
    assert authenticate(
        HttpRequest(), username="jordan.rivera@example.org", password="a-long-passphrase"
    )
    assert authenticate(
        HttpRequest(), username="JORDAN.RIVERA@EXAMPLE.ORG", password="a-long-passphrase"
    )
    assert (
        authenticate(HttpRequest(), username="jordan.rivera@example.org", password="wrong") is None
    )


def test_two_accounts_cannot_share_an_email() -> None:
    User.objects.create_user("sam@example.org", "a-long-passphrase")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="SAM@example.org")


def test_the_display_name_prefers_the_preferred_name() -> None:
    user = User(email="x@example.org", legal_name="Alexandra Moreno", preferred_name="Alex")
    assert user.display_name == "Alex"
    assert User(email="y@example.org").display_name == "y@example.org"
