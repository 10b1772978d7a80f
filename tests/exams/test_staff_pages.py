"""The staff side in the admin: the review queue, decisions, windows and registrations."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from hallmark.exams.data import TIMES, ApplicationStatus, RegistrationStatus
from hallmark.exams.journey import registrations
from hallmark.exams.models import TestingWindow

from factories import (
    AccommodationRequestFactory,
    DemographicsFactory,
    RegistrationAccommodationFactory,
    RegistrationFactory,
    TestingWindowFactory,
    UserFactory,
    approved,
    submitted,
)

pytestmark = pytest.mark.django_db


def admin_url(name: str, *args) -> str:
    return reverse(f"admin:exams_{name}", args=args)


def test_the_review_queue_lists_submissions_oldest_first_with_filters(
    client, program, cast
) -> None:
    first = submitted(cast.candidate, program)
    second = submitted(UserFactory(legal_name="Zoe Later"), program)
    client.force_login(cast.officer)
    page = client.get(admin_url("application_changelist") + "?queue=awaiting").content.decode()
    assert page.index(f">#{first.pk}</a>") < page.index(f">#{second.pk}</a>")
    assert "Awaiting a decision" in page and "Waiting for the candidate" in page
    decided = client.get(admin_url("application_changelist") + "?queue=decided").content.decode()
    assert f">#{first.pk}</a>" not in decided
    for person, status in [(cast.manager, 403), (cast.proctor, 403), (cast.candidate, 302)]:
        client.force_login(person)
        assert client.get(admin_url("application_changelist")).status_code == status, person


def test_the_decision_page_is_for_officers_and_records_the_decision(client, program, cast) -> None:
    application = submitted(cast.candidate, program)
    url = admin_url("application_decide", application.pk)
    for person, status in [(cast.manager, 403), (cast.proctor, 403), (cast.candidate, 302)]:
        client.force_login(person)
        assert client.get(url).status_code == status, person
    client.force_login(cast.officer)
    assert client.get(admin_url("application_decide", application.pk + 99)).status_code == 404
    page = client.get(url).content.decode()
    assert "The application fee is still due" in page  # what stops an approval, up front
    refused = client.post(url, {"decision": "approve"}).content.decode()
    assert "The application fee is still due" in refused
    missing_reason = client.post(url, {"decision": "deny", "reason": ""}).content.decode()
    assert "the candidate reads it" in missing_reason
    response = client.post(url, {"decision": "deny", "reason": "Too little experience."})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DENIED
    assert application.decided_by == cast.officer
    assert application.decision_reason == "Too little experience."


def test_the_fee_and_employer_pages_clear_the_way_to_approval(client, program, cast) -> None:
    application = submitted(cast.candidate, program)
    client.force_login(cast.officer)
    client.post(admin_url("application_fee", application.pk), {"status": "paid", "reference": "R9"})
    client.post(
        admin_url("application_employer", application.pk),
        {"answer": "confirmed", "note": "Phoned the supervisor."},
    )
    client.post(admin_url("application_decide", application.pk), {"decision": "approve"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED and application.fee_reference == "R9"
    client.force_login(cast.proctor)
    assert client.get(admin_url("application_fee", application.pk)).status_code == 403


def test_the_application_page_shows_links_evidence_and_history_but_no_demographics(
    client, program, cast
) -> None:
    application = submitted(cast.candidate, program)
    DemographicsFactory(user=cast.candidate, age_band="65 and over", gender="self-described")
    client.force_login(cast.officer)
    page = client.get(admin_url("application_change", application.pk)).content.decode()
    assert admin_url("application_decide", application.pk) in page
    assert reverse("exams:evidence-file", args=[application.evidence.get().pk]) in page
    assert "Submitted" in page and "Pat Supervisor" in page
    for answer in ("65 and over", "self-described", "I describe myself another way"):
        assert answer not in page
    assert not cast.officer.has_perm("accounts.view_demographics")


def test_accommodation_decision_page(client, program, cast) -> None:
    request = AccommodationRequestFactory(program=program)
    client.force_login(cast.proctor)
    assert client.get(admin_url("accommodationrequest_decide", request.pk)).status_code == 403
    client.force_login(cast.officer)
    client.post(admin_url("accommodationrequest_decide", request.pk), {"decision": "approve"})
    request.refresh_from_db()
    assert request.status == "approved"


def test_program_managers_set_windows_up_and_proctors_only_look(client, program, cast) -> None:
    blueprint = TestingWindowFactory(program=program).blueprint
    data = {
        "program": program.pk,
        "blueprint": blueprint.pk,
        "name": "Spring window",
        "delivery_mode": "test centre",
        "location": "Room 4",
        "opens_at_0": "2030-04-01",
        "opens_at_1": "09:00",
        "closes_at_0": "2030-03-01",
        "closes_at_1": "09:00",
        "capacity": "20",
        "launch_code_required": "on",
        "changes_close_hours": "48",
        "registrations-TOTAL_FORMS": "0",
        "registrations-INITIAL_FORMS": "0",
    }
    client.force_login(cast.proctor)
    assert client.post(admin_url("testingwindow_add"), data).status_code == 403
    client.force_login(cast.manager)
    page = client.post(admin_url("testingwindow_add"), data).content.decode()
    assert "A window must close after it opens." in page
    offered = client.get(admin_url("testingwindow_add")).content.decode()
    proctor, officer = (f">{escape(str(p))}</option>" for p in (cast.proctor, cast.officer))
    assert proctor in offered and officer not in offered  # only proctors can be assigned
    data |= {"closes_at_0": "2030-04-03", "proctors": [cast.proctor.pk]}
    assert client.post(admin_url("testingwindow_add"), data).status_code == 302
    window = TestingWindow.objects.get(name="Spring window")
    assert window.launch_code_required and window.capacity == 20
    assert list(window.proctors.all()) == [cast.proctor]
    other = TestingWindowFactory().blueprint
    page = client.post(
        admin_url("testingwindow_add"), data | {"name": "Wrong", "blueprint": other.pk}
    ).content.decode()
    assert "This blueprint belongs to another program." in page


def test_proctors_see_who_is_registered_with_their_accommodations(client, cast) -> None:
    attached = RegistrationAccommodationFactory(accommodation__time_factor=Decimal("2.00"))
    window = attached.registration.window
    client.force_login(cast.proctor)
    listing = client.get(admin_url("registration_changelist")).content.decode()
    assert attached.registration.authorization_code not in listing  # not their window yet
    page = client.get(admin_url("testingwindow_change", window.pk), follow=True)
    assert attached.registration.authorization_code not in page.content.decode()
    assert window.name not in client.get(admin_url("testingwindow_changelist")).content.decode()
    window.proctors.add(cast.proctor)
    page = client.get(admin_url("testingwindow_change", window.pk)).content.decode()
    assert attached.registration.authorization_code in page and f"Extra time {TIMES}2" in page
    assert 'name="name"' not in page  # read-only for proctors
    listing = client.get(admin_url("registration_changelist")).content.decode()
    assert attached.registration.authorization_code in listing
    cancel = admin_url("registration_cancel", attached.registration.pk)
    assert client.get(cancel).status_code == 403
    client.force_login(cast.outsider)
    assert client.get(admin_url("registration_changelist")).status_code == 302


def test_officers_cancel_move_and_close_registrations(client, program, cast) -> None:
    now = timezone.now()
    day = datetime.timedelta(days=1)
    window = TestingWindowFactory(program=program, opens_at=now - day, closes_at=now + day)
    later = TestingWindowFactory(program=program, opens_at=now + day, closes_at=now + 5 * day)
    approved(cast.candidate, program, cast.officer)
    seat = registrations.book(cast.candidate, window, by=cast.candidate)
    client.force_login(cast.officer)
    response = client.post(
        admin_url("registration_move", seat.pk), {"window": later.pk, "reason": ""}
    )
    assert response.status_code == 302
    moved = cast.candidate.registrations.get(status=RegistrationStatus.BOOKED)
    assert moved.window == later and moved.booked_by == cast.officer
    page = client.post(admin_url("registration_cancel", moved.pk), {"reason": ""}).content.decode()
    assert "Say why the booking is cancelled" in page
    client.post(admin_url("registration_cancel", moved.pk), {"reason": "Asked by phone."})
    moved.refresh_from_db()
    assert moved.status == RegistrationStatus.CANCELLED
    stale = RegistrationFactory(
        window=TestingWindowFactory(program=program, opens_at=now - 5 * day, closes_at=now - day)
    )
    client.post(admin_url("registration_no-show", stale.pk), {})
    stale.refresh_from_db()
    assert stale.status == RegistrationStatus.NO_SHOW
    assert client.get(admin_url("registration_cancel", stale.pk + 99)).status_code == 404
