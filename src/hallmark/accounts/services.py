"""Changes of state for accounts: roles, sign-up and email verification, profile, demographics,
the second factor, the record of confidential access, and a person's rights over their data
(name search in the registry, erasure)."""

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hallmark.accounts import data_rights
from hallmark.accounts.data import (
    DEMOGRAPHIC_FIELDS,
    PROFILE_FIELDS,
    STAFF_ROLES,
    AccessRecordKind,
    ErasureStatus,
    MessageKey,
    Role,
    SecondFactorEventKind,
)
from hallmark.accounts.models import (
    AccessRecord,
    Demographics,
    ErasureRequest,
    LegalNameChange,
    MessageTemplate,
    NameSearchChange,
    Profile,
    SecondFactorEvent,
    User,
)
from hallmark.accounts.notifications import language_of, notify, template_problems
from hallmark.accounts.throttle import client_address
from hallmark.lib.views import signed_in

audit = logging.getLogger("hallmark.audit")

ACCOUNT_FIELDS = ("legal_name", "preferred_name", "phone", "language")


@transaction.atomic
def grant_role(user: User, role: Role) -> None:
    """Add a role; staff roles also open the staff admin (their permissions decide the rest)."""
    user.groups.add(Group.objects.get(name=role.value))
    if role in STAFF_ROLES and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


@transaction.atomic
def revoke_role(user: User, role: Role) -> None:
    user.groups.remove(Group.objects.get(name=role.value))
    still_staff = user.groups.filter(name__in=[r.value for r in STAFF_ROLES]).exists()
    if user.is_staff and not still_staff and not user.is_superuser:
        user.is_staff = False
        user.save(update_fields=["is_staff"])


class EmailVerificationTokenGenerator(PasswordResetTokenGenerator):
    """One-time tokens for confirming an address: verifying changes the hash, so a used link
    stops working; they last PASSWORD_RESET_TIMEOUT like reset links."""

    key_salt = "hallmark.accounts.services.EmailVerificationTokenGenerator"

    def _make_hash_value(self, user: Any, timestamp: int) -> str:
        return f"{user.pk}{user.email}{user.is_active}{user.email_verified_at}{timestamp}"


email_verification_tokens = EmailVerificationTokenGenerator()


def _absolute(path: str) -> str:
    return settings.PUBLIC_BASE_URL.rstrip("/") + path


def verification_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = email_verification_tokens.make_token(user)
    return _absolute(reverse("accounts:verify", args=[uid, token]))


