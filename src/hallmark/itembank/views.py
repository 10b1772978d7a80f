"""Staff pages of the item bank. Each needs its permission; services make every change."""

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from hallmark.accounts.access import staff_permission
from hallmark.accounts.data import AccessRecordKind
from hallmark.accounts.services import record_access
from hallmark.itembank import jobs as item_import
from hallmark.itembank import queries, services, transfer
from hallmark.itembank.data import (
    EDITABLE,
    TRANSITIONS,
    UNDER_REVIEW,
    AccessKind,
    ItemStatus,
)
from hallmark.itembank.files import captions_response, file_response
from hallmark.itembank.forms import (
    ClassifyForm,
    CommentForm,
    EnemiesForm,
    ExportForm,
    HealthForm,
    ImportForm,
    ItemFilterForm,
    ItemForm,
    ItemSetForm,
    MediaForm,
    PlaceInSetForm,
    ReclassifyForm,
    RekeyForm,
    ReviewForm,
    TransitionForm,
)
from hallmark.itembank.models import (
    Item,
    ItemComment,
    ItemEvent,
    ItemMedia,
    ItemReview,
    ItemSet,
    ItemSetMedia,
    ItemStatistics,
)
from hallmark.lib.views import AuthenticatedHttpRequest, refusal_shown
from hallmark.programs.models import Program

PAGE_SIZE = 50


def _program(request: HttpRequest) -> Program | None:
    designation = request.GET.get("program") or request.POST.get("program")
    if designation:
        return get_object_or_404(Program, designation=designation)
    with_items = Program.objects.filter(items__isnull=False).distinct().first()
    return with_items or Program.objects.filter(outlines__status="published").first()


def _to_item(item: Item) -> HttpResponse:
    return redirect("itembank:detail", pk=item.pk)


@staff_permission("itembank.view_item")
def item_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    program = _program(request)
    statistics = request.user.has_perm("itembank.view_itemstatistics")
    form = ItemFilterForm(request.GET or None, program=program, statistics=statistics)
    data = form.cleaned_data if form.is_valid() else {}
    items = queries.filter_items(program, data)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    services.log_access(
        request.user,
        AccessKind.BULK_VIEW,
        f"item list {request.GET.urlencode()}"[:500],
        [i.identifier for i in page.object_list],
        program=program,
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "itembank/item_list.html",
        {
            "form": form,
            "program": program,
            "page": page,
            "total": page.paginator.count,
            "counts": queries.status_counts(items),
            "statistics": statistics,
            "query": query.urlencode(),
        },
    )


def _reviews_by_version(item: Item) -> list[ItemReview]:
    return list(
        ItemReview.objects.filter(version__item=item)
        .select_related("reviewer", "version")
        .order_by("-version__number", "created_at")
    )


def _when(entry: ItemEvent | ItemComment) -> tuple[datetime, int]:
    """Events and comments share one history, in the order they happened."""
    return (entry.at if isinstance(entry, ItemEvent) else entry.created_at, entry.pk)


