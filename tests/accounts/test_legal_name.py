"""A legal name: every change recorded, frozen while a registration is active, and corrected
by a credentialing officer with a reason."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from hallmark.accounts import services
from hallmark.accounts.models import LegalNameChange
from hallmark.exams.data import RegistrationStatus
from hallmark.exams.delivery import services as delivery

from factories import RegistrationFactory, exam_registration

pytestmark = pytest.mark.django_db


def rename(person, name: str) -> None:
    services.update_profile(person, by=person, legal_name=name)


def test_a_change_of_legal_name_is_recorded(cast) -> None:
    before = cast.candidate.legal_name
    rename(cast.candidate, "  Jordan A. Rivera ")
    change = LegalNameChange.objects.get(person=cast.candidate)
    assert (change.old, change.new, change.by, change.reason) == (
        before,
        "Jordan A. Rivera",
        cast.candidate,
        "",
    )
    assert change.at is not None
    cast.candidate.refresh_from_db()
    assert cast.candidate.legal_name == "Jordan A. Rivera"
    rename(cast.candidate, "Jordan A. Rivera")  # the same name: nothing to record
    services.update_profile(cast.candidate, by=cast.candidate, preferred_name="Jo")
    assert LegalNameChange.objects.filter(person=cast.candidate).count() == 1


def test_it_is_frozen_while_a_seat_is_booked(cast) -> None:
    seat = RegistrationFactory(application__candidate=cast.candidate)
    assert seat.status == RegistrationStatus.BOOKED
    before = cast.candidate.legal_name
    with pytest.raises(ValidationError) as refusal:
        rename(cast.candidate, "Someone Else")
    assert "legal_name" in refusal.value.message_dict
    assert seat.authorization_code in refusal.value.message_dict["legal_name"][0]
    cast.candidate.refresh_from_db()
    assert cast.candidate.legal_name == before
    assert not LegalNameChange.objects.exists()
    services.update_profile(cast.candidate, by=cast.candidate, preferred_name="Jo")  # the rest may


def test_it_is_frozen_while_an_exam_is_not_over(cast) -> None:
    seat = exam_registration(items=2, candidate=cast.candidate)
    session = delivery.create_session(seat, by=cast.candidate)
    delivery.accept_agreement(session, by=cast.candidate)
    delivery.start(session, by=cast.candidate)
    seat.refresh_from_db()
    assert seat.status == RegistrationStatus.SAT  # no longer booked, but in the exam
    with pytest.raises(ValidationError, match="your exam is not over"):
        rename(cast.candidate, "Someone Else")
    delivery.submit(session, by=cast.candidate)
    rename(cast.candidate, "Someone Else")
    assert LegalNameChange.objects.get().new == "Someone Else"


def test_the_profile_page_says_why_and_changes_nothing(client, cast) -> None:
    RegistrationFactory(application__candidate=cast.candidate)
    before = cast.candidate.legal_name
    client.force_login(cast.candidate)
    page = client.post(reverse("accounts:profile"), {"legal_name": "Someone Else"})
    assert page.status_code == 200
    assert "Your legal name cannot change now" in page.content.decode()
    cast.candidate.refresh_from_db()
    assert cast.candidate.legal_name == before


def test_an_officer_corrects_it_with_a_reason_even_while_booked(cast) -> None:
    RegistrationFactory(application__candidate=cast.candidate)
    before = cast.candidate.legal_name
    with pytest.raises(ValidationError, match="reason"):
        services.correct_legal_name(
            cast.candidate, new="Jordan Rivera", reason=" ", by=cast.officer
        )
    change = services.correct_legal_name(
        cast.candidate, new="Jordan Rivera", reason="Typing error seen at check-in", by=cast.officer
    )
    assert (change.old, change.new, change.by) == (before, "Jordan Rivera", cast.officer)
    assert change.reason == "Typing error seen at check-in"
    cast.candidate.refresh_from_db()
    assert cast.candidate.legal_name == "Jordan Rivera"


@pytest.mark.parametrize("who", ["candidate", "proctor", "outsider", "manager"])
def test_only_an_officer_corrects_a_legal_name(cast, who) -> None:
    with pytest.raises(PermissionDenied):
        services.correct_legal_name(
            cast.candidate, new="Someone Else", reason="Because", by=getattr(cast, who)
        )
    assert not LegalNameChange.objects.exists()


def test_an_officer_corrects_it_in_the_admin_and_sees_every_change(client, cast) -> None:
    rename(cast.candidate, "Jordan Rivera")
    RegistrationFactory(application__candidate=cast.candidate)
    client.force_login(cast.officer)
    add = reverse("admin:accounts_legalnamechange_add")
    data = {"email": cast.candidate.email, "new": "Jordan A. Rivera", "reason": ""}
    assert client.post(add, data).status_code == 200  # no reason: the form says so
    done = client.post(add, data | {"reason": "Passport shows a middle initial"})
    assert done.status_code == 302
    cast.candidate.refresh_from_db()
    assert cast.candidate.legal_name == "Jordan A. Rivera"
    listed = client.get(reverse("admin:accounts_legalnamechange_changelist")).content.decode()
    assert "Passport shows a middle initial" in listed and "Jordan Rivera" in listed
    change = LegalNameChange.objects.last()
    url = reverse("admin:accounts_legalnamechange_delete", args=[change.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert LegalNameChange.objects.count() == 2


def test_the_user_admin_cannot_change_a_legal_name_unrecorded(admin_client, cast) -> None:
    page = admin_client.get(reverse("admin:accounts_user_change", args=[cast.candidate.pk]))
    assert 'name="legal_name"' not in page.content.decode()
