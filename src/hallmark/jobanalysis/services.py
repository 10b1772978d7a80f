"""Staff's changes of state of a job-analysis study, each in one transaction, each needing
`jobanalysis.manage_study`: setting it up, the panel, the survey's opening, invitations and
reminders, quality flags, the fixed analysis and the adoption of the next outline version.

The respondent's steps are in `survey` (authorised by a one-time token or the open link, then
by the resume secret the browser holds), the figures in `analysis`. Only hashes of tokens and
secrets are stored.
"""

import datetime
import secrets
import statistics
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from hallmark.accounts.data import MessageKey
from hallmark.accounts.models import User
from hallmark.accounts.notifications import notify
from hallmark.jobanalysis.analysis import analyse, computed_domain_weights, plain
from hallmark.jobanalysis.data import (
    ALWAYS_ASKED,
    BEFORE_SURVEY,
    BorderlineDecision,
    CommentPhase,
    ExclusionReason,
    ScaleKey,
    StudyStatus,
)
from hallmark.jobanalysis.models import (
    BackgroundQuestion,
    PanelComment,
    Response,
    SamplingTarget,
    Study,
    StudyAnalysis,
    StudyScale,
    WeightAdjustment,
)
from hallmark.jobanalysis.models import Invitation as InvitationRow
from hallmark.jobanalysis.rules import (
    MANAGE,
    digest,
    locked_study,
    require_status,
    statements_of,
)
from hallmark.lib.clock import now_or
from hallmark.lib.permissions import need
from hallmark.programs.models import HUNDRED, Competency, ContentOutline, Domain, plain_number
from hallmark.programs.services import CompetencySpec, DomainSpec, set_outline_domains
from hallmark.psychometrics.job_analysis import (
    SCALES,
    WEIGHT_FORMULAS,
)

QUESTIONS = {
    ScaleKey.IMPORTANCE: "How important is this to competent performance?",
    ScaleKey.FREQUENCY: "How often do you perform this?",
    ScaleKey.CRITICALITY: "How serious is the harm if this is done wrongly?",
    ScaleKey.NEEDED_AT_ENTRY: "Is this needed on the first day of the job?",
}


@transaction.atomic
def create_study(
    program: Any,
    draft_outline: ContentOutline,
    title: str,
    *,
    by: User | None,
    exam_length: int | None = None,
    **options: Any,
) -> Study:
    """A study of `program` starting from its draft outline, asking importance and frequency.

    `options` are the study's other settings (estimated_minutes, minimum_mean_importance,
    weight_formula, ...)."""
    need(by, MANAGE, "start a job analysis study")
    problems = []
    if draft_outline.program_id != program.pk:
        problems.append(f"{draft_outline} belongs to another program than {program.designation}.")
    if draft_outline.is_published:
        problems.append(f"{draft_outline} is published: a study starts from a draft version.")
    statements = Competency.objects.filter(domain__outline=draft_outline)
    if not statements.exists():
        problems.append(f"{draft_outline} has no statements to rate.")
    codes = list(statements.values_list("code", flat=True))
    for code in sorted({c for c in codes if codes.count(c) > 1}):
        problems.append(f"{draft_outline}: statement code {code} is used in two domains.")
    if not title.strip():
        problems.append("A study needs a title.")
    if problems:
        raise ValidationError(problems)
    study = Study(
        program=program,
        draft_outline=draft_outline,
        title=title.strip(),
        exam_length=exam_length,
        created_by=by,
        **options,
    )
    study.full_clean()
    study.save()
    for key in ALWAYS_ASKED:
        _make_scale(study, key, QUESTIONS[key], required=True)
    return study


def _make_scale(study: Study, key: str, question: str, *, required: bool) -> StudyScale:
    scale = SCALES[key]
    row = StudyScale(
        study=study,
        key=key,
        question=question,
        low=int(scale.low),
        high=int(scale.high),
        required=required,
    )
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def add_scale(
    study: Study, key: str, *, by: User | None, question: str = "", required: bool = False
) -> StudyScale:
    """Ask one more scale (criticality, needed at entry) of every statement."""
    need(by, MANAGE, "change a job analysis study")
    study = locked_study(study)
    require_status(study, BEFORE_SURVEY, "add a scale")
    if key not in ScaleKey.values:
        raise ValidationError(f"{study}: unknown scale {key!r} (one of {', '.join(ScaleKey)}).")
    if study.scales.filter(key=key).exists():
        raise ValidationError(f"{study}: the {key} scale is already asked.")
    return _make_scale(study, key, question or QUESTIONS[ScaleKey(key)], required=required)


