"""Recertification notices are staff-editable messages: each kind has its own template, whose
default says what the notices said before they were editable, and an edited template is what
the next notice says."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from hallmark.accounts.data import DeliveryStatus
from hallmark.accounts.models import MessageTemplate, SentMessage, User
from hallmark.accounts.notifications import ensure_templates
from hallmark.accounts.services import choose_language
from hallmark.certification import daily, services
from hallmark.certification.data import NoticeKind
from hallmark.certification.models import Notice
from hallmark.certification.recertification import renewals
from hallmark.certification.recertification.notices import MESSAGE_OF, send_notice

from factories import recertification_program

pytestmark = pytest.mark.django_db
D = datetime.date

# The notices' texts as they were written in code, before they became templates: the defaults
# must say exactly this. Values: the cycle's (below) and each kind's own.
BEFORE = {
    NoticeKind.WINDOW_OPEN: (
        "Your {designation} renewal window is open",
        "Hello {name},\n\nYou can now renew your {program} certification ({number}). It is "
        "valid until {expires_on}. Log your continuing education and apply to renew before "
        "then.",
    ),
    NoticeKind.DAYS_180: (
        "Your {designation} certification expires in 180 days",
        "Hello {name},\n\nYour {program} certification ({number}) expires on {expires_on}. "
        "Check your continuing education and apply to renew in good time.",
    ),
    NoticeKind.DAYS_90: (
        "Your {designation} certification expires in 90 days",
        "Hello {name},\n\nYour {program} certification ({number}) expires on {expires_on}: "
        "90 days from now.",
    ),
    NoticeKind.DAYS_30: (
        "Your {designation} certification expires in 30 days",
        "Hello {name},\n\nYour {program} certification ({number}) expires on {expires_on}: "
        "30 days from now. Apply to renew before then to keep it without a gap.",
    ),
    NoticeKind.EXPIRED: (
        "Your {designation} certification has expired: grace period until {grace_ends_on}",
        "Hello {name},\n\nYour {program} certification ({number}) expired after "
        "{expires_on}. The registry now shows it as expired, in its grace period. You can still "
        "renew it until {grace_ends_on} (a late fee applies).",
    ),
    NoticeKind.GRACE_ENDED: (
        "Your {designation} grace period has ended",
        "Hello {name},\n\nThe grace period of your {program} certification ({number}) ended "
        "on {grace_ends_on}. You may still apply for reinstatement until "
        "{reinstatement_ends_on} (with the reinstatement fee and the continuing education "
        "required); after that, only passing the exam again restores the certification.",
    ),
    NoticeKind.RENEWED: (
        "Your {designation} certification is renewed",
        "Hello {name},\n\nYour {program} certification ({number}) is renewed: it is now valid "
        "until {new_expires_on}. Your signed digital credential has been reissued with the new "
        "date; download it again from your credentials page.",
    ),
    NoticeKind.AUDIT_SELECTED: (
        "Your {designation} renewal was selected for audit",
        "Hello {name},\n\nYour renewal application for {program} ({number}) was selected, at "
        "random, for audit. Please upload the evidence of the activities you listed (for "
        "example certificates of attendance or completion){due}.",
    ),
    NoticeKind.ACTIVITY_REVIEWED: (
        "Your CE activity was reviewed",
        'Hello {name},\n\nYour continuing-education activity "{activity}" was reviewed: '
        "{outcome}.{reason}",
    ),
    NoticeKind.RENEWAL_REFUSED: (
        "Decision on your {designation} renewal",
        "Hello {name},\n\nYour renewal application for {program} ({number}) was refused, for "
        "this reason:\n\n{reason}",
    ),
}
SIGN_OFF = "\n\nYour recertification page: {url}\n"
# What each kind is given now (as its callers pass it), and what the old text was given.
NOW_GIVEN = {
    NoticeKind.RENEWED: {"new_expires_on": "15 March 2030"},
    NoticeKind.AUDIT_SELECTED: {"evidence_due_on": "31 December 2026"},
    NoticeKind.ACTIVITY_REVIEWED: {"activity": "Ethics", "outcome": "rejected", "reason": "Old."},
    NoticeKind.RENEWAL_REFUSED: {"reason": "No CE hours."},
}
BEFORE_GIVEN = {
    **NOW_GIVEN,
    NoticeKind.AUDIT_SELECTED: {"due": " by 31 December 2026"},
    NoticeKind.ACTIVITY_REVIEWED: {
        "activity": "Ethics",
        "outcome": "rejected",
        "reason": "\n\nOld.",
    },
}


@pytest.fixture
def cycle(cast):
    program = recertification_program(name="Certified Employment Support Professional")
    holder = User.objects.create_user("ada@example.org", "x", legal_name="Ada Lovelace")
    credential = services.issue_credential(holder, program, issued_on=D(2024, 3, 15))
    return renewals.current_cycle(credential)


def as_before(cycle, kind: NoticeKind) -> tuple[str, str]:
    credential = cycle.credential
    values = {
        "name": credential.holder.display_name,
        "program": "Certified Employment Support Professional",
        "designation": credential.program.designation,
        "number": credential.number,
        "expires_on": "15 March 2027",
        "grace_ends_on": "14 April 2027",
        "reinstatement_ends_on": "14 March 2028",
        "url": settings.PUBLIC_BASE_URL.rstrip("/") + f"/credentials/{credential.number}/renewal/",
        **BEFORE_GIVEN.get(kind, {}),
    }
    subject, body = BEFORE[kind]
    return subject.format(**values), (body + SIGN_OFF).format(**values)


@pytest.mark.parametrize("kind", list(NoticeKind))
def test_each_notice_says_by_default_what_it_said_when_written_in_code(cycle, kind) -> None:
    notice = send_notice(cycle, kind, **NOW_GIVEN.get(kind, {}))
    assert (notice.subject, notice.body) == as_before(cycle, kind)
    message = notice.message
    assert message.key == MESSAGE_OF[kind] and message.template.key == MESSAGE_OF[kind]
    assert (message.subject, message.body, message.to) == (notice.subject, notice.body, notice.to)


def test_a_reviewed_activity_without_a_reason_says_none(cycle) -> None:
    notice = send_notice(
        cycle, NoticeKind.ACTIVITY_REVIEWED, activity="Ethics", outcome="accepted", reason=""
    )
    assert '"Ethics" was reviewed: accepted.\n\nYour recertification page:' in notice.body


def test_a_notice_says_what_staff_wrote_in_its_template(client, cast, cycle, committed) -> None:
    template = MessageTemplate.objects.get(
        key=MESSAGE_OF[NoticeKind.RENEWAL_REFUSED], language="en"
    )
    assert "credential_number" in template.placeholders and "reason" in template.placeholders
    client.force_login(cast.officer)
    response = client.post(
        reverse("admin:accounts_messagetemplate_change", args=[template.pk]),
        {
            "subject": "{{ designation }} renewal {{ credential_number }}: not approved",
            "body": "Dear {{ name }}, we cannot renew yet: {{ reason }}. See {{ url }}",
        },
    )
    assert response.status_code == 302
    with committed():
        notice = send_notice(cycle, NoticeKind.RENEWAL_REFUSED, reason="No CE hours")
    number = cycle.credential.number
    url = f"{settings.PUBLIC_BASE_URL.rstrip('/')}/credentials/{number}/renewal/"
    expected_subject = f"{cycle.credential.program.designation} renewal {number}: not approved"
    expected_body = f"Dear Ada Lovelace, we cannot renew yet: No CE hours. See {url}"
    assert (notice.subject, notice.body) == (expected_subject, expected_body)
    assert (mail.outbox[-1].subject, mail.outbox[-1].body) == (expected_subject, expected_body)


def test_a_spanish_holder_gets_the_notice_in_spanish_with_spanish_dates(cycle) -> None:
    ensure_templates()
    holder = cycle.credential.holder
    choose_language(holder, "es", by=holder)
    notice = send_notice(cycle, NoticeKind.DAYS_90)
    designation = cycle.credential.program.designation
    assert notice.subject == f"Su certificación {designation} vence en 90 días"
    assert "vence el 15 de marzo de 2027: dentro de 90 días." in notice.body
    number = cycle.credential.number
    url = f"{settings.PUBLIC_BASE_URL.rstrip('/')}/credentials/{number}/renewal/"
    assert notice.body.endswith(f"Su página de recertificación: {url}\n")


def test_a_daily_reminder_uses_the_edited_template_and_is_sent_once(cycle) -> None:
    MessageTemplate.objects.filter(key=MESSAGE_OF[NoticeKind.DAYS_180]).update(
        subject="Half a year left on {{ credential_number }}", body="Until {{ expires_on }}."
    )
    noon = datetime.datetime(2026, 9, 20, 12, tzinfo=datetime.UTC)  # 176 days before expiry
    daily.run(noon)
    daily.run(noon + datetime.timedelta(days=1))
    [notice] = Notice.objects.filter(kind=NoticeKind.DAYS_180)
    assert notice.subject == f"Half a year left on {cycle.credential.number}"
    assert notice.body == "Until 15 March 2027."
    assert SentMessage.objects.filter(key=MESSAGE_OF[NoticeKind.DAYS_180]).count() == 1


def test_a_notice_not_to_be_delivered_is_only_recorded(cycle) -> None:
    notice = send_notice(cycle, NoticeKind.RENEWAL_REFUSED, deliver=False, reason="Demo.")
    assert notice.status == notice.message.status == DeliveryStatus.RECORDED_ONLY
