"""Who must sign in with a second factor: staff roles and superusers, even without the staff
flag; candidates and panelists sign in with a password alone."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from hallmark.accounts.data import Role

from factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

STAFF_PAGES = ["/items/", "/forms/", "/results/staff/", "/staff/"]


def sign_in(client, person) -> None:
    """The password only, through the sign-in page (not the suite's whole sign-in)."""
    response = client.post(reverse("login"), {"username": person.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:300]


@pytest.mark.parametrize("role", ["writer", "reviewer", "psychometrician", "officer", "proctor"])
def test_staff_without_a_second_factor_cannot_reach_a_staff_page(client, cast, role) -> None:
    sign_in(client, getattr(cast, role))
    for path in STAFF_PAGES:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(reverse("accounts:second-factor")), path
    led = client.get("/items/", follow=True)
    assert led.redirect_chain[-1][0].startswith(reverse("accounts:second-factor-enrol"))
    assert "Set up your authenticator app" in led.content.decode()


def test_candidates_and_panelists_sign_in_with_a_password_alone(client, cast) -> None:
    sign_in(client, cast.candidate)
    assert client.get(reverse("portal")).status_code == 200
    client.post(reverse("logout"))
    sign_in(client, cast.panelist)
    assert client.get(reverse("portal")).status_code == 200


def test_a_staff_role_without_the_staff_flag_still_needs_the_second_factor(client) -> None:
    writer = UserFactory(email="quiet.writer@example.org")
    writer.groups.add(Group.objects.get(name=Role.ITEM_WRITER.value))
    assert not writer.is_staff
    sign_in(client, writer)
    assert client.get("/items/").status_code == 302


def test_a_superuser_needs_the_second_factor(client) -> None:
    admin = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    sign_in(client, admin)
    assert client.get("/staff/").status_code == 302
    assert client.get(reverse("portal")).status_code == 302