@transaction.atomic
def add_background_question(
    study: Study,
    key: str,
    text: str,
    *,
    by: User | None,
    choices: Sequence[str] = (),
    subgroup: bool = False,
) -> BackgroundQuestion:
    need(by, MANAGE, "change a job analysis study")
    study = locked_study(study)
    require_status(study, BEFORE_SURVEY, "add a background question")
    if study.background.filter(key=key).exists():
        raise ValidationError(f"{study}: background question {key!r} is already asked.")
    if subgroup and not choices:
        raise ValidationError(
            f"{study}: background question {key!r} groups respondents, so it needs choices."
        )
    question = BackgroundQuestion(
        study=study,
        key=key,
        text=text,
        choices=[str(c) for c in choices],
        subgroup=subgroup,
        order=study.background.count() + 1,
    )
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def set_sampling_plan(
    question: BackgroundQuestion, targets: Mapping[str, Decimal | int | str], *, by: User | None
) -> list[SamplingTarget]:
    """The share of respondents wanted from each answer of a subgroup question, in percent,
    summing to 100; it replaces the question's earlier plan. Set before the survey closes."""
    need(by, MANAGE, "set a job analysis study's sampling plan")
    study = locked_study(question.study)
    require_status(study, [*BEFORE_SURVEY, StudyStatus.SURVEY_OPEN], "set the sampling plan")
    problems = []
    if not question.subgroup:
        problems.append(f"{study}: {question.key!r} does not group respondents: no plan for it.")
    percents: dict[str, Decimal] = {}
    for cell, value in targets.items():
        if cell not in question.choices:
            problems.append(f"{question.key}: {cell!r} is not one of its answers.")
            continue
        try:
            percents[cell] = Decimal(str(value))
        except ArithmeticError:
            problems.append(f"{question.key} {cell}: {value!r} is not a number.")
            continue
        if not 0 <= percents[cell] <= 100:
            problems.append(f"{question.key} {cell}: {value}% is not between 0 and 100.")
    total = sum(percents.values(), Decimal(0))
    if not problems and total != HUNDRED:
        problems.append(f"{question.key}: the targets sum to {plain_number(total)}%, not 100%.")
    if problems:
        raise ValidationError(problems)
    question.targets.all().delete()  # a plan, not history: the study's figures cite the last
    return SamplingTarget.objects.bulk_create(
        SamplingTarget(question=question, cell=cell, target_percent=percent)
        for cell, percent in percents.items()
    )


def _statement_of(study: Study, competency: Competency) -> Competency:
    if competency.domain.outline_id != study.draft_outline_id:
        raise ValidationError(
            f"{study}: statement {competency.code} is not in {study.draft_outline}."
        )
    return competency


@transaction.atomic
def comment(
    study: Study, competency: Competency, text: str, *, by: User | None, proposed: str = ""
) -> PanelComment:
    """A panel comment on a statement, before the survey or after it."""
    need(by, MANAGE, "comment in a job analysis study")
    study = locked_study(study)
    _statement_of(study, competency)
    if not text.strip():
        raise ValidationError(f"{study}: a comment on {competency.code} needs text.")
    phase = (
        CommentPhase.BEFORE_SURVEY if study.status in BEFORE_SURVEY else CommentPhase.AFTER_SURVEY
    )
    return PanelComment.objects.create(
        study=study,
        competency=competency,
        phase=phase,
        author=by,
        comment=text.strip(),
        proposed=proposed.strip(),
    )


@transaction.atomic
def begin_panel_review(study: Study, *, by: User | None) -> Study:
    need(by, MANAGE, "change a job analysis study")
    study = locked_study(study)
    require_status(study, [StudyStatus.DRAFT], "begin the panel review")
    study.status = StudyStatus.PANEL_REVIEW
    study.save()
    return study


