"""Changes of state for accounts: roles, sign-up and email verification, profile, demographics,
and the record of confidential access."""

import ipaddress
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

from hallmark.accounts.data import STAFF_ROLES, AccessRecordKind, MessageKey, Role
from hallmark.accounts.models import AccessRecord, Demographics, MessageTemplate, Profile, User
from hallmark.accounts.notifications import notify, template_problems

PROFILE_FIELDS = (
    "address_line1",
    "address_line2",
    "city",
    "region",
    "postal_code",
    "country",
)
ACCOUNT_FIELDS = ("legal_name", "preferred_name", "phone")
DEMOGRAPHIC_FIELDS = (
    "age_band",
    "gender",
    "race_ethnicity",
    "disability",
    "education",
    "first_language",
)


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
def sign_up(*, email: str, password: str, legal_name: str, preferred_name: str = "") -> User | None:
    """Open a candidate account that stays inactive until its address is confirmed.

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
    user = User.objects.create_user(
        email, password, legal_name=legal_name, preferred_name=preferred_name, is_active=False
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


@transaction.atomic
def update_profile(person: User, *, by: User, **fields: str) -> Profile:
    """Change a person's names, phone and address (only the person themself does)."""
    _only_oneself(person, by, "profile")
    unknown = set(fields) - set(ACCOUNT_FIELDS) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown profile fields: {', '.join(sorted(unknown))}.")
    if "legal_name" in fields and not fields["legal_name"].strip():
        raise ValidationError({"legal_name": "Give your legal name as on your identity document."})
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


def _address(request: HttpRequest) -> str | None:
    """The requester's address: the proxy's X-Forwarded-For where Hallmark runs behind one."""
    address = request.META.get("REMOTE_ADDR", "")
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        address = forwarded.split(",")[0].strip() or address
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


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
        who=request.user,
        kind=kind,
        what=what[:300],
        object_type=record._meta.label_lower,
        object_id="" if isinstance(record, type) else str(record.pk),
        person_id=person_id,
        reason=reason.strip()[:500],
        address=_address(request),
    )
