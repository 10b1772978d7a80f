"""Results pages: the candidate's result and score report; the panelist's statements, ratings
and Hofstee answers; the psychometrician's windows, runs, flags and studies.

Candidates see only their own released results, panelists only the studies they sit on
(anyone else's is a 404); staff pages need the role's permission (403 otherwise).
"""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hallmark import csv_cells
from hallmark.accounts.data import AccessRecordKind
from hallmark.accounts.models import User
from hallmark.accounts.services import record_access
from hallmark.exams.models import Form, FormItem, TestingWindow
from hallmark.itembank.data import LABEL_SEPARATOR
from hallmark.lib.views import AuthenticatedHttpRequest, refusal_shown, show_refusal
from hallmark.results import fairness_views, jobs, services, vendor
from hallmark.results.appeals import result_offer
from hallmark.results.data import (
    CONFIDENTIALITY_STATEMENT,
    CONFLICT_STATEMENT,
    DOMAIN_CAUTION,
    RATING_CHOICES,
    KeyAction,
    RunStatus,
    VerificationStatus,
)
from hallmark.results.forms import SignForm
from hallmark.results.models import (
    Panelist,
    ResultCorrection,
    ScoreVerificationRequest,
    ScoringRun,
    Study,
)
from hallmark.results.pdf import score_report_pdf
from hallmark.results.release_job import start_release
from hallmark.results.reports import distribution, item_spread, released_result, study_report

EDIT = require_http_methods(["GET", "POST"])
SEES_RESULTS = permission_required("results.view_all_results", raise_exception=True)


# --- the candidate ----------------------------------------------------------------------------


def _my_result(request: AuthenticatedHttpRequest, pk: int):
    result = released_result(pk, request.user.pk)
    if result is None:
        raise Http404("No released result of yours has this number.")
    return result


