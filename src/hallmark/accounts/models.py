"""People: one account per person, email as the login, roles as groups.

Beside the account: contact details (`Profile`), voluntary demographics kept apart for fairness
analysis (`Demographics`), the messages Hallmark sends (`MessageTemplate`, `SentMessage`), and
the record of who opened confidential records (`AccessRecord`).
"""

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from hallmark.accounts.data import (
    MESSAGE_KINDS,
    AccessRecordKind,
    AgeBand,
    DeliveryStatus,
    Disability,
    Education,
    ErasureStatus,
    FirstLanguage,
    Gender,
    JobKind,
    JobState,
    MessageKey,
    RaceEthnicity,
    RetainedKind,
    Role,
    SecondFactorEventKind,
)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields: Any) -> "User":
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> "User":
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)

    def get_by_natural_key(self, username: str | None) -> "User":
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person: staff member, panelist, candidate or certificant.

    .. pii: email, legal_name, preferred_name, phone
    """

    email = models.EmailField("email address", unique=True)
    legal_name = models.CharField(
        "legal name", max_length=200, blank=True, help_text="As on the identity document."
    )
    preferred_name = models.CharField(max_length=100, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    is_staff = models.BooleanField(
        default=False, help_text="May sign in to the staff admin (its role decides what it sees)."
    )
    is_active = models.BooleanField(
        default=True, help_text="A self-made account stays inactive until its email is confirmed."
    )
    email_verified_at = models.DateTimeField(null=True, blank=True)
    date_joined = models.DateTimeField(default=timezone.now)
    listed_by_name = models.BooleanField(
        "found by name in the registry",
        default=True,
        help_text="The person's own choice; a lookup by credential number always works.",
    )
    language = models.CharField(
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        default="",
        help_text="Of the pages, emails and PDFs; empty: the browser's (Accept-Language).",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.preferred_name or self.legal_name or self.email

    def has_role(self, role: Role) -> bool:
        return self.groups.filter(name=role.value).exists()

    def get_full_name(self) -> str:
        return self.legal_name

    def get_short_name(self) -> str:
        return self.preferred_name or self.legal_name


class Profile(models.Model):
    """Contact details of a person, beside the name and phone kept on the account.

    .. pii: address_line1, address_line2, city, region, postal_code, country
    """

    user = models.OneToOneField(User, on_delete=models.PROTECT, related_name="profile")
    address_line1 = models.CharField("address line 1", max_length=200, blank=True)
    address_line2 = models.CharField("address line 2", max_length=200, blank=True)
    city = models.CharField("town or city", max_length=100, blank=True)
    region = models.CharField("state, province or region", max_length=100, blank=True)
    postal_code = models.CharField("postal code", max_length=20, blank=True)
    country = models.CharField(max_length=100, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Contact details of {self.user}"


class Demographics(models.Model):
    """Voluntary answers, used only for fairness analysis of the exam (e.g. DIF).

    Kept in their own table with no reverse accessor from the account, out of the staff admin,
    and never shown to anyone deciding on the candidate. Every answer may be left empty.

    .. pii: age_band, gender, race_ethnicity, disability, education, first_language
    """

    user = models.OneToOneField(User, on_delete=models.PROTECT, related_name="+")
    age_band = models.CharField(max_length=20, choices=AgeBand.choices, blank=True)
    gender = models.CharField(max_length=20, choices=Gender.choices, blank=True)
    race_ethnicity = models.CharField(
        "race or ethnicity", max_length=40, choices=RaceEthnicity.choices, blank=True
    )
    disability = models.CharField(
        "do you have a disability?", max_length=10, choices=Disability.choices, blank=True
    )
    education = models.CharField(
        "highest education", max_length=20, choices=Education.choices, blank=True
    )
    first_language = models.CharField(
        "first language", max_length=10, choices=FirstLanguage.choices, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "demographics"

    def __str__(self) -> str:
        return f"Demographics #{self.pk}"


class MessageTemplate(models.Model):
    """The subject and body of one kind of message in one language, in Django's template
    language. A person gets the one in their language, else the English one."""

    key = models.CharField(max_length=40, choices=MessageKey.choices)
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    placeholders = models.TextField(
        blank=True, editable=False, help_text="The values the template may use."
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["key", "language"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(key__in=MessageKey.values), name="message_key_valid"
            ),
            models.UniqueConstraint(
                fields=["key", "language"], name="message_template_one_per_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_key_display()} ({self.language})"

    def clean(self) -> None:
        from hallmark.accounts.notifications import template_problems

        problems = template_problems(self.subject, self.body)
        if problems:
            raise ValidationError(problems)


class SentMessage(models.Model):
    """One message in the outbox and, once out, the record of it: to whom, about whom, what it
    said, and whether it went out.

    It is written in the transaction of the change it tells of and sent after that commits
    (`hallmark.accounts.outbox`), so a rolled-back change sends nothing. `secret_body`, the text
    with its one-time links, is kept only until the message is sent or given up; `body` is the
    text as recorded, with the links withheld. `secret_to`, likewise, is the address mailed when
    the record keeps another (an erased person's pseudonymous one).

    .. pii: to, subject, body, secret_body, secret_to
    """

    key = models.CharField(max_length=40, choices=MESSAGE_KINDS)
    template = models.ForeignKey(
        MessageTemplate, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        User,
        null=True,
        on_delete=models.PROTECT,
        related_name="messages",
        help_text="The person the message is for or about.",
    )
    to = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    secret_body = models.TextField(
        blank=True, editable=False, help_text="The text as mailed; erased once sent or failed."
    )
    secret_to = models.EmailField(
        blank=True,
        editable=False,
        help_text="The address mailed when the record must not keep it (an erased person's "
        "former address); erased once sent or failed.",
    )
    sent_at = models.DateTimeField("written at", default=timezone.now)
    status = models.CharField(max_length=20, choices=DeliveryStatus.choices)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True, help_text="When sending began.")
    delivered_at = models.DateTimeField(
        null=True, blank=True, help_text="When the mail server accepted it."
    )
    error = models.TextField(blank=True)
    body_removed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the text was removed (retention schedule or erasure); the record stays.",
    )

    class Meta:
        ordering = ["-sent_at", "-pk"]
        indexes = [
            models.Index(fields=["person", "-sent_at"]),
            models.Index(fields=["status", "next_attempt_at"], name="sent_message_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=DeliveryStatus.values),
                name="sent_message_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_key_display()} to {self.to}"


class SecondFactorEvent(models.Model):
    """The journal of a person's second factor: enrolment, new backup codes, resets (who, why).

    The devices themselves are secrets, replaced or removed; this record of them stays.
    """

    person = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=SecondFactorEventKind.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-at"]
        permissions = [("reset_second_factor", "Can reset a person's second factor")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind=SecondFactorEventKind.RESET) | ~models.Q(reason=""),
                name="second_factor_reset_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.person} ({self.at:%Y-%m-%d %H:%M})"


class LegalNameChange(models.Model):
    """A change of a person's legal name: who, when, from what, to what (and, for a staff
    correction, why). Kept for good: results, score reports and credentials carry the name.

    .. pii: old, new
    """

    person = models.ForeignKey(User, on_delete=models.PROTECT, related_name="legal_name_changes")
    old = models.CharField("old legal name", max_length=200, blank=True)
    new = models.CharField("new legal name", max_length=200)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(
        blank=True, help_text="Why staff corrected it; empty for a person's own change."
    )

    class Meta:
        ordering = ["person", "at", "pk"]
        permissions = [
            ("correct_legal_name", "Can correct a legal name, even while a registration is active")
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(new=""), name="legal_name_change_new_set"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.old or '—'} → {self.new} at {self.at:%Y-%m-%d %H:%M}"


class NameSearchChange(models.Model):
    """A person turning the registry's name search of them off or on: who, when, which way."""

    person = models.ForeignKey(User, on_delete=models.PROTECT, related_name="name_search_changes")
    listed = models.BooleanField(help_text="Found by name from then on.")
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["person", "-at", "-pk"]

    def __str__(self) -> str:
        way = "on" if self.listed else "off"
        return f"{self.person}: name search {way} at {self.at:%Y-%m-%d %H:%M}"


