"""The item writers' view of the content outline's versions: what the current version changed
from the one before, what a draft in progress (a job analysis under way) would change, and the
open items each change touches. Reclassifying them is the reclassification tool's work."""

from collections import Counter
from typing import Any

from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import render

from hallmark.accounts.access import staff_permission
from hallmark.itembank.data import CLOSED
from hallmark.itembank.models import Item
from hallmark.itembank.views import _program
from hallmark.jobanalysis.models import Study
from hallmark.lib.views import AuthenticatedHttpRequest
from hallmark.programs.changes import OutlineChanges, outline_changes
from hallmark.programs.data import OutlineStatus
from hallmark.programs.models import ContentOutline, Program


def _open_items_by_competency(program: Program) -> Counter[int]:
    rows = (
        Item.objects.filter(program=program)
        .exclude(status__in=CLOSED)
        .values_list("current_version__competency_id", flat=True)
    )
    return Counter(rows)


def _comparison(changes: OutlineChanges, items: Counter[int]) -> dict[str, Any]:
    return {
        "changes": changes,
        "dropped": [(c, items[c.pk]) for c in changes.dropped],
        "changed": [(r, items[r.old.pk]) for r in changes.changed],
        "study": Study.objects.filter(Q(adopted_outline=changes.new) | Q(draft_outline=changes.new))
        .order_by("-pk")
        .first(),
    }


@staff_permission("itembank.view_item")
def outline_versions(request: AuthenticatedHttpRequest) -> HttpResponse:
    program = _program(request)
    if program is None:
        raise Http404("No program.")
    current = program.current_outline()
    outlines = ContentOutline.objects.filter(program=program)
    items = _open_items_by_competency(program)
    since = drafts = None
    if current is not None:
        previous = (
            outlines.filter(status=OutlineStatus.PUBLISHED, version__lt=current.version)
            .order_by("-version")
            .first()
        )
        if previous is not None:
            since = _comparison(outline_changes(previous, current), items)
        drafts = [
            _comparison(outline_changes(current, draft), items)
            for draft in outlines.filter(
                status=OutlineStatus.DRAFT, version__gt=current.version
            ).order_by("version")
        ]
    return render(
        request,
        "itembank/outline_versions.html",
        {
            "program": program,
            "current": current,
            "current_study": Study.objects.filter(adopted_outline=current).first()
            if current
            else None,
            "since": since,
            "drafts": drafts or [],
        },
    )
