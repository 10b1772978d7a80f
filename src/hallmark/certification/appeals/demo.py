"""A demo appeal: Grace Liu, whose certification was revoked, appeals; the officer acknowledges
and seats three panel members independent of the decision; each votes and the chair records
that the revocation is upheld."""

from django.urls import reverse

from hallmark.accounts.data import Role
from hallmark.accounts.demo import DEMO_PEOPLE, ensure_person
from hallmark.accounts.notifications import recorded_only
from hallmark.certification.appeals import services
from hallmark.certification.data import AppealOutcome, AppealSubject, CredentialEventKind
from hallmark.certification.issuer import absolute
from hallmark.certification.models import Appeal, CredentialEvent
from hallmark.programs.models import Program

APPELLANT = "grace.liu@example.org"
# The demo panel member chairs; two more sit beside them.
MEMBERS = [
    ("panel.two@example.org", "Kwame Mensah"),
    ("panel.three@example.org", "Ines Duarte"),
]
GROUNDS = (
    "The application listed my supervised hours from two agencies. The second agency closed "
    "and could not confirm them in time, which is not misrepresentation."
)
REASONS = (
    "The hours claimed from the second agency are not in its records nor in any pay record "
    "the appellant sent; the application stated them as confirmed. The revocation stands."
)


def _revocation(program: Program) -> CredentialEvent | None:
    return (
        CredentialEvent.objects.filter(
            credential__holder__email=APPELLANT,
            credential__program=program,
            kind=CredentialEventKind.REVOKED,
        )
        .order_by("-sequence")
        .first()
    )


def _hear(event: CredentialEvent) -> Appeal:
    officer = ensure_person(*DEMO_PEOPLE[Role.CREDENTIALING_OFFICER], Role.CREDENTIALING_OFFICER)
    chair = ensure_person(*DEMO_PEOPLE[Role.PANEL_MEMBER], Role.PANEL_MEMBER)
    others = [ensure_person(email, name, Role.PANEL_MEMBER) for email, name in MEMBERS]
    # The demo's revocation is made as it seeds: the appeal follows at once, never ahead of now.
    appeal = services.file_appeal(
        AppealSubject.REVOCATION, event, by=event.credential.holder, grounds=GROUNDS
    )
    services.acknowledge(appeal, by=officer)
    services.seat_reviewer(appeal, chair, by=officer, chair=True)
    for member in others:
        services.seat_reviewer(appeal, member, by=officer)
    for member in [chair, *others]:
        services.vote(appeal, by=member, outcome=AppealOutcome.UPHELD, reason=REASONS)
    return services.record_outcome(appeal, by=chair, outcome=AppealOutcome.UPHELD, reasons=REASONS)


def seed(program: Program) -> list[str]:
    event = _revocation(program)
    if event is None:
        return []
    appeal = event.appeals.first()
    if appeal is None:
        with recorded_only():
            appeal = _hear(event)
    url = absolute(reverse("appeals:appeal", args=[appeal.pk]))
    return [
        f"appeals:     {appeal.reference}, Grace Liu's appeal of her revocation, heard by a "
        f"panel of 3 and {appeal.get_outcome_display().lower()} ({url}; queue at "
        f"{absolute(reverse('appeals:queue'))})"
    ]
