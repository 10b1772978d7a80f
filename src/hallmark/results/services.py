"""Every change of state in scoring, standard setting and results: one transaction each.

People need the permission named; `by=None` is Hallmark itself (the demo, an automated run).
"""

import datetime
import hashlib
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from hallmark.accounts.data import MessageKey
from hallmark.accounts.models import User
from hallmark.accounts.notifications import notify_many
from hallmark.exams.data import AttemptOutcome
from hallmark.exams.journey.common import absolute_url, local_date
from hallmark.exams.journey.registrations import record_attempts
from hallmark.exams.models import Form, FormItem, TestingWindow
from hallmark.itembank.data import SELECT_ALL, ItemKind
from hallmark.itembank.models import ItemStatistics
from hallmark.itembank.services import record_statistics
from hallmark.lib.decisions import (
    DecisionFields,
    on_appeal,
    reason_given,
    record_decision,
    take_case,
)
from hallmark.lib.permissions import need, own
from hallmark.programs.data import MultipleResponseScoring
from hallmark.programs.models import Program
from hallmark.results import equating, fairness
from hallmark.results.data import (
    RATING_CHOICES,
    STATEMENT_VERSION,
    KeyAction,
    RunSource,
    RunStatus,
    StudyStatus,
    VerificationStatus,
)
from hallmark.results.keys import EffectiveKey
from hallmark.results.models import (
    CutScoreDecision,
    HofsteeJudgement,
    KeyOverride,
    Panelist,
    Rating,
    ReportingScale,
    Result,
    ResultCorrection,
    Round,
    ScoreVerificationRequest,
    ScoringRun,
    Study,
    VendorImport,
    VendorRecord,
)
from hallmark.results.scale import Scale
from hallmark.results.scoring import score_sittings, sittings
from hallmark.results.signals import ReleasedPass, passes_released
from hallmark.results.vendor import read_vendor_file

RATING_VALUES = frozenset(value for value, _ in RATING_CHOICES)


# --- the reporting scale and the cut ------------------------------------------------------


@transaction.atomic
def set_reporting_scale(
    program: Program, *, minimum: int, passing: int, maximum: int, by: User | None
) -> ReportingScale:
    need(by, "results.change_reportingscale", f"set the reporting scale of {program.designation}")
    if not minimum < passing < maximum:
        raise ValidationError(
            f"{program.designation} scale: the passing score {passing} must lie between "
            f"{minimum} and {maximum}."
        )
    scale, _ = ReportingScale.objects.update_or_create(
        program=program,
        defaults={"minimum": minimum, "passing": passing, "maximum": maximum, "created_by": by},
    )
    return scale


def scale_of(program: Program) -> Scale:
    scale = ReportingScale.objects.filter(program=program).first()
    if scale is None:
        raise ValidationError(f"{program.designation} has no reporting scale: set one first.")
    return Scale(scale.minimum, scale.passing, scale.maximum)


@transaction.atomic
def decide_cut(
    form: Form,
    *,
    raw_cut: Decimal,
    rationale: str,
    by: User,
    study: Study | None = None,
    new_standard: bool = False,
) -> CutScoreDecision:
    """Record the body's cut for a form; the decision it replaces stays, marked superseded.

    The program's standard is set on one form, its base form; the others get their cut by
    equating. Deciding on another form is refused unless it is a new standard, which makes
    that form the base form (every other form is then equated to it again)."""
    need(by, "results.decide_cut", f"decide the cut score of {form}")
    n = form.scored_items().count()
    if not 0 < raw_cut <= n:
        raise ValidationError(f"Cut of {form}: {raw_cut} is not a raw score in (0, {n}].")
    if study is not None and study.form_id != form.pk:
        raise ValidationError(f"Cut of {form}: the study {study} is of another form.")
    if not rationale.strip():
        raise ValidationError(f"Cut of {form}: say why (the rationale is recorded).")
    standard = equating.standard_of(form.program)
    if standard is not None and standard.form_id != form.pk and not new_standard:
        raise ValidationError(
            f"Cut of {form}: the {form.program.designation} standard was set on its base form "
            f"{standard.form.code}; carry it to {form.code} by an approved equating, or decide "
            "a new standard for the program (it becomes the base form)."
        )
    now = timezone.now()
    current = CutScoreDecision.objects.filter(superseded_at__isnull=True).filter(
        Q(form=form) | Q(form__program=form.program) if new_standard else Q(form=form)
    )
    superseded = list(current.values_list("pk", flat=True))
    current.update(superseded_at=now, superseded_by=by)
    equating.invalidate_for_standard(superseded, form, now)
    return CutScoreDecision.objects.create(
        form=form, raw_cut=raw_cut, study=study, rationale=rationale.strip(), decided_by=by
    )


