"""Messages to people: staff-editable templates, one `notify` call, a record of every message.

Every app notifies through `notify(person, key, context)`. The template for `key` is a
`MessageTemplate` row that staff edit in the admin; a missing row is created from the defaults
below (never overwritten). A message is written in the person's language (`User.language`):
the template in that language where there is one (the Spanish defaults are in
`notifications_es`), else the English one; dates in the context are written the language's way.
Each message is written to the outbox (`hallmark.accounts.outbox`)
as a `SentMessage` in the caller's transaction and mailed after it commits: a failed delivery is
retried, then recorded as failed, and never undoes the change that caused it.
"""

import functools
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.template import Context, Engine, Template, TemplateSyntaxError
from django.utils import translation

from hallmark.accounts.data import MessageKey
from hallmark.accounts.models import MessageTemplate, SentMessage, User
from hallmark.accounts.notifications_es import SPANISH_TEMPLATES
from hallmark.accounts.outbox import enqueue, enqueue_many

# What the record keeps in place of a one-time link (the link itself must not outlive the mail).
WITHHELD = "[one-time link: sent, not kept]"

_COMMON = "name (how to address the person), site_name, site_url"

SUBJECT_LENGTH = SentMessage._meta.get_field("subject").max_length or 200

_RECERTIFICATION_PAGE = "\n\nYour recertification page: {{ url }}\n"
_CYCLE = (
    "program, designation, credential_number, expires_on, window_opens_on, grace_ends_on, "
    "reinstatement_ends_on, url"
)

# Notices about a certification's cycle (`hallmark.certification.recertification.notices`).
_RECERTIFICATION_TEMPLATES: dict[MessageKey, tuple[str, str, str]] = {
    MessageKey.RENEWAL_WINDOW_OPEN: (
        "Your {{ designation }} renewal window is open",
        "Hello {{ name }},\n\nYou can now renew your {{ program }} certification "
        "({{ credential_number }}). It is valid until {{ expires_on }}. Log your continuing "
        "education and apply to renew before then." + _RECERTIFICATION_PAGE,
        _CYCLE,
    ),
    MessageKey.EXPIRES_IN_180_DAYS: (
        "Your {{ designation }} certification expires in 180 days",
        "Hello {{ name }},\n\nYour {{ program }} certification ({{ credential_number }}) "
        "expires on {{ expires_on }}. Check your continuing education and apply to renew in "
        "good time." + _RECERTIFICATION_PAGE,
        _CYCLE,
    ),
    MessageKey.EXPIRES_IN_90_DAYS: (
        "Your {{ designation }} certification expires in 90 days",
        "Hello {{ name }},\n\nYour {{ program }} certification ({{ credential_number }}) "
        "expires on {{ expires_on }}: 90 days from now." + _RECERTIFICATION_PAGE,
        _CYCLE,
    ),
    MessageKey.EXPIRES_IN_30_DAYS: (
        "Your {{ designation }} certification expires in 30 days",
        "Hello {{ name }},\n\nYour {{ program }} certification ({{ credential_number }}) "
        "expires on {{ expires_on }}: 30 days from now. Apply to renew before then to keep it "
        "without a gap." + _RECERTIFICATION_PAGE,
        _CYCLE,
    ),
    MessageKey.CERTIFICATION_EXPIRED: (
        "Your {{ designation }} certification has expired: grace period until {{ grace_ends_on }}",
        "Hello {{ name }},\n\nYour {{ program }} certification ({{ credential_number }}) "
        "expired after {{ expires_on }}. The registry now shows it as expired, in its grace "
        "period. You can still renew it until {{ grace_ends_on }} (a late fee applies)."
        + _RECERTIFICATION_PAGE,
        _CYCLE,
    ),
    MessageKey.GRACE_PERIOD_ENDED: (
        "Your {{ designation }} grace period has ended",
        "Hello {{ name }},\n\nThe grace period of your {{ program }} certification "
        "({{ credential_number }}) ended on {{ grace_ends_on }}. You may still apply for "
        "reinstatement until {{ reinstatement_ends_on }} (with the reinstatement fee and the "
        "continuing education required); after that, only passing the exam again restores the "
        "certification." + _RECERTIFICATION_PAGE,
        _CYCLE,
    ),
    MessageKey.RENEWAL_APPROVED: (
        "Your {{ designation }} certification is renewed",
        "Hello {{ name }},\n\nYour {{ program }} certification ({{ credential_number }}) is "
        "renewed: it is now valid until {{ new_expires_on }}. Your signed digital credential "
        "has been reissued with the new date; download it again from your credentials page."
        + _RECERTIFICATION_PAGE,
        f"{_CYCLE}, new_expires_on",
    ),
    MessageKey.RENEWAL_AUDIT_SELECTED: (
        "Your {{ designation }} renewal was selected for audit",
        "Hello {{ name }},\n\nYour renewal application for {{ program }} "
        "({{ credential_number }}) was selected, at random, for audit. Please upload the "
        "evidence of the activities you listed (for example certificates of attendance or "
        "completion) by {{ evidence_due_on }}." + _RECERTIFICATION_PAGE,
        f"{_CYCLE}, evidence_due_on",
    ),
    MessageKey.CE_ACTIVITY_REVIEWED: (
        "Your CE activity was reviewed",
        'Hello {{ name }},\n\nYour continuing-education activity "{{ activity }}" was '
        "reviewed: {{ outcome }}.{% if reason %}\n\n{{ reason }}{% endif %}"
        + _RECERTIFICATION_PAGE,
        f"{_CYCLE}, activity, outcome, reason",
    ),
    MessageKey.RENEWAL_REFUSED: (
        "Decision on your {{ designation }} renewal",
        "Hello {{ name }},\n\nYour renewal application for {{ program }} "
        "({{ credential_number }}) was refused, for this reason:\n\n{{ reason }}"
        + _RECERTIFICATION_PAGE,
        f"{_CYCLE}, reason",
    ),
}

