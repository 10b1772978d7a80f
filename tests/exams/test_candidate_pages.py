"""The candidate pages: each shows only the signed-in candidate's own records."""

import pytest
from django.urls import reverse
from django.utils import timezone

from hallmark.exams.data import AccommodationStatus, ApplicationStatus, Decision
from hallmark.exams.journey import applications, registrations

from factories import (
    AccommodationRequestFactory,
    RegistrationFactory,
    TestingWindowFactory,
    approved,
    pdf,
    submitted,
)

pytestmark = pytest.mark.django_db

APPLICATION_PAGES = [
    "exams:application",
    "exams:application-answers",
    "exams:application-evidence",
    "exams:application-conduct",
    "exams:application-employer",
]
POSTS = ["exams:application-submit", "exams:application-withdraw"]


@pytest.fixture
def records(program, cast):
    application = applications.start_application(cast.candidate, program, by=cast.candidate)
    registration = RegistrationFactory(application__candidate=cast.candidate)
    accommodation = AccommodationRequestFactory(candidate=cast.candidate, program=program)
    return application, registration, accommodation


def urls(records) -> list[str]:
    application, registration, accommodation = records
    return (
        [reverse(name, args=[application.pk]) for name in APPLICATION_PAGES + POSTS]
        + [
            reverse(name, args=[registration.pk])
            for name in ("exams:booking", "exams:booking-cancel", "exams:booking-reschedule")
        ]
        + [
            reverse(name, args=[accommodation.pk])
            for name in ("exams:accommodation", "exams:accommodation-withdraw")
        ]
    )


def test_another_candidates_records_are_a_404(client, records, cast) -> None:
    client.force_login(cast.outsider)
    for url in urls(records):
        method = client.post if url.endswith(("submit/", "withdraw/")) else client.get
        assert method(url).status_code == 404, url


def test_missing_records_are_a_404(client, records, cast) -> None:
    client.force_login(cast.candidate)
    for url in urls(records):
        parts = url.rstrip("/").split("/")
        number = next(i for i, part in enumerate(parts) if part.isdigit())
        parts[number] = str(int(parts[number]) + 1000)
        missing = "/".join(parts) + "/"
        method = client.post if missing.endswith(("submit/", "withdraw/")) else client.get
        assert method(missing).status_code == 404, missing


def test_every_candidate_page_needs_a_sign_in(client, records) -> None:
    others = [reverse("portal"), reverse("exams:book"), reverse("exams:accommodation-new")]
    for url in urls(records) + others:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"], url


def test_the_owner_sees_each_page(client, records, cast) -> None:
    client.force_login(cast.candidate)
    application, registration, accommodation = records
    for name in APPLICATION_PAGES[:5]:
        assert client.get(reverse(name, args=[application.pk])).status_code == 200, name
    assert client.get(reverse("exams:booking", args=[registration.pk])).status_code == 200
    assert client.get(reverse("exams:accommodation", args=[accommodation.pk])).status_code == 200