@transaction.atomic
def edit_statement(
    study: Study, competency: Competency, new_text: str, *, reason: str, by: User | None
) -> PanelComment:
    """Change a statement of the draft outline before the survey, recording old and new text."""
    need(by, MANAGE, "edit a statement of a job analysis study")
    study = locked_study(study)
    require_status(study, BEFORE_SURVEY, f"edit statement {competency.code}")
    competency = Competency.objects.select_related("domain__outline").get(pk=competency.pk)
    _statement_of(study, competency)
    if competency.domain.outline.is_published:
        raise ValidationError(f"{competency.domain.outline} is published: it cannot change.")
    new_text = new_text.strip()
    if not new_text or not reason.strip():
        raise ValidationError(
            f"{study}: editing statement {competency.code} needs the new text and a reason."
        )
    if new_text == competency.statement:
        raise ValidationError(f"{study}: statement {competency.code} already reads so.")
    old = competency.statement
    competency.statement = new_text
    competency.save()
    return PanelComment.objects.create(
        study=study,
        competency=competency,
        phase=CommentPhase.BEFORE_SURVEY,
        author=by,
        comment=reason.strip(),
        old_text=old,
        new_text=new_text,
    )


@transaction.atomic
def decide_borderline(
    study: Study, competency: Competency, decision: str, *, reason: str, by: User | None
) -> PanelComment:
    """The panel keeps or drops a statement near the inclusion line, after the survey; the
    latest decision on a statement overrides the inclusion criteria when the study is adopted."""
    need(by, MANAGE, "decide on a statement of a job analysis study")
    study = locked_study(study)
    require_status(study, [StudyStatus.SURVEY_CLOSED, StudyStatus.ANALYSED], "decide on statements")
    _statement_of(study, competency)
    if decision not in (BorderlineDecision.KEEP, BorderlineDecision.DROP):
        raise ValidationError(f"{study}: a decision on {competency.code} is keep or drop.")
    if not reason.strip():
        raise ValidationError(f"{study}: the decision on {competency.code} needs a reason.")
    return PanelComment.objects.create(
        study=study,
        competency=competency,
        phase=CommentPhase.AFTER_SURVEY,
        author=by,
        comment=f"Decision: {decision}",
        decision=decision,
        decision_reason=reason.strip(),
    )


@transaction.atomic
def open_survey(study: Study, *, by: User | None, now: datetime.datetime | None = None) -> Study:
    need(by, MANAGE, "open a job analysis survey")
    study = locked_study(study)
    require_status(study, BEFORE_SURVEY, "open the survey")
    if study.draft_outline.is_published:
        raise ValidationError(f"{study.draft_outline} is published: the study needs a draft.")
    study.status = StudyStatus.SURVEY_OPEN
    study.opened_at = now_or(now)
    study.save()
    return study


@transaction.atomic
def close_survey(study: Study, *, by: User | None, now: datetime.datetime | None = None) -> Study:
    need(by, MANAGE, "close a job analysis survey")
    study = locked_study(study)
    require_status(study, [StudyStatus.SURVEY_OPEN], "close the survey")
    study.status = StudyStatus.SURVEY_CLOSED
    study.closed_at = now_or(now)
    study.save()
    return study


def survey_link(base_url: str, study: Study, token: str) -> str:
    return f"{base_url.rstrip('/')}/job-analysis/{study.pk}/i/{token}/"


def _mail(study: Study, key: MessageKey, email: str, link: str) -> None:
    notify(
        None,
        key,
        {
            "program": study.program.name,
            "study": study.title,
            "minutes": study.estimated_minutes,
        },
        to=email,
        secrets={"link": link},
    )


