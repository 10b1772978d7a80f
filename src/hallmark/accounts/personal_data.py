"""The accounts part of a person's data: what they download, and what erasure does here.

Each app that holds a person's data has a `personal_data` module like this one (gathered by
`hallmark.accounts.data_rights`): `TITLE`, `export(person)` (titled sections of rows of plain
values), `REMOVED` and `KEPT` (said on the page and in the outcome), and `erase(person, now)`,
which returns what it removed, in words.
"""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from hallmark.accounts.data import DEMOGRAPHIC_FIELDS, PROFILE_FIELDS
from hallmark.accounts.models import (
    Demographics,
    LegalNameChange,
    NameSearchChange,
    Profile,
    SentMessage,
    User,
)

TITLE = "Account"
Row = dict[str, str | int | float | bool | None]

REMOVED = (
    _("your email address, names and phone on the account (it gets a pseudonym and is closed)"),
    _("your postal address"),
    _("your voluntary answers about yourself"),
    _("the text of the messages sent to you (that a message was sent, and its subject, stay)"),
    _("your authenticator app and backup codes"),
)
KEPT = (
    _("your credentials as issued, with the name they carry (a signed credential cannot change)"),
    _("the record of your legal name's changes, which ties that name to your results"),
    _("who opened your confidential records, and when (ISO/IEC 17024 asks for it)"),
    _("this request, and what was done"),
)


def when(moment: datetime.datetime | datetime.date | None) -> str | None:
    """A moment or a day as an export writes it (ISO 8601), or None."""
    return None if moment is None else moment.isoformat()


def _account(person: User) -> Row:
    return {
        "email": person.email,
        "legal name": person.legal_name,
        "preferred name": person.preferred_name,
        "phone": person.phone,
        "joined": when(person.date_joined),
        "email confirmed": when(person.email_verified_at),
        "found by name in the registry": person.listed_by_name,
        "language": person.language or "the browser's",
    }


def _contact(person: User) -> list[Row]:
    profile = Profile.objects.filter(user=person).first()
    if profile is None:
        return []
    return [{name.replace("_", " "): getattr(profile, name) for name in PROFILE_FIELDS}]


def _demographics(person: User) -> list[Row]:
    answers = Demographics.objects.filter(user=person).first()
    if answers is None:
        return []
    return [
        {
            name.replace("_", " "): getattr(answers, f"get_{name}_display")()
            for name in DEMOGRAPHIC_FIELDS
        }
    ]


def _messages(person: User) -> list[Row]:
    # `body` is the text as recorded, one-time links withheld; `secret_body` is never shown.
    return [
        {
            "sent": when(message.sent_at),
            "to": message.to,
            "subject": message.subject,
            "text": message.body if message.body_removed_at is None else "(removed)",
            "status": message.get_status_display(),
        }
        for message in SentMessage.objects.filter(person=person).order_by("sent_at", "pk")
    ]


def export(person: User) -> dict[str, list[Row]]:
    return {
        "Account": [_account(person)],
        "Contact details": _contact(person),
        "Voluntary answers about you": _demographics(person),
        "Legal name changes": [
            {"at": when(change.at), "from": change.old, "to": change.new}
            for change in LegalNameChange.objects.filter(person=person)
        ],
        "Registry name search": [
            {"at": when(change.at), "found by name": change.listed}
            for change in NameSearchChange.objects.filter(person=person).order_by("at")
        ],
        "Messages": _messages(person),
    }


def pseudonym(person: User) -> str:
    return f"Erased person {person.pk}"


def pseudonymous_address(person: User) -> str:
    # .invalid never resolves (RFC 2606): nothing can be mailed to an erased account.
    return f"erased-{person.pk}@erased.invalid"


def remove_message_texts(messages: models.QuerySet[SentMessage], now: datetime.datetime) -> int:
    """Blank the text of messages (the record that they were sent stays); returns how many."""
    return messages.filter(body_removed_at__isnull=True).update(
        body="", secret_body="", body_removed_at=now
    )


def erase(person: User, now: datetime.datetime) -> list[str]:
    """Close and pseudonymise the account; remove contact details, answers, message texts and
    second factor. `person` is locked by the caller."""
    address = pseudonymous_address(person)
    person.email = address
    person.legal_name = pseudonym(person)
    person.preferred_name = ""
    person.phone = ""
    person.is_active = False
    person.listed_by_name = False
    person.set_unusable_password()  # also signs the person out everywhere
    person.save()
    Profile.objects.filter(user=person).update(**dict.fromkeys(PROFILE_FIELDS, ""))
    Demographics.objects.filter(user=person).update(**dict.fromkeys(DEMOGRAPHIC_FIELDS, ""))
    texts = remove_message_texts(SentMessage.objects.filter(person=person), now)
    SentMessage.objects.filter(person=person).update(to=address)
    TOTPDevice.objects.filter(user=person).delete()
    StaticDevice.objects.filter(user=person).delete()
    return [
        f"the account is closed, renamed {pseudonym(person)} and its address is now {address}",
        "contact details, phone and voluntary answers are blank",
        f"the text of {texts} message(s) is removed",
        "the second factor is removed",
    ]
