"""The exam pages: agreement, tutorial, one item per screen, review, submit; and autosave.

Only the session's signed-in candidate reaches them (anyone else gets a 404). Items go to the
browser one at a time, in the candidate's option order, and never with their keys. Every page
first lets the server close a session whose time is up. The question page and the autosave are
the hot path of an exam day: tests/exams/test_delivery_queries.py bounds their SQL statements.
"""

import json
import secrets
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hallmark.accounts import idle
from hallmark.exams.data import AccommodationKind, AccommodationStatus, SessionStatus
from hallmark.exams.delivery import services as delivery
from hallmark.exams.delivery import tools
from hallmark.exams.models import ExamSession, Registration, Response
from hallmark.exams.models.registrations import RegistrationAccommodation
from hallmark.itembank.data import LABEL_SEPARATOR, OPTION_LABELS, ItemKind
from hallmark.itembank.files import captions_response, file_response
from hallmark.itembank.models import ItemMedia, ItemSetMedia
from hallmark.lib.prepared import PreparedRead, RowExists, columns, instance
from hallmark.lib.views import AuthenticatedHttpRequest, mine, refusal_shown

EDIT = require_http_methods(["GET", "POST"])


def _approved(kind: AccommodationKind) -> RowExists:
    """Whether the seat has an approved accommodation of this kind, read with the session."""
    return RowExists(
        RegistrationAccommodation,
        link="registration",
        equal={"accommodation__status": AccommodationStatus.APPROVED, "accommodation__kind": kind},
    )


# The accommodations the exam pages act on by themselves: breaks show the break button,
# enlarged text starts the text at its largest size, a reader adds "Read aloud".
BREAKS = _approved(AccommodationKind.BREAKS)
ENLARGED_TEXT = _approved(AccommodationKind.ENLARGED_TEXT)
READER = _approved(AccommodationKind.READER)


# What the exam pages read beyond the session's own row (only these: reading every column of
# five tables costs more than the query itself), in one query written once per process.
SHOWN_WITH_SESSION = (
    "form__id",
    "form__status",
    "form__frozen_at",
    "form__blueprint__id",
    "form__blueprint__time_limit_minutes",
    "form__blueprint__calculator",
    "form__blueprint__time_warnings",
    "registration__id",
    "registration__program__id",
    "registration__program__name",
    "registration__program__designation",
    "registration__window__id",
    "registration__window__name",
    "registration__window__launch_code_required",
    "registration__window__check_in_required",
)
PAGE = PreparedRead(
    ExamSession,
    [*columns(ExamSession), *SHOWN_WITH_SESSION],
    where={"pk": "pk", "candidate": "candidate"},
    exists={"breaks": BREAKS, "enlarged_text": ENLARGED_TEXT, "reader": READER},
)

# The candidate's answer to the question on screen (at most one row: one per position).
ANSWER = PreparedRead(
    Response, ["selected", "flagged"], where={"session": "session", "item": "form_item"}
)


def _session(request: AuthenticatedHttpRequest, pk: int) -> ExamSession:
    """The signed-in candidate's session and what its pages show, in one query."""
    row = PAGE.first(pk=pk, candidate=request.user.pk)
    if row is None:
        raise Http404("No such exam session.")
    session = delivery.close_if_due(instance(ExamSession, row))
    # The idle sign-out waits for the exam clock of a sitting in progress to end.
    running = session.status in (SessionStatus.IN_PROGRESS, SessionStatus.PAUSED)
    idle.on_exam_page(request, delivery.time_left(session).total_seconds() if running else None)
    return session


# --- the one device an exam runs on -----------------------------------------------------------


def _cookie(pk: int) -> str:
    return f"hallmark-exam-{pk}"


def _device(request: HttpRequest, pk: int, cookie: str | None = None) -> delivery.Device:
    """This browser as the delivery services know it, from its exam cookie."""
    value = request.COOKIES.get(_cookie(pk), "") if cookie is None else cookie
    meta = request.META
    return delivery.Device.of(value, meta.get("HTTP_USER_AGENT", ""), meta.get("REMOTE_ADDR", ""))