# key -> (subject, body, the placeholders it may use besides the common ones)
DEFAULT_TEMPLATES: dict[MessageKey, tuple[str, str, str]] = {
    MessageKey.EMAIL_VERIFICATION: (
        "Confirm your email address for {{ site_name }}",
        "Hello {{ name }},\n\n"
        "Please confirm your email address to finish setting up your {{ site_name }} account:\n\n"
        "{{ link }}\n\n"
        "The link works once and for {{ valid_days }} days. If you did not sign up, ignore "
        "this message: no account is opened without the confirmation.\n",
        "link, valid_days",
    ),
    MessageKey.SIGN_UP_EXISTING: (
        "Your {{ site_name }} account",
        "Hello {{ name }},\n\n"
        "Someone tried to open a new {{ site_name }} account with this address, which already "
        "has one. To sign in, go to {{ sign_in_url }}; if you have forgotten your password, "
        "reset it at {{ reset_url }}.\n\nIf this was not you, you need do nothing.\n",
        "sign_in_url, reset_url",
    ),
    MessageKey.PASSWORD_RESET: (
        "Reset your {{ site_name }} password",
        "Hello {{ name }},\n\n"
        "Someone asked to reset the password of the {{ site_name }} account for {{ email }}.\n\n"
        "To choose a new password, open this link (it works once):\n{{ link }}\n\n"
        "If it was not you, ignore this message: your password stays as it is.\n",
        "email, link",
    ),
    MessageKey.APPLICATION_SUBMITTED: (
        "We received your {{ program }} application",
        "Hello {{ name }},\n\n"
        "We received your application for {{ program }} on {{ submitted_on }}. The credentialing "
        "staff will review it and write to you with their decision.\n\n"
        "Application fee: {{ fee_status }}.\n\nYour application: {{ url }}\n",
        "program, submitted_on, fee_status, url",
    ),
    MessageKey.APPLICATION_APPROVED: (
        "Your {{ program }} application is approved",
        "Hello {{ name }},\n\n"
        "Your application for {{ program }} is approved. The approval expires on "
        "{{ expires_on }}: book a seat in a testing window before then.\n\n"
        "Book a seat: {{ url }}\n",
        "program, expires_on, url",
    ),
    MessageKey.APPLICATION_MORE_INFORMATION: (
        "Your {{ program }} application needs more information",
        "Hello {{ name }},\n\n"
        "The credentialing staff need more information before they can decide on your "
        "application for {{ program }}:\n\n{{ reason }}\n\n"
        "Please update your application and submit it again by {{ resubmit_by }}: {{ url }}\n",
        "program, reason, resubmit_by, url",
    ),
    MessageKey.APPLICATION_DENIED: (
        "Decision on your {{ program }} application",
        "Hello {{ name }},\n\n"
        "Your application for {{ program }} has been denied, for this reason:\n\n{{ reason }}\n\n"
        "You may appeal this decision until {{ appeal_by }}: {{ url }}\n",
        "program, reason, appeal_by, url",
    ),
    MessageKey.EMPLOYER_VERIFICATION: (
        "Please confirm {{ candidate }}'s work in employment support",
        "Hello {{ reference_name }},\n\n"
        "{{ candidate }} has applied for {{ program }} and named you as the person who can "
        "confirm their work{% if employer %} at {{ employer }}{% endif %}.\n\n"
        "Please confirm or decline at this link (it works once, until {{ expires_on }}):\n\n"
        "{{ link }}\n\nThank you.\n",
        "candidate, reference_name, employer, program, link, expires_on",
    ),
    MessageKey.ACCOMMODATION_APPROVED: (
        "Your accommodation for {{ program }} is approved",
        "Hello {{ name }},\n\n"
        "Your request for {{ accommodation }} for {{ program }} is approved. It applies to "
        "every exam you book for {{ program }}, including bookings you already have: you do "
        "not need to ask again.\n\n{{ url }}\n",
        "program, accommodation, reason, url",
    ),
    MessageKey.ACCOMMODATION_DENIED: (
        "Decision on your accommodation request for {{ program }}",
        "Hello {{ name }},\n\n"
        "Your request for {{ accommodation }} for {{ program }} has been denied, for this "
        "reason:\n\n{{ reason }}\n\n"
        "You may appeal this decision until {{ appeal_by }}: {{ url }}\n",
        "program, accommodation, reason, appeal_by, url",
    ),
    MessageKey.APPEAL_RECEIVED: (
        "Your appeal {{ reference }} is received ({{ program }})",
        "Hello {{ name }},\n\n"
        "We received your appeal {{ reference }} about {{ subject }}. We will acknowledge it "
        "by {{ acknowledge_by }} and an independent panel will decide it by {{ decide_by }}.\n\n"
        "{{ url }}\n",
        "program, reference, subject, acknowledge_by, decide_by, url",
    ),
    MessageKey.APPEAL_ACKNOWLEDGED: (
        "Your appeal {{ reference }} is acknowledged ({{ program }})",
        "Hello {{ name }},\n\n"
        "Your appeal {{ reference }} about {{ subject }} is acknowledged. A panel of reviewers "
        "who took no part in the decision will hear it; it will be decided by "
        "{{ decide_by }}.\n\n{{ url }}\n",
        "program, reference, subject, decide_by, url",
    ),
    MessageKey.APPEAL_DECIDED: (
        "Decision on your appeal ({{ program }})",
        "Hello {{ name }},\n\n"
        "Your appeal about {{ subject }} has been decided: {{ outcome }}.\n\n"
        "{{ reason }}\n\n{{ url }}\n",
        "program, subject, outcome, reason, url",
    ),
    MessageKey.BOOKING_CONFIRMED: (
        "Booking confirmed: {{ window }}",
        "Hello {{ name }},\n\n"
        "You have a seat in {{ window }} ({{ delivery_mode }}), open from {{ opens }} to "
        "{{ closes }} ({{ time_zone }}).\n\n"
        "Authorization code: {{ authorization_code }} (valid until {{ authorization_expires }}).\n"
        "{% if accommodations %}Your approved accommodations apply: {{ accommodations }}.\n"
        "{% endif %}\nYour booking: {{ url }}\n",
        "window, delivery_mode, opens, closes, time_zone, authorization_code, "
        "authorization_expires, accommodations, url",
    ),
    MessageKey.BOOKING_CANCELLED: (
        "Booking cancelled: {{ window }}",
        "Hello {{ name }},\n\nYour seat in {{ window }} is cancelled.{% if reason %} "
        "Reason: {{ reason }}{% endif %}\n\nYour dashboard: {{ url }}\n",
        "window, reason, url",
    ),
    MessageKey.BOOKING_RESCHEDULED: (
        "Booking moved to {{ window }}",
        "Hello {{ name }},\n\n"
        "Your seat has moved from {{ old_window }} to {{ window }}, open from {{ opens }} to "
        "{{ closes }} ({{ time_zone }}). Your new authorization code is {{ authorization_code }}."
        "\n\nYour booking: {{ url }}\n",
        "old_window, window, opens, closes, time_zone, authorization_code, url",
    ),
    MessageKey.RESULTS_RELEASED: (
        "Your {{ program }} result is available",
        "Hello {{ name }},\n\nYour result for the {{ program }} exam taken on {{ sat_on }} is "
        "available: {{ url }}\n",
        "program, sat_on, url",
    ),
    MessageKey.CREDENTIAL_ISSUED: (
        "Your {{ program }} credential",
        "Hello {{ name }},\n\nCongratulations: your {{ program }} {{ award }} has been issued "
        "(number {{ credential_number }}){% if expires_on %}, valid until {{ expires_on }}"
        "{% endif %}.\n\nYour signed digital credential and your certificate are on your "
        "credentials page: {{ url }}\n",
        "program, award, credential_number, expires_on (empty when it does not expire), url",
    ),
    MessageKey.CREDENTIAL_SUSPENDED: (
        "Your {{ program }} {{ award }} is suspended",
        "Hello {{ name }},\n\n"
        "Your {{ program }} {{ award }} (number {{ credential_number }}) was suspended on "
        "{{ decided_on }}{% if reason %}, for this reason:\n\n{{ reason }}{% else %}.{% endif %}"
        "\n\nWhat this means: the public registry now shows it as suspended, and the status "
        "list of your digital credential says so, so anyone who verifies it sees that it is not "
        "current. Until it is reinstated, do not present it as current.\n\n"
        "You may appeal this decision until {{ appeal_by }}: {{ url }}\n",
        "program, award, credential_number, decided_on, reason, appeal_by, url",
    ),
    MessageKey.CREDENTIAL_REVOKED: (
        "Your {{ program }} {{ award }} is revoked",
        "Hello {{ name }},\n\n"
        "Your {{ program }} {{ award }} (number {{ credential_number }}) was revoked on "
        "{{ decided_on }}{% if reason %}, for this reason:\n\n{{ reason }}{% else %}.{% endif %}"
        "\n\nWhat this means: it is withdrawn for good. The public registry now shows it as "
        "revoked, and the status list of your digital credential says so, so anyone who "
        "verifies it sees that it is no longer valid. Do not present it, its certificate or its "
        "wallet card as valid.\n\n"
        "You may appeal this decision until {{ appeal_by }}: {{ url }}\n",
        "program, award, credential_number, decided_on, reason, appeal_by, url",
    ),
    MessageKey.CREDENTIAL_REINSTATED: (
        "Your {{ program }} {{ award }} is reinstated",
        "Hello {{ name }},\n\n"
        "Your {{ program }} {{ award }} (number {{ credential_number }}) was reinstated on "
        "{{ decided_on }}{% if reason %}, for this reason:\n\n{{ reason }}{% else %}.{% endif %}"
        "\n\nWhat this means: the public registry now shows it as {{ status }}, and the "
        "status list of your digital credential no longer marks it as suspended or revoked."
        "\n\nYour credentials page: {{ url }}\n",
        "program, award, credential_number, decided_on, reason, status (active, or expired "
        "when it is past its expiry date), url",
    ),
    **_RECERTIFICATION_TEMPLATES,
    # A complainant may give no name (only an address): the greeting does without one.
    MessageKey.COMPLAINT_ACKNOWLEDGED: (
        "We received your complaint {{ reference }}",
        "{% if name %}Hello {{ name }},{% else %}Hello,{% endif %}\n\n"
        "We received your complaint {{ reference }} about {{ program }} on {{ received_on }}. "
        "Our credentialing staff are looking at it, and we will tell you the outcome by "
        "{{ close_by }}.\n\n"
        "See where it stands with its reference and this email address: {{ status_url }}\n",
        "reference, program, received_on, close_by, status_url",
    ),
    MessageKey.COMPLAINT_OUT_OF_SCOPE: (
        "Your complaint {{ reference }}",
        "{% if name %}Hello {{ name }},{% else %}Hello,{% endif %}\n\n"
        "We have looked at your complaint {{ reference }} about {{ program }}. It is not one "
        "we can act on as the certifying body, for this reason:\n\n{{ reason }}\n\n"
        "Your complaint is closed. Thank you for telling us.\n",
        "reference, program, reason",
    ),
    MessageKey.COMPLAINT_CLOSED: (
        "Outcome of your complaint {{ reference }}",
        "{% if name %}Hello {{ name }},{% else %}Hello,{% endif %}\n\n"
        "We have finished looking into your complaint {{ reference }} about {{ program }}. "
        "The outcome:\n\n{{ outcome }}\n"
        "{% if actions %}\nWhat we are changing as a result:\n{{ actions }}\n{% endif %}"
        "\nThank you for telling us.\n",
        "reference, program, outcome, actions",
    ),
    MessageKey.DISCIPLINE_NOTICE: (
        "Notice of a discipline case ({{ reference }}, {{ program }})",
        "Hello {{ name }},\n\n"
        "The certifying body has opened a discipline case ({{ reference }}) about you, concerning "
        "{{ program }}. The allegations are:\n\n{{ allegations }}\n\n"
        "You may answer them, with any evidence you wish the hearing panel to see, until "
        "{{ response_due }}. An independent panel hears the case after that date, whether or not "
        "you answer.\n\nYour case: {{ url }}\n",
        "reference, program, allegations, response_due, url",
    ),
    MessageKey.DISCIPLINE_RESPONSE: (
        "We received your response ({{ reference }})",
        "Hello {{ name }},\n\n"
        "We received your response to discipline case {{ reference }} on {{ responded_on }}, "
        "with {{ documents }} document(s). The hearing panel will read it.\n\n{{ url }}\n",
        "reference, responded_on, documents, url",
    ),
    MessageKey.DISCIPLINE_HEARING: (
        "Your discipline case goes to a hearing panel ({{ reference }})",
        "Hello {{ name }},\n\n"
        "Discipline case {{ reference }} ({{ program }}) is now before an independent hearing "
        "panel of {{ panel_size }}. None of its members brought the allegations or has "
        "declared a conflict of interest with you. We will write to you with its "
        "decision.\n\n{{ url }}\n",
        "reference, program, panel_size, url",
    ),
    MessageKey.DISCIPLINE_DECIDED: (
        "Decision in discipline case {{ reference }}",
        "Hello {{ name }},\n\n"
        "The hearing panel has decided discipline case {{ reference }} ({{ program }}): "
        "{{ sanction }}.\n\n{{ reasons }}\n\n{% if details %}{{ details }}\n\n{% endif %}"
        "You may appeal this decision until {{ appeal_by }}: {{ url }}\n",
        "reference, program, sanction, reasons, details, appeal_by, url",
    ),
    MessageKey.JOB_ANALYSIS_INVITATION: (
        "Help shape the {{ program }} exam: a {{ minutes }}-minute survey",
        "Hello,\n\n"
        "{{ program }} is reviewing what people in the field do and need to know, so that the "
        'exam matches the work. Please rate the statements of the survey "{{ study }}": it '
        "takes about {{ minutes }} minutes.\n\n"
        "Your answers are anonymous: we see whether you took part, never what you answered.\n\n"
        "Your personal link (it starts the survey once):\n\n{{ link }}\n",
        "program, study, minutes, link",
    ),
    # A carried-out erasure greets nobody by name: the record of it must not keep the name.
    MessageKey.ERASURE_CARRIED_OUT: (
        "Your data at {{ site_name }} is erased",
        "{% if name %}Hello {{ name }},{% else %}Hello,{% endif %}\n\n"
        "We have carried out your request of {{ requested_on }} to erase your data. Your "
        "account is closed: you can no longer sign in, and this is the last message we send "
        "to this address.\n\n"
        "Removed:\n{{ removed }}\n\n"
        "Kept, because a certification body must keep the record of what it granted:\n"
        "{{ kept }}\n\n"
        "Anyone who has one of your credential numbers can still check that credential in the "
        "public registry.\n",
        "requested_on, removed, kept (each one item a line)",
    ),
    MessageKey.ERASURE_REFUSED: (
        "Your request to erase your data at {{ site_name }}",
        "Hello {{ name }},\n\n"
        "Your request of {{ requested_on }} to erase your data is refused, for this reason:"
        "\n\n{{ reason }}\n\n"
        "Your data and your account stay as they were. You may ask again when the reason no "
        "longer holds: {{ url }}\n",
        "requested_on, reason, url",
    ),
    MessageKey.JOB_ANALYSIS_REMINDER: (
        "Reminder: the {{ program }} survey",
        "Hello,\n\n"
        'The survey "{{ study }}" of {{ program }} is still open, and your answers would help '
        "the exam match the work. It takes about {{ minutes }} minutes.\n\n"
        "Your new personal link (the earlier one no longer works):\n\n{{ link }}\n",
        "program, study, minutes, link",
    ),
}

