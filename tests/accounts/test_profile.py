"""The profile (names, contact details) and the separately kept voluntary demographics."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from hallmark.accounts import services
from hallmark.accounts.models import Demographics, Profile

pytestmark = pytest.mark.django_db


def test_the_profile_pages_need_a_sign_in(client) -> None:
    for name in ("accounts:profile", "accounts:demographics"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


def test_a_person_updates_their_names_and_address(client, cast) -> None:
    client.force_login(cast.candidate)
    data = {
        "legal_name": "Jordan A. Rivera",
        "preferred_name": "Jo",
        "phone": "+1 555 0100",
        "address_line1": "12 Elm Street",
        "city": "Springfield",
        "country": "United States",
    }
    assert client.post(reverse("accounts:profile"), data).status_code == 302
    cast.candidate.refresh_from_db()
    assert (cast.candidate.legal_name, cast.candidate.preferred_name) == ("Jordan A. Rivera", "Jo")
    assert Profile.objects.get(user=cast.candidate).city == "Springfield"
    page = client.get(reverse("accounts:profile")).content.decode()
    assert 'value="12 Elm Street"' in page and 'autocomplete="address-line1"' in page
    refused = client.post(reverse("accounts:profile"), data | {"legal_name": ""}).content.decode()
    assert "Legal name: This field is required." in refused


def test_nobody_changes_another_persons_profile_or_answers(cast) -> None:
    with pytest.raises(PermissionDenied):
        services.update_profile(cast.candidate, by=cast.officer, legal_name="X")
    with pytest.raises(PermissionDenied):
        services.save_demographics(cast.candidate, by=cast.officer, gender="man")


def test_demographics_are_voluntary_and_can_be_cleared(client, cast) -> None:
    client.force_login(cast.candidate)
    page = client.get(reverse("accounts:demographics")).content.decode()
    assert "never shown to the staff who decide" in page and "Not answered" in page
    client.post(reverse("accounts:demographics"), {})
    record = Demographics.objects.get(user=cast.candidate)
    assert record.age_band == "" and record.gender == ""
    client.post(reverse("accounts:demographics"), {"age_band": "25-34", "disability": "declined"})
    record.refresh_from_db()
    assert (record.age_band, record.disability) == ("25-34", "declined")
    client.post(reverse("accounts:demographics"), {"age_band": ""})
    record.refresh_from_db()
    assert record.age_band == ""
    bad = client.post(reverse("accounts:demographics"), {"gender": "robot"}).content.decode()
    assert "Select a valid choice." in bad


def test_demographics_are_kept_apart_from_the_account_and_the_admin(client, cast) -> None:
    services.save_demographics(cast.candidate, by=cast.candidate, gender="woman")
    assert not hasattr(cast.candidate, "demographics")  # no way there from the account
    client.force_login(cast.officer)
    assert client.get("/staff/accounts/demographics/").status_code == 404
    assert not any(
        cast_member.has_perm("accounts.view_demographics")
        for cast_member in (cast.officer, cast.manager, cast.proctor, cast.psychometrician)
    )
