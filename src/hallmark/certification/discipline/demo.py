"""A demo discipline case, opened from a placement agency's complaint about Sam Ortiz's conduct
(triaged in scope by the complaints demo's officer), heard by an independent panel of three,
ending in a suspension for a period that the registry discloses. Idempotent: a respondent who
has a case already is left as they are."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hallmark.accounts.data import Role
from hallmark.accounts.demo import ensure_person
from hallmark.accounts.notifications import recorded_only
from hallmark.certification import services
from hallmark.certification.complaints.demo import conduct_complaint
from hallmark.certification.data import Sanction
from hallmark.certification.dates import add_months
from hallmark.certification.discipline import services as discipline
from hallmark.certification.discipline.from_complaint import open_case_from_complaint
from hallmark.certification.models import Credential, DisciplineCase
from hallmark.certification.registry import sanction_disclosed
from hallmark.programs.models import Program

RESPONDENT = ("sam.ortiz@example.org", "Sam Ortiz")
OFFICER = "officer@example.org"
PANEL = [  # the demo's panel member chairs; two more sit with them
    ("panel@example.org", "Robin Achebe"),
    ("panel2@example.org", "Jamie Fischer"),
    ("panel3@example.org", "Noor Haddad"),
]
ALLEGATIONS = (
    "A job placement agency complained that you signed three placement reports as a CESP while "
    "another staff member did the work, in breach of the Code of Ethics (integrity, 2.1)."
)
# A one-page PDF standing in for the agency's report.
REPORT_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _heard(program: Program, credential: Credential) -> DisciplineCase:
    officer = ensure_person(OFFICER, "Alex Moreno", Role.CREDENTIALING_OFFICER)
    complaint = conduct_complaint(program, officer, credential)
    case = open_case_from_complaint(complaint, by=officer, allegations=ALLEGATIONS)
    discipline.add_evidence(
        case,
        by=officer,
        description="The agency's report, with the three placement reports",
        upload=SimpleUploadedFile("agency-report.pdf", REPORT_PDF, "application/pdf"),
    )
    discipline.send_notice(case, by=officer)
    discipline.respond(
        case,
        by=credential.holder,
        response="I signed the reports because my colleague was not yet certified. I see now "
        "that this misrepresented who did the work.",
    )
    case = discipline.open_hearing(case, by=officer)
    for i, (email, name) in enumerate(PANEL):
        discipline.seat(
            case, ensure_person(email, name, Role.PANEL_MEMBER), by=officer, chair=i == 0
        )
    return case


def _decided(case: DisciplineCase) -> DisciplineCase:
    assert case.panel is not None
    for seat in case.panel.sitting():
        discipline.vote(
            case,
            seat,
            by=seat.reviewer,
            sanction=Sanction.SUSPENSION,
            reason="Misrepresentation proven and admitted; a first breach.",
        )
    chair = case.panel.sitting().get(chair=True).reviewer
    return discipline.decide(
        case,
        by=chair,
        sanction=Sanction.SUSPENSION,
        reasons="The respondent signed placement reports for work they did not do. They "
        "admitted it and explained it; it is a first breach. Suspension for 90 days.",
        suspended_until=case.program.today() + datetime.timedelta(days=90),
    )


def seed(program: Program) -> list[str]:
    email, name = RESPONDENT
    holder = ensure_person(email, name)
    case = DisciplineCase.objects.filter(respondent=holder).first()
    if case is None:
        with recorded_only():
            credential = services.issue_credential(
                holder,
                program,
                issued_on=add_months(program.today(), -18),
                reason="Demo: passed the exam",
            )
            case = _decided(_heard(program, credential))
    case = DisciplineCase.objects.select_related("credential__program", "complaint").get(pk=case.pk)
    assert case.credential is not None
    shown = sanction_disclosed(case.credential) or case.credential.get_status_display()
    complaint = case.complaint
    assert complaint is not None
    return [
        f"complaint {complaint.reference}: about a certificant's conduct ({name}), in scope, "
        f"became discipline case {case.reference}",
        f"discipline: {case.reference} ({name}) decided: {case.get_decision_display().lower()}; "
        f"the registry shows \u201c{shown}\u201d at "
        f"{reverse('registry-credential', args=[case.credential.number])}; "
        f"officers' queue {reverse('discipline:queue')}",
    ]
