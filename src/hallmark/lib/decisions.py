"""A decision on a case, in the shape every decision shares.

Who may decide is checked (a person, holding the permission, and nobody decides their own
case), the case is locked and read again, its state is checked, and the decision is recorded
with who, when and why. What a decision changes besides its case (an event, a message, a
credential) stays with the service that calls these. A person acting on their own case
(submitting, withdrawing) takes it the same way, as its owner.
"""

import datetime
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

from hallmark.lib.permissions import need, not_own_case, own

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Case = TypeVar("Case", bound=models.Model)


@dataclass(frozen=True)
class DecisionFields:
    """What a case's model calls its state and its decision's who, when and why."""

    status: str = "status"
    by: str = "decided_by"
    at: str = "decided_at"
    reason: str = "decision_reason"


DECIDED = DecisionFields()


def locked(case: Case, *related: str) -> Case:
    """The case read again under a lock on its own row, so a decision works on what is stored
    now, not on what a page read earlier. `related` rows come along unlocked."""
    rows = type(case)._default_manager.select_for_update(of=("self",))
    if related:  # select_related() with no names would follow every foreign key
        rows = rows.select_related(*related)
    return rows.get(pk=case.pk)


# How a refusal names the field it reads, in the reader's language.
FIELD_NAMES = {
    "status": pgettext_lazy("the field a refusal names", "status"),
    "state": pgettext_lazy("the field a refusal names", "state"),
    "outcome": pgettext_lazy("the field a refusal names", "outcome"),
}


# The refusal of a case in a state no decision is open to.
NOT_OPEN = gettext_lazy("is not open to a decision")


def in_state(
    case: models.Model,
    states: Collection[str],
    *,
    field: str = "status",
    refusal: "StrOrPromise" = NOT_OPEN,
    named: "StrOrPromise | None" = None,
) -> None:
    """Refuse unless the case's `field` holds one of `states`, saying what it holds
    ("… is not open to a decision: its status is “Approved”."); `named` says the case
    otherwise than its str() ("This audit").

    A refusal marked for translation (gettext_lazy) makes the whole message read in the
    active language, the state by its label; a plain one keeps it all English, so that no
    sentence mixes two languages."""
    if getattr(case, field) in states:
        return
    translated = isinstance(refusal, Promise)
    with translation.override(translation.get_language() if translated else "en"):
        values = {
            "case": case if named is None else named,
            "refusal": refusal,
            "field": FIELD_NAMES.get(field, field.replace("_", " ")),
            "shown": getattr(case, f"get_{field}_display")(),
        }
        raise ValidationError(
            gettext("%(case)s %(refusal)s: its %(field)s is “%(shown)s”.") % values
        )


def take_case(
    case: Case,
    *,
    by: Any,
    permission: str,
    what: str,
    open_states: Collection[str] | None,
    owner: str | None = "candidate_id",
    related: tuple[str, ...] = (),
    state: str = "status",
    system_may: bool = False,
) -> Case:
    """The case locked for `by` to decide: refused unless they hold `permission`, unless the
    case is someone else's (its `owner` field; None: nobody's) and unless its `state` field
    holds one of `open_states` (None: any state).

    `what` names the act for the refusals ("decide", "record the fee of"). `by` None is
    Hallmark itself (the daily job, a payment integration): refused unless `system_may`.
    """
    if by is None and not system_may:
        raise PermissionDenied(f"Only a person may {what} {case}.")
    need(by, permission, f"{what} {case}")
    if owner is not None:
        not_own_case(by, getattr(case, owner), what)
    taken = locked(case, *related)
    if open_states is not None:
        in_state(taken, open_states, field=state)
    return taken


def take_own_case(
    case: Case,
    *,
    by: Any,
    open_states: Collection[str] | None,
    refusal: str = "cannot change",
    owner: str = "candidate_id",
    related: tuple[str, ...] = (),
    state: str = "status",
) -> Case:
    """The case locked for its owner to act on: refused unless `by` is the person its `owner`
    field names, and unless its `state` field holds one of `open_states` (None: any state,
    for a caller that checks more), the refusal saying what cannot be done ("cannot be
    withdrawn") and the state the case is in."""
    own(by, getattr(case, owner), str(case))
    taken = locked(case, *related)
    if open_states is not None:
        in_state(taken, open_states, field=state, refusal=refusal)
    return taken


def reason_given(reason: str, refusal: str, *, field: str = "reason") -> str:
    """The reason without surrounding space, or a refusal on its field saying what the reason
    is for ("the candidate reads it")."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({field: refusal})
    return reason


def record_decision(
    case: models.Model,
    status: str,
    *,
    by: Any,
    at: datetime.datetime,
    reason: str | None = None,
    fields: DecisionFields = DECIDED,
    also: tuple[str, ...] = (),
) -> None:
    """Set the case's status and who decided and when (and why, unless `reason` is None: then
    the reason stored stays), and save those fields and the `also` fields the caller changed."""
    setattr(case, fields.status, status)
    setattr(case, fields.by, by)
    setattr(case, fields.at, at)
    saved = [fields.status, fields.by, fields.at, *also]
    if reason is not None:
        setattr(case, fields.reason, reason.strip())
        saved.append(fields.reason)
    case.save(update_fields=saved)


def on_appeal(reason: str, reference: str) -> tuple[str, str]:
    """The reason and the appeal's reference of a decision overturned on appeal, both needed:
    the authority is the panel's outcome, and the reference names it."""
    return (
        reason_given(reason, "Say why the appeal overturns the decision."),
        reason_given(reference, "Name the appeal (its reference).", field="reference"),
    )


def on_hearing(reason: str, reference: str) -> str:
    """What a credential's history says of a step taken on a hearing panel's decision: the
    case's reference first ("DSC-2026-0001: revoked, …"), by which the registry finds the case."""
    reason = reason_given(reason, "Say what the panel decided and why.")
    reference = reason_given(reference, "Name the case (its reference).", field="reference")
    return f"{reference}: {reason}"
