"""What the staff's study pages share: who may read and who may change, the study of a URL, and
one step's form run through its service."""

from collections.abc import Callable
from typing import Any, Protocol

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect

from hallmark.accounts.access import staff_permission
from hallmark.jobanalysis.models import Study
from hallmark.jobanalysis.rules import MANAGE
from hallmark.lib.views import AuthenticatedHttpRequest, refusal_shown

READS = staff_permission("jobanalysis.view_study")
MANAGES = staff_permission(MANAGE)
SEES_ADDRESSES = "jobanalysis.view_invitation"


class Page(Protocol):
    """A study page drawn again with a step's form in error (`bound`: prefix -> form)."""

    def __call__(
        self, request: AuthenticatedHttpRequest, study: Study, *, status: int, bound: Any
    ) -> HttpResponse: ...


def study_of(pk: int) -> Study:
    rows = Study.objects.select_related("program", "draft_outline", "adopted_outline")
    return get_object_or_404(rows, pk=pk)


def run_step(
    request: AuthenticatedHttpRequest,
    study: Study,
    form: forms.Form,
    act: Callable[[dict[str, Any]], str],
    *,
    page: Page,
    back: str,
) -> HttpResponse:
    """Call the step's service with the form's data: back to the page saying what was done, or
    the page again with the form's errors (a form with no fields: the refusal as a message)."""
    shown_on = form if form.fields else None
    if form.is_valid():
        with refusal_shown(request, shown_on):
            messages.success(request, act(form.cleaned_data))
            return redirect(back, study.pk)
    if shown_on is None:
        return redirect(back, study.pk)
    return page(request, study, status=400, bound={form.prefix: form})


def bound_or(bound: dict[str, forms.Form], prefix: str, make: Callable[..., forms.Form]) -> Any:
    """The form in error the page is drawn again with, else a blank one."""
    return bound.get(prefix) or make(prefix=prefix)