# Staff-written templates render in an engine of their own: no file templates to include.
_ENGINE = Engine(loaders=[("django.template.loaders.locmem.Loader", {})], autoescape=False)

_recorded_only: ContextVar[bool] = ContextVar("hallmark_recorded_only", default=False)


@contextmanager
def recorded_only() -> Iterator[None]:
    """Record messages without delivering them (the demo's seeded history is not mailed)."""
    token = _recorded_only.set(True)
    try:
        yield
    finally:
        _recorded_only.reset(token)


def only_recording() -> bool:
    """Whether messages are being recorded without delivery (inside `recorded_only`)."""
    return _recorded_only.get()


def template_problems(subject: str, body: str) -> list[str]:
    """Why a subject or body cannot be used as a template, in words; empty when it can."""
    problems = []
    for part, text in (("subject", subject), ("body", body)):
        try:
            _ENGINE.from_string(text)
        except TemplateSyntaxError as error:
            problems.append(f"The {part} is not a valid template: {error}")
    if "\n" in subject.strip():
        problems.append("The subject must be a single line.")
    return problems


def _defaults() -> Iterator[tuple[MessageKey, str, str, str, str]]:
    """(key, language, subject, body, placeholders) of every default template."""
    for key, (subject, body, placeholders) in DEFAULT_TEMPLATES.items():
        yield key, "en", subject, body, placeholders
        if key in SPANISH_TEMPLATES:
            yield key, "es", *SPANISH_TEMPLATES[key], placeholders


