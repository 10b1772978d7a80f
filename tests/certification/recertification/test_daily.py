"""`hallmark daily` for certification: expiry, grace and reinstatement periods, reminders
(never twice), status lists; idempotent, and a catch-up ends where daily runs end."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction

from hallmark.accounts import outbox
from hallmark.accounts.data import DeliveryStatus
from hallmark.accounts.models import User
from hallmark.certification import daily, services
from hallmark.certification.data import (
    CredentialEventKind,
    CredentialStatus,
    CycleOutcome,
    NoticeKind,
)
from hallmark.certification.models import Credential, Notice, StatusList
from hallmark.certification.recertification import renewals
from hallmark.certification.recertification.notices import send_notice
from hallmark.site.daily import jobs

from factories import recertification_program

pytestmark = pytest.mark.django_db
D = datetime.date
UTC = datetime.UTC

# holder, issued on: each reaches a different point during the simulated year
HOLDERS = [
    ("expires-before@example.org", D(2023, 9, 10)),  # expires 10 Sep 2026, in grace at the start
    ("expires-during@example.org", D(2024, 3, 15)),  # expires 15 Mar 2027: every reminder
    ("lapses@example.org", D(2023, 1, 20)),  # reinstatement ends 20 Jan 2027
    ("window-opens@example.org", D(2025, 1, 31)),  # window opens 30 Apr 2027
    ("suspended@example.org", D(2023, 11, 1)),  # suspended: left alone
]
START, END = D(2026, 7, 1), D(2027, 6, 30)


def noon_utc(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=UTC)


@pytest.fixture
def population(cast):
    program = recertification_program(designation="CESP")
    for email, issued_on in HOLDERS:
        person = User.objects.create_user(email, "x", legal_name=email.split("@")[0])
        credential = services.issue_credential(person, program, issued_on=issued_on)
        if email.startswith("suspended"):
            services.suspend_credential(credential, actor=cast.officer, reason="Complaint")
    return program


def snapshot() -> list[tuple]:
    """Everything the daily job may change, except the reminders and the moments it acted."""
    state = []
    for credential in Credential.objects.order_by("number"):
        state.append(
            (
                credential.number,
                credential.status,
                credential.expires_on,
                tuple(credential.cycles.values_list("sequence", "outcome", "expires_on")),
                tuple(
                    (e.kind, e.reason, tuple(sorted(e.data.items())))
                    for e in credential.events.all()
                ),
            )
        )
    return state


def notices() -> set[tuple[str, str]]:
    return set(Notice.objects.values_list("credential__number", "kind"))


class Rollback(Exception):
    pass


def test_running_every_day_of_a_year_ends_as_running_once_at_the_end(population) -> None:
    days = [START + datetime.timedelta(days=n) for n in range((END - START).days + 1)]
    try:
        with transaction.atomic():
            for day in days:
                daily.run(noon_utc(day))
            every_day, sent_every_day = snapshot(), notices()
            raise Rollback
    except Rollback:
        pass
    assert not Notice.objects.exists()
    daily.run(noon_utc(END))
    assert snapshot() == every_day
    once = notices()
    assert once <= sent_every_day  # only the reminders that fell in between differ
    by_number = {c.holder.email: c.number for c in Credential.objects.select_related("holder")}

    during = by_number["expires-during@example.org"]
    assert {k for n, k in sent_every_day if n == during} == {
        NoticeKind.WINDOW_OPEN,  # fell due before the start: the first run sends it late
        NoticeKind.DAYS_180,
        NoticeKind.DAYS_90,
        NoticeKind.DAYS_30,
        NoticeKind.EXPIRED,
        NoticeKind.GRACE_ENDED,
    }
    assert {k for n, k in once if n == during} == {NoticeKind.GRACE_ENDED}
    suspended = by_number["suspended@example.org"]
    assert not {k for n, k in sent_every_day if n == suspended}

    statuses = {c.holder.email: c for c in Credential.objects.select_related("holder")}
    assert statuses["expires-during@example.org"].status == CredentialStatus.EXPIRED
    assert statuses["window-opens@example.org"].status == CredentialStatus.ACTIVE
    assert statuses["suspended@example.org"].status == CredentialStatus.SUSPENDED
    lapsed = statuses["lapses@example.org"]
    assert lapsed.cycles.get().outcome == CycleOutcome.LAPSED
    assert [e.kind for e in lapsed.events.all()][-3:] == [
        CredentialEventKind.EXPIRED,
        CredentialEventKind.GRACE_ENDED,
        CredentialEventKind.LAPSED,
    ]


def test_it_is_idempotent(population, committed) -> None:
    now = noon_utc(D(2027, 3, 20))
    with committed():
        first = daily.run(now)
    state, sent, outbox = snapshot(), notices(), len(mail.outbox)
    with committed():
        again = daily.run(now + datetime.timedelta(hours=1))
    assert first[0].startswith("certification: 3 expired, 2 past grace, 1 past reinstatement")
    assert again == [
        "certification: 0 expired, 0 past grace, 0 past reinstatement, 0 reminders sent, "
        "0 status lists signed again"
    ]
    assert (snapshot(), notices(), len(mail.outbox)) == (state, sent, outbox)


def test_a_reminder_is_never_sent_twice(population, committed) -> None:
    with committed():
        for hour in range(0, 48, 6):
            at = datetime.datetime(2026, 9, 17, tzinfo=UTC) + datetime.timedelta(hours=hour)
            daily.run(at)
    number = Credential.objects.get(holder__email="expires-during@example.org").number
    assert Notice.objects.filter(credential__number=number, kind=NoticeKind.DAYS_180).count() == 1
    assert [m.subject for m in mail.outbox].count(
        "Your CESP certification expires in 180 days"
    ) == 1
    notice = Notice.objects.filter(credential__number=number).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Notice.objects.create(
            credential=notice.credential,
            cycle=notice.cycle,
            kind=notice.kind,
            to=notice.to,
            subject="again",
            body="again",
            status=notice.status,
        )


def test_a_reminder_goes_through_the_outbox_and_its_notice_follows_the_delivery(
    population, committed, monkeypatch, settings
) -> None:
    settings.OUTBOX_MAX_ATTEMPTS = 2

    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with committed():
        daily.run(noon_utc(D(2026, 9, 17)))  # the 180-day reminder of expires-during
    notice = Notice.objects.get(kind=NoticeKind.DAYS_180)
    assert notice.status == DeliveryStatus.QUEUED and "ConnectionRefusedError" in notice.error
    monkeypatch.undo()
    outbox.send_due(notice.message.next_attempt_at)
    notice.refresh_from_db()
    assert (notice.status, notice.error) == (DeliveryStatus.SENT, "")
    assert mail.outbox[-1].subject == notice.subject == notice.message.subject


def test_a_rolled_back_notice_sends_nothing(population, committed) -> None:
    cycle = Credential.objects.get(holder__email="expires-during@example.org").cycles.get()
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        send_notice(cycle, NoticeKind.RENEWAL_REFUSED, reason="No CE hours.")
        raise RuntimeError("the refusal failed")
    assert not mail.outbox and not Notice.objects.exists()


def test_no_reminder_while_a_renewal_application_is_open(population) -> None:
    credential = Credential.objects.get(holder__email="expires-during@example.org")
    cycle = renewals.current_cycle(credential)
    cycle.renewals.create(route="ce", status="submitted", submitted_by=credential.holder)
    daily.run(noon_utc(D(2027, 2, 20)))
    assert not Notice.objects.filter(credential=credential).exists()


def test_expiry_happens_on_the_program_s_own_day() -> None:
    new_york = recertification_program(time_zone="America/New_York")
    auckland = recertification_program(time_zone="Pacific/Auckland")
    a = services.issue_credential(
        User.objects.create_user("ny@example.org", "x"), new_york, issued_on=D(2024, 3, 15)
    )
    b = services.issue_credential(
        User.objects.create_user("nz@example.org", "x"), auckland, issued_on=D(2024, 3, 15)
    )
    # 15 March 23:00 in New York; already 16 March 13:00 in Auckland.
    daily.run(datetime.datetime(2027, 3, 16, 0, 0, tzinfo=UTC) + datetime.timedelta(hours=3))
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, b.status) == (CredentialStatus.ACTIVE, CredentialStatus.EXPIRED)
    daily.run(datetime.datetime(2027, 3, 16, 5, 0, tzinfo=UTC))  # 01:00 on 16 March in New York
    a.refresh_from_db()
    assert a.status == CredentialStatus.EXPIRED


def test_stale_status_lists_are_signed_again(population) -> None:
    StatusList.objects.update(signed_at=datetime.datetime(2026, 1, 1, tzinfo=UTC))
    assert daily.run(noon_utc(D(2026, 7, 1)))[0].endswith("1 status lists signed again")
    assert StatusList.objects.get().signed_at > datetime.datetime(2026, 1, 1, tzinfo=UTC)


def test_the_command_runs_every_app_s_job_as_of_now(population) -> None:
    assert "hallmark.certification.daily" in jobs()
    assert "hallmark.site.daily" not in jobs()
    out = StringIO()
    call_command("daily", "--now", "2027-03-20T12:00", stdout=out)
    text = out.getvalue()
    assert text.startswith("hallmark daily at 2027-03-20T12:00:00+00:00")
    assert "certification: 3 expired" in text