def current_cut(form: Form) -> CutScoreDecision:
    decision = CutScoreDecision.objects.filter(form=form, superseded_at__isnull=True).first()
    if decision is None:
        raise ValidationError(f"{form} has no cut score decided: record the body's decision.")
    return decision


# --- keys ------------------------------------------------------------------------------------


@transaction.atomic
def override_key(
    form_item: FormItem, *, action: str, reason: str, by: User, keys: list[str] | None = None
) -> KeyOverride:
    """Rekey, accept several keys, drop, or confirm the key of one scored position."""
    need(by, "results.override_key", f"change the key of {form_item}")
    where = f"{form_item.form} item {form_item.position}"
    if action not in KeyAction.values:
        raise ValidationError(f"{where}: unknown key action {action!r}.")
    if not form_item.scored:
        raise ValidationError(f"{where} is a pretest item: it is never scored.")
    if not reason.strip():
        raise ValidationError(f"{where}: give the reason for the key decision.")
    labels = [label for label, _ in form_item.item_version.labelled_options()]
    keys = sorted(set(keys or []))
    if action in (KeyAction.REKEY, KeyAction.ACCEPT):
        wrong = [k for k in keys if k not in labels]
        if not keys or wrong:
            raise ValidationError(f"{where}: the keys must be options of the item ({labels}).")
        if form_item.item_version.kind == ItemKind.MULTIPLE:
            _check_key_set(form_item, action, keys, len(labels), where)
        elif action == KeyAction.REKEY and len(keys) != 1:
            raise ValidationError(f"{where}: a rekey names one option; accept several instead.")
        if action == KeyAction.ACCEPT and len(keys) < 2:
            raise ValidationError(f"{where}: accepting several keys needs two options or more.")
    else:
        keys = []
    override = KeyOverride.objects.create(
        form_item=form_item, action=action, keys=keys, reason=reason.strip(), by=by
    )
    equating.invalidate_for_key_change(override)
    return override


def _check_key_set(
    form_item: FormItem, action: str, keys: list[str], n_options: int, where: str
) -> None:
    """A multiple-response item's new key is its whole set of options to select."""
    if action == KeyAction.ACCEPT:
        raise ValidationError(
            f"{where} is a multiple-response item, right only with all its keys: rekey it with "
            "the whole set of options to select (e.g. A|C)."
        )
    select = form_item.item_version.select
    if select == SELECT_ALL and len(keys) >= n_options:
        raise ValidationError(f"{where}: select all that apply needs an option that is no key.")
    if select != SELECT_ALL and len(keys) != select:
        raise ValidationError(
            f"{where}: the item says select {select}, so its key names {select} options, "
            f"not {len(keys)}."
        )


# --- scoring runs -----------------------------------------------------------------------------


def _source(rows: list) -> str:
    delivered = any(r.session is not None for r in rows)
    vendor = any(r.session is None for r in rows)
    if delivered and vendor:
        return RunSource.BOTH
    return RunSource.DELIVERED if delivered else RunSource.VENDOR


def _multiple_scoring(key: EffectiveKey) -> str:
    if key.partial:
        return MultipleResponseScoring.PARTIAL
    return MultipleResponseScoring.ALL_OR_NOTHING