def ensure_templates() -> int:
    """Create the template of every message and language that has none yet; return how many
    were created."""
    created = 0
    for key, language, subject, body, placeholders in _defaults():
        _, new = MessageTemplate.objects.get_or_create(
            key=key,
            language=language,
            defaults={
                "subject": subject,
                "body": body,
                "placeholders": f"{_COMMON}, {placeholders}",
            },
        )
        created += new
    return created


def ensure_templates_after_migrate(sender: Any, **kwargs: Any) -> None:
    if sender.label == "accounts":
        ensure_templates()


def language_of(person: User | None) -> str:
    """The language to write to a person in: their choice, else the site's."""
    return (person.language if person else "") or settings.LANGUAGE_CODE


class MissingTemplate(LookupError):
    """A message has no English template, and no English default to make one from."""


def _templates(key: MessageKey, language: str) -> dict[str, MessageTemplate]:
    wanted = {language, "en"}
    return {t.language: t for t in MessageTemplate.objects.filter(key=key, language__in=wanted)}


def _template(key: MessageKey, language: str = "en") -> MessageTemplate:
    """The template of `key` in `language`, else in English. A missing template is made from
    the defaults once; a key with no English default is an error, said plainly."""
    templates = _templates(key, language)
    if "en" not in templates:
        ensure_templates()
        templates = _templates(key, language)
    if "en" not in templates:
        raise MissingTemplate(
            f"message {key}: no English template, and no English default in "
            "DEFAULT_TEMPLATES to create it from"
        )
    return templates.get(language) or templates["en"]


