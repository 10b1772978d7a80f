"""The exam clock as text, an option's letter, a multiple-response item's instruction and the
question navigator's entries, and the candidate dashboard's "Start exam" and "Resume exam"."""

from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

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
    """`{{ [15, 5, 1]|minutes_left }}` -> "15, 5 and 1 minutes are"; `[1]` -> "1 minute is"."""
    if warnings == [1]:
        return "1 minute is"
    numbers = [str(m) for m in warnings]
    listed = ", ".join(numbers[:-1]) + " and " + numbers[-1] if len(numbers) > 1 else numbers[0]
    return f"{listed} minutes are"


NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}


@register.filter
def select_prompt(select: int) -> str:
    """`{{ 2|select_prompt }}` -> "Select two"; `SELECT_ALL` -> "Select all that apply"."""
    if select == SELECT_ALL:
        return "Select all that apply"
    return f"Select {NUMBER_WORDS.get(select, select)}"


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
        ("Start exam", reverse("exams:exam-begin", args=[seat.pk]), f"{seat.program.name}:")
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
        ("Resume exam", reverse("exams:exam", args=[s.pk]), f"{s.registration.program.name}:")
        for s in live
    ]
    return {"exams": resume + _startable(user)}