def _send_verification(user: User) -> None:
    notify(
        user,
        MessageKey.EMAIL_VERIFICATION,
        {"valid_days": settings.PASSWORD_RESET_TIMEOUT // 86400},
        secrets={"link": verification_link(user)},
    )


@transaction.atomic
def sign_up(
    *, email: str, password: str, legal_name: str, preferred_name: str = "", language: str = ""
) -> User | None:
    """Open a candidate account that stays inactive until its address is confirmed.

    `language` is the one the person signed up in: their emails are written in it.

    An address that already has an account gets a message saying so (the page the person sees
    is the same either way, so nobody learns which addresses have accounts); a still
    unconfirmed one gets a new link. Returns the new account, or None.
    """
    existing = User.objects.filter(email__iexact=email.strip()).first()
    if existing is not None:
        if not existing.is_active and existing.email_verified_at is None:
            _send_verification(existing)
        else:
            notify(
                existing,
                MessageKey.SIGN_UP_EXISTING,
                {
                    "sign_in_url": _absolute(reverse("login")),
                    "reset_url": _absolute(reverse("password_reset")),
                },
            )
        return None
    _check_language(language)
    user = User.objects.create_user(
        email,
        password,
        legal_name=legal_name,
        preferred_name=preferred_name,
        language=language,
        is_active=False,
    )
    grant_role(user, Role.CANDIDATE)
    Profile.objects.create(user=user)
    _send_verification(user)
    return user


def resend_verification(email: str) -> None:
    """Send a new link to an unconfirmed account; say nothing about any other address."""
    user = User.objects.filter(
        email__iexact=email.strip(), is_active=False, email_verified_at__isnull=True
    ).first()
    if user is not None:
        _send_verification(user)


@transaction.atomic
def verify_email(uidb64: str, token: str) -> User | None:
    """Confirm an address from its one-time link and open the account; None if the link is bad,
    used or expired."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, TypeError, UnicodeDecodeError):
        return None
    user = User.objects.select_for_update().filter(pk=pk).first()
    if user is None or not email_verification_tokens.check_token(user, token):
        return None
    if user.email_verified_at is not None:
        return None
    user.is_active = True
    user.email_verified_at = timezone.now()
    user.save(update_fields=["is_active", "email_verified_at"])
    return user


def _only_oneself(person: User, by: User, what: str) -> None:
    if by.pk != person.pk:
        raise PermissionDenied(f"Only {person.email} may change their own {what}.")


# Why a person's legal name may not change now. Each app that books people under their legal
# name adds a function here (exams: an active registration) when it starts, so that accounts
# imports none of the apps that depend on it. A function returns "" when it holds nothing.
NAME_HOLDS: list[Callable[[User], str]] = []
CORRECT_LEGAL_NAME = "accounts.correct_legal_name"


def legal_name_hold(person: User) -> str:
    """Why the person's legal name is frozen now, or "" if it may change."""
    return next((why for hold in NAME_HOLDS if (why := hold(person))), "")


def _record_legal_name(person: User, new: str, by: User, reason: str = "") -> LegalNameChange:
    change = LegalNameChange.objects.create(
        person=person, old=person.legal_name, new=new, by=by, reason=reason
    )
    person.legal_name = new
    person.save(update_fields=["legal_name"])
    return change


@transaction.atomic
def correct_legal_name(person: User, *, new: str, reason: str, by: User) -> LegalNameChange:
    """Staff correct a legal name, with a reason: allowed even while a registration is active
    (a typing error found at check-in), and recorded like every change."""
    if not by.has_perm(CORRECT_LEGAL_NAME):
        raise PermissionDenied(f"{by.email} may not correct legal names.")
    new, reason = new.strip(), reason.strip()
    if not new:
        raise ValidationError({"new": "Give the corrected legal name."})
    if not reason:
        raise ValidationError({"reason": "Give the reason for the correction."})
    person = User.objects.select_for_update().get(pk=person.pk)
    if new == person.legal_name:
        raise ValidationError({"new": f"{person.email}'s legal name is already {new!r}."})
    return _record_legal_name(person, new, by, reason)


@transaction.atomic
def update_profile(person: User, *, by: User, **fields: str) -> Profile:
    """Change a person's names, phone and address (only the person themself does).

    A change of legal name is recorded, and refused while a registration is active: the seat,
    the check-in and the credential are under that name (staff may correct it, with a reason).
    """
    _only_oneself(person, by, "profile")
    unknown = set(fields) - set(ACCOUNT_FIELDS) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown profile fields: {', '.join(sorted(unknown))}.")
    if "legal_name" in fields and not fields["legal_name"].strip():
        raise ValidationError(
            {"legal_name": gettext("Give your legal name as on your identity document.")}
        )
    if "language" in fields:
        _check_language(fields["language"])
    person = User.objects.select_for_update().get(pk=person.pk)
    legal_name = fields.pop("legal_name", person.legal_name).strip()
    if legal_name != person.legal_name:
        hold = legal_name_hold(person)
        if hold:
            raise ValidationError(
                {
                    "legal_name": gettext(
                        "Your legal name cannot change now: %(hold)s. "
                        "If it is wrong, ask the credentialing officer to correct it."
                    )
                    % {"hold": hold}
                }
            )
        _record_legal_name(person, legal_name, by)
    for name in ACCOUNT_FIELDS:
        if name in fields:
            setattr(person, name, fields[name].strip())
    person.save(update_fields=[n for n in ACCOUNT_FIELDS if n in fields])
    profile, _ = Profile.objects.get_or_create(user=person)
    for name in PROFILE_FIELDS:
        if name in fields:
            setattr(profile, name, fields[name].strip())
    profile.save()
    return profile


def _check_language(code: str) -> None:
    if code and code not in dict(settings.LANGUAGES):
        known = ", ".join(dict(settings.LANGUAGES))
        raise ValidationError({"language": f"Unknown language {code!r}: one of {known}, or none."})


@transaction.atomic
def choose_language(person: User, code: str, *, by: User) -> None:
    """Save the language a person reads Hallmark in ("": the browser's); only they choose."""
    _only_oneself(person, by, "language")
    _check_language(code)
    User.objects.filter(pk=person.pk).update(language=code)
    person.language = code


def demographics_of(person: User) -> Demographics | None:
    return Demographics.objects.filter(user=person).first()


@transaction.atomic
def save_demographics(person: User, *, by: User, **answers: str) -> Demographics:
    """Store a person's voluntary answers (empty answers clear them); only they may do so."""
    _only_oneself(person, by, "demographic answers")
    unknown = set(answers) - set(DEMOGRAPHIC_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown demographic questions: {', '.join(sorted(unknown))}.")
    record, _ = Demographics.objects.get_or_create(user=person)
    for name, value in answers.items():
        setattr(record, name, value)
    record.full_clean(exclude=["user"])
    record.save()
    return record


@transaction.atomic
def update_message_template(
    template: MessageTemplate, *, subject: str, body: str, by: User
) -> MessageTemplate:
    """Change the wording of one kind of message; the next message of that kind uses it."""
    if not by.has_perm("accounts.change_messagetemplate"):
        raise PermissionDenied(f"{by.email} may not change the message template {template.key}.")
    problems = template_problems(subject, body)
    if problems:
        raise ValidationError(problems)
    template.subject = subject.strip()
    template.body = body
    template.updated_by = by
    template.save(update_fields=["subject", "body", "updated_by", "updated_at"])
    return template


# The second factor: an authenticator app (TOTP) and single-use backup codes for recovery.
APP_DEVICE = "authenticator app"
BACKUP_DEVICE = "backup codes"
BACKUP_CODE_COUNT = 10


@transaction.atomic
def start_enrolment(person: User) -> TOTPDevice:
    """The person's unconfirmed authenticator, whose secret is shown until a code confirms it."""
    if TOTPDevice.objects.filter(user=person, confirmed=True).exists():
        raise ValidationError(f"{person.email} has an authenticator app already.")
    device = TOTPDevice.objects.filter(user=person, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=person, name=APP_DEVICE, confirmed=False)


@transaction.atomic
def confirm_enrolment(person: User, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the authenticator with a code it shows; return it and a new set of backup codes."""
    device = TOTPDevice.objects.select_for_update().filter(user=person, confirmed=False).first()
    if device is None:
        raise ValidationError(f"{person.email} has no authenticator app waiting to be confirmed.")
    if not device.verify_token(code.strip()):
        raise ValidationError(
            {"code": gettext("That code is not the one the app shows now: try again.")}
        )
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    SecondFactorEvent.objects.create(person=person, by=person, kind=SecondFactorEventKind.ENROLLED)
    audit.info("%s enrolled an authenticator app", person.email)
    return device, _replace_backup_codes(person)


@transaction.atomic
def new_backup_codes(person: User) -> list[str]:
    """Replace a person's backup codes (the old ones stop working); return the new ones."""
    codes = _replace_backup_codes(person)
    SecondFactorEvent.objects.create(
        person=person, by=person, kind=SecondFactorEventKind.BACKUP_CODES
    )
    return codes


def _replace_backup_codes(person: User) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(user=person, name=BACKUP_DEVICE)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def record_backup_code_use(person: User) -> int:
    """Journal a sign-in with a backup code; return how many codes are left."""
    SecondFactorEvent.objects.create(
        person=person, by=person, kind=SecondFactorEventKind.BACKUP_CODE_USED
    )
    audit.info("%s signed in with a backup code", person.email)
    return StaticToken.objects.filter(device__user=person).count()


@transaction.atomic
def reset_second_factor(person: User, *, by: User, reason: str) -> SecondFactorEvent:
    """Remove a person's authenticator and backup codes, so that they enrol again at their next
    sign-in. Done for someone who lost their phone, after checking who they are."""
    if not by.has_perm("accounts.reset_second_factor"):
        raise PermissionDenied(f"{by.email} may not reset anyone's second factor.")
    if by.pk == person.pk:
        raise PermissionDenied("Nobody resets their own second factor: ask another officer.")
    if person.is_superuser and not by.is_superuser:
        raise PermissionDenied(f"Only a superuser may reset the second factor of {person.email}.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the second factor is reset."})
    TOTPDevice.objects.filter(user=person).delete()
    StaticDevice.objects.filter(user=person).delete()
    event = SecondFactorEvent.objects.create(
        person=person, by=by, kind=SecondFactorEventKind.RESET, reason=reason.strip()
    )
    audit.warning("%s reset the second factor of %s: %s", by.email, person.email, reason.strip())
    return event


def record_access(
    request: HttpRequest,
    kind: AccessRecordKind,
    record: models.Model | type[models.Model],
    *,
    what: str,
    reason: str,
    person_id: int | None = None,
) -> AccessRecord:
    """Record that the signed-in user opened `record` (whose person is `person_id`), and why;
    a model rather than an instance stands for a list of its records."""
    if not reason.strip():
        raise ValidationError("Say why the record is opened.")
    return AccessRecord.objects.create(
        who=signed_in(request),
        kind=kind,
        what=what[:300],
        object_type=record._meta.label_lower,
        object_id="" if isinstance(record, type) else str(record.pk),
        person_id=person_id,
        reason=reason.strip()[:500],
        address=client_address(request),
    )


# A person's rights over their data (docs/accounts.md, "Your data").


@transaction.atomic
def set_name_search(person: User, *, listed: bool, by: User) -> NameSearchChange | None:
    """Let the registry's name search find the person, or not; recorded. A lookup by credential
    number finds their credentials either way: a credential's status stays verifiable.
    Returns the change, or None when it was already so."""
    _only_oneself(person, by, "registry listing")
    person = User.objects.select_for_update().get(pk=person.pk)
    if person.listed_by_name == listed:
        return None
    person.listed_by_name = listed
    person.save(update_fields=["listed_by_name"])
    audit.info("%s turned the registry's name search %s", person.email, "on" if listed else "off")
    return NameSearchChange.objects.create(person=person, listed=listed, by=by)


@transaction.atomic
def request_erasure(person: User, *, by: User, reason: str = "") -> ErasureRequest:
    """Record a person's request that their data be erased; an officer carries it out."""
    _only_oneself(person, by, "erasure request")
    User.objects.select_for_update().get(pk=person.pk)  # one request at a time
    if ErasureRequest.objects.filter(person=person, status=ErasureStatus.PENDING).exists():
        raise ValidationError(
            gettext("You have already asked for erasure: it waits for an officer.")
        )
    return ErasureRequest.objects.create(person=person, reason=reason.strip())


PROCESS_ERASURE = "accounts.process_erasure_request"


def _pending(erasure: ErasureRequest, by: User) -> ErasureRequest:
    if not by.has_perm(PROCESS_ERASURE):
        raise PermissionDenied(f"{by.email} may not decide requests for erasure.")
    if by.pk == erasure.person_id:
        raise PermissionDenied("Nobody decides their own request for erasure: ask another officer.")
    erasure = ErasureRequest.objects.select_for_update().get(pk=erasure.pk)
    if erasure.status != ErasureStatus.PENDING:
        raise ValidationError(f"{erasure} is decided already.")
    return erasure


def _decide(erasure: ErasureRequest, status: ErasureStatus, outcome: str, by: User) -> None:
    erasure.status = status
    erasure.decided_at = timezone.now()
    erasure.decided_by = by
    erasure.outcome = outcome
    erasure.save(update_fields=["status", "decided_at", "decided_by", "outcome"])


@transaction.atomic
def carry_out_erasure(erasure: ErasureRequest, *, by: User) -> ErasureRequest:
    """Erase what the retention policy allows of the person's data, pseudonymise the account and
    keep the certification record; the outcome says what was removed and kept.

    Refused while the person is booked or in an exam (their seat is under their name)."""
    erasure = _pending(erasure, by)
    person = User.objects.select_for_update().get(pk=erasure.person_id)
    hold = legal_name_hold(person)
    if hold:
        raise ValidationError(
            f"Not while the person is booked or in an exam ({hold}): carry it out once the exam "
            "is over, or refuse it."
        )
    now = timezone.now()
    former_address = person.email
    done = data_rights.erase_everywhere(person, now)
    kept = data_rights.erasure_plan("en").kept  # the outcome is stored in English
    outcome = "Removed: " + "; ".join(done) + ".\nKept: " + "; ".join(kept) + "."
    _decide(erasure, ErasureStatus.CARRIED_OUT, outcome, by)
    audit.warning("%s carried out erasure request %s", by.email, erasure.pk)
    _tell_erased(erasure, person, former_address)
    return erasure


def _listed(lines: list[str]) -> str:
    return "\n".join(f"- {line[:1].upper()}{line[1:]}." for line in lines)


def _tell_erased(erasure: ErasureRequest, person: User, former_address: str) -> None:
    """Tell the erased person, in their language, at the address they had: the record of the
    message keeps only their pseudonymous one, and no name (the mail greets nobody)."""
    plan = data_rights.erasure_plan(language_of(person))
    notify(
        person,
        MessageKey.ERASURE_CARRIED_OUT,
        {
            "name": "",
            "requested_on": timezone.localdate(erasure.requested_at),
            "removed": _listed(plan.removed),
            "kept": _listed(plan.kept),
        },
        unrecorded_to=former_address,
    )


@transaction.atomic
def refuse_erasure(erasure: ErasureRequest, *, by: User, reason: str) -> ErasureRequest:
    """Refuse a request for erasure, saying why (e.g. an open appeal needs the record)."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the request is refused."})
    erasure = _pending(erasure, by)
    _decide(erasure, ErasureStatus.REFUSED, reason.strip(), by)
    notify(
        erasure.person,
        MessageKey.ERASURE_REFUSED,
        {
            "requested_on": timezone.localdate(erasure.requested_at),
            "reason": erasure.outcome,
            "url": _absolute(reverse("accounts:my-data")),
        },
    )
    return erasure
