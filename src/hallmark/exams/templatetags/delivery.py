"""The exam clock as text, an option's letter, a multiple-response item's instruction and the
question navigator's entries, and the candidate dashboard's "Start exam" and "Resume exam"."""

from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import json_script
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from hallmark.exams.data import LIVE_SESSION, FormStatus, RegistrationStatus
from hallmark.exams.delivery.tools import Question
from hallmark.exams.models import ExamSession, Registration
from hallmark.itembank.data import SELECT_ALL

register = template.Library()


@register.filter
def clock(seconds: int) -> str:
    """`{{ 5400|clock }}` -> "1:30:00"."""
    minutes, second = divmod(max(int(seconds), 0), 60)
    hours, minute = divmod(minutes, 60)
    return f"{hours}:{minute:02d}:{second:02d}"


@register.filter
def letter(place: int) -> str:
    """`{{ 2|letter }}` -> "B": options are lettered by the place they are shown in."""
    return chr(ord("A") + place - 1) if 1 <= place <= 26 else str(place)


@register.filter
def in_places(place: int, chosen: int | list[int]) -> bool:
    """Whether the option shown at `place` is chosen: `chosen` is a single answer's place (0 for
    none) or a multiple response's list of places."""
    return place in chosen if isinstance(chosen, list) else place == chosen


@register.filter
def minutes_left(warnings: list[int]) -> str:
    """`{{ [15, 5, 1]|minutes_left }}` -> "15, 5 and 1 minutes are"; `[1]` -> "1 minute is"
    (the verb is the English sentence's; another language's sentence may not need it)."""
    listed = get_text_list([str(m) for m in warnings], gettext_lazy("and"))
    count = 1 if warnings == [1] else 2
    return ngettext("%(list)s minute is", "%(list)s minutes are", count) % {"list": listed}


NUMBER_WORDS = {
    2: gettext_lazy("Select two"),
    3: gettext_lazy("Select three"),
    4: gettext_lazy("Select four"),
    5: gettext_lazy("Select five"),
    6: gettext_lazy("Select six"),
    7: gettext_lazy("Select seven"),
    8: gettext_lazy("Select eight"),
}


@register.filter
def select_prompt(select: int) -> str:
    """`{{ 2|select_prompt }}` -> "Select two"; `SELECT_ALL` -> "Select all that apply"."""
    if select == SELECT_ALL:
        return _("Select all that apply")
    if select in NUMBER_WORDS:
        return str(NUMBER_WORDS[select])
    return _("Select %(count)s") % {"count": select}


def _entry(question: Question) -> str:
    classes = (" answered" if question.answered else "") + (" flagged" if question.flagged else "")
    current = ' aria-current="step"' if question.current else ""
    here = '<span class="mark" aria-hidden="true">▶</span>' if question.current else ""
    marks = ("✓" if question.answered else "") + ("⚑" if question.flagged else "")
    return (
        f'<li><button type="submit" name="go" value="{question.number}" '
        f'class="question-entry{classes}" aria-label="{question.name}" '
        f'data-number="{question.number}"{current}>{here}{question.number}'
        f'<span class="marks" aria-hidden="true">{marks}</span></button></li>'
    )


@register.simple_tag
def navigator_entries(questions: list[Question]) -> SafeString:
    """The navigator's buttons, written in Python: the template language took about 6 ms for
    135 of them on every question page, more than the rest of the page. Safe unescaped: each
    piece is a number, a flag's fixed words or a constant."""
    return mark_safe("\n".join(_entry(q) for q in questions))  # noqa: S308


def _startable(user: Any) -> list[tuple[str, str, str]]:
    now = timezone.now()
    seats = Registration.objects.filter(
        candidate=user, status=RegistrationStatus.BOOKED, session__isnull=True
    ).select_related("window", "program")
    return [
        (_("Start exam"), reverse("exams:exam-begin", args=[seat.pk]), f"{seat.program.name}:")
        for seat in seats
        if seat.authorized(now) and seat.window.forms.filter(status=FormStatus.FROZEN).exists()
    ]


@register.inclusion_tag("exams/delivery/dashboard_exams.html", takes_context=True)
def my_exams(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    if not user.is_authenticated:
        return {"exams": []}
    live = ExamSession.objects.filter(candidate=user, status__in=LIVE_SESSION).select_related(
        "registration__program"
    )
    resume = [
        (_("Resume exam"), reverse("exams:exam", args=[s.pk]), f"{s.registration.program.name}:")
        for s in live
    ]
    return {"exams": resume + _startable(user)}


def _words() -> dict[str, str]:
    """What exam.js and exam-tools.js write on the page, in the page's language: read by them
    from a JSON element, so that no script catalog is fetched and the CSP stays as it is.
    `%(name)s` places are filled by the script."""
    return {
        "saved": _("Saved"),
        "saving": _("Saving…"),
        "offline": _("Offline — your answers are kept in this browser and will be sent"),
        "retrying": _("Not saved yet — trying again; your answers are kept in this browser"),
        "notSaved": _("Not saved: %(reason)s Choose your answer again, or tell your proctor."),
        "refused": _("the server refused this change."),
        "tooMany": _("You can select only %(count)s. Clear one of your choices first."),
        "progress": _("%(answered)s of %(total)s answered"),
        "question": _("Question %(number)s, %(state)s"),
        "answered": _("answered"),
        "unanswered": _("unanswered"),
        "flagged": _("flagged"),
        "notOpened": _("The question did not open. Try again."),
        "minuteLeft": _("1 minute left."),
        "minutesLeft": _("%(count)s minutes left."),
        "savedAsYouGo": _("Your answers are saved as you go."),
        "calculatorError": _("Error"),
        "showingAll": _("Showing all %(count)s questions."),
        "showingUnanswered1": _("Showing 1 unanswered question."),
        "showingUnanswered": _("Showing %(count)s unanswered questions."),
        "noUnanswered": _("No unanswered questions."),
        "showingFlagged1": _("Showing 1 flagged question."),
        "showingFlagged": _("Showing %(count)s flagged questions."),
        "noFlagged": _("No flagged questions."),
    }


@register.simple_tag
def exam_words() -> SafeString:
    return json_script(_words(), "exam-words")
