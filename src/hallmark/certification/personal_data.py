"""The certification part of a person's data (see `hallmark.accounts.personal_data` for the
shape): credentials with their history, continuing education, and appeals the person made.
Erasure switches the person's share pages off."""

import datetime

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from hallmark.accounts.models import User
from hallmark.accounts.personal_data import Row, when
from hallmark.certification import sharing
from hallmark.certification.models import Appeal, CEActivity, Credential, CredentialEvent

TITLE = gettext_noop("Credentials")


REMOVED = (
    _(
        "the share pages of your credentials: they are switched off (the switch is recorded in "
        "each credential's history)"
    ),
)
KEPT = (
    _(
        "your credentials, their history and their signed documents: a credential's status "
        "stays verifiable by its number (the registry's name search no longer finds you)"
    ),
    _("your continuing education and renewals, which a credential's cycles rest on"),
    _("your appeals and their outcomes"),
)


def _credentials(person: User) -> list[Row]:
    return [
        {
            gettext_noop("number"): credential.number,
            gettext_noop("program"): credential.program.designation,
            gettext_noop("kind"): credential.kind_label,
            gettext_noop("name on it"): credential.holder_name,
            gettext_noop("status"): credential.get_status_display(),
            gettext_noop("issued"): when(credential.issued_on),
            gettext_noop("expires"): when(credential.expires_on),
            gettext_noop("found by name in the registry"): credential.listed_by_name,
            gettext_noop("share page on"): credential.shared,
        }
        for credential in Credential.objects.filter(holder=person).select_related("program")
    ]


def _history(person: User) -> list[Row]:
    events = CredentialEvent.objects.filter(credential__holder=person).select_related("credential")
    return [
        {
            gettext_noop("credential"): event.credential.number,
            gettext_noop("event"): event.get_kind_display(),
            gettext_noop("at"): when(event.occurred_at),
            gettext_noop("reason"): event.reason,
        }
        for event in events.order_by("credential", "sequence")
    ]


def _activities(person: User) -> list[Row]:
    activities = CEActivity.objects.filter(cycle__credential__holder=person).select_related(
        "cycle__credential", "category"
    )
    return [
        {
            gettext_noop("credential"): activity.cycle.credential.number,
            gettext_noop("activity"): activity.title,
            gettext_noop("provider"): activity.provider_name,
            gettext_noop("category"): activity.category.name,
            gettext_noop("completed"): when(activity.completed_on),
            gettext_noop("hours"): float(activity.hours),
            gettext_noop("hours accepted"): None
            if activity.hours_accepted is None
            else float(activity.hours_accepted),
            gettext_noop("status"): activity.get_status_display(),
            gettext_noop("document"): activity.original_name,
        }
        for activity in activities
    ]


def _appeals(person: User) -> list[Row]:
    return [
        {
            gettext_noop("reference"): appeal.reference,
            gettext_noop("program"): appeal.program.designation,
            gettext_noop("decision appealed"): appeal.decision_summary,
            gettext_noop("grounds"): appeal.grounds,
            gettext_noop("received"): when(appeal.received_at),
            gettext_noop("status"): appeal.get_status_display(),
            gettext_noop("outcome"): appeal.get_outcome_display(),
            gettext_noop("reasons"): appeal.outcome_reasons,
        }
        for appeal in Appeal.objects.filter(appellant=person).select_related("program")
    ]


def export(person: User) -> dict[str, list[Row]]:
    return {
        gettext_noop("Credentials"): _credentials(person),
        gettext_noop("Credential history"): _history(person),
        gettext_noop("Continuing education"): _activities(person),
        gettext_noop("Appeals"): _appeals(person),
    }


def erase(person: User, now: datetime.datetime) -> list[str]:
    """Switch the person's share pages off, as their own switch does (each an event in the
    credential's signed history, and an audit line). The credentials stay."""
    switched = [
        credential.number
        for credential in Credential.objects.filter(holder=person, shared=True).order_by("pk")
        if sharing.set_share_page(credential, on=False, by=person, reason=sharing.ON_ERASURE)
    ]
    if not switched:
        return ["no credential's share page was on"]
    return [f"the share page of {', '.join(switched)} is switched off"]