@login_required
def mine(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    result = _my_result(request, pk)
    context = {
        "result": result,
        "program": result.run.window.program,
        "scale": result.run.rules["scale"],
        "caution": DOMAIN_CAUTION,
        "verification": result.verifications.first(),
        "appeal": result_offer(result),
        "correction": ResultCorrection.objects.filter(after=result).first(),
    }
    return render(request, "results/mine.html", context)


@login_required
def report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    result = _my_result(request, pk)
    response = HttpResponse(score_report_pdf(result), content_type="application/pdf")
    name = f"{result.run.window.program.designation}-score-report-{result.pk}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def verify(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    result = _my_result(request, pk)
    with refusal_shown(request):
        services.request_verification(
            result, by=request.user, reason=request.POST.get("reason", "")
        )
        messages.success(
            request, _("Your request is recorded: we will write to you with the outcome.")
        )
    return redirect("results:mine", result.pk)


# --- the panelist -----------------------------------------------------------------------------


def _seat(request: AuthenticatedHttpRequest, study_pk: int) -> Panelist:
    return get_object_or_404(
        Panelist.objects.select_related("study__form"), study_id=study_pk, person=request.user
    )


@login_required
def panel(request: AuthenticatedHttpRequest) -> HttpResponse:
    seats = Panelist.objects.filter(person=request.user).select_related("study__form")
    return render(request, "results/panel.html", {"seats": seats})


def _parse_ratings(post: dict, items: list[FormItem]) -> dict[int, tuple[Decimal, bool]]:
    ratings = {}
    for fi in items:
        raw = post.get(f"rating-{fi.pk}", "")
        if raw == "":
            continue
        try:
            ratings[fi.pk] = (Decimal(raw), post.get(f"unsure-{fi.pk}") == "on")
        except InvalidOperation:
            raise ValidationError(f"Item {fi.position}: {raw!r} is not a rating.") from None
    return ratings


@login_required
@EDIT
def rate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    seat = _seat(request, pk)
    study = seat.study
    if not seat.has_signed:
        return redirect("results:sign", study.pk)
    current = study.current_round()
    items = list(study.form.scored_items().select_related("item_version"))
    if request.method == "POST":
        with refusal_shown(request):
            count = services.save_ratings(
                seat, _parse_ratings(request.POST, items), by=request.user
            )
            messages.success(request, f"{count} ratings saved.")
        return redirect("results:rate", study.pk)
    mine_now = {}
    if current is not None:
        mine_now = {r.form_item_id: r for r in current.ratings.filter(panelist=seat)}
    previous = study.rounds.filter(number=current.number - 1).first() if current else None
    spread = item_spread(previous) if previous else {}
    report_ = study_report(study) if previous else None
    rows = [
        {
            "item": fi,
            "rating": mine_now.get(fi.pk),
            "spread": spread.get(fi.pk),
            "p": report_.p_values.get(fi.position) if report_ else None,
        }
        for fi in items
    ]
    context = {
        "study": study,
        "round": current,
        "rows": rows,
        "choices": RATING_CHOICES,
        "impact": report_.impact if report_ else [],
        "previous": previous,
    }
    return render(request, "results/rate.html", context)


@login_required
@EDIT
def sign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    seat = _seat(request, pk)
    form = SignForm(request.POST or None, initial={"conflicts": seat.conflicts})
    if form.is_valid():
        services.sign_statements(seat, conflicts=form.cleaned_data["conflicts"], by=request.user)
        messages.success(request, "Signed. You may rate the items now.")
        return redirect("results:rate", seat.study.pk)
    context = {
        "seat": seat,
        "confidentiality": CONFIDENTIALITY_STATEMENT,
        "conflict": CONFLICT_STATEMENT,
        "form": form,
    }
    return render(request, "results/sign.html", context)


HOFSTEE_FIELDS = ("lowest_cut", "highest_cut", "lowest_fail", "highest_fail")


@login_required
@EDIT
def hofstee(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    seat = _seat(request, pk)
    if not seat.has_signed:
        return redirect("results:sign", seat.study.pk)
    if request.method == "POST":
        try:
            values = {f: int(request.POST.get(f, "")) for f in HOFSTEE_FIELDS}
            services.save_hofstee(seat, by=request.user, **values)
        except ValueError:
            messages.error(request, "Give each of the four answers as a whole number, 0 to 100.")
        except ValidationError as error:
            show_refusal(request, error)
        else:
            messages.success(request, "Your Hofstee answers are saved.")
            return redirect("results:rate", seat.study.pk)
    judgement = seat.study.hofstee.filter(panelist=seat).first()
    return render(request, "results/hofstee.html", {"seat": seat, "judgement": judgement})


# --- staff ----------------------------------------------------------------------------------


@login_required
@SEES_RESULTS
def staff_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    windows = TestingWindow.objects.filter(forms__isnull=False).distinct().order_by("-opens_at")
    studies = Study.objects.select_related("form").order_by("-created_at")
    requests = ScoreVerificationRequest.objects.filter(status=VerificationStatus.OPEN)
    context = {
        "windows": windows,
        "studies": studies,
        "requests": requests.select_related("result__run__window", "candidate"),
    }
    return render(request, "results/staff_home.html", context)


@login_required
@permission_required("results.verify_score", raise_exception=True)
@require_POST
def verification(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """An officer records what the rescore by hand found."""
    request_ = get_object_or_404(ScoreVerificationRequest, pk=pk)
    with refusal_shown(request):
        services.decide_verification(
            request_,
            changed=request.POST.get("changed") == "yes",
            outcome=request.POST.get("outcome", ""),
            by=request.user,
        )
        messages.success(request, f"Recorded the outcome for {request_.candidate}.")
    return redirect("results:staff")


@login_required
@SEES_RESULTS
@EDIT
def window(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    window_ = get_object_or_404(TestingWindow, pk=pk)
    problems: list[str] = []
    if request.method == "POST" and request.POST.get("action") == "import":
        problems = _import_vendor_file(request, window_)
        if not problems:
            return redirect("results:window", window_.pk)
    elif request.method == "POST":
        return _window_action(request, window_) or redirect("results:window", window_.pk)
    forms = [
        (form, ScoringRun.objects.filter(window=window_, form=form).order_by("-number"))
        for form in window_.forms.all()
    ]
    scoring = jobs.scoring_jobs(window_).select_related("started_by")[:10]
    context = {"window": window_, "forms": forms, "problems": problems, "jobs": scoring}
    return render(request, "results/window.html", context)


def _import_vendor_file(request: AuthenticatedHttpRequest, window_: TestingWindow) -> list[str]:
    """Import the uploaded vendor file; the problem lines when it is refused (nothing kept)."""
    upload = request.FILES.get("file")
    if upload is None:
        return ["Choose a vendor file to import."]
    name = upload.name or "file"
    if (problem := vendor.file_problem(name, upload.size or 0)) is not None:
        return [problem]  # refused before it is read into memory
    data = upload.read()
    if (problem := vendor.file_problem(name, len(data), data)) is not None:
        return [problem]
    try:
        batch = services.import_vendor_file(
            window_,
            data.decode("utf-8-sig"),
            file_name=name,
            by=request.user,
            scored=request.POST.get("scored") == "on",
        )
    except ValidationError as error:
        return error.messages
    messages.success(request, f"Imported {batch.rows} rows from {batch.file_name}.")
    return []


def _window_action(
    request: AuthenticatedHttpRequest, window_: TestingWindow
) -> HttpResponse | None:
    """Start scoring a form (the job's page follows it) or release the window."""
    action = request.POST.get("action")
    with refusal_shown(request):
        if action == "score":
            form = get_object_or_404(Form, pk=request.POST.get("form"))
            return redirect("job", jobs.start_scoring(window_, form, by=request.user).pk)
        if action == "release":
            job = start_release(window_, by=request.user)
            messages.success(
                request,
                f"Release started (job {job.pk}): candidates see their results once a worker "
                "has released them.",
            )
            return redirect("job", job.pk)
        else:
            messages.error(request, "Choose what to do.")
    return None


def _keys_given(values: list[str]) -> list[str]:
    """The option labels typed ("B", "A|C", "A, C") or ticked (one `keys` value each)."""
    text = " ".join(values).replace(LABEL_SEPARATOR, " ").replace(",", " ")
    return [label.strip().upper() for label in text.split() if label.strip()]


@login_required
@SEES_RESULTS
@EDIT
def run(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    run_ = get_object_or_404(ScoringRun.objects.select_related("window", "form"), pk=pk)
    if request.method == "POST":
        form_item = get_object_or_404(FormItem, pk=request.POST.get("form_item"), form=run_.form)
        keys = _keys_given(request.POST.getlist("keys"))
        with refusal_shown(request):
            services.override_key(
                form_item,
                action=request.POST.get("action", ""),
                keys=keys,
                reason=request.POST.get("reason", ""),
                by=request.user,
            )
            messages.success(request, f"Key decision recorded for item {form_item.position}.")
        return redirect("results:run", run_.pk)
    items = run_.analysis.get("items", [])
    form_items = {fi.position: fi for fi in run_.form.items.all()}
    results = run_.results.select_related("candidate").order_by("-raw")
    spread = distribution(run_)
    context = {
        "run": run_,
        "items": [(i, form_items[i["position"]]) for i in items],
        "options_shown": [
            i for i in items if i.get("options") and (i.get("flags") or i.get("kind") == "multiple")
        ],
        "flagged": [(i, form_items[i["position"]]) for i in run_.flagged],
        "problems": services.release_problems(run_) if run_.status == RunStatus.HELD else [],
        "distribution": spread,
        "results": results,
        "actions": KeyAction.choices,
    }
    context.update(fairness_views.run_context(run_, spread))
    record_access(
        request,
        AccessRecordKind.RESULTS,
        run_,
        what=f"results of {run_} ({len(results)} candidates)",
        reason="scoring review: the results page of a scoring run",
    )
    return render(request, "results/run.html", context)


def _study_action(request: AuthenticatedHttpRequest, study: Study) -> None:
    action = request.POST.get("action")
    if action == "invite":
        person = User.objects.filter(email__iexact=request.POST.get("email", "").strip()).first()
        if person is None:
            raise ValidationError("No account has that email address.")
        services.invite_panelist(study, person, by=request.user)
    elif action == "round":
        services.open_round(study, by=request.user)
    elif action == "close":
        services.close_study(study, by=request.user)
    elif action == "decide":
        try:
            cut = Decimal(request.POST.get("raw_cut", ""))
        except InvalidOperation:
            raise ValidationError("The raw cut must be a number.") from None
        services.decide_cut(
            study.form,
            raw_cut=cut,
            rationale=request.POST.get("rationale", ""),
            by=request.user,
            study=study,
            new_standard=request.POST.get("new_standard") == "on",
        )
    else:
        raise ValidationError("Choose what to do.")


@login_required
@SEES_RESULTS
@EDIT
def study(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    study_ = get_object_or_404(Study.objects.select_related("form"), pk=pk)
    if request.method == "POST":
        with refusal_shown(request):
            _study_action(request, study_)
            messages.success(request, "Done.")
        return redirect("results:study", study_.pk)
    context = {
        "study": study_,
        "report": study_report(study_),
        "panelists": study_.panelists.select_related("person"),
        "decisions": study_.form.cut_decisions.select_related("decided_by", "study"),
    }
    return render(request, "results/study.html", context)


@login_required
@SEES_RESULTS
def study_export(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The study report as CSV: per round the cut, its SE and agreement; then each item.

    The export is recorded with the reason the person gives for it (none, no export)."""
    study_ = get_object_or_404(Study, pk=pk)
    reason = request.GET.get("reason", "").strip()
    if not reason:
        messages.error(request, "Say why you export the study report.")
        return redirect("results:study", study_.pk)
    report_ = study_report(study_)
    record_access(
        request,
        AccessRecordKind.STUDY_EXPORT,
        study_,
        what=f"standard-setting study {study_.pk} report (CSV) of form {study_.form.code}",
        reason=reason,
    )
    response = HttpResponse(content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="study-{study_.pk}.csv"'
    out = csv_cells.writer(response)
    out.writerow(["round", "panelists", "cut", "sd", "se", "mean_item_sd", "projected_pass_rate"])
    for r in report_.rounds:
        if r.angoff is None:
            continue
        a = r.angoff
        rate_ = "" if r.projected_pass_rate is None else f"{r.projected_pass_rate:.3f}"
        out.writerow(
            [
                r.round.number,
                len(r.panelists),
                f"{a.cut:.3f}",
                f"{a.sd:.3f}",
                f"{a.se:.3f}",
                f"{a.mean_item_sd:.3f}",
                rate_,
            ]
        )
    if (final := report_.final_angoff) is not None:
        out.writerow([])
        out.writerow(["position", "item", "mean_rating", "sd", "not_sure", "p"])
        for j, fi in enumerate(report_.scored):
            p = report_.p_values.get(fi.position)
            out.writerow(
                [
                    fi.position,
                    fi.item_version.item.identifier,
                    f"{final.item_means[j]:.3f}",
                    f"{final.item_sds[j]:.3f}",
                    int(final.not_sure[j]),
                    "" if p is None else f"{p:.3f}",
                ]
            )
    if report_.hofstee is not None:
        h = report_.hofstee
        out.writerow([])
        out.writerow(["hofstee_percent_cut", "hofstee_raw_cut", "fail_rate", "intersects"])
        out.writerow([f"{h.percent_cut:.2f}", h.raw_cut, f"{h.fail_rate:.1f}", h.intersects])
    return response
