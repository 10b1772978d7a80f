"""The public survey of a job-analysis study: the invitation's link and the open link, the
pages of background questions and ratings, the review, and saving to finish later.

No account is needed. The browser's session holds the response's resume secret (and an
invitation's token, which completing needs); the links that carry them put them in the session
and redirect at once, so neither lands in a later page's address or log. Pages without a form
send no Referer at all. Pages with one send it to this site only: under `no-referrer` a browser
posts the form with `Origin: null`, which the CSRF check rightly refuses; their addresses hold
no secret. Posts are rate-limited per address and bounded in size before their body is read.
"""

import functools
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from hallmark.accounts.forms import posted
from hallmark.accounts.throttle import posts_limited
from hallmark.jobanalysis import survey
from hallmark.jobanalysis.data import BEFORE_SURVEY, ExclusionReason, StudyStatus
from hallmark.jobanalysis.models import Response, Study
from hallmark.jobanalysis.survey_forms import (
    BackgroundForm,
    ScreeningForm,
    StatementsForm,
    saved_ratings,
)
from hallmark.jobanalysis.survey_pages import (
    BACKGROUND,
    REVIEW,
    Page,
    Survey,
    resume_page,
    survey_of,
    unrated,
)
from hallmark.lib.views import bounded_body, refusal_shown

T = "jobanalysis/survey/"
MAX_BODY_BYTES = 64 * 1024  # a domain of a hundred statements on four scales is under 16 KB
View = Callable[..., HttpResponseBase]


def _secret_key(study: Study) -> str:
    return f"jobanalysis:{study.pk}:secret"


def _token_key(study: Study) -> str:
    return f"jobanalysis:{study.pk}:token"


def _private(response: HttpResponseBase, referrer_policy: str) -> HttpResponseBase:
    response["Referrer-Policy"] = referrer_policy
    add_never_cache_headers(response)
    return response


_bounded = bounded_body(MAX_BODY_BYTES, T + "too_large.html")


def public_page(*, posts: bool = False) -> Callable[[View], View]:
    """A public page of a study's survey: the view gets the study, open for answers (else the
    page says the survey is closed); nothing is cached, and no Referer leaves the site."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def page(request: HttpRequest, pk: int, **kwargs: Any) -> HttpResponseBase:
            study = get_object_or_404(Study.objects.select_related("program"), pk=pk)
            if study.status != StudyStatus.SURVEY_OPEN:
                status = 404 if study.status in BEFORE_SURVEY else 410
                return render(request, T + "closed.html", {"study": study}, status=status)
            return view(request, study, **kwargs)

        if not posts:
            return _headers(require_GET(page), "no-referrer")
        # The CSRF check parses the body: it runs once the rate limit and size bound let it.
        checked = csrf_protect(require_http_methods(["GET", "POST"])(page))
        limited = posts_limited("job-analysis")(_bounded(checked))
        return csrf_exempt(_headers(limited, "same-origin"))

    return decorate


def _headers(view: View, referrer_policy: str) -> View:
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return _private(view(request, *args, **kwargs), referrer_policy)

    return wrapped


def _current(request: HttpRequest, study: Study) -> Response | None:
    """The response this browser started on the study, if its session holds one."""
    secret = request.session.get(_secret_key(study))
    if not secret:
        return None
    try:
        return survey.resume(study, secret)
    except ValidationError:
        return None


def _screened_out(response: Response) -> bool:
    return response.exclusion_reason == ExclusionReason.SCREENED_OUT


def _invited_current(request: HttpRequest, study: Study) -> Response | None:
    """The response an invitation's link carries on with: an invitation is the screening, so
    an earlier "no" on the open link in this browser does not keep its holder out."""
    response = _current(request, study)
    return None if response is None or _screened_out(response) else response


def _onward(study: Study, response: Response) -> HttpResponse:
    """Where a respondent who has a response goes: on with it, or to its end."""
    if response.completed_at is not None:
        return redirect("jobanalysis:thanks", study.pk)
    if _screened_out(response):
        return redirect("jobanalysis:screened-out", study.pk)
    return redirect("jobanalysis:page", study.pk, resume_page(survey_of(study), response).number)


def _started(request: HttpRequest, study: Study, response: Response, secret: str) -> HttpResponse:
    request.session[_secret_key(study)] = secret
    return _onward(study, response)


def _welcome(request: HttpRequest, study: Study, form: ScreeningForm | None) -> HttpResponse:
    context = {"study": study, "survey": survey_of(study), "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, T + "welcome.html", context, status=status)


def _link_problem(request: HttpRequest, study: Study, problem: str) -> HttpResponse:
    status = 410 if problem == "used" else 404
    return render(
        request, T + "link_problem.html", {"study": study, "problem": problem}, status=status
    )


@public_page(posts=True)
def open_link(request: HttpRequest, study: Study) -> HttpResponse:
    """The open link: the welcome and the screening question; "no" ends there, politely."""
    if (response := _current(request, study)) is not None:
        return _onward(study, response)
    form = ScreeningForm(study.screening_question, posted(request))
    if request.method == "POST" and form.is_valid():
        ok = form.cleaned_data["answer"] == "yes"
        response, secret = survey.start_response(study, screening_ok=ok)
        return _started(request, study, response, secret)
    return _welcome(request, study, form)


@public_page()
def invitation(request: HttpRequest, study: Study, token: str) -> HttpResponse:
    """The mailed link: its token goes to the session, and the browser on without it."""
    state = survey.link_state(study, token)
    if state != "unknown":
        survey.mark_opened(study, token)
        # A reminder's new token replaces the one a response in progress was started with.
        request.session[_token_key(study)] = token
    if (response := _invited_current(request, study)) is not None:
        return _onward(study, response)
    if state != "unused":
        request.session.pop(_token_key(study), None)
        return _link_problem(request, study, state)
    return redirect("jobanalysis:invited", study.pk)


@public_page(posts=True)
def invited(request: HttpRequest, study: Study) -> HttpResponse:
    """The welcome of an invitation whose link this browser opened."""
    if (response := _invited_current(request, study)) is not None:
        return _onward(study, response)
    token = request.session.get(_token_key(study))
    if not token:
        return _link_problem(request, study, "missing")
    if request.method == "POST":
        try:
            response, secret = survey.start_response(study, token=token)
        except ValidationError:
            return _link_problem(request, study, survey.link_state(study, token))
        return _started(request, study, response, secret)
    return _welcome(request, study, None)


@public_page()
def resume_link(request: HttpRequest, study: Study, secret: str) -> HttpResponse:
    """A respondent's personal link: the session takes the secret, the browser goes on."""
    try:
        response = survey.resume(study, secret)
    except ValidationError:
        return _link_problem(request, study, "resume")
    return _started(request, study, response, secret)