def _render(text: str, context: Mapping[str, Any]) -> str:
    return _compiled(text).render(Context(dict(context), autoescape=False))


@functools.lru_cache(maxsize=256)
def _compiled(text: str) -> Template:
    """A template's text compiled once (a release renders one message thousands of times)."""
    return _ENGINE.from_string(text)


def notify(
    person: User | None,
    key: MessageKey,
    context: Mapping[str, Any],
    *,
    to: str | None = None,
    secrets: Mapping[str, str] | None = None,
    unrecorded_to: str = "",
    language: str | None = None,
) -> SentMessage:
    """Queue the message `key` to `person` (or to the address `to`, about `person`), recorded
    now and sent once the caller's transaction commits.

    `secrets` are values (one-time links) that go into the mail but not into the record.
    `unrecorded_to` is an address the mail goes to but the record does not keep beyond its
    sending (an erased person's former address: the record keeps their pseudonymous one).
    `language` overrides the person's: a case kept in the language it was filed in (a
    complaint from someone without an account) is written to in that language.
    """
    address = to or (person.email if person else "")
    if not address:
        raise ValueError(f"message {key}: no address to send it to")
    language = language or language_of(person)
    fields = _compose(_template(key, language), person, context, language, secrets=secrets)
    return enqueue(deliver=not _recorded_only.get(), to=address, secret_to=unrecorded_to, **fields)