def test_a_candidate_applies_through_the_pages(client, program, cast) -> None:
    client.force_login(cast.candidate)
    page = client.get(reverse("exams:apply", args=["esp"])).content.decode()
    assert "Start my application" in page
    response = client.post(reverse("exams:apply", args=["ESP"]))
    application = cast.candidate.applications.get()
    assert response["Location"] == reverse("exams:application", args=[application.pk])
    criteria = list(application.policy.criteria.all())
    client.post(
        reverse("exams:application-answers", args=[application.pk]),
        {f"criterion_{c.pk}": f"I meet {c.code}." for c in criteria},
    )
    client.post(
        reverse("exams:application-evidence", args=[application.pk]),
        {"criterion": criteria[0].pk, "file": pdf()},
    )
    refused = client.post(reverse("exams:application-conduct", args=[application.pk]), {})
    assert "This field is required." in refused.content.decode()
    client.post(reverse("exams:application-conduct", args=[application.pk]), {"agree": "on"})
    client.post(
        reverse("exams:application-employer", args=[application.pk]),
        {"reference_name": "Pat", "reference_email": "pat@employer.example", "employer": "CJ"},
    )
    page = client.get(reverse("exams:application", args=[application.pk])).content.decode()
    assert "Ready to submit" in page
    client.post(reverse("exams:application-submit", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    page = client.get(reverse("exams:application", args=[application.pk])).content.decode()
    assert "Answer the requirements" not in page  # no longer editable
    edit = client.get(reverse("exams:application-answers", args=[application.pk]))
    assert edit.status_code == 302


def test_a_program_without_a_policy_or_inactive_is_a_404(client, cast) -> None:
    from factories import ProgramFactory

    ProgramFactory(designation="NOPOL")
    ProgramFactory(designation="OLD", status="retired")
    client.force_login(cast.candidate)
    assert client.get(reverse("exams:apply", args=["NOPOL"])).status_code == 404
    assert client.get(reverse("exams:apply", args=["OLD"])).status_code == 404
    assert client.get(reverse("exams:apply", args=["NOPE"])).status_code == 404


def test_a_denied_application_links_to_its_appeal(client, program, cast) -> None:
    application = submitted(cast.candidate, program)
    page = reverse("exams:application", args=[application.pk])
    url = reverse("appeals:file", args=["application", application.pk])
    client.force_login(cast.candidate)
    assert url not in client.get(page).content.decode()  # nothing to appeal yet
    applications.decide_application(application, Decision.DENY, reason="Short.", by=cast.officer)
    assert url in client.get(page).content.decode()
    client.post(url, {"grounds": "It was long enough."})
    appeal = application.appeals.get()
    assert appeal.grounds == "It was long enough."
    shown = client.get(page).content.decode()
    assert appeal.reference in shown and url not in shown


def test_booking_through_the_pages(client, program, cast) -> None:
    now = timezone.now()
    window = TestingWindowFactory(
        program=program, opens_at=now, closes_at=now + timezone.timedelta(days=5)
    )
    client.force_login(cast.candidate)
    assert client.get(reverse("exams:book-window", args=[window.pk])).status_code == 404
    approved(cast.candidate, program, cast.officer)
    page = client.get(reverse("exams:book")).content.decode()
    assert f"Book {window.name}" in page
    response = client.post(reverse("exams:book-window", args=[window.pk]))
    registration = cast.candidate.registrations.get()
    assert response["Location"] == reverse("exams:booking", args=[registration.pk])
    page = client.get(response["Location"]).content.decode()
    assert registration.authorization_code in page
    client.force_login(cast.outsider)
    assert client.get(reverse("exams:book-window", args=[window.pk])).status_code == 404
    client.force_login(cast.candidate)
    client.post(reverse("exams:booking-cancel", args=[registration.pk]))
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_moving_a_booking_through_the_page(client, program, cast) -> None:
    now = timezone.now()
    first, second = (
        TestingWindowFactory(
            program=program, opens_at=now, closes_at=now + timezone.timedelta(days=d)
        )
        for d in (5, 6)
    )
    approved(cast.candidate, program, cast.officer)
    seat = registrations.book(cast.candidate, first, by=cast.candidate)
    client.force_login(cast.candidate)
    url = reverse("exams:booking-reschedule", args=[seat.pk])
    assert second.name in client.get(url).content.decode()
    response = client.post(url, {"window": second.pk})
    moved = cast.candidate.registrations.get(status="booked")
    assert moved.window == second and response["Location"].endswith(f"/bookings/{moved.pk}/")


def test_asking_for_an_accommodation_through_the_page(client, program, cast) -> None:
    client.force_login(cast.candidate)
    url = reverse("exams:accommodation-new")
    page = client.post(url, {"program": program.pk, "kind": "extra time"}).content.decode()
    assert "Choose how much extra time you need." in page
    assert "Documentation: This field is required." in page
    client.post(
        url,
        {
            "program": program.pk,
            "kind": "extra time",
            "time_factor": "1.25",
            "documentation": pdf(),
        },
    )
    request = cast.candidate.accommodation_requests.get()
    assert request.time_factor == 125 / 100 and request.live_documents().count() == 1
    client.post(reverse("exams:accommodation-withdraw", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == AccommodationStatus.WITHDRAWN


def test_a_spanish_application_marks_the_programs_own_words_as_english(
    client, records, cast
) -> None:
    """The requirements and the code of conduct are the program's English; the page's own words
    are Spanish (WCAG 3.1.2, language of parts)."""
    application = records[0]
    criterion = application.policy.criteria.first()
    client.force_login(cast.candidate)
    answers = client.get(
        reverse("exams:application-answers", args=[application.pk]), HTTP_ACCEPT_LANGUAGE="es"
    ).content.decode()
    assert f'<label for="id_criterion_{criterion.pk}"><span lang="en">{criterion.text}</span>' in (
        answers
    )
    assert f'Evidencia: <span lang="en">{criterion.evidence}</span>' in answers
    conduct = client.get(
        reverse("exams:application-conduct", args=[application.pk]), HTTP_ACCEPT_LANGUAGE="es"
    ).content.decode()
    assert '<blockquote class="notice" lang="en">' in conduct