@staff_permission("itembank.view_item")
def item_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        Item.objects.select_related(
            "program", "author", "item_set", "current_version__competency__domain"
        ),
        pk=pk,
    )
    user = request.user
    show_key = item.key_visible_to(user)
    entries: list[ItemEvent | ItemComment] = [
        *item.events.select_related("actor"),
        *item.comments.select_related("author"),
    ]
    history = sorted(entries, key=_when)
    statistics = []
    if user.has_perm("itembank.view_itemstatistics"):
        statistics = list(
            ItemStatistics.objects.filter(version__item=item)
            .select_related("version")
            .order_by("-administered_on", "-pk")
        )
    allowed = TRANSITIONS[item.status]
    version = item.current_version
    record_access(
        request,
        AccessRecordKind.ITEM_KEY if show_key else AccessRecordKind.ITEM,
        item,
        what=f"item {item.identifier} ({item.program.designation})"
        + (f", version {version.number}" if version else ""),
        reason="item bank: the item's page" + (", with its key" if show_key else ""),
    )
    return render(
        request,
        "itembank/item_detail.html",
        {
            "item": item,
            "version": item.current_version,
            "versions": item.versions.select_related("created_by").order_by("-number"),
            "show_key": show_key,
            "history": history,
            "statistics": statistics,
            "latest": statistics[0] if statistics else None,
            "reviews": _reviews_by_version(item) if queries.reviews_visible(user, item) else None,
            "enemies": item.enemies.order_by("identifier"),
            "media": item.media.order_by("name"),
            "set_form": PlaceInSetForm(item=item, initial={"item_set": item.item_set_id}),
            "can_edit": item.can_edit(user),
            "can_set_enemies": item.can_edit(user) or user.has_perm("itembank.edit_any_item"),
            "can_submit": item.status in EDITABLE and item.can_edit(user),
            "can_review": item.status in UNDER_REVIEW
            and user.has_perm("itembank.review_item")
            and item.author_id != user.pk,
            "can_pretest": ItemStatus.PRETEST in allowed and user.has_perm("itembank.promote_item"),
            "can_operational": ItemStatus.OPERATIONAL in allowed
            and user.has_perm("itembank.promote_item"),
            "can_retire": ItemStatus.RETIRED in allowed and user.has_perm("itembank.retire_item"),
            "can_rekey": item.status
            in {ItemStatus.APPROVED, ItemStatus.PRETEST, ItemStatus.OPERATIONAL}
            and user.has_perm("itembank.rekey_item"),
            "comment_form": CommentForm(),
            "enemies_form": EnemiesForm(
                item=item,
                initial={"enemies": " ".join(e.identifier for e in item.enemies.all())},
            ),
            "transition_form": TransitionForm(),
        },
    )


@staff_permission("itembank.add_item")
def item_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    program = _program(request)
    if program is None or program.current_outline() is None:
        raise Http404("No program with a published content outline.")
    form = ItemForm(request.POST or None, program=program)
    if form.is_valid():
        try:
            item = services.create_item(program, form.content(), request.user)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"{item} was saved as a draft.")
            return _to_item(item)
    return render(
        request, "itembank/item_form.html", {"form": form, "program": program, "item": None}
    )


@staff_permission("itembank.change_item")
def item_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Item.objects.select_related("program", "current_version"), pk=pk)
    if not item.can_edit(request.user):
        raise PermissionDenied
    version = item.current_version
    assert version is not None
    form = ItemForm(
        request.POST or None,
        program=item.program,
        editing=True,
        initial=ItemForm.initial_from(version),
    )
    if form.is_valid():
        try:
            services.revise_item(
                item,
                form.content(),
                request.user,
                form.cleaned_data.get("change_note", ""),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"{item} was saved as a new version.")
            return _to_item(item)
    return render(
        request,
        "itembank/item_form.html",
        {"form": form, "program": item.program, "item": item},
    )


def _attach_page(
    request: AuthenticatedHttpRequest,
    attach: Callable[..., object],
    target: str,
    shown_in: str,
    back: str,
) -> HttpResponse:
    """The upload page of a file the stem (or the stimulus) will show; `attach(name, data,
    actor, alt=, transcript=, captions=)` keeps it."""
    form = MediaForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with refusal_shown(request, form):
            attach(
                form.file_name(),
                form.cleaned_data["file"].read(),
                request.user,
                alt=form.cleaned_data["alt"],
                transcript=form.cleaned_data["transcript"],
                captions=form.captions_text(),
            )
            messages.success(request, f"The file was attached to {target}.")
            return redirect(back)
    context = {"form": form, "target": target, "shown_in": shown_in, "back": back}
    return render(request, "itembank/media_form.html", context)


@staff_permission("itembank.change_item")
def item_attach_media(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Item, pk=pk)
    if not item.can_edit(request.user):
        raise PermissionDenied
    back = reverse("itembank:detail", args=[item.pk])
    attach = partial(services.attach_media, item)
    return _attach_page(request, attach, item.identifier, "stem", back)


@staff_permission("itembank.view_item")
def item_image(request: AuthenticatedHttpRequest, pk: int, name: str) -> HttpResponse:
    """Any file of the item (image, audio, video), by the name its stem gives it."""
    return file_response(get_object_or_404(ItemMedia, item_id=pk, name=name))


@staff_permission("itembank.view_item")
def item_captions(request: AuthenticatedHttpRequest, pk: int, name: str) -> HttpResponse:
    """A video's WebVTT captions, for its <track>."""
    return captions_response(get_object_or_404(ItemMedia, item_id=pk, name=name))


