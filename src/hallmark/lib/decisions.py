"""A decision on a case, in the shape every decision shares.

Who may decide is checked (the permission, and nobody decides their own case), the case is
locked and read again, its state is checked, and the decision is recorded with who, when and
why. What a decision changes besides its case (an event, a message, a credential) stays with
the service that calls these.
"""

import datetime
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

from hallmark.lib.permissions import need

Case = TypeVar("Case", bound=models.Model)


@dataclass(frozen=True)
class DecisionFields:
    """What a case's model calls its state and its decision's who, when and why."""

    status: str = "status"
    by: str = "decided_by"
    at: str = "decided_at"
    reason: str = "decision_reason"


DECIDED = DecisionFields()


def take_case(
    case: Case,
    *,
    by: Any,
    permission: str,
    what: str,
    open_states: Collection[str],
    owner: str | None = "candidate_id",
    related: tuple[str, ...] = (),
    fields: DecisionFields = DECIDED,
) -> Case:
    """The case locked for `by` to decide: refused unless they hold `permission`, unless the
    case is someone else's (its `owner` field) and unless it is in one of `open_states`.

    `by` None is Hallmark itself (the daily job, the demo). `what` names the act for the
    refusal: "decide", "hear the appeal in".
    """
    need(by, permission, f"{what} {case}")
    if by is not None and owner is not None and getattr(case, owner) == by.pk:
        raise PermissionDenied(f"Nobody may {what} their own case.")
    manager = type(case)._default_manager
    locked = manager.select_for_update().select_related(*related).get(pk=case.pk)
    if getattr(locked, fields.status) not in open_states:
        shown = getattr(locked, f"get_{fields.status}_display")().lower()
        raise ValidationError(f"{locked} is {shown}: it is not open to a decision.")
    return locked


def reason_given(reason: str, refusal: str) -> str:
    """The reason without surrounding space, or a refusal on the reason field saying what
    the reason is for ("the candidate reads it")."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": refusal})
    return reason


def record_decision(
    case: models.Model,
    status: str,
    *,
    by: Any,
    at: datetime.datetime,
    reason: str,
    fields: DecisionFields = DECIDED,
    also: tuple[str, ...] = (),
) -> None:
    """Set the case's status and who decided, when and why, and save those fields (and the
    `also` fields the caller changed)."""
    setattr(case, fields.status, status)
    setattr(case, fields.by, by)
    setattr(case, fields.at, at)
    setattr(case, fields.reason, reason.strip())
    case.save(update_fields=[fields.status, fields.by, fields.at, fields.reason, *also])
