"""Every appeal of a denied application or accommodation, filed before appeals were heard by
panels, copied into the one Appeal of every decision: the statement becomes the grounds, the
officer's decision the outcome with its reasons. Such an appeal has no panel; it is marked with
the record it came from. An appeal still open is received, for a panel to hear."""

import datetime

from django.db import migrations

DECIDED = {"upheld": "upheld", "overturned": "overturned"}
DEFAULT_ACKNOWLEDGE_DAYS, DEFAULT_DECIDE_DAYS = 7, 60


def _deadlines(apps, program, day):
    policy = (
        apps.get_model("programs", "CasePolicy")
        .objects.filter(program=program, effective_from__lte=day)
        .order_by("-effective_from", "-version")
        .first()
    )
    acknowledge = policy.acknowledge_days if policy else DEFAULT_ACKNOWLEDGE_DAYS
    decide = policy.decide_days if policy else DEFAULT_DECIDE_DAYS
    return day + datetime.timedelta(days=acknowledge), day + datetime.timedelta(days=decide)


def _reference(apps, year):
    counter, _ = apps.get_model("certification", "AppealCounter").objects.get_or_create(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"APL-{year}-{counter.last:04d}"


def _summary(kind, decided, filed_on):
    what = "Application" if kind == "application" else "Accommodation request"
    reason = decided.decision_reason if decided.status == "denied" else ""
    return f"{what} denied (appeal filed {filed_on:%d %B %Y}). {reason}".strip()


def copy_exam_appeals(apps, schema_editor):
    Old = apps.get_model("exams", "Appeal")
    New = apps.get_model("certification", "Appeal")
    for old in Old.objects.order_by("filed_at", "pk"):
        marker = f"exams appeal {old.pk}"
        if New.objects.filter(imported_from=marker).exists():
            continue
        kind = "application" if old.application_id else "accommodation"
        decided = old.application if old.application_id else old.accommodation
        filed_on = old.filed_at.date()
        acknowledge_by, decide_by = _deadlines(apps, decided.program, filed_on)
        outcome = DECIDED.get(old.status, "")
        New.objects.create(
            reference=_reference(apps, filed_on.year),
            appellant_id=old.candidate_id,
            program_id=decided.program_id,
            subject=kind,
            application_id=old.application_id,
            accommodation_id=old.accommodation_id,
            decision_summary=_summary(kind, decided, filed_on),
            decided_on=decided.decided_at.date() if decided.decided_at else filed_on,
            appeal_by=decided.appeal_by or filed_on,
            grounds=old.statement,
            status="closed" if outcome else "received",
            received_at=old.filed_at,
            acknowledge_by=acknowledge_by,
            decide_by=decide_by,
            outcome=outcome,
            outcome_reasons=old.decision_reason if outcome else "",
            applied="The denial was overturned: approved." if outcome == "overturned" else "",
            decided_at=old.decided_at if outcome else None,
            decided_by_id=old.decided_by_id if outcome else None,
            closed_at=old.decided_at if outcome else None,
            imported_from=marker,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0009_appeals"),
        ("exams", "0006_fee_status_due"),
        ("programs", "0003_case_policy"),
    ]

    operations = [
        # Backwards the copies stay: the old table is made again, empty, by exams' migration.
        migrations.RunPython(copy_exam_appeals, migrations.RunPython.noop),
    ]