@transaction.atomic
def invite(
    study: Study,
    emails_with_cells: Sequence[tuple[str, str, str]],
    *,
    by: User | None,
    base_url: str,
    now: datetime.datetime | None = None,
) -> int:
    """Invite each (email, region, setting) with a one-time link; return how many.

    All or nothing: a bad or repeated address (in the list or already invited) refuses all."""
    need(by, MANAGE, "invite respondents to a job analysis survey")
    study = locked_study(study)
    require_status(study, [StudyStatus.SURVEY_OPEN], "invite respondents")
    at = now_or(now)
    problems = []
    seen: set[str] = set()
    already = set(study.invitations.values_list("email", flat=True))
    rows = []
    for line, (email, region, setting) in enumerate(emails_with_cells, start=1):
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            problems.append(f"Line {line}: {email!r} is not an email address.")
            continue
        if email in seen or email in already:
            problems.append(f"Line {line}: {email} is already invited to {study.title}.")
        seen.add(email)
        rows.append((email, region.strip(), setting.strip()))
    if not rows and not problems:
        problems.append(f"{study}: nobody to invite.")
    if problems:
        raise ValidationError(problems)
    for email, region, setting in rows:
        token = secrets.token_urlsafe(32)
        InvitationRow.objects.create(
            study=study,
            email=email,
            token_hash=digest(token),
            token_issued_at=at,
            region=region,
            setting=setting,
            sent_at=at,
        )
        _mail(study, MessageKey.JOB_ANALYSIS_INVITATION, email, survey_link(base_url, study, token))
    return len(rows)


def _new_links(
    study: Study, base_url: str, at: datetime.datetime
) -> Iterator[tuple[InvitationRow, str]]:
    """A new one-time link for each invitation not completed; the old links stop working."""
    for invitation in study.invitations.filter(completed_at__isnull=True).select_for_update():
        token = secrets.token_urlsafe(32)
        invitation.token_hash = digest(token)
        invitation.token_issued_at = at
        invitation.token_used = False
        yield invitation, survey_link(base_url, study, token)


@transaction.atomic
def remind(
    study: Study, *, by: User | None, base_url: str, now: datetime.datetime | None = None
) -> int:
    """Mail a new link to everyone invited who has not completed; return how many."""
    need(by, MANAGE, "remind respondents of a job analysis survey")
    study = locked_study(study)
    require_status(study, [StudyStatus.SURVEY_OPEN], "send reminders")
    at = now_or(now)
    count = 0
    for invitation, link in _new_links(study, base_url, at):
        invitation.reminders_sent += 1
        invitation.last_reminded_at = at
        invitation.save()
        _mail(study, MessageKey.JOB_ANALYSIS_REMINDER, invitation.email, link)
        count += 1
    return count


@transaction.atomic
def personal_links(
    study: Study, *, by: User | None, base_url: str, now: datetime.datetime | None = None
) -> list[tuple[str, str]]:
    """(email, link) for everyone invited who has not completed, for a body that mails its
    members itself (a mail merge); each link is new and replaces the one sent before."""
    need(by, MANAGE, "export the personal links of a job analysis survey")
    study = locked_study(study)
    require_status(study, [StudyStatus.SURVEY_OPEN], "export personal links")
    links = []
    for invitation, link in _new_links(study, base_url, now_or(now)):
        invitation.save()
        links.append((invitation.email, link))
    return links


@dataclass(frozen=True)
class QualityFlags:
    speeders: int
    straight_liners: int
    median_seconds: float | None


@transaction.atomic
def flag_quality(study: Study, *, by: User | None) -> QualityFlags:
    """Exclude speeders (under a third of the median completion time) and straight-liners (one
    importance rating for every statement) among the completed responses still counted; a
    response staff included again is left as they decided. Only while responses may change:
    once the analysis is fixed, the responses it counted stay as they were."""
    need(by, MANAGE, "flag job analysis responses")
    study = locked_study(study)
    require_status(study, [StudyStatus.SURVEY_OPEN, StudyStatus.SURVEY_CLOSED], "flag responses")
    at = timezone.now()
    completed = list(study.responses.filter(completed_at__isnull=False, excluded=False))
    if not completed:
        return QualityFlags(0, 0, None)
    median = statistics.median(r.seconds or 0 for r in completed)
    n_statements = len(statements_of(study))
    speeders = straight = 0
    for response in completed:
        if response.excluded_by_id is not None:
            continue  # staff included it again after looking: their decision stands
        reason = ""
        if (response.seconds or 0) < median / 3:
            reason = ExclusionReason.SPEEDER
            speeders += 1
        else:
            values = list(
                response.ratings.filter(scale=ScaleKey.IMPORTANCE, value__isnull=False).values_list(
                    "value", flat=True
                )
            )
            if n_statements > 1 and len(values) == n_statements and len(set(values)) == 1:
                reason = ExclusionReason.STRAIGHT_LINER
                straight += 1
        if reason:
            response.excluded = True
            response.exclusion_reason = reason
            response.excluded_at = at
            response.save()
    return QualityFlags(speeders, straight, float(median))


