"""`{% my_credentials %}`: the signed-in holder's credentials, for the dashboard, each
certification with a line on its recertification. `{% appeal_for subject decision %}`: an
adverse recertification decision's appeal period and the appeal form's address."""

import datetime
from decimal import Decimal
from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils import formats
from django.utils.translation import gettext as _

from hallmark.certification.data import ActivityStatus, AuditOutcome, RenewalStatus
from hallmark.certification.models import CEActivity, Credential, RenewalApplication, RenewalAudit
from hallmark.certification.recertification.cycles import plain
from hallmark.certification.recertification.renewals import current_cycle, cycle_progress
from hallmark.lib.dates import long_date
from hallmark.results.appeals import AppealOffer, appeal_offer, appeal_path

register = template.Library()


def renewal_note(credential: Credential) -> str:
    """ "window opens 15 June 2028; 12 of 36 CE credits" in the reader's language — empty when
    there is no cycle."""
    cycle = current_cycle(credential) if credential.is_certification else None
    if cycle is None:
        return ""
    dates = cycle.dates()
    phase = dates.phase(credential.program.today())
    met = cycle_progress(cycle)
    notes = {
        "before window": (_("renewal window opens %(day)s"), dates.window_opens_on),
        "window open": (_("renewal window open until %(day)s"), dates.expires_on),
        "grace": (_("expired, in grace period until %(day)s"), dates.grace_ends_on),
        "reinstatement": (_("reinstatement possible until %(day)s"), dates.reinstatement_ends_on),
    }
    if phase in notes:
        note, day = notes[phase]
        when = note % {"day": long_date(day)}
    else:
        when = _("only the exam restores it")
    credits = _("%(counted)s of %(required)s CE credits") % {
        "counted": formats.number_format(Decimal(plain(met.counted))),
        "required": formats.number_format(Decimal(plain(met.required))),
    }
    return f"{when}; {credits}"


@register.inclusion_tag("certification/portal_credentials.html", takes_context=True)
def my_credentials(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    credentials = (
        Credential.objects.filter(holder=user).select_related("program").order_by("-issued_on")
        if user.is_authenticated
        else Credential.objects.none()
    )
    return {"credentials": [(credential, renewal_note(credential)) for credential in credentials]}


@register.simple_tag
def appeal_url(subject: str, pk: int) -> str:
    """The appeal form for a decision ("renewal", "audit", "ce-activity", "result")."""
    try:
        return reverse("appeals:file", args=(subject, pk))
    except NoReverseMatch:
        return appeal_path(subject, pk)


Decision = RenewalApplication | RenewalAudit | CEActivity


def _adverse(subject: str, decision: Decision) -> datetime.datetime | None:
    """When the adverse decision was taken, or None when `decision` is not one (a renewal
    refused on a failed audit is appealed through its audit)."""
    if subject == "renewal" and isinstance(decision, RenewalApplication):
        audit = getattr(decision, "audit", None)
        failed = audit is not None and audit.outcome == AuditOutcome.FAILED
        refused = decision.status == RenewalStatus.REFUSED and not failed
        return decision.decided_at if refused else None
    if subject == "audit" and isinstance(decision, RenewalAudit):
        return decision.decided_at if decision.outcome == AuditOutcome.FAILED else None
    if subject == "ce-activity" and isinstance(decision, CEActivity):
        return decision.reviewed_at if decision.status == ActivityStatus.REJECTED else None
    return None


def _cycle_of(decision: Decision) -> Any:
    if isinstance(decision, RenewalAudit):
        return decision.application.cycle
    return decision.cycle


@register.simple_tag
def appeal_for(subject: str, decision: Decision) -> AppealOffer | None:
    """The appeal period of an adverse decision (None for any other decision)."""
    decided_at = _adverse(subject, decision)
    if decided_at is None:
        return None
    program = _cycle_of(decision).credential.program
    return appeal_offer(program, decided_at, appeal_url(subject, decision.pk))