def _rule(keys: list[EffectiveKey]) -> str:
    rule = "number right; omitted counts wrong; pretest items never count"
    multiple = [k for k in keys if k.multiple and not k.dropped]
    if not multiple:
        return rule
    if any(k.partial for k in multiple):
        return rule + (
            "; multiple response: a point per key chosen less one per other option chosen, "
            "never below 0"
        )
    return rule + "; multiple response: one point for exactly the keys"


@transaction.atomic
def score_window(window: TestingWindow, form: Form, *, by: User | None) -> ScoringRun:
    """Score every submitted session and vendor record of `form` in `window` as a held run.

    Held runs of the same window and form before it are superseded; a released run stays
    what candidates see until this one is released.
    """
    need(by, "results.score_window", f"score {window}")
    if not window.forms.filter(pk=form.pk).exists():
        raise ValidationError(f"{form} is not a form of {window}.")
    rows = sittings(window, form)
    if not rows:
        raise ValidationError(f"{window}, {form}: no submitted sessions or vendor records.")
    carried = equating.carried(form)
    decision = carried.equating.base_cut if carried else current_cut(form)
    scale = scale_of(window.program)
    try:
        conversion = carried.conversion if carried else None
        scored = score_sittings(rows, form, decision, scale, conversion)
    except ValueError as error:
        raise ValidationError(f"{window}, {form}: {error}") from error
    previous = ScoringRun.objects.select_for_update().filter(window=window, form=form)
    number = (previous.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    previous.filter(status=RunStatus.HELD).update(status=RunStatus.SUPERSEDED)
    run = ScoringRun.objects.create(
        window=window,
        form=form,
        number=number,
        source=_source(rows),
        key_version=KeyOverride.objects.filter(form_item__form=form).count(),
        rules={
            "keys": {k.name: list(k.keys) for k in scored.keys if not k.dropped},
            "multiple_response": {
                k.name: _multiple_scoring(k) for k in scored.keys if k.multiple and not k.dropped
            },
            "dropped": [k.name for k in scored.keys if k.dropped],
            "decided_cut": str(decision.raw_cut),
            "cut": round(scored.cut, 4),
            "raw_cut": scored.raw_cut,
            "max_raw": scored.max_raw,
            "scale": [scale.minimum, scale.passing, scale.maximum],
            "rule": _rule(scored.keys),
            **({"equating": carried.rules()} if carried else {}),
        },
        cut=decision,
        analysis=scored.analysis,
        notes=scored.notes,
        created_by=by,
    )
    Result.objects.bulk_create(
        Result(
            run=run,
            registration=s.sitting.registration,
            candidate=s.sitting.registration.candidate,
            session=s.sitting.session,
            raw=s.raw,
            max_raw=scored.max_raw,
            raw_cut=scored.raw_cut,
            theta=s.theta,
            scaled=s.scaled,
            passed=s.passed,
            domains=s.domains,
        )
        for s in scored.scores
    )
    fairness.record(run)  # DIF and decision consistency read the stored results
    return run


def release_problems(run: ScoringRun) -> list[str]:
    """Why this run cannot be released (empty: it can)."""
    problems = []
    if run.status != RunStatus.HELD:
        problems.append(f"{run} is {run.get_status_display().lower()}, not held.")
    resolved = set(
        KeyOverride.objects.filter(form_item__form=run.form).values_list(
            "form_item__position", flat=True
        )
    )
    for item in run.flagged:
        if item["position"] not in resolved:
            codes = ", ".join(f["code"] for f in item["flags"])
            problems.append(
                f"{run.form} item {item['position']} ({item['identifier']}) is flagged "
                f"({codes}) and not resolved: rekey, accept keys, drop or confirm its key."
            )
    changed = KeyOverride.objects.filter(form_item__form=run.form, at__gt=run.created_at).exclude(
        action=KeyAction.KEEP
    )
    if changed.exists():
        problems.append(f"The key of {run.form} changed after {run}: rescore first.")
    problems.extend(fairness.dif_problems(run))
    problems.extend(equating.run_problems(run))
    return problems


def _sat_on(result: Result) -> datetime.date:
    registration = result.registration
    if registration.sat_on:
        return registration.sat_on
    if result.session and result.session.submitted_at:
        return local_date(registration.program, result.session.submitted_at)
    return registration.program.today()


def _record_outcomes(
    results: list[Result], days: dict[int, datetime.date], notes: list[str]
) -> None:
    """Each sitting's attempt gets its outcome, in one write; a registration no longer booked
    or sat (cancelled since, say) is left as it is, and the notes say so."""
    attempts = [
        (r.registration, days[r.pk], AttemptOutcome.PASS if r.passed else AttemptOutcome.FAIL)
        for r in results
    ]
    for registration in record_attempts(attempts):
        notes.append(f"{registration}: {registration.get_status_display().lower()}, not updated")


def _announce_passes(
    run: ScoringRun, passes: list[Result], days: dict[int, datetime.date], by: User
) -> list[str]:
    """Tell the apps above of the run's passes; the notes they return."""
    source = f"Passed {run.form} in {run.window} (run {run.number}, released)"
    released = [ReleasedPass(r.candidate, days[r.pk], source, r) for r in passes]
    answers = passes_released.send(Result, passes=released, program=run.window.program, by=by)
    return [note for _, said in answers for note in said or []]


def _store_item_statistics(run: ScoringRun, by: User | None) -> None:
    administration = f"{run.window.name} · {run.form.code}"[:100]
    versions = {
        fi.position: fi.item_version for fi in run.form.items.select_related("item_version")
    }
    on = run.window.closes_at.date()
    for item in run.analysis.get("items", []):
        version = versions[item["position"]]
        if (
            not item.get("n")
            or ItemStatistics.objects.filter(
                version=version, administration=administration
            ).exists()
        ):
            continue
        record_statistics(
            version,
            by,
            administration=administration,
            administered_on=on,
            n=round(item["n"]),
            p=item["p"],
            point_biserial=item["r_pbis"],
        )


@transaction.atomic
def release_run(run: ScoringRun, *, by: User | None) -> ScoringRun:
    """Release a held run: candidates see their results, attempts get their outcome, passes
    are announced (certification decides on them). Refused while a flagged item is not resolved."""
    if by is None:
        raise PermissionDenied("A psychometrician releases results: name who (--by).")
    need(by, "results.release_results", f"release {run}")
    return _release(run, by=by)


def _release(run: ScoringRun, *, by: User) -> ScoringRun:
    """The release itself, for a psychometrician or on an appeal panel's outcome."""
    run = ScoringRun.objects.select_for_update().get(pk=run.pk)
    problems = release_problems(run)
    if problems:
        raise ValidationError(problems)
    ScoringRun.objects.filter(window=run.window, form=run.form, status=RunStatus.RELEASED).update(
        status=RunStatus.SUPERSEDED
    )
    run.status, run.released_by, run.released_at = RunStatus.RELEASED, by, timezone.now()
    notes = list(run.notes)
    results = list(run.results.select_related("registration__program", "candidate", "session"))
    days = {result.pk: _sat_on(result) for result in results}
    _record_outcomes(results, days, notes)
    designation = run.window.program.designation
    notify_many(
        MessageKey.RESULTS_RELEASED,
        [
            (
                r.candidate,
                {
                    "program": designation,
                    "sat_on": days[r.pk],  # a date: the message writes it in its language
                    "url": absolute_url("results:mine", r.pk),
                },
            )
            for r in results
        ],
    )
    notes += _announce_passes(run, [r for r in results if r.passed], days, by)
    run.notes = notes
    run.save(update_fields=["status", "released_by", "released_at", "notes"])
    _store_item_statistics(run, by)
    return run


def held_runs(window: TestingWindow) -> list[ScoringRun]:
    return list(ScoringRun.objects.filter(window=window, status=RunStatus.HELD))


@transaction.atomic
def releasable_runs(window: TestingWindow, *, by: User | None) -> list[ScoringRun]:
    """The window's held runs, when `by` may release them and every one can be released;
    refused, saying why, otherwise."""
    if by is None:
        raise PermissionDenied("A psychometrician releases results: name who (--by).")
    need(by, "results.release_results", f"release the results of {window}")
    runs = held_runs(window)
    if not runs:
        raise ValidationError(f"{window} has no held results to release: score it first.")
    problems = [p for run in runs for p in release_problems(run)]
    if problems:
        raise ValidationError(problems)
    return runs


def release(window: TestingWindow, *, by: User | None) -> list[ScoringRun]:
    """Release every held run of the window (refused whole if any cannot be released)."""
    return [release_run(run, by=by) for run in releasable_runs(window, by=by)]


# --- vendor files ---------------------------------------------------------------------------


@transaction.atomic
def import_vendor_file(
    window: TestingWindow, text: str, *, file_name: str, by: User | None, scored: bool = False
) -> VendorImport:
    """Keep a vendor's result file for scoring, whole or not at all."""
    need(by, "results.import_results", f"import results into {window}")
    try:
        parsed = read_vendor_file(window, text, scored=scored)
    except ValueError as error:
        raise ValidationError(
            [f"{file_name}: {line}" for line in str(error).splitlines()]
        ) from None
    batch = VendorImport.objects.create(
        window=window,
        form=parsed.form,
        file_name=file_name[:300],
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        rows=len(parsed.rows),
        by=by,
    )
    registrations = [registration for registration, _ in parsed.rows]
    VendorRecord.objects.filter(registration__in=registrations, superseded=False).update(
        superseded=True
    )
    VendorRecord.objects.bulk_create(
        VendorRecord(batch=batch, registration=r, responses=answers, scored=scored)
        for r, answers in parsed.rows
    )
    return batch


# --- score verification -----------------------------------------------------------------------


@transaction.atomic
def request_verification(result: Result, *, by: User, reason: str = "") -> ScoreVerificationRequest:
    own(by, result.candidate_id, "This result")
    if not ScoringRun.objects.filter(pk=result.run_id, status=RunStatus.RELEASED).exists():
        raise ValidationError(gettext("This result is not released."))
    if result.verifications.filter(status=VerificationStatus.OPEN).exists():
        raise ValidationError(gettext("You have already asked for this result to be verified."))
    return ScoreVerificationRequest.objects.create(
        result=result, candidate=by, reason=reason.strip()
    )


# A verification's outcome is what the rescore by hand found.
VERIFIED = DecisionFields(reason="outcome")


@transaction.atomic
def decide_verification(
    request: ScoreVerificationRequest, *, changed: bool, outcome: str, by: User
) -> ScoreVerificationRequest:
    request = take_case(
        request,
        by=by,
        permission="results.verify_score",
        what="record the outcome of",
        open_states=(VerificationStatus.OPEN,),
        owner=None,
        related=("result",),
    )
    outcome = reason_given(outcome, f"{request}: say what the rescore found.", field="outcome")
    status = VerificationStatus.CHANGED if changed else VerificationStatus.CONFIRMED
    record_decision(request, status, by=by, at=timezone.now(), reason=outcome, fields=VERIFIED)
    return request


# --- correction on appeal --------------------------------------------------------------------

# What decides whether a rescore changed a result.
SCORED_FIELDS = ("raw", "max_raw", "raw_cut", "scaled", "passed")


def _appealable(result: Result) -> Result:
    """The failed, released result whose score was verified, locked with its run."""
    result = Result.objects.select_related("run__window__program", "run__form").get(pk=result.pk)
    run = ScoringRun.objects.select_for_update().get(pk=result.run_id)
    if run.status != RunStatus.RELEASED:
        raise ValidationError(
            f"{result}: its run is {run.get_status_display().lower()}, not the released one."
        )
    if result.passed:
        raise ValidationError(f"{result}: a pass is not corrected on appeal.")
    if not result.verifications.exclude(status=VerificationStatus.OPEN).exists():
        raise ValidationError(
            f"{result}: its score has not been verified; an appeal follows the verification."
        )
    return result


def _withdrawn_passes(before: ScoringRun, after: ScoringRun) -> int:
    """How many passes of the released run the rescore would turn into fails."""
    failing = set(after.results.filter(passed=False).values_list("registration_id", flat=True))
    passed = before.results.filter(passed=True).values_list("registration_id", flat=True)
    return len(failing.intersection(passed))


@transaction.atomic
def correct_on_appeal(result: Result, *, by: User, reason: str, reference: str) -> Result:
    """Correct a failed result on an appeal panel's outcome, with the key correction a
    psychometrician recorded for the form: the window is rescored with the form's current
    keys and released (the passes it makes lead to certification as any released pass does).

    `by` is the panel's chair: the authority is the panel's outcome, named by `reference`.
    Refused, changing nothing, when the correction changes nothing for this result or would
    withdraw someone else's pass (a psychometrician rescores the window then)."""
    reason, reference = on_appeal(reason, reference)
    result = _appealable(result)
    rescored = score_window(result.run.window, result.run.form, by=None)
    after = rescored.results.get(registration_id=result.registration_id)
    if all(getattr(after, f) == getattr(result, f) for f in SCORED_FIELDS):
        raise ValidationError(f"{result}: no key correction changes this result.")
    withdrawn = _withdrawn_passes(result.run, rescored)
    if withdrawn:
        raise ValidationError(
            f"{result}: the key correction would withdraw {withdrawn} other pass(es); a "
            "psychometrician rescores and releases the window instead."
        )
    rescored.notes = [*rescored.notes, f"Rescored on appeal {reference}: {reason}"]
    rescored.save(update_fields=["notes"])
    _release(rescored, by=by)
    ResultCorrection.objects.create(
        before=result, after=after, reference=reference, reason=reason, by=by
    )
    return Result.objects.select_related("run").get(pk=after.pk)  # the run as released


# --- voiding for misconduct -------------------------------------------------------------------


@transaction.atomic
def void_result(result: Result, *, by: User, reason: str, reference: str) -> Result:
    """Void a released result for misconduct found after release (a proctor's incident, a
    data-forensics flag), with who, when, why and the case that found it. The result is kept,
    marked; what it produced above results (a credential) is for the caller to withdraw.

    `by` is the chair of the hearing panel that found the misconduct: the authority is the
    panel's decision, named by `reference`, not a permission of the chair's."""
    if by is None:
        raise PermissionDenied("A hearing panel's chair voids a result: name who.")
    reason = reason_given(reason, "Say why the result is voided.")
    reference = reference.strip()
    if not reference:
        raise ValidationError({"reference": "Name the case that found the misconduct."})
    result = Result.objects.select_for_update().select_related("run").get(pk=result.pk)
    if result.run.status == RunStatus.HELD:
        raise ValidationError(f"{result} is not released: a held run is scored again instead.")
    if result.voided_at is not None:
        raise ValidationError(f"{result} was voided on {result.voided_at:%d %B %Y}.")
    result.voided_at, result.voided_by = timezone.now(), by
    result.void_reason, result.void_reference = reason, reference
    result.save(update_fields=["voided_at", "voided_by", "void_reason", "void_reference"])
    return result


# --- standard setting -------------------------------------------------------------------------


@transaction.atomic
def create_study(form: Form, *, title: str, by: User) -> Study:
    need(by, "results.run_study", f"run a study of {form}")
    if not form.is_frozen:
        raise ValidationError(f"{form} is a draft: a study rates a frozen form.")
    return Study.objects.create(form=form, title=title.strip() or f"{form} Angoff", created_by=by)


@transaction.atomic
def invite_panelist(study: Study, person: User, *, by: User) -> Panelist:
    need(by, "results.run_study", f"invite panelists to {study}")
    panelist, _ = Panelist.objects.get_or_create(
        study=study, person=person, defaults={"invited_by": by}
    )
    return panelist


@transaction.atomic
def sign_statements(panelist: Panelist, *, conflicts: str, by: User) -> Panelist:
    """The panelist signs the confidentiality and conflict-of-interest statements."""
    own(by, panelist.person_id, "This seat on the panel")
    panelist.signed_at = timezone.now()
    panelist.statement_version = STATEMENT_VERSION
    panelist.conflicts = conflicts.strip()
    panelist.save(update_fields=["signed_at", "statement_version", "conflicts"])
    return panelist


@transaction.atomic
def open_round(study: Study, *, by: User | None) -> Round:
    """Close the current round and open the next (at most three); panelists start from their
    previous ratings."""
    need(by, "results.run_study", f"open a round of {study}")
    if study.status != StudyStatus.OPEN:
        raise ValidationError(f"{study} is closed.")
    last = study.rounds.select_for_update().order_by("-number").first()
    number = last.number + 1 if last else 1
    if number > 3:
        raise ValidationError(f"{study} has had three rounds already.")
    if last is not None:
        if not last.ratings.exists():
            raise ValidationError(f"{study}: round {last.number} has no ratings yet.")
        last.closed_at = timezone.now()
        last.save(update_fields=["closed_at"])
    new = Round.objects.create(study=study, number=number)
    if last is not None:
        Rating.objects.bulk_create(
            Rating(
                round=new,
                panelist=r.panelist,
                form_item=r.form_item,
                value=r.value,
                not_sure=r.not_sure,
            )
            for r in last.ratings.all()
        )
    return new


@transaction.atomic
def save_ratings(
    panelist: Panelist,
    ratings: Mapping[int, tuple[Decimal, bool]],
    *,
    by: User,
) -> int:
    """Save a panelist's ratings (form item id -> (probability, not sure)) in the open round."""
    own(by, panelist.person_id, "This seat on the panel")
    if not panelist.has_signed:
        raise ValidationError(
            f"{panelist.study}: sign the confidentiality and conflict-of-interest statements "
            "before rating."
        )
    current = panelist.study.current_round()
    if current is None or not current.is_open or panelist.study.status != StudyStatus.OPEN:
        raise ValidationError(f"{panelist.study} has no open round.")
    positions = dict(panelist.study.form.items.values_list("pk", "position"))
    for form_item_id, (value, _) in ratings.items():
        if form_item_id not in positions:
            raise ValidationError(f"{panelist.study}: item {form_item_id} is not on the form.")
        if Decimal(value) not in RATING_VALUES:
            raise ValidationError(
                f"{panelist.study} item {positions[form_item_id]}: {value} is not 0 to 1 in "
                "steps of 0.05."
            )
    for form_item_id, (value, not_sure) in ratings.items():
        Rating.objects.update_or_create(
            round=current,
            panelist=panelist,
            form_item_id=form_item_id,
            defaults={"value": Decimal(value), "not_sure": not_sure, "updated_at": timezone.now()},
        )
    return len(ratings)


@transaction.atomic
def save_hofstee(
    panelist: Panelist,
    *,
    lowest_cut: int,
    highest_cut: int,
    lowest_fail: int,
    highest_fail: int,
    by: User,
) -> HofsteeJudgement:
    own(by, panelist.person_id, "This seat on the panel")
    if not panelist.has_signed:
        raise ValidationError(f"{panelist.study}: sign the statements first.")
    if not (0 <= lowest_cut < highest_cut <= 100 and 0 <= lowest_fail < highest_fail <= 100):
        raise ValidationError(
            f"{panelist.study} Hofstee: each lowest value must be below its highest, 0 to 100."
        )
    judgement, _ = HofsteeJudgement.objects.update_or_create(
        study=panelist.study,
        panelist=panelist,
        defaults={
            "lowest_cut": lowest_cut,
            "highest_cut": highest_cut,
            "lowest_fail": lowest_fail,
            "highest_fail": highest_fail,
            "updated_at": timezone.now(),
        },
    )
    return judgement


@transaction.atomic
def close_study(study: Study, *, by: User) -> Study:
    need(by, "results.run_study", f"close {study}")
    now = timezone.now()
    study.rounds.filter(closed_at__isnull=True).update(closed_at=now)
    study.status, study.closed_at = StudyStatus.CLOSED, now
    study.save(update_fields=["status", "closed_at"])
    return study
