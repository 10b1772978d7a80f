"""The exam clock as text, and the candidate dashboard's "Start exam" and "Resume exam"."""

from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone

from hallmark.exams.data import LIVE_SESSION, FormStatus, RegistrationStatus
from hallmark.exams.models import ExamSession, Registration

register = template.Library()


@register.filter
def clock(seconds: int) -> str:
    """`{{ 5400|clock }}` -> "1:30:00"."""
    minutes, second = divmod(max(int(seconds), 0), 60)
    hours, minute = divmod(minutes, 60)
    return f"{hours}:{minute:02d}:{second:02d}"


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
