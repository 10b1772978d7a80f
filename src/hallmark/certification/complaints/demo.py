"""Two demo complaints about the CESP: one about the body (a candidate could not reach support
during a testing window), closed with a corrective action; one about a certificant's conduct,
triaged in scope and under investigation. Idempotent: a complaint seeded before is left as it
is. Their messages are recorded, not mailed."""

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
CONDUCT_COMPLAINANT = ("Karen Walsh", "karen.walsh@example.org")
CERTIFICANT = "daniel.price@example.org"  # suspended by the credentials demo, pending this


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


def _about_conduct(program: Program, officer: User) -> Complaint:
    now = timezone.now()
    name, email = CONDUCT_COMPLAINANT
    holder = Credential.objects.filter(holder__email=CERTIFICANT, program=program).first()
    complaint = services.file_complaint(
        program=program,
        about=ComplaintAbout.CERTIFICANT,
        certificant_name=holder.holder_name if holder else "Daniel Price",
        what_happened="Our employment specialist told a client's new employer about the "
        "client's mental health diagnosis, without the client's consent, to explain why the "
        "client needed a quiet workspace.",
        happened_on=(now - 20 * DAY).date(),
        complainant_name=name,
        complainant_email=email,
        now=now - 12 * DAY,
    )
    services.acknowledge(complaint, by=officer, now=now - 11 * DAY)
    services.triage(
        complaint,
        Scope.IN_SCOPE,
        reason="Confidentiality is in the code of conduct every certificant accepted.",
        credential_number=holder.number if holder else "",
        by=officer,
        now=now - 10 * DAY,
    )
    services.add_note(
        complaint,
        "Asked the complainant for the client's consent form and the employer's account; "
        "the certificant is to be told of the complaint and asked to respond.",
        by=officer,
        now=now - 9 * DAY,
    )
    return complaint


def seed(program: Program) -> list[str]:
    officer, manager = _staff(Role.CREDENTIALING_OFFICER), _staff(Role.PROGRAM_MANAGER)
    with recorded_only():
        body = Complaint.objects.filter(complainant_email=BODY_COMPLAINANT[1]).first()
        body = body or _about_the_body(program, officer, manager)
        conduct = Complaint.objects.filter(complainant_email=CONDUCT_COMPLAINANT[1]).first()
        conduct = conduct or _about_conduct(program, officer)
    queue, form = absolute(reverse("complaints:staff")), absolute(reverse("complaints:form"))
    return [
        f"complaint {body.reference}: about us (support unreachable in a testing window), "
        f"closed with {body.corrective_actions.count()} corrective action done and verified",
        f"complaint {conduct.reference}: about a certificant's conduct "
        f"({conduct.certificant_name}), in scope and under investigation; "
        f"officer@example.org at {queue}, the public form at {form}",
    ]
