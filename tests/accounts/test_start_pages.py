"""Each person's start page after signing in: their role's, unless a safe `next` says where."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from hallmark.accounts.data import START_PAGES, Role

from factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

# The tour's place for each role (README).
EXPECTED = [
    (Role.PROGRAM_MANAGER, "/staff/"),
    (Role.ITEM_WRITER, "/items/"),
    (Role.ITEM_REVIEWER, "/items/reviews/"),
    (Role.PSYCHOMETRICIAN, "/results/staff/"),
    (Role.PANELIST, "/results/panel/"),
    (Role.CREDENTIALING_OFFICER, "/casework/"),
    (Role.PROCTOR, "/portal/proctor/"),
    (Role.PANEL_MEMBER, "/appeals/"),
    (Role.CANDIDATE, "/portal/"),
]


def signed_in(client, person, **data: str):
    """The password only, through the sign-in page; the answer is the redirect it gives."""
    posted = {"username": person.email, "password": PASSWORD, **data}
    response = client.post(reverse("login"), posted)
    assert response.status_code == 302, response.content.decode()[:300]
    return response


def test_every_role_has_a_start_page() -> None:
    assert set(START_PAGES) == set(Role)
    assert {role for role, _ in EXPECTED} == set(Role)


@pytest.mark.parametrize(("role", "path"), EXPECTED, ids=[role.name for role, _ in EXPECTED])
def test_each_role_lands_on_its_own_start_page(client, role, path) -> None:
    assert signed_in(client, UserFactory(roles=[role]))["Location"] == path


def test_several_roles_go_to_the_first_in_the_fixed_order(client) -> None:
    person = UserFactory(roles=[Role.CANDIDATE, Role.CREDENTIALING_OFFICER, Role.ITEM_REVIEWER])
    assert signed_in(client, person)["Location"] == "/items/reviews/"


def test_a_superuser_starts_in_the_staff_admin_and_no_role_at_the_dashboard(client) -> None:
    superuser = UserFactory(is_superuser=True, is_staff=True, roles=[Role.CANDIDATE])
    assert signed_in(client, superuser)["Location"] == "/staff/"
    client.post(reverse("logout"))
    assert signed_in(client, UserFactory())["Location"] == "/portal/"


def test_a_safe_next_wins_and_another_site_is_never_the_target(client) -> None:
    writer = UserFactory(roles=[Role.ITEM_WRITER])
    assert signed_in(client, writer, next="/forms/")["Location"] == "/forms/"
    client.post(reverse("logout"))
    for elsewhere in ["https://elsewhere.example/", "//elsewhere.example/items/"]:
        assert signed_in(client, writer, next=elsewhere)["Location"] == "/items/"
        client.post(reverse("logout"))


def test_the_sign_in_page_sends_a_signed_in_person_to_their_start_page(client) -> None:
    client.force_login(UserFactory(roles=[Role.PANELIST]))
    response = client.get(reverse("login"))
    assert response.status_code == 302 and response["Location"] == "/results/panel/"


def test_the_second_factor_leads_on_to_the_start_page(client) -> None:
    officer = UserFactory(roles=[Role.CREDENTIALING_OFFICER])
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    start = signed_in(client, officer)["Location"]
    step = client.get(start)
    assert step["Location"] == f"{reverse('accounts:second-factor')}?next=%2Fcasework%2F"
    # Without a `next`, or with one to another site, the code step ends at the start page too.
    for data in [{}, {"next": "https://elsewhere.example/"}]:
        code = {"code": f"{totp(device.bin_key):06d}", **data}
        done = client.post(reverse("accounts:second-factor"), code)
        assert done.status_code == 302 and done["Location"] == "/casework/"
        client.post(reverse("logout"))
        signed_in(client, officer)
        device.refresh_from_db()
        device.last_t = -1  # the same code again, for the next round
        device.save()
    assert client.get("/casework/").status_code == 302


def test_enrolment_without_a_next_leads_to_the_start_page(client) -> None:
    writer = UserFactory(roles=[Role.ITEM_WRITER])
    signed_in(client, writer)
    page = client.get(reverse("accounts:second-factor"))
    assert page["Location"] == f"{reverse('accounts:second-factor-enrol')}?next=%2Fitems%2F"
