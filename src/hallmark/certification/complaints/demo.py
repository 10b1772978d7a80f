"""Two demo complaints about the CESP: one about the body (a candidate could not reach support
during a testing window), closed with a corrective action; one about a certificant's conduct
(Sam Ortiz), triaged in scope, which the discipline demo takes on as a case. Idempotent: a
complaint seeded before is left as it is. Their messages are recorded, not mailed."""

import datetime

from django.urls import reverse
from django.utils import timezone

from hallmark.accounts.data import Role
from hallmark.accounts.models import User
from hallmark.accounts.notifications import recorded_only
from hallmark.certification.complaints import services
from hallmark.certification.complaints.data import ComplaintAbout, Scope
from hallmark.certification.issuer import absolute
from hallmark.certification.models import Complaint, Credential
from hallmark.programs.models import Program

DAY = datetime.timedelta(days=1)
BODY_COMPLAINANT = ("Jamie Fletcher", "jamie.fletcher@example.org")
CONDUCT_COMPLAINANT = ("Karen Walsh", "karen.walsh@example.org")  # a placement agency


def _staff(role: Role) -> User:
    person = User.objects.filter(groups__name=role).order_by("pk").first()
    assert person is not None  # the accounts demo made one per role
    return person


def _about_the_body(program: Program, officer: User, manager: User) -> Complaint:
    now = timezone.now()
    name, email = BODY_COMPLAINANT
    complaint = services.file_complaint(
        program=program,
        about=ComplaintAbout.BODY,
        what_happened="During my online exam window I lost the exam page twice and called the "
        "support line each time. Nobody answered for over forty minutes, and the chat said "
        "support was closed although the window was open until 8 pm. I had to give up and "
        "book again.",
        happened_on=(now - 50 * DAY).date(),
        complainant_name=name,
        complainant_email=email,
        now=now - 48 * DAY,
    )
    services.acknowledge(complaint, by=officer, now=now - 47 * DAY)
    services.triage(
        complaint,
        Scope.IN_SCOPE,
        reason="Exam delivery and candidate support are ours.",
        by=officer,
        now=now - 46 * DAY,
    )
    services.add_note(
        complaint,
        "The support rota ended at 5 pm on the evening-window days; 14 calls went unanswered "
        "that week. The candidate's retake fee is waived.",
        by=officer,
        now=now - 44 * DAY,
    )
    action = services.plan_corrective_action(
        complaint,
        what="Staff the candidate support line for the whole of every online testing window, "
        "with a callback queue when every line is busy.",
        owner=manager,
        due_on=(now - 15 * DAY).date(),
        by=officer,
        now=now - 43 * DAY,
    )
    services.complete_corrective_action(
        action,
        done_on=(now - 20 * DAY).date(),
        verification="The support log of the next evening window: every call answered within "
        "four minutes; no callback waited more than fifteen.",
        by=officer,
        now=now - 12 * DAY,
    )
    return services.close_complaint(
        complaint,
        outcome="Your complaint is upheld: support closed before the end of the window, which "
        "it must not. Your retake fee is waived, and support now stays open for the whole of "
        "every window.",
        by=officer,
        now=now - 10 * DAY,
    )


def conduct_complaint(program: Program, officer: User, credential: Credential) -> Complaint:
    """The complaint about `credential`'s holder, filed a month ago and triaged in scope with
    the credential linked; the same complaint when it was filed before."""
    name, email = CONDUCT_COMPLAINANT
    seeded = Complaint.objects.filter(complainant_email=email).first()
    if seeded is not None:
        return seeded
    now = timezone.now()
    complaint = services.file_complaint(
        program=program,
        about=ComplaintAbout.CERTIFICANT,
        certificant_name=credential.holder_name,
        what_happened="I run a job placement agency. Three placement reports for our clients "
        "were signed by this employment specialist as a CESP, but another member of their "
        "staff met the clients and did the work.",
        happened_on=(now - 40 * DAY).date(),
        complainant_name=name,
        complainant_email=email,
        now=now - 30 * DAY,
    )
    services.acknowledge(complaint, by=officer, now=now - 29 * DAY)
    services.triage(
        complaint,
        Scope.IN_SCOPE,
        reason="Integrity in reporting is in the code of ethics every certificant accepted.",
        credential_number=credential.number,
        by=officer,
        now=now - 28 * DAY,
    )
    services.add_note(
        complaint,
        "The agency sent the three signed reports and its staff rota: the certificant was not "
        "at the meetings. A case for discipline.",
        by=officer,
        now=now - 27 * DAY,
    )
    return complaint


def seed(program: Program) -> list[str]:
    """The complaint about the body; the one about a certificant comes with the discipline
    demo, which turns it into a case."""
    officer, manager = _staff(Role.CREDENTIALING_OFFICER), _staff(Role.PROGRAM_MANAGER)
    with recorded_only():
        body = Complaint.objects.filter(complainant_email=BODY_COMPLAINANT[1]).first()
        body = body or _about_the_body(program, officer, manager)
    queue, form = absolute(reverse("complaints:staff")), absolute(reverse("complaints:form"))
    return [
        f"complaint {body.reference}: about us (support unreachable in a testing window), "
        f"closed with {body.corrective_actions.count()} corrective action done and verified; "
        f"officer@example.org at {queue}, the public form at {form}",
    ]
