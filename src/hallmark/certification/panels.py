"""Independent panels: who may sit, how they vote, and when the chair may record the outcome.

An appeal and a discipline case are each heard by a panel of the size the program's policy sets.
Nobody sits who took the decision under appeal, who is a party, or who has declared a conflict
of interest with a party; each refusal says which of these it is. Votes are cast once, with a
reason, and kept; the chair records the panel's outcome once every sitting reviewer has voted.
"""

from collections import Counter
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation

from hallmark.accounts.models import User
from hallmark.certification.data import VOTES, PanelPurpose
from hallmark.certification.models import ConflictOfInterest, Panel, PanelSeat
from hallmark.lib.decisions import locked, reason_given
from hallmark.lib.permissions import need
from hallmark.programs.models import CasePolicy, Program

DEFAULT_PANEL_SIZE = 3
SIT = "certification.sit_on_panel"
ASSIGN = "certification.assign_panel"


def open_panel(purpose: PanelPurpose, program: Program) -> Panel:
    """A new, empty panel of the size the program's policy in force sets."""
    policy = CasePolicy.in_force(program)
    return Panel.objects.create(
        purpose=purpose, size=policy.panel_size if policy else DEFAULT_PANEL_SIZE
    )


def declare_conflict(reviewer: User, person: User, reason: str) -> ConflictOfInterest:
    """Record that `reviewer` may not judge `person`'s cases: it bars them from every panel
    seated after it that hears `person` (a reviewer seated before steps down)."""
    reason = reason_given(reason, "Say what the conflict of interest is.")
    if reviewer.pk == person.pk:
        raise ValidationError("A conflict of interest is declared about someone else.")
    return ConflictOfInterest.objects.create(reviewer=reviewer, person=person, reason=reason)


def independence_refusal(
    reviewer: User, *, parties: Mapping[User, str], deciders: Mapping[User, str]
) -> str | None:
    """Why `reviewer` may not hear a case with these parties ({person: "the appellant"}) and
    original deciders ({person: "denied the application on 3 May 2026"}), or None."""
    if not reviewer.has_perm(SIT):
        return f"{reviewer.email} does not sit on panels (needs {SIT})."
    for person, role in parties.items():
        if person.pk == reviewer.pk:
            return f"{reviewer.email} is {role} in this case."
    for person, decision in deciders.items():
        if person.pk == reviewer.pk:
            return f"{reviewer.email} took the decision under review ({decision})."
    conflict = (
        ConflictOfInterest.objects.filter(reviewer=reviewer, person__in=list(parties))
        .select_related("person")
        .first()
    )
    if conflict is not None:
        return (
            f"{reviewer.email} declared a conflict of interest with {conflict.person.email} "
            f"on {conflict.declared_at:%d %B %Y}: {conflict.reason}"
        )
    return None


@transaction.atomic
def seat_reviewer(
    panel: Panel,
    reviewer: User,
    *,
    by: User | None,
    parties: Mapping[User, str],
    deciders: Mapping[User, str],
    chair: bool = False,
) -> PanelSeat:
    """Seat `reviewer` on `panel`, refused (saying why) unless they are independent of the case,
    the panel has room, and (for the chair) nobody chairs it yet."""
    need(by, ASSIGN, f"assign reviewers to {panel}")
    panel = locked(panel)
    refusal = independence_refusal(reviewer, parties=parties, deciders=deciders)
    if refusal:
        raise ValidationError({"reviewer": refusal})
    sitting = panel.sitting()
    if panel.seats.filter(reviewer=reviewer).exists():
        raise ValidationError({"reviewer": f"{reviewer.email} is already on this panel."})
    if sitting.count() >= panel.size:
        raise ValidationError(
            {"reviewer": f"The panel is full: the policy asks for {panel.size} reviewers."}
        )
    if chair and sitting.filter(chair=True).exists():
        raise ValidationError({"chair": "The panel already has a chair."})
    return PanelSeat.objects.create(panel=panel, reviewer=reviewer, chair=chair, assigned_by=by)


@transaction.atomic
def step_down(seat: PanelSeat, *, by: User, reason: str) -> PanelSeat:
    """The reviewer leaves the panel (a conflict found late, illness); their seat is kept,
    marked, and another reviewer may be seated. A cast vote leaves with them."""
    if by.pk != seat.reviewer_id and not by.has_perm(ASSIGN):
        raise PermissionDenied(f"{by.email} may not remove {seat.reviewer} from the panel.")
    seat = locked(seat)
    if seat.stepped_down_at is not None:
        raise ValidationError(f"{seat.reviewer} already stepped down.")
    seat.stepped_down_reason = reason_given(reason, "Say why the reviewer steps down.")
    seat.stepped_down_at = timezone.now()
    seat.save(update_fields=["stepped_down_at", "stepped_down_reason"])
    return seat


def complete(panel: Panel) -> bool:
    """Whether the panel has all its reviewers, a chair among them."""
    sitting = panel.sitting()
    return sitting.count() == panel.size and sitting.filter(chair=True).exists()


@transaction.atomic
def cast_vote(seat: PanelSeat, *, by: User, vote: str, reason: str) -> PanelSeat:
    """`by`'s vote on the case their panel hears, once, with a reason."""
    if by.pk != seat.reviewer_id:
        raise PermissionDenied("Only the reviewer in a seat votes from it.")
    seat = locked(seat, "panel")
    choices = VOTES[seat.panel.purpose]
    if vote not in choices.values:
        with translation.override("en"):  # the labels in the refusal's own language
            allowed = ", ".join(str(label) for label in choices.labels)
        raise ValidationError({"vote": f"A {seat.panel.purpose} panel votes one of: {allowed}."})
    if seat.stepped_down_at is not None:
        raise ValidationError(f"{seat.reviewer} stepped down from this panel.")
    if seat.vote:
        raise ValidationError(f"{seat.reviewer} has voted already; a vote is kept as cast.")
    if not complete(seat.panel):
        raise ValidationError("The panel is not complete: votes wait for every reviewer.")
    seat.vote = vote
    seat.vote_reason = reason_given(reason, "Give the reasons for your vote.")
    seat.voted_at = timezone.now()
    seat.save(update_fields=["vote", "vote_reason", "voted_at"])
    return seat


def tally(panel: Panel) -> Counter[str]:
    """The sitting reviewers' votes, counted."""
    return Counter(panel.sitting().exclude(vote="").values_list("vote", flat=True))


def chair_may_decide(panel: Panel, by: User) -> None:
    """Refuse unless `by` chairs the panel and every sitting reviewer has voted."""
    if not panel.sitting().filter(chair=True, reviewer=by).exists():
        raise PermissionDenied("Only the panel's chair records its outcome.")
    if not complete(panel):
        raise ValidationError("The panel is not complete.")
    waiting = panel.sitting().filter(vote="").count()
    if waiting:
        raise ValidationError(f"{waiting} reviewer(s) have not voted yet.")
