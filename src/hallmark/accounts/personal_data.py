"""The accounts part of a person's data: what they download, and what erasure does here.

Each app that holds a person's data has a `personal_data` module like this one (gathered by
`hallmark.accounts.data_rights`): `TITLE`, `export(person)` (titled sections of rows of plain
values), `REMOVED` and `KEPT` (said on the page and in the outcome), and `erase(person, now)`,
which returns what it removed, in words.

The sections' titles and the rows' column names are English, marked with `gettext_noop` where
they are written: the JSON export keeps them so (it is machine-read, like the API), and the PDF
says them in the reader's language.
"""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
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

TITLE = gettext_noop("Account")
Row = dict[str, str | int | float | bool | None]

# The column names of the contact details and the voluntary answers (their fields' names).
FIELD_COLUMNS = (
    gettext_noop("address line1"),
    gettext_noop("address line2"),
    gettext_noop("city"),
    gettext_noop("region"),
    gettext_noop("postal code"),
    gettext_noop("country"),
    gettext_noop("age band"),
    gettext_noop("gender"),
    gettext_noop("race ethnicity"),
    gettext_noop("disability"),
    gettext_noop("education"),
    gettext_noop("first language"),
)

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
        gettext_noop("email"): person.email,
        gettext_noop("legal name"): person.legal_name,
        gettext_noop("preferred name"): person.preferred_name,
        gettext_noop("phone"): person.phone,
        gettext_noop("joined"): when(person.date_joined),
        gettext_noop("email confirmed"): when(person.email_verified_at),
        gettext_noop("found by name in the registry"): person.listed_by_name,
        gettext_noop("language"): person.language or "the browser's",
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
            gettext_noop("sent"): when(message.sent_at),
            gettext_noop("to"): message.to,
            gettext_noop("subject"): message.subject,
            gettext_noop("text"): message.body if message.body_removed_at is None else "(removed)",
            gettext_noop("status"): message.get_status_display(),
        }
        for message in SentMessage.objects.filter(person=person).order_by("sent_at", "pk")
    ]


def export(person: User) -> dict[str, list[Row]]:
    return {
        gettext_noop("Account"): [_account(person)],
        gettext_noop("Contact details"): _contact(person),
        gettext_noop("Voluntary answers about you"): _demographics(person),
        gettext_noop("Legal name changes"): [
            {
                gettext_noop("at"): when(change.at),
                gettext_noop("from"): change.old,
                gettext_noop("to"): change.new,
            }
            for change in LegalNameChange.objects.filter(person=person)
        ],
        gettext_noop("Registry name search"): [
            {gettext_noop("at"): when(change.at), gettext_noop("found by name"): change.listed}
            for change in NameSearchChange.objects.filter(person=person).order_by("at")
        ],
        gettext_noop("Messages"): _messages(person),
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
    SentMessage.objects.filter(person=person).update(to=address, secret_to="")
    TOTPDevice.objects.filter(user=person).delete()
    StaticDevice.objects.filter(user=person).delete()
    return [
        f"the account is closed, renamed {pseudonym(person)} and its address is now {address}",
        "contact details, phone and voluntary answers are blank",
        f"the text of {texts} message(s) is removed",
        "the second factor is removed",
    ]