def _here(request: HttpRequest, session: ExamSession) -> bool:
    """Whether this browser is the one the running exam continues on."""
    if not session.device_token or session.status not in delivery.RUNNING:
        return True
    return delivery.on_device(session, _device(request, session.pk))


def _keep_cookie(response: HttpResponse, session: ExamSession, value: str) -> HttpResponse:
    """The exam cookie: sent only to this exam's pages, never to scripts, kept for a day so
    that a browser restarted in the middle of the exam is still the same device."""
    response.set_cookie(
        _cookie(session.pk),
        value,
        max_age=24 * 3600,
        path=reverse("exams:exam", args=[session.pk]),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def _breaks(session: ExamSession) -> bool:
    known = getattr(session, "breaks", None)
    return delivery.may_take_breaks(session) if known is None else known


def _home(session: ExamSession) -> HttpResponse:
    return redirect("exams:exam", session.pk)


class _NoStaffLinks:
    """`perms` for the exam pages: the site's navigation (on the agreement and the other
    pages around a sitting; the exam pages themselves show only the exam's header) shows no
    staff links there. While a person sits an exam, the item bank or proctoring pages are
    nowhere they should go; and not asking saves the permission lookups a page would make."""

    def __getitem__(self, app: str) -> "_NoStaffLinks":
        return self

    def __contains__(self, permission: str) -> bool:
        return False

    def __bool__(self) -> bool:
        return False


NO_STAFF_LINKS = _NoStaffLinks()


def _clock(session: ExamSession) -> dict[str, Any]:
    left = int(delivery.time_left(session).total_seconds())
    context = {"session": session, "seconds_left": left, "perms": NO_STAFF_LINKS}
    return context | tools.exam_tools(session)


# --- before the clock starts ----------------------------------------------------------------


@login_required
@never_cache
@EDIT
def exam_begin(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The first screen: the candidate agreement. Accepting it makes the session."""
    registration = mine(request, Registration, pk)
    existing = ExamSession.objects.filter(registration=registration).first()
    if existing is not None and existing.agreement_accepted_at:
        return _home(existing)
    error = ""
    if request.method == "POST":
        if request.POST.get("agree") != "yes":
            error = _("Tick the box to accept the candidate agreement.")
        else:
            with refusal_shown(request):
                session = delivery.create_session(registration, by=request.user)
                delivery.accept_agreement(session, by=request.user)
                return redirect("exams:exam-tutorial", session.pk)
            return redirect("portal")
    context = {"registration": registration, "program": registration.program, "error": error}
    # The error summary's line leads to the box to tick.
    context["problems"] = [format_html('<a href="#agree">{}</a>', error)] if error else []
    context["perms"] = NO_STAFF_LINKS
    return render(request, "exams/delivery/agreement.html", context)


@login_required
@never_cache
@EDIT
def exam_tutorial(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A short untimed tutorial; its button starts the clock."""
    session = _session(request, pk)
    if session.status != SessionStatus.NOT_STARTED or not session.agreement_accepted_at:
        return _home(session)
    problems: list[str] = []
    if request.method == "POST":
        cookie = secrets.token_urlsafe(32)
        try:
            delivery.start(
                session,
                by=request.user,
                launch_code=request.POST.get("launch_code", ""),
                device=_device(request, session.pk, cookie),
            )
            return _keep_cookie(redirect("exams:exam-item", session.pk, 1), session, cookie)
        except ValidationError as refusal:
            problems = refusal.messages
    window = session.registration.window
    context = {
        **_clock(session),
        "problems": problems,
        "check_in_needed": window.needs_check_in and not session.checked_in_at,
        "launch_code_required": window.launch_code_required,
        "items": len(session.item_order),
        "breaks": _breaks(session),
    }
    return render(request, "exams/delivery/tutorial.html", context)


# --- the exam -------------------------------------------------------------------------------


@login_required
@never_cache
@require_GET
def exam(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Where the candidate is: the page for the session's state, or the current item."""
    session = _session(request, pk)
    if session.status == SessionStatus.NOT_STARTED and not session.agreement_accepted_at:
        return redirect("exams:exam-begin", session.registration_id)
    if session.status == SessionStatus.NOT_STARTED:
        return redirect("exams:exam-tutorial", session.pk)
    if not _here(request, session):
        context = {"session": session, "perms": NO_STAFF_LINKS}
        return render(request, "exams/delivery/elsewhere.html", context)
    if session.status == SessionStatus.IN_PROGRESS:
        return redirect("exams:exam-item", session.pk, session.current_position + 1)
    if session.status == SessionStatus.PAUSED:
        context = {**_clock(session), "on_break": delivery._on_break(session)}
        context["answered"] = delivery.answered_count(session)
        context["total"] = len(session.item_order)
        return render(request, "exams/delivery/paused.html", context)
    if session.status == SessionStatus.SUBMITTED:
        return redirect("exams:exam-submitted", session.pk)
    return render(request, "exams/delivery/voided.html", {"session": session})


@login_required
@never_cache
@require_POST
def exam_resume(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Continue the exam on this browser: it becomes the only one the exam runs on."""
    session = _session(request, pk)
    cookie = request.COOKIES.get(_cookie(pk)) or secrets.token_urlsafe(32)
    delivery.take_over(session, by=request.user, device=_device(request, pk, cookie))
    return _keep_cookie(_home(session), session, cookie)


def _set_numbers(session: ExamSession, item: delivery.Shown) -> list[int]:
    """The question numbers (in this candidate's order) that share the item's case set."""
    if item.set_id is None:
        return []
    shown = [delivery.shown(session.form, position) for position in session.item_order]
    return [n for n, other in enumerate(shown, start=1) if other.set_id == item.set_id]


def _item_context(session: ExamSession, number: int) -> dict[str, Any]:
    position = session.item_order[number - 1]
    item = delivery.shown(session.form, position)
    labels = delivery.option_labels(session, position, item)
    answer = ANSWER.first(session=session.pk, item=item.form_item_id) or {}
    selected, flagged = answer.get("selected", ""), answer.get("flagged", False)
    # The page names each option by the place it shows it in (from 1), never by its label.
    picked = selected.split(LABEL_SEPARATOR) if selected else []
    places = [labels.index(label) + 1 for label in picked if label in labels]
    images = reverse("exams:exam-image", args=[session.pk, number, "-"])[:-1]
    captions = reverse("exams:exam-captions", args=[session.pk, number, "-"])[:-1]
    case_files = reverse("exams:exam-case-file", args=[session.pk, number, "-"])[:-1]
    case_captions = reverse("exams:exam-case-captions", args=[session.pk, number, "-"])[:-1]
    return {
        **_clock(session),
        "number": number,
        "total": len(session.item_order),
        "position": position,
        "stem": item.stem_for(images, captions),
        "transcripts": item.transcripts,
        "options": [item.options[label] for label in labels],
        "kind": item.kind,
        "select": item.select,
        "input_type": "checkbox" if item.multiple else "radio",
        "chosen": places[0] if places and not item.multiple else 0,
        "chosen_places": sorted(places),
        "stimulus": item.stimulus_for(case_files, case_captions),
        "stimulus_transcripts": item.stimulus_transcripts,
        "set_title": item.set_title,
        "set_numbers": _set_numbers(session, item),
        "flagged": bool(flagged),
        "breaks": _breaks(session),
    }


def _target(session: ExamSession, number: int, go: str) -> int | None:
    """The question number a navigation button leads to; None for the review screen."""
    if go == "review":
        return None
    targets = {"previous": number - 1, "next": number + 1, "flag": number}
    target = targets.get(go) or (int(go) if go.isdigit() else number)
    return min(max(target, 1), len(session.item_order))


def _choice(posted: str | None) -> int | None:
    if posted is None:
        return None
    try:
        return int(posted)
    except ValueError:
        raise ValidationError({"choice": f"{posted!r} is not an option's number."}) from None


def _post_item(
    request: AuthenticatedHttpRequest, session: ExamSession, number: int
) -> HttpResponse:
    """The page posted without scripts (or a navigation button): save what changed, then move."""
    context = _item_context(session, number)
    position, go = context["position"], request.POST.get("go", "next")
    choice = choices = None
    if context["kind"] == ItemKind.MULTIPLE:
        # Unticked boxes are not posted: the boxes ticked now are the whole answer.
        ticked = sorted({_choice(value) or 0 for value in request.POST.getlist("choice")} - {0})
        choices = ticked if ticked != context["chosen_places"] else None
    else:
        choice = _choice(request.POST.get("choice"))
        choice = choice if choice is not None and choice != context["chosen"] else None
    flagged = (not context["flagged"]) if go == "flag" else None
    if choice is not None or choices is not None or flagged is not None:
        saved = delivery.save_response(
            session,
            by=request.user,
            position=position,
            choice=choice,
            choices=choices,
            flagged=flagged,
            device=_device(request, session.pk),
        )
        if not saved.saved:
            messages.error(request, saved.reason)
            return _home(session)
    target = _target(session, number, go)
    if target is None:
        return redirect("exams:exam-review", session.pk)
    delivery.navigate(session, by=request.user, index=target - 1)
    return redirect("exams:exam-item", session.pk, target)


@login_required
@never_cache
@EDIT
def exam_item(request: AuthenticatedHttpRequest, pk: int, number: int) -> HttpResponse:
    session = _session(request, pk)
    if session.status != SessionStatus.IN_PROGRESS:
        return _home(session)
    if not 1 <= number <= len(session.item_order):
        raise Http404("No such question.")
    if not _here(request, session):
        return _home(session)
    if request.method == "POST":
        with refusal_shown(request):
            return _post_item(request, session, number)
    elif number - 1 != session.current_position:
        moved = delivery.navigate(session, by=request.user, index=number - 1)
        if moved.status != SessionStatus.IN_PROGRESS:
            return _home(moved)
        # Keep the row read with what the page shows; take what the locked read may have moved.
        session.current_position, session.deadline_at = moved.current_position, moved.deadline_at
        session.last_sequence = moved.last_sequence
    # The navigator and the progress: every question's state, in one more query.
    context = _item_context(session, number)
    context |= tools.progress(tools.questions(session, current=number))
    return render(request, "exams/delivery/item.html", context)


def _media(
    request: AuthenticatedHttpRequest, pk: int, number: int, name: str, case: bool = False
) -> ItemMedia | ItemSetMedia:
    """A file of the question on screen (with `case`, of its case set's stimulus), only while
    the exam is in progress on this device."""
    session = _session(request, pk)
    if session.status != SessionStatus.IN_PROGRESS or not 1 <= number <= len(session.item_order):
        raise Http404("No such file.")
    if not _here(request, session):
        raise Http404("No such file.")
    item = delivery.shown(session.form, session.item_order[number - 1])
    if case:
        return get_object_or_404(ItemSetMedia, item_set_id=item.set_id, name=name)
    return get_object_or_404(ItemMedia, item_id=item.item_id, name=name)


@login_required
@require_GET
def exam_image(request: AuthenticatedHttpRequest, pk: int, number: int, name: str) -> HttpResponse:
    """An image, audio or video of the question on screen."""
    return file_response(_media(request, pk, number, name))


@login_required
@require_GET
def exam_captions(
    request: AuthenticatedHttpRequest, pk: int, number: int, name: str
) -> HttpResponse:
    """A video's WebVTT captions, for its <track>."""
    return captions_response(_media(request, pk, number, name))


@login_required
@require_GET
def exam_case_file(
    request: AuthenticatedHttpRequest, pk: int, number: int, name: str
) -> HttpResponse:
    """An image, audio or video of the case the question on screen belongs to."""
    return file_response(_media(request, pk, number, name, case=True))


@login_required
@require_GET
def exam_case_captions(
    request: AuthenticatedHttpRequest, pk: int, number: int, name: str
) -> HttpResponse:
    """The WebVTT captions of a video of the case on screen."""
    return captions_response(_media(request, pk, number, name, case=True))


def _bad(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"saved": False, "reason": message}, status=status)


@login_required
@never_cache
@require_POST
def exam_autosave(request: AuthenticatedHttpRequest, pk: int) -> JsonResponse:
    """One autosave: {"position", "sequence", "choice"?, "choices"?, "flagged"?}, `choice` being
    the place the option is shown in (from 1; 0 clears the answer), `choices` the places ticked
    on a multiple-response question ([] clears it). Answered only after the write is
    committed; a refusal (time up, submitted, paused, another device) is 409 and journaled.
    The session row is read once, locked, by the service; anyone but its candidate gets a 404."""
    try:
        body = json.loads(request.body)
        position, sequence = int(body["position"]), int(body["sequence"])
        choice, choices, flagged = body.get("choice"), body.get("choices"), body.get("flagged")
    except (ValueError, KeyError, TypeError, AttributeError):
        return _bad("Send JSON with a position and a sequence number.")
    if choices is not None and not (
        type(choices) is list
        and len(choices) <= len(OPTION_LABELS)
        and all(type(c) is int and c >= 1 for c in choices)
    ):
        return _bad("choices is a list of the numbers of the options ticked, as shown (from 1).")
    if not 1 <= sequence <= delivery.MAX_SEQUENCE:
        return _bad(f"sequence must run from 1 to {delivery.MAX_SEQUENCE}: got {sequence}.")
    if choice is not None and (type(choice) is not int or choice < 0):
        return _bad("choice is the number of the option as shown (from 1), or 0 to clear.")
    if choice is None and choices is None and flagged is None:
        return _bad("Send a choice, choices or a flag to save.")
    try:
        saved = delivery.save_response(
            pk,
            by=request.user,
            position=position,
            sequence=sequence,
            choice=choice,
            choices=choices,
            flagged=None if flagged is None else bool(flagged),
            device=_device(request, pk),
        )
    except PermissionDenied:
        raise Http404("No such exam session.") from None
    except ValidationError as refusal:
        return _bad(" ".join(refusal.messages))
    reply = {"saved": saved.saved, "sequence": saved.sequence, "status": saved.status}
    reply |= {"reason": saved.reason, "elsewhere": saved.elsewhere}
    return JsonResponse(reply, status=200 if saved.saved else 409)


@login_required
@never_cache
@require_GET
def exam_state(request: AuthenticatedHttpRequest, pk: int) -> JsonResponse:
    """The server's clock and the session's state, for the page's timer to follow."""
    session = _session(request, pk)
    if not _here(request, session):
        return JsonResponse({"status": session.status, "reason": delivery.ELSEWHERE}, status=409)
    left = delivery.time_left(session).total_seconds()
    return JsonResponse(
        {
            "status": session.status,
            "seconds_left": int(left),
            "last_sequence": session.last_sequence,
            "server_time": timezone.now().isoformat(),
        }
    )


@login_required
@never_cache
@require_GET
def exam_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    if session.status != SessionStatus.IN_PROGRESS or not _here(request, session):
        return _home(session)
    show = request.GET.get("show", "all")
    show = show if show in tools.SHOW else "all"
    context = {**_clock(session), **tools.progress(tools.questions(session))}
    context |= {"show": show, "filters": tools.SHOW, "current": session.current_position + 1}
    # Every row is on the page, those the filter leaves out hidden: the filter links work
    # without scripts, and with them the filters switch at once.
    context["rows"] = [(q, q.shown(show)) for q in context["questions"]]
    context["shown"] = sum(shown for _, shown in context["rows"])
    return render(request, "exams/delivery/review.html", context)


@login_required
@never_cache
@EDIT
def exam_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The confirmation before the final submit."""
    session = _session(request, pk)
    if session.status != SessionStatus.IN_PROGRESS or not _here(request, session):
        return _home(session)
    if request.method == "POST":
        delivery.submit(session, by=request.user)
        return redirect("exams:exam-submitted", session.pk)
    context = {
        **_clock(session),
        "answered": delivery.answered_count(session),
        "total": len(session.item_order),
    }
    return render(request, "exams/delivery/confirm.html", context)


@login_required
@never_cache
@require_GET
def exam_submitted(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    if session.status != SessionStatus.SUBMITTED:
        return _home(session)
    context = {
        "session": session,
        "program": session.registration.program,
        "answered": delivery.answered_count(session),
        "total": len(session.item_order),
    }
    return render(request, "exams/delivery/submitted.html", context)


@login_required
@require_POST
def exam_break(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Start or end an accommodated break (the clock stops while it lasts)."""
    session = _session(request, pk)
    if not _here(request, session):
        return _home(session)
    with refusal_shown(request):
        if request.POST.get("action") == "end":
            delivery.end_break(session, by=request.user)
        else:
            delivery.take_break(session, by=request.user)
    return _home(session)
