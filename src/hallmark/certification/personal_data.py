"""The certification part of a person's data (see `hallmark.accounts.personal_data` for the
shape): credentials with their history, continuing education, and appeals the person made."""

from django.utils import translation

from hallmark.accounts.models import User
from hallmark.accounts.personal_data import Row, when
from hallmark.certification.models import Appeal, CEActivity, Credential, CredentialEvent

TITLE = "Credentials"


def _english(label: object) -> str:
    """The export says a credential's status in English, as the API does."""
    with translation.override("en"):
        return str(label)


KEPT = (
    "your credentials, their history and their signed documents: a credential's status stays "
    "verifiable by its number (the registry's name search no longer finds you)",
    "your continuing education and renewals, which a credential's cycles rest on",
    "your appeals and their outcomes",
)


def _credentials(person: User) -> list[Row]:
    return [
        {
            "number": credential.number,
            "program": credential.program.designation,
            "kind": credential.kind_label,
            "name on it": credential.holder_name,
            "status": _english(credential.get_status_display()),
            "issued": when(credential.issued_on),
            "expires": when(credential.expires_on),
            "found by name in the registry": credential.listed_by_name,
        }
        for credential in Credential.objects.filter(holder=person).select_related("program")
    ]


def _history(person: User) -> list[Row]:
    events = CredentialEvent.objects.filter(credential__holder=person).select_related("credential")
    return [
        {
            "credential": event.credential.number,
            "event": event.get_kind_display(),
            "at": when(event.occurred_at),
            "reason": event.reason,
        }
        for event in events.order_by("credential", "sequence")
    ]


def _activities(person: User) -> list[Row]:
    activities = CEActivity.objects.filter(cycle__credential__holder=person).select_related(
        "cycle__credential", "category"
    )
    return [
        {
            "credential": activity.cycle.credential.number,
            "activity": activity.title,
            "provider": activity.provider_name,
            "category": activity.category.name,
            "completed": when(activity.completed_on),
            "hours": float(activity.hours),
            "hours accepted": None
            if activity.hours_accepted is None
            else float(activity.hours_accepted),
            "status": activity.get_status_display(),
            "document": activity.original_name,
        }
        for activity in activities
    ]


def _appeals(person: User) -> list[Row]:
    return [
        {
            "reference": appeal.reference,
            "program": appeal.program.designation,
            "decision appealed": appeal.decision_summary,
            "grounds": appeal.grounds,
            "received": when(appeal.received_at),
            "status": appeal.get_status_display(),
            "outcome": appeal.get_outcome_display(),
            "reasons": appeal.outcome_reasons,
        }
        for appeal in Appeal.objects.filter(appellant=person).select_related("program")
    ]


def export(person: User) -> dict[str, list[Row]]:
    return {
        "Credentials": _credentials(person),
        "Credential history": _history(person),
        "Continuing education": _activities(person),
        "Appeals": _appeals(person),
    }
