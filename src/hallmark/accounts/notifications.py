"""Messages to people: staff-editable templates, one `notify` call, a record of every message.

Every app notifies through `notify(person, key, context)`. The template for `key` is a
`MessageTemplate` row that staff edit in the admin; a missing row is created from the defaults
below (never overwritten). Each message is written to the outbox (`hallmark.accounts.outbox`)
as a `SentMessage` in the caller's transaction and mailed after it commits: a failed delivery is
retried, then recorded as failed, and never undoes the change that caused it.
"""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.template import Context, Engine, TemplateSyntaxError

from hallmark.accounts.data import MessageKey
from hallmark.accounts.models import MessageTemplate, SentMessage, User
from hallmark.accounts.outbox import enqueue

# What the record keeps in place of a one-time link (the link itself must not outlive the mail).
WITHHELD = "[one-time link: sent, not kept]"

_COMMON = "name (how to address the person), site_name, site_url"

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
        "(number {{ credential_number }}), valid until {{ expires_on }}.\n\n{{ url }}\n",
        "program, award, credential_number, expires_on, url",
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


def ensure_templates() -> int:
    """Create the template of every message that has none yet; return how many were created."""
    created = 0
    for key, (subject, body, placeholders) in DEFAULT_TEMPLATES.items():
        _, new = MessageTemplate.objects.get_or_create(
            key=key,
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


def _template(key: MessageKey) -> MessageTemplate:
    template = MessageTemplate.objects.filter(key=key).first()
    if template is None:
        ensure_templates()
        template = MessageTemplate.objects.get(key=key)
    return template


def _render(text: str, context: Mapping[str, Any]) -> str:
    return _ENGINE.from_string(text).render(Context(dict(context), autoescape=False))


def notify(
    person: User | None,
    key: MessageKey,
    context: Mapping[str, Any],
    *,
    to: str | None = None,
    secrets: Mapping[str, str] | None = None,
) -> SentMessage:
    """Queue the message `key` to `person` (or to the address `to`, about `person`), recorded
    now and sent once the caller's transaction commits.

    `secrets` are values (one-time links) that go into the mail but not into the record.
    """
    address = to or (person.email if person else "")
    if not address:
        raise ValueError(f"message {key}: no address to send it to")
    template = _template(key)
    values = {
        "name": person.display_name if person else "",
        "site_name": settings.SITE_NAME,
        "site_url": settings.PUBLIC_BASE_URL,
        **context,
    }
    withheld = dict.fromkeys(secrets or {}, WITHHELD)
    subject = " ".join(_render(template.subject, values | withheld).split())
    recorded_body = _render(template.body, values | withheld)
    return enqueue(
        deliver=not _recorded_only.get(),
        secret_body=_render(template.body, values | dict(secrets)) if secrets else "",
        key=key,
        template=template,
        person=person,
        to=address,
        subject=subject,
        body=recorded_body,
    )