class ErasureRequest(models.Model):
    """A person's request that Hallmark erase their data, and what became of it.

    Carrying it out removes what the retention policy allows and pseudonymises the account;
    the certification record (credentials, results, events) stays. `outcome` says in words what
    was removed and what was kept, or why the request was refused. Never deleted.

    .. pii: reason
    """

    person = models.ForeignKey(User, on_delete=models.PROTECT, related_name="erasure_requests")
    reason = models.TextField(blank=True, help_text="Anything the person wished to say.")
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=20, choices=ErasureStatus.choices, default=ErasureStatus.PENDING
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.TextField(blank=True, help_text="What was removed and kept, or why not.")

    class Meta:
        ordering = ["-requested_at", "-pk"]
        permissions = [("process_erasure_request", "Can carry out or refuse a request for erasure")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ErasureStatus.values), name="erasure_status_valid"
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status=ErasureStatus.PENDING),
                name="one_pending_erasure_request",
                violation_error_message="You have already asked for erasure.",
            ),
            models.CheckConstraint(
                condition=models.Q(status=ErasureStatus.PENDING)
                | (
                    models.Q(decided_at__isnull=False, decided_by__isnull=False)
                    & ~models.Q(outcome="")
                ),
                name="erasure_decided_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"Erasure request #{self.pk} ({self.get_status_display().lower()})"


# Retention defaults: evidence and messages for one three-year certification cycle after they
# were made (an audit or an appeal of the decision they supported comes within it); responses
# for five, so that a result can be rescored and the items' statistics redone across windows.
EVIDENCE_DAYS = 3 * 365
RESPONSES_DAYS = 5 * 365
MESSAGES_DAYS = 3 * 365


class RetentionSchedule(models.Model):
    """How long a program keeps evidence files, exam responses and messages' text, in days.

    A program without one keeps them for the defaults. `hallmark daily` removes what is past
    its time (`hallmark.accounts.retention`). A message belongs to no one program: it is kept
    for the longest time any program asks.
    """

    program = models.OneToOneField(
        "programs.Program", on_delete=models.PROTECT, related_name="retention_schedule"
    )
    evidence_days = models.PositiveIntegerField(
        default=EVIDENCE_DAYS, help_text="Days from upload until an evidence file is removed."
    )
    responses_days = models.PositiveIntegerField(
        default=RESPONSES_DAYS, help_text="Days from the answer until a response is removed."
    )
    messages_days = models.PositiveIntegerField(
        default=MESSAGES_DAYS, help_text="Days from sending until a message's text is removed."
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(evidence_days__gte=30)
                & models.Q(responses_days__gte=30)
                & models.Q(messages_days__gte=30),
                name="retention_at_least_30_days",
                violation_error_message="Keep everything for at least 30 days (appeals).",
            ),
        ]

    def __str__(self) -> str:
        return f"Retention schedule of program {self.program_id}"