def _in_progress(view: View) -> View:
    """A page of a response in progress: the view gets it; a browser without one is told how
    to get back to it, and a finished one goes to its end."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, study: Study, **kwargs: Any) -> HttpResponseBase:
        response = _current(request, study)
        if response is None:
            return render(request, T + "lost.html", {"study": study}, status=404)
        if response.completed_at is not None or _screened_out(response):
            return _onward(study, response)
        return view(request, study, response, **kwargs)

    return wrapped


def _page_form(
    form_of: Survey, page: Page, response: Response, data: Any
) -> BackgroundForm | StatementsForm:
    if page.kind == BACKGROUND:
        initial = {f"b-{k}": v for k, v in response.background.items()}
        return BackgroundForm(form_of.questions, data, initial=initial)
    saved = response.ratings.filter(competency__in=page.statements, value__isnull=False)
    values = {(c, s): v for c, s, v in saved.values_list("competency_id", "scale", "value")}
    initial = saved_ratings(page.statements, form_of.scales, values)
    return StatementsForm(page.statements, form_of.scales, data, initial=initial)


def _after_save(request: HttpRequest, study: Study, page: Page) -> HttpResponse:
    action = request.POST.get("action")
    if action == "later":
        return redirect("jobanalysis:saved", study.pk)
    number = page.number - 1 if action == "back" else page.number + 1
    return redirect("jobanalysis:page", study.pk, max(number, 1))


@public_page(posts=True)
@_in_progress
def survey_page(
    request: HttpRequest, study: Study, response: Response, number: int
) -> HttpResponse:
    """One page of the survey: background questions, a domain's statements, or the review."""
    pages = survey_of(study)
    page = pages.page(number)
    if page is None:
        raise Http404(f"{study.title} has no page {number}.")
    if page.kind == REVIEW:
        return _review(request, pages, response, page)
    form = _page_form(pages, page, response, posted(request))
    if request.method == "POST" and form.is_valid():
        with refusal_shown(request, form):
            if isinstance(form, BackgroundForm):
                survey.save_ratings(response, {}, form.answers())
            else:
                survey.save_ratings(response, form.ratings())
            return _after_save(request, study, page)
    context = {"study": study, "survey": pages, "page": page, "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, T + "page.html", context, status=status)


def _completing_token(request: HttpRequest, study: Study) -> str | None:
    """The invitation's token to mark it completed with: none if this browser started by the
    open link, or if a reminder has since replaced it (the answers count all the same)."""
    token = request.session.get(_token_key(study))
    if token and survey.link_state(study, token) != "unknown":
        return str(token)
    return None


def _review(request: HttpRequest, pages: Survey, response: Response, page: Page) -> HttpResponse:
    study = pages.study
    missing = unrated(pages, response)
    problems: list[str] = []
    if request.method == "POST":
        if request.POST.get("action") == "later":
            return redirect("jobanalysis:saved", study.pk)
        problems = [item.problem(study) for item in missing]  # linked to each statement's page
        if not missing:
            try:
                survey.complete(response, token=_completing_token(request, study))
            except ValidationError as error:
                problems = error.messages
            else:
                request.session.pop(_token_key(study), None)
                return redirect("jobanalysis:thanks", study.pk)
    context = {
        "study": study,
        "survey": pages,
        "page": page,
        "missing": missing,
        "problems": problems,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, T + "review.html", context, status=status)


@public_page()
@_in_progress
def saved(request: HttpRequest, study: Study, response: Response) -> HttpResponse:
    """Saved to finish later: the personal link that brings the answers back."""
    secret = request.session[_secret_key(study)]
    link = request.build_absolute_uri(reverse("jobanalysis:resume", args=[study.pk, secret]))
    context = {"study": study, "link": link, "next": resume_page(survey_of(study), response)}
    return render(request, T + "saved.html", context)


@public_page()
def thanks(request: HttpRequest, study: Study) -> HttpResponse:
    response = _current(request, study)
    if response is None:
        return render(request, T + "lost.html", {"study": study}, status=404)
    if response.completed_at is None:
        return _onward(study, response)
    return render(request, T + "thanks.html", {"study": study})


@public_page()
def screened_out(request: HttpRequest, study: Study) -> HttpResponse:
    response = _current(request, study)
    if response is None or not _screened_out(response):
        return redirect("jobanalysis:open", study.pk)
    return render(request, T + "screened_out.html", {"study": study})