@transaction.atomic
def exclude(response: Response, reason: str, *, by: User | None) -> Response:
    need(by, MANAGE, "exclude a job analysis response")
    response = Response.objects.select_for_update().get(pk=response.pk)
    require_status(response.study, [StudyStatus.SURVEY_OPEN, StudyStatus.SURVEY_CLOSED], "exclude")
    if reason not in ExclusionReason.values[1:]:
        raise ValidationError(f"{response}: {reason!r} is not a reason to exclude.")
    if response.excluded:
        raise ValidationError(f"{response} is already excluded ({response.exclusion_reason}).")
    response.excluded = True
    response.exclusion_reason = reason
    response.excluded_by = by
    response.excluded_at = timezone.now()
    response.save()
    return response


@transaction.atomic
def include(response: Response, *, by: User | None) -> Response:
    need(by, MANAGE, "include a job analysis response")
    response = Response.objects.select_for_update().get(pk=response.pk)
    require_status(response.study, [StudyStatus.SURVEY_OPEN, StudyStatus.SURVEY_CLOSED], "include")
    if not response.excluded:
        raise ValidationError(f"{response} is not excluded.")
    if response.exclusion_reason == ExclusionReason.SCREENED_OUT:
        raise ValidationError(f"{response} was screened out and has no ratings.")
    response.excluded = False
    response.exclusion_reason = ""
    response.excluded_by = by
    response.excluded_at = timezone.now()
    response.save()
    return response


@transaction.atomic
def mark_analysed(
    study: Study, *, by: User | None, now: datetime.datetime | None = None
) -> StudyAnalysis:
    """Fix the analysis of a closed survey: the snapshot the adopted outline will cite."""
    need(by, MANAGE, "mark a job analysis study analysed")
    study = locked_study(study)
    require_status(study, [StudyStatus.SURVEY_CLOSED], "mark the study analysed")
    figures = plain(analyse(study).to_dict())
    study.status = StudyStatus.ANALYSED
    study.save()
    return StudyAnalysis.objects.create(study=study, figures=figures, by=by, at=now_or(now))


@transaction.atomic
def adjust_weight(
    study: Study, domain: Domain, weight: Decimal, *, reason: str, by: User | None
) -> WeightAdjustment:
    """The panel's weight for a domain in place of the computed one, with its reason."""
    need(by, MANAGE, "adjust a domain weight of a job analysis study")
    study = locked_study(study)
    require_status(study, [StudyStatus.ANALYSED], "adjust a domain weight")
    if domain.outline_id != study.draft_outline_id:
        raise ValidationError(f"{study}: domain {domain.code} is not in {study.draft_outline}.")
    computed = _computed_weights(study)
    if domain.code not in computed:
        raise ValidationError(f"{study}: domain {domain.code} has no included statement.")
    adjustment = WeightAdjustment(
        study=study,
        domain=domain,
        computed_weight=computed[domain.code],
        adjusted_weight=Decimal(weight),
        reason=reason.strip(),
        by=by,
    )
    adjustment.full_clean()
    adjustment.save()
    return adjustment


def _kept(study: Study, figures: Mapping[str, Any]) -> dict[str, bool]:
    kept = {i["statement"]: i["included"] for i in figures["inclusion"]}
    for c in study.comments.exclude(decision="").select_related("competency").order_by("pk"):
        kept[c.competency.code] = c.decision == BorderlineDecision.KEEP
    return kept