@staff_permission("itembank.view_item")
def item_preview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Item.objects.select_related("program"), pk=pk)
    version = item.current_version
    if request.GET.get("version"):
        version = get_object_or_404(item.versions, number=request.GET["version"])
    show_key = request.GET.get("key") == "1" and item.key_visible_to(request.user)
    return render(
        request,
        "itembank/item_preview.html",
        {
            "item": item,
            "version": version,
            "show_key": show_key,
            "may_see_key": item.key_visible_to(request.user),
        },
    )


@staff_permission("itembank.review_item")
def item_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Item.objects.select_related("program", "current_version"), pk=pk)
    version = item.current_version
    assert version is not None
    form = ReviewForm(request.POST or None, kind=version.kind)
    if form.is_valid():
        with refusal_shown(request, form):
            services.record_review(
                item,
                request.user,
                form.cleaned_data["decision"],
                form.checklist(),
                form.cleaned_data["comment"],
            )
            item.refresh_from_db()
            messages.success(
                request,
                f"Your review of {item} was recorded; "
                f"it is now {item.get_status_display().lower()}.",
            )
            return redirect("itembank:reviews")
    return render(
        request,
        "itembank/review_form.html",
        {"form": form, "item": item, "version": item.current_version},
    )


TRANSITION_SERVICES: dict[str, Callable[..., None]] = {
    "submit": services.submit_item,
    "begin-review": services.begin_review,
    "pretest": services.move_to_pretest,
    "operational": services.make_operational,
    "retire": services.retire_item,
}


