"""The respondent's steps of a study's survey, each in one transaction: start (by an invitation's
one-time token or the open link), resume by the secret the browser holds, save ratings and
background answers, complete. Nothing links a response to its invitation."""

import datetime
import secrets
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction

from hallmark.jobanalysis.data import (
    ExclusionReason,
    ResponseChannel,
    StudyStatus,
)
from hallmark.jobanalysis.models import Invitation as InvitationRow
from hallmark.jobanalysis.models import (
    Rating,
    Response,
    Study,
)
from hallmark.jobanalysis.rules import (
    digest,
    locked_study,
    require_status,
    statements_of,
    to_the_day,
)
from hallmark.lib.clock import now_or
from hallmark.programs.models import Competency


def _invitation(study: Study, token: str) -> InvitationRow:
    invitation = (
        InvitationRow.objects.select_for_update()
        .filter(study=study, token_hash=digest(token))
        .first()
    )
    if invitation is None:
        raise ValidationError(f"{study.title}: this link is unknown or has been replaced.")
    return invitation


def link_state(study: Study, token: str) -> str:
    """Where an invitation's link stands, read before anything is started: "unknown" (never
    issued, or replaced by a reminder's), "used" (it started a response, or its invitation is
    completed) or "unused"."""
    invitation = InvitationRow.objects.filter(study=study, token_hash=digest(token)).first()
    if invitation is None:
        return "unknown"
    if invitation.token_used or invitation.completed_at is not None:
        return "used"
    return "unused"


@transaction.atomic
def mark_opened(study: Study, token: str, *, now: datetime.datetime | None = None) -> None:
    """The invitation's link was opened (to the day, as its other steps): the survey's funnel
    counts invitations opened apart from those started."""
    InvitationRow.objects.filter(
        study=study, token_hash=digest(token), opened_at__isnull=True
    ).update(opened_at=to_the_day(now_or(now)))


@transaction.atomic
def start_response(
    study: Study,
    *,
    token: str | None = None,
    screening_ok: bool = True,
    now: datetime.datetime | None = None,
) -> tuple[Response, str]:
    """Start a response by an invitation's token, or by the open link without one.

    Returns the response and its resume secret (for the respondent's browser only). A
    respondent the screening question turns away gets a response excluded as screened out."""
    study = locked_study(study)
    require_status(study, [StudyStatus.SURVEY_OPEN], "start a response")
    at = now_or(now)
    channel = ResponseChannel.OPEN_LINK
    if token is not None:
        invitation = _invitation(study, token)
        if invitation.token_used or invitation.completed_at is not None:
            raise ValidationError(f"{study.title}: this link has already been used.")
        invitation.token_used = True
        invitation.opened_at = invitation.opened_at or to_the_day(at)
        invitation.started_at = to_the_day(at)
        invitation.save()
        channel = ResponseChannel.INVITATION
    secret = secrets.token_urlsafe(32)
    response = Response.objects.create(
        study=study,
        started_at=at,
        resume_hash=digest(secret),
        channel=channel,
        excluded=not screening_ok,
        exclusion_reason="" if screening_ok else ExclusionReason.SCREENED_OUT,
        excluded_at=None if screening_ok else at,
    )
    return response, secret


def resume(study: Study, secret: str) -> Response:
    """The response a resume secret belongs to, to carry on rating."""
    response = Response.objects.filter(study=study, resume_hash=digest(secret)).first()
    if response is None:
        raise ValidationError(f"{study.title}: no response to resume with this secret.")
    return response


def _open_response(response: Response, what: str) -> Response:
    response = Response.objects.select_for_update().select_related("study").get(pk=response.pk)
    require_status(response.study, [StudyStatus.SURVEY_OPEN], what)
    if response.completed_at is not None:
        raise ValidationError(f"{response}: already completed, it cannot change.")
    if response.exclusion_reason == ExclusionReason.SCREENED_OUT:
        raise ValidationError(f"{response}: screened out, it takes no ratings.")
    return response


@transaction.atomic
def save_ratings(
    response: Response,
    ratings: Mapping[tuple[int, str], int | None],
    background: Mapping[str, str] | None = None,
) -> Response:
    """Save some ratings ((statement pk, scale key) -> value, None for "not answered") and
    background answers; all or nothing, every problem named."""
    response = _open_response(response, "save ratings")
    study = response.study
    scales = {s.key: s for s in study.scales.all()}
    codes = dict(
        Competency.objects.filter(domain__outline_id=study.draft_outline_id).values_list(
            "pk", "code"
        )
    )
    problems = []
    for (competency_pk, key), value in ratings.items():
        if competency_pk not in codes:
            problems.append(f"Statement {competency_pk} is not in {study.draft_outline}.")
        elif key not in scales:
            problems.append(f"Statement {codes[competency_pk]}: {study.title} asks no {key} scale.")
        elif value is not None and not (
            isinstance(value, int) and scales[key].low <= value <= scales[key].high
        ):
            problems.append(
                f"Statement {codes[competency_pk]}, {key}: {value!r} is outside "
                f"{scales[key].low}-{scales[key].high}."
            )
    questions = {q.key: q for q in study.background.all()}
    for key, answer in (background or {}).items():
        if key not in questions:
            problems.append(f"{study.title} asks no background question {key!r}.")
        elif questions[key].choices and answer not in questions[key].choices:
            problems.append(f"Background {key}: {answer!r} is not one of its choices.")
    if problems:
        raise ValidationError(problems)
    # One upsert for the page, as the exam's autosave writes its answer, not two queries a rating.
    Rating.objects.bulk_create(
        [
            Rating(response=response, competency_id=competency_pk, scale=key, value=value)
            for (competency_pk, key), value in ratings.items()
        ],
        update_conflicts=True,
        unique_fields=["response", "competency", "scale"],
        update_fields=["value"],
    )
    if background:
        response.background = {**response.background, **background}
        response.save(update_fields=["background"])
    return response


@transaction.atomic
def complete(
    response: Response, *, token: str | None = None, now: datetime.datetime | None = None
) -> Response:
    """Finish a response: every statement rated on every required scale. With the
    invitation's token (held only by the respondent's session) the invitation is marked
    completed; nothing links the two records."""
    response = _open_response(response, "complete a response")
    study = response.study
    required = list(study.scales.filter(required=True).values_list("key", flat=True))
    statements = statements_of(study)
    answered = set(
        response.ratings.filter(value__isnull=False).values_list("competency_id", "scale")
    )
    missing = [
        f"{c.code} ({key})" for c in statements for key in required if (c.pk, key) not in answered
    ]
    if missing:
        raise ValidationError(f"{response}: not yet rated: {', '.join(missing)}.")
    at = now_or(now)
    if token is not None:
        invitation = _invitation(study, token)
        if invitation.completed_at is not None:
            raise ValidationError(f"{study.title}: this link has already been used.")
        invitation.completed_at = to_the_day(at)
        invitation.save()
    response.completed_at = at
    response.seconds = max(0, int((at - response.started_at).total_seconds()))
    response.save()
    return response