class RetentionRecord(models.Model):
    """What the daily job removed under a retention schedule: how many of what, made before when.

    Written only when something was removed, so a second run the same day writes nothing.
    """

    at = models.DateTimeField(default=timezone.now)
    program = models.ForeignKey(
        "programs.Program", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=RetainedKind.choices)
    count = models.PositiveIntegerField()
    made_before = models.DateTimeField(help_text="What was made before this was removed.")

    class Meta:
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=RetainedKind.values), name="retention_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.count} {self.get_kind_display().lower()} removed at {self.at:%Y-%m-%d}"


class AccessRecordError(ValidationError):
    """An attempt to change or delete an access record."""


class AccessRecordQuerySet(models.QuerySet["AccessRecord"]):
    """Bulk updates and deletes bypass save(); on the access record they are refused too."""

    def update(self, **kwargs: Any) -> int:
        raise AccessRecordError("Access records never change.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AccessRecordError("Access records are never deleted.")


class AccessRecord(models.Model):
    """Who opened a confidential record, when, what, whose, why and from where; append-only.

    Written by the pages and downloads that show evidence, credentials, candidates' results,
    standard-setting exports and items (`hallmark.accounts.services.record_access`).

    .. pii: address
    """

    at = models.DateTimeField(default=timezone.now)
    who = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=AccessRecordKind.choices)
    what = models.CharField(max_length=300, help_text="The record opened, in words.")
    object_type = models.CharField(max_length=60, help_text="app.model of the record opened.")
    object_id = models.CharField(max_length=40, blank=True, help_text="Empty for a list.")
    person = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Whose record it is (the candidate or certificant), where it is one person's.",
    )
    reason = models.CharField(
        max_length=500, help_text="Why: the reason given, or the page and its purpose."
    )
    address = models.GenericIPAddressField(null=True, blank=True, help_text="The requester's.")

    objects = AccessRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["kind", "-at"], name="access_record_kind"),
            models.Index(fields=["person", "-at"], name="access_record_person"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=AccessRecordKind.values), name="access_record_kind"
            ),
            models.CheckConstraint(condition=~models.Q(reason=""), name="access_record_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.who} opened {self.what}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AccessRecordError("An access record cannot change.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AccessRecordError("An access record is never deleted.")


class Job(models.Model):
    """Long work a person started from a page and a worker runs (`hallmark.accounts.jobs`):
    what it is, who started it and when, where it is, and what it made or why it failed.

    `arguments` are the validated input (JSON: pks, numbers, strings), so the job can be run
    again as it was asked for. A job is never deleted.
    """

    kind = models.CharField(max_length=40, choices=JobKind.choices)
    scope = models.CharField(
        max_length=100, blank=True, help_text='What it works on, e.g. the program "CESP".'
    )
    started_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="jobs")
    started_at = models.DateTimeField(default=timezone.now)
    arguments = models.JSONField(default=dict)
    task_result_id = models.CharField(
        max_length=64, blank=True, help_text="The queue's id of the task last enqueued for it."
    )
    state = models.CharField(max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    step = models.CharField(max_length=200, help_text="What it is doing, in a few words.")
    steps_done = models.PositiveIntegerField(default=0)
    steps = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now, help_text="Its last progress.")
    result = models.JSONField(null=True, blank=True, help_text="What it made, when done.")
    error = models.TextField(blank=True, help_text="Why it failed, one reason a line.")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["kind", "scope", "-started_at"], name="job_kind_scope")]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=JobKind.values), name="job_kind"),
            models.CheckConstraint(condition=models.Q(state__in=JobState.values), name="job_state"),
            models.CheckConstraint(
                condition=models.Q(steps_done__lte=models.F("steps")), name="job_steps_done"
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=[JobState.QUEUED, JobState.RUNNING])
                | models.Q(finished_at__isnull=False),
                name="job_finished_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.scope} ({self.get_state_display().lower()})"

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)

    def errors(self) -> list[str]:
        return [line for line in self.error.splitlines() if line]

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValidationError("A job is never deleted: it is the record of work done.")


class JobFile(models.Model):
    """A file a job reads (`made` false: the upload it imports) or makes (a report to download).

    Kept in the database, as item images are, so that a worker on any machine reads what a web
    server stored and a backup holds it. Only made files are ever downloaded: an upload may hold
    item keys. Never changed nor deleted.
    """

    job = models.ForeignKey(Job, on_delete=models.PROTECT, related_name="files")
    name = models.CharField(max_length=200, help_text="Its file name, e.g. CESP-report.pdf.")
    content_type = models.CharField(max_length=100)
    made = models.BooleanField(help_text="Made by the job (downloadable), not given to it.")
    data = models.BinaryField()
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "name"], name="job_file_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} of job {self.job_id}"

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValidationError("A job's file is never deleted: it is part of the job's record.")
