"""A demo appeal overturned: Marcus Bell, one point short of the pass, appeals his verified
result because his answer to one item was the best one. The officer acknowledges and seats a
panel of three; the psychometrician's review of the item accepts his answer too (a key
correction); the panel overturns, and the chair's outcome corrects the result through results'
`correct_on_appeal`: the window is rescored and released, and the pass goes to a certification
decision as any released pass does. The form is then retired and the item rekeyed in the bank.
"""

from django.urls import reverse

from hallmark.accounts.data import Role
from hallmark.accounts.demo import DEMO_PEOPLE, ensure_person
from hallmark.accounts.notifications import recorded_only
from hallmark.certification.appeals import services
from hallmark.certification.appeals.demo import MEMBERS
from hallmark.certification.data import AppealOutcome, AppealSubject
from hallmark.certification.issuer import absolute
from hallmark.certification.models import Appeal
from hallmark.programs.models import Program
from hallmark.results import appeal_demo
from hallmark.results.models import Result

GROUNDS = (
    "Item {position} asked what the job coach should do first when a manager wants to buy an "
    "accommodation for a worker who is hard of hearing. I answered B: ask her what has worked "
    "for her, then explore the options with her and the manager. That is how the interactive "
    "process starts; the key, A, buys a device before anyone has asked her. I was one point "
    "short of the pass."
)
REASONS = (
    "The stem asks for the first step, and the psychometrician's review of item {position} "
    "agrees that B is the best answer; A is accepted too, so no one loses a point. With the "
    "corrected key the appellant's score reaches the cut: the result is overturned and "
    "corrected."
)


def _hear(failed: Result) -> Appeal:
    officer = ensure_person(*DEMO_PEOPLE[Role.CREDENTIALING_OFFICER], Role.CREDENTIALING_OFFICER)
    psychometrician = ensure_person(*DEMO_PEOPLE[Role.PSYCHOMETRICIAN], Role.PSYCHOMETRICIAN)
    chair = ensure_person(*DEMO_PEOPLE[Role.PANEL_MEMBER], Role.PANEL_MEMBER)
    others = [ensure_person(email, name, Role.PANEL_MEMBER) for email, name in MEMBERS]
    position = appeal_demo.flawed_item(failed).position
    appeal = services.file_appeal(
        AppealSubject.RESULT, failed, by=failed.candidate, grounds=GROUNDS.format(position=position)
    )
    services.acknowledge(appeal, by=officer)
    services.seat_reviewer(appeal, chair, by=officer, chair=True)
    for member in others:
        services.seat_reviewer(appeal, member, by=officer)
    appeal_demo.correct_key(failed, reference=appeal.reference, by=psychometrician)
    reasons = REASONS.format(position=position)
    for member in [chair, *others]:
        services.vote(appeal, by=member, outcome=AppealOutcome.OVERTURNED, reason=reasons)
    appeal = services.record_outcome(
        appeal, by=chair, outcome=AppealOutcome.OVERTURNED, reasons=reasons
    )
    appeal_demo.retire(failed, reference=appeal.reference, by=psychometrician)
    return services.close(appeal, by=officer)


def seed(program: Program) -> list[str]:
    failed = appeal_demo.failed_result(program)
    if failed is None:
        return []
    appeal = Appeal.objects.filter(result=failed).first()
    if appeal is None:
        with recorded_only():
            appeal = _hear(failed)
    corrected = failed.corrections.get().after
    return [
        f"appeals:     {appeal.reference}, Marcus Bell's appeal of his failed result "
        f"({failed.raw} of {failed.max_raw}, one short), heard by a panel of 3 and "
        f"{appeal.get_outcome_display().lower()} after a key correction: {corrected.raw} of "
        f"{corrected.max_raw}, a pass ({absolute(reverse('appeals:appeal', args=[appeal.pk]))}; "
        f"his result at {absolute(reverse('results:mine', args=[corrected.pk]))})"
    ]