@transaction.atomic
def adopt(study: Study, *, by: User | None, now: datetime.datetime | None = None) -> ContentOutline:
    """A new draft outline version of the program with the statements kept, the analysis's
    domain weights (or the panel's adjustments), the study cited, and a blueprint for the exam
    length. Publishing it is the programs app's own step."""
    need(by, MANAGE, "adopt a job analysis study")
    study = locked_study(study)
    require_status(study, [StudyStatus.ANALYSED], "adopt the study")
    snapshot = study.analysis
    kept = _kept(study, snapshot.figures)
    weight = _computed_weights(study)
    for adjustment in study.adjustments.select_related("domain").order_by("pk"):
        weight[adjustment.domain.code] = adjustment.adjusted_weight
    total = sum(weight.values(), Decimal(0))
    if total != HUNDRED:
        raise ValidationError(
            f"{study}: the domain weights after the panel's adjustments sum to "
            f"{plain_number(total)}%, not 100%: adjust the other domains too."
        )
    specs = []
    for domain in study.draft_outline.domains.order_by("order", "code"):
        if domain.code not in weight:
            continue
        statements = [
            CompetencySpec(c.code, c.statement, c.kind)
            for c in domain.competencies.order_by("order", "code")
            if kept.get(c.code)
        ]
        specs.append(DomainSpec(domain.code, domain.title, weight[domain.code], statements))
    outline = ContentOutline.objects.create(
        program=study.program,
        title=study.draft_outline.title,
        job_analysis=_citation(study, snapshot),
    )
    set_outline_domains(outline, specs)
    if study.exam_length:
        outline.blueprints.create(
            name=f"From {study.title}"[:200],
            scored_length=study.exam_length,
            pretest_length=study.exam_pretest_length,
            time_limit_minutes=study.exam_minutes,
        )
    study.status = StudyStatus.ADOPTED
    study.adopted_outline = outline
    study.adopted_at = now_or(now)
    study.adopted_by = by
    study.save()
    return outline


def _computed_weights(study: Study) -> dict[str, Decimal]:
    """The analysis's domain weights over the statements kept in the end: the criteria's,
    changed by the panel's decisions (from the snapshot's own means)."""
    figures = study.analysis.figures
    kept = _kept(study, figures)
    if figures["weights"]["domains"] and any(
        kept[s] != i["included"]
        for s, i in zip(figures["statements"], figures["inclusion"], strict=True)
    ):
        figures = _reweighted(study, figures, kept)
    return computed_domain_weights(figures)


def _reweighted(study: Study, figures: Mapping[str, Any], kept: Mapping[str, bool]) -> Any:
    """The snapshot's weights again over the statements the panel kept (from the snapshot's own
    means, so the figures stay the fixed analysis's)."""
    stats = figures["statistics"]
    formula = figures["weights"]["formula"]
    raw: dict[str, float] = {}
    for j, name in enumerate(figures["statements"]):
        if not kept[name]:
            continue
        product = 1.0
        for key in WEIGHT_FORMULAS[formula]:
            mean = stats["scales"][key]["statements"][j]["mean"]
            if mean is None:
                raise ValidationError(f"{study}: statement {name} is kept but has no {key} mean.")
            product *= mean
        raw[name] = product
    total = sum(raw.values())
    if total <= 0:
        raise ValidationError(f"{study}: no statement kept with a weight above 0.")
    domain_weight: dict[str, float] = {}
    for name, domain in zip(figures["statements"], figures["domains"], strict=True):
        domain_weight[domain] = domain_weight.get(domain, 0.0) + raw.get(name, 0.0) / total
    return {"weights": {"domains": [{"domain": d, "weight": w} for d, w in domain_weight.items()]}}


def _citation(study: Study, snapshot: StudyAnalysis) -> str:
    figures = snapshot.figures
    opened = f"{study.opened_at:%Y-%m-%d}" if study.opened_at else "?"
    closed = f"{study.closed_at:%Y-%m-%d}" if study.closed_at else "?"
    rate = figures["response_rate"]
    rate_text = "no invitations" if rate is None else f"response rate {rate:.1f}%"
    return (
        f'Job analysis study "{study.title}" (study {study.pk}): survey open {opened} to '
        f"{closed}; {figures['respondents']} respondents analysed of {figures['completed']} "
        f"completed ({figures['invited']} invited, {figures['invitations_completed']} completed "
        f"by invitation, {rate_text}); {study.get_weight_formula_display().lower()} weights; "
        f"analysis fixed {snapshot.at:%Y-%m-%d}."
    )