@require_POST
@staff_permission("itembank.view_item")
def item_transition(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in TRANSITION_SERVICES:
        raise Http404("No such step.")
    item = get_object_or_404(Item, pk=pk)
    form = TransitionForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    with refusal_shown(request):
        TRANSITION_SERVICES[action](item, request.user, comment)
        item.refresh_from_db()
        messages.success(request, f"{item} is now {item.get_status_display().lower()}.")
    return _to_item(item)


@staff_permission("itembank.rekey_item")
def item_rekey(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Item.objects.select_related("current_version"), pk=pk)
    version = item.current_version
    assert version is not None
    form = RekeyForm(request.POST or None, version=version)
    if form.is_valid():
        with refusal_shown(request, form):
            services.rekey_item(
                item,
                form.cleaned_data["keys"],
                request.user,
                form.cleaned_data["comment"],
            )
            messages.success(request, f"{item} was rekeyed in a new version.")
            return _to_item(item)
    return render(request, "itembank/rekey_form.html", {"form": form, "item": item})


@require_POST
@staff_permission("itembank.view_item")
def item_enemies(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Item, pk=pk)
    form = EnemiesForm(request.POST, item=item)
    if not form.is_valid():
        for message in form.errors.get("enemies", []):  # an ErrorList gives its messages' text
            messages.error(request, str(message))
        return _to_item(item)
    with refusal_shown(request):
        services.set_enemies(item, form.cleaned_data["enemies"], request.user)
        messages.success(request, f"The enemies of {item} were saved.")
    return _to_item(item)


@require_POST
@staff_permission("itembank.view_item")
def item_comment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Item, pk=pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.add_comment(item, request.user, form.cleaned_data["body"])
        messages.success(request, "Your comment was added.")
    else:
        messages.error(request, "A comment cannot be empty.")
    return redirect(reverse("itembank:detail", args=[item.pk]) + "#history")


@staff_permission("itembank.view_item")
def item_diff(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Item.objects.select_related("current_version"), pk=pk)
    versions = list(item.versions.select_related("competency__domain__outline", "created_by"))
    by_number = {v.number: v for v in versions}
    try:
        right = by_number[int(request.GET.get("to") or versions[-1].number)]
        left = by_number[int(request.GET.get("from") or max(1, right.number - 1))]
    except (KeyError, ValueError):
        raise Http404("No such version.") from None
    return render(
        request,
        "itembank/item_diff.html",
        {
            "item": item,
            "left": left,
            "right": right,
            "versions": versions,
            "rows": queries.version_diff(left, right, item.key_visible_to(request.user)),
        },
    )


@staff_permission("itembank.review_item")
def review_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    waiting, done = queries.review_queue(request.user)
    return render(request, "itembank/review_queue.html", {"waiting": waiting, "done": done})


@staff_permission("itembank.view_item")
def bank_health(request: AuthenticatedHttpRequest) -> HttpResponse:
    program = _program(request)
    form = HealthForm(request.GET or None, program=program)
    data = form.cleaned_data if form.is_valid() else {}
    health = None
    if program is not None:
        blueprint = data.get("blueprint") or form.blueprints.first()
        health = queries.bank_health(program, blueprint, data.get("forms_needed") or 3)
    return render(
        request,
        "itembank/bank_health.html",
        {"form": form, "program": program, "health": health},
    )


@staff_permission("itembank.reclassify_item")
def reclassify(request: AuthenticatedHttpRequest) -> HttpResponse:
    program = _program(request)
    if program is None:
        raise Http404("No program.")
    groups = services.needs_reclassification(program)
    unclassified = groups.pop(None, [])
    classifying = request.method == "POST" and "classify" in request.POST
    posted = request.POST if request.method == "POST" else None
    form = ReclassifyForm(
        None if classifying else posted,
        program=program,
        proposals=services.proposed_mapping(program),
        counts={old: len(items) for old, items in groups.items() if old is not None},
    )
    classify_form = ClassifyForm(
        posted if classifying else None, program=program, items=unclassified
    )
    here = reverse("itembank:reclassify") + f"?program={program.designation}"
    current = services.outline_competencies(program)
    if classify_form.is_valid():
        with refusal_shown(request):
            count = services.classify(program, classify_form.assignments(current), request.user)
            messages.success(request, f"{count} items were classified.")
            return redirect(here)
    if form.is_valid():
        with refusal_shown(request):
            count = services.reclassify(program, form.mapping(current), request.user)
            messages.success(request, f"{count} items were reclassified.")
            return redirect(here)
    context = {
        "form": form,
        "classify_form": classify_form,
        "program": program,
        "groups": groups,
        "unclassified": unclassified,
    }
    return render(request, "itembank/reclassify.html", context)


@staff_permission("itembank.import_item")
def import_items(request: AuthenticatedHttpRequest) -> HttpResponse:
    may_keep = request.user.has_perm("itembank.import_with_status")
    form = ImportForm(request.POST or None, request.FILES or None, may_keep_status=may_keep)
    problems = None
    imported: dict[str, Any] | None = None
    skipped: list[str] = []
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["file"].name or "file"
        data = form.cleaned_data["data"]
        fmt = form.cleaned_data["format"]
        program = form.cleaned_data["program"]
        keep_status = form.cleaned_data.get("keep_status", False)
        skip = form.cleaned_data["skip_unsupported"]
        if len(data) > settings.HALLMARK_IMPORT_JOB_BYTES:
            job = item_import.start_import(
                program,
                data,
                fmt,
                name=name,
                by=request.user,
                keep_status=keep_status,
                skip_unsupported=skip,
            )
            return redirect("job", job.pk)
        try:
            items = transfer.import_items(
                program, data, fmt, request.user, keep_status=keep_status, skip_unsupported=skip
            )
        except transfer.ImportRefused as refused:
            problems = [p.line(name) for p in refused.problems]
        except ValidationError as error:
            problems = [transfer.Problem("file", "format", m).line(name) for m in error.messages]
        else:
            messages.success(request, f"{len(items)} items were imported.")
            if not items.skipped:
                return redirect(reverse("itembank:list") + f"?program={program.designation}")
            imported = {"items": items, "program": program}
            skipped = [p.line(name) for p in items.skipped]
    context = {
        "form": form,
        "problems": problems,
        "imported": imported,
        "skipped": skipped,
        "job_threshold": settings.HALLMARK_IMPORT_JOB_BYTES,
        "programs": Program.objects.order_by("designation"),
    }
    return render(request, "itembank/import.html", context)


@staff_permission("itembank.import_item")
def import_template(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The CSV template, its examples tagged with `?program=`'s competencies when one is named."""
    designation = request.GET.get("program", "")
    program = Program.objects.filter(designation=designation).first() if designation else None
    if designation and program is None:
        raise Http404(f"No program has the designation {designation}.")
    response = HttpResponse(transfer.csv_template(program), content_type="text/csv")
    name = f"{program.designation}-items-template.csv" if program else "items-template.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@staff_permission("itembank.import_item")
def import_guide(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {"max_mb": settings.HALLMARK_IMPORT_MAX_BYTES // (1024 * 1024)}
    return render(request, "itembank/import_guide.html", context)


@staff_permission("itembank.export_item")
def export_items(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        program = form.cleaned_data["program"]
        fmt = form.cleaned_data["format"]
        data, _ = transfer.export_items(
            program,
            fmt,
            request.user,
            status=form.cleaned_data["status"],
        )
        response = HttpResponse(data, content_type=transfer.CONTENT_TYPES[fmt])
        name = f"{program.designation}-items.{transfer.EXTENSIONS[fmt]}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "private, no-store"
        return response
    return render(request, "itembank/export.html", {"form": form})


# --- case sets ---------------------------------------------------------------------------------


@staff_permission("itembank.view_item")
def set_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    program = _program(request)
    sets = (
        ItemSet.objects.filter(program=program).annotate(size=Count("items")).order_by("identifier")
    )
    return render(request, "itembank/set_list.html", {"program": program, "sets": sets})


@staff_permission("itembank.add_item")
def set_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    program = _program(request)
    if program is None:
        raise Http404("No program.")
    form = ItemSetForm(request.POST or None)
    if form.is_valid():
        with refusal_shown(request, form):
            item_set = services.create_item_set(
                program,
                form.cleaned_data["identifier"],
                form.cleaned_data["title"],
                form.cleaned_data["stimulus"],
                request.user,
            )
            messages.success(request, f"The case set {item_set.identifier} was created.")
            return redirect("itembank:set", pk=item_set.pk)
    return render(
        request, "itembank/set_form.html", {"form": form, "program": program, "item_set": None}
    )


@staff_permission("itembank.view_item")
def set_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item_set = get_object_or_404(ItemSet.objects.select_related("program"), pk=pk)
    items = item_set.items.select_related("current_version__competency").order_by("identifier")
    settled = [i for i in items if i.status in services.SETTLED]
    return render(
        request,
        "itembank/set_detail.html",
        {
            "item_set": item_set,
            "items": items,
            "settled": settled,
            "files": item_set.media.only("name", "content_type"),
            "can_edit": not settled and request.user.has_perm("itembank.change_item"),
        },
    )


@staff_permission("itembank.change_item")
def set_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item_set = get_object_or_404(ItemSet.objects.select_related("program"), pk=pk)
    initial = {"title": item_set.title, "stimulus": item_set.stimulus}
    form = ItemSetForm(request.POST or None, editing=True, initial=initial)
    if form.is_valid():
        with refusal_shown(request, form):
            services.edit_item_set(
                item_set, form.cleaned_data["title"], form.cleaned_data["stimulus"], request.user
            )
            messages.success(request, f"The case set {item_set.identifier} was saved.")
            return redirect("itembank:set", pk=item_set.pk)
    context = {"form": form, "program": item_set.program, "item_set": item_set}
    return render(request, "itembank/set_form.html", context)


@staff_permission("itembank.change_item")
def set_attach_media(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item_set = get_object_or_404(ItemSet, pk=pk)
    back = reverse("itembank:set", args=[item_set.pk])
    attach = partial(services.attach_set_media, item_set)
    return _attach_page(request, attach, item_set.identifier, "stimulus", back)


@staff_permission("itembank.view_item")
def set_file(request: AuthenticatedHttpRequest, pk: int, name: str) -> HttpResponse:
    """Any file of the case set's stimulus, by the name the stimulus gives it."""
    return file_response(get_object_or_404(ItemSetMedia, item_set_id=pk, name=name))


@staff_permission("itembank.view_item")
def set_captions(request: AuthenticatedHttpRequest, pk: int, name: str) -> HttpResponse:
    """A stimulus video's WebVTT captions, for its <track>."""
    return captions_response(get_object_or_404(ItemSetMedia, item_set_id=pk, name=name))


@require_POST
@staff_permission("itembank.change_item")
def item_place_in_set(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Item, pk=pk)
    form = PlaceInSetForm(request.POST, item=item)
    if not form.is_valid():
        for message in form.errors.get("item_set", []):
            messages.error(request, str(message))
        return _to_item(item)
    with refusal_shown(request):
        services.place_in_set(item, form.cleaned_data["item_set"], request.user)
        chosen = form.cleaned_data["item_set"]
        where = f"in {chosen.identifier}" if chosen else "in no case set"
        messages.success(request, f"{item} is now {where}.")
    return _to_item(item)
