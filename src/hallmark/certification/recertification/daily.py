"""The recertification part of `hallmark daily`: expiry, the grace and reinstatement periods
and the reminders of each cycle.

Safe to run every hour and after days of not running: each step depends only on the day (in
the program's time zone) and on what is recorded, so running it for each day of a year ends in
the same state as running it once at the end, except for the reminders that fell in between
(a catch-up sends only the latest reminder due, not every one it missed).
"""

import datetime
from collections import Counter

from django.db import transaction
from django.db.models import Max

from hallmark.certification import services
from hallmark.certification.data import (
    OPEN_RENEWAL_STATUSES,
    CredentialEventKind,
    CredentialStatus,
    CycleOutcome,
)
from hallmark.certification.dates import add_months
from hallmark.certification.models import (
    CredentialEvent,
    Cycle,
    Notice,
    RenewalApplication,
)
from hallmark.certification.models.recertification import DEFAULT_WINDOW_MONTHS
from hallmark.certification.recertification.notices import send_notice
from hallmark.certification.recertification.renewals import local_day
from hallmark.programs.models import RecertificationPolicy

ALIVE = (CredentialStatus.ACTIVE, CredentialStatus.EXPIRED)
CHUNK = 2000


def _horizon(now: datetime.datetime) -> datetime.date:
    """Cycles expiring after this day have nothing due yet (no window opens earlier)."""
    widest = RecertificationPolicy.objects.aggregate(m=Max("window_opens_months_before"))["m"]
    months = max(widest or 0, DEFAULT_WINDOW_MONTHS)
    return add_months(now.date() + datetime.timedelta(days=2), months)


def _has_event(cycle: Cycle, kind: CredentialEventKind) -> bool:
    return cycle.credential.events.filter(kind=kind, data__cycle=cycle.sequence).exists()


@transaction.atomic
def _advance(cycle_pk: int, now: datetime.datetime, deliver: bool) -> list[str]:
    """Move one cycle along to ``now``; return what happened."""
    cycle = (
        Cycle.objects.select_for_update(of=("self",))
        .select_related("credential__program", "policy")
        .get(pk=cycle_pk)
    )
    credential = cycle.credential
    if cycle.outcome != CycleOutcome.OPEN or credential.status not in ALIVE:
        return []
    day = local_day(credential.program, now)
    dates = cycle.dates()
    done = []
    if credential.status == CredentialStatus.ACTIVE and day > dates.expires_on:
        credential = services.expire_credential(credential, on=day)
        done.append("expired")
    if credential.status == CredentialStatus.EXPIRED:
        if day > dates.grace_ends_on and not _has_event(cycle, CredentialEventKind.GRACE_ENDED):
            services.append_event(
                credential,
                CredentialEventKind.GRACE_ENDED,
                actor=None,
                reason=f"Grace period ended after {dates.grace_ends_on}.",
                data={"cycle": cycle.sequence},
            )
            done.append("grace ended")
        if day > dates.reinstatement_ends_on:
            services.close_cycle(credential, CycleOutcome.LAPSED)
            services.append_event(
                credential,
                CredentialEventKind.LAPSED,
                actor=None,
                reason=f"Reinstatement period ended after {dates.reinstatement_ends_on}; only "
                "the exam restores the certification.",
                data={"cycle": cycle.sequence},
            )
            return [*done, "lapsed"]
    due = dates.due_reminder(day)
    if due is not None and cycle.open_renewal() is None:
        kind, due_on = due
        if send_notice(cycle, kind, due_on=due_on, deliver=deliver) is not None:
            done.append("reminders sent")
    return done


def _with_something_due(cycles: list[Cycle], now: datetime.datetime) -> list[int]:
    """The cycles among ``cycles`` that have a change or a reminder due: a few queries for the
    lot, so that an hourly run opens a transaction only where there is work."""
    pks = [cycle.pk for cycle in cycles]
    sent = set(Notice.objects.filter(cycle__in=pks).values_list("cycle_id", "kind"))
    applied = set(
        RenewalApplication.objects.filter(
            cycle__in=pks, status__in=OPEN_RENEWAL_STATUSES
        ).values_list("cycle_id", flat=True)
    )
    grace_recorded = {
        (credential, data.get("cycle"))
        for credential, data in CredentialEvent.objects.filter(
            kind=CredentialEventKind.GRACE_ENDED, credential__in=[c.credential_id for c in cycles]
        ).values_list("credential_id", "data")
    }
    due = []
    for cycle in cycles:
        credential, dates = cycle.credential, cycle.dates()
        day = local_day(credential.program, now)
        expired = credential.status == CredentialStatus.EXPIRED
        reminder = dates.due_reminder(day)
        if (
            (credential.status == CredentialStatus.ACTIVE and day > dates.expires_on)
            or (expired and day > dates.reinstatement_ends_on)
            or (
                expired
                and day > dates.grace_ends_on
                and (cycle.credential_id, cycle.sequence) not in grace_recorded
            )
            or (
                reminder is not None
                and cycle.pk not in applied
                and (cycle.pk, reminder[0]) not in sent
            )
        ):
            due.append(cycle.pk)
    return due


def advance_cycles(now: datetime.datetime, *, deliver: bool = True) -> Counter[str]:
    """Advance every cycle with something due to ``now``; count what happened.
    ``deliver=False`` records reminders without mailing them (the demo's history)."""
    counts: Counter[str] = Counter()
    candidates = (
        Cycle.objects.filter(
            outcome=CycleOutcome.OPEN,
            credential__status__in=ALIVE,
            expires_on__lte=_horizon(now),
        )
        .select_related("credential__program", "policy")
        .order_by("pk")
    )
    last = 0
    while chunk := list(candidates.filter(pk__gt=last)[:CHUNK]):
        last = chunk[-1].pk
        for pk in _with_something_due(chunk, now):
            counts.update(_advance(pk, now, deliver))
    return counts