def notify_many(key: MessageKey, people: Sequence[tuple[User, Mapping[str, Any]]]) -> int:
    """Queue the message `key` to each person with their context, written in one insert and
    sent after the commit by one task (many holders told of one release). Returns how many."""
    templates: dict[str, MessageTemplate] = {}
    messages = []
    for person, context in people:
        language = language_of(person)
        if language not in templates:
            templates[language] = _template(key, language)
        fields = _compose(templates[language], person, context, language)
        messages.append({"to": person.email, **fields})
    return enqueue_many(messages, deliver=not _recorded_only.get())


def _compose(
    template: MessageTemplate,
    person: User | None,
    context: Mapping[str, Any],
    language: str,
    *,
    secrets: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The fields of one message: its subject and body rendered for `person`, in `language`
    (dates, numbers)."""
    values = {
        "name": person.display_name if person else "",
        "site_name": settings.SITE_NAME,
        "site_url": settings.PUBLIC_BASE_URL,
        **context,
    }
    withheld = dict.fromkeys(secrets or {}, WITHHELD)
    with translation.override(language):
        # One line, cut to what the record holds (a long program name must not fail the change).
        subject = " ".join(_render(template.subject, values | withheld).split())[:SUBJECT_LENGTH]
        return {
            "secret_body": _render(template.body, values | dict(secrets)) if secrets else "",
            "key": template.key,
            "template": template,
            "person": person,
            "subject": subject,
            "body": _render(template.body, values | withheld),
        }
