"""Programs' retention schedules, and the record of what the daily job removed under them.

The schedule lives here, keyed by program, so that every app below the programs app's users
can read it; each app removes its own records (exams: evidence files and responses; accounts:
messages' text) and records the removal with `record_removal`.
"""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Max

from hallmark.accounts.data import DeliveryStatus, RetainedKind
from hallmark.accounts.models import (
    EVIDENCE_DAYS,
    MESSAGES_DAYS,
    RESPONSES_DAYS,
    RetentionRecord,
    RetentionSchedule,
    SentMessage,
)
from hallmark.accounts.personal_data import remove_message_texts

WAITING = (DeliveryStatus.QUEUED, DeliveryStatus.SENDING)


@dataclass(frozen=True)
class Schedule:
    evidence_days: int = EVIDENCE_DAYS
    responses_days: int = RESPONSES_DAYS
    messages_days: int = MESSAGES_DAYS

    def cutoff(self, kind: RetainedKind, now: datetime.datetime) -> datetime.datetime:
        """What was made before this moment is past its retention."""
        days = {
            RetainedKind.EVIDENCE: self.evidence_days,
            RetainedKind.RESPONSES: self.responses_days,
            RetainedKind.MESSAGES: self.messages_days,
        }[kind]
        return now - datetime.timedelta(days=days)


def schedule_for(program_id: int) -> Schedule:
    """The program's schedule, or the defaults if it has none."""
    row = RetentionSchedule.objects.filter(program_id=program_id).first()
    if row is None:
        return Schedule()
    return Schedule(row.evidence_days, row.responses_days, row.messages_days)


def record_removal(
    kind: RetainedKind, count: int, made_before: datetime.datetime, program_id: int | None = None
) -> None:
    """Record what the daily job removed; nothing when it removed nothing (a rerun)."""
    if count:
        RetentionRecord.objects.create(
            program_id=program_id, kind=kind, count=count, made_before=made_before
        )


def messages_days() -> int:
    """A message belongs to no one program: it is kept as long as any program asks (a program
    without a schedule asks for the default)."""
    programs = apps.get_model("programs", "Program")  # by name: programs sits above accounts
    schedules = RetentionSchedule.objects.all()
    longest: int | None = schedules.aggregate(days=Max("messages_days"))["days"]
    if longest is None or programs._default_manager.count() > schedules.count():
        return max(longest or 0, MESSAGES_DAYS)
    return longest


def remove_old_message_texts(now: datetime.datetime) -> int:
    """Blank the text of messages sent before the retention cutoff; idempotent."""
    made_before = now - datetime.timedelta(days=messages_days())
    # Only messages that are out: the outbox still needs a queued one's text.
    done = SentMessage.objects.filter(sent_at__lt=made_before).exclude(status__in=WAITING)
    count = remove_message_texts(done, now)
    record_removal(RetainedKind.MESSAGES, count, made_before)
    return count
