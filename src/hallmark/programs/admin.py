"""Staff admin for programs, outlines, blueprints and policies."""

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from hallmark.accounts.models import RetentionSchedule
from hallmark.lib.views import signed_in
from hallmark.programs import services
from hallmark.programs.markup import clean_body
from hallmark.programs.models import (
    HUNDRED,
    Blueprint,
    BlueprintCompetencyMinimum,
    CandidateHandbook,
    CasePolicy,
    CECategory,
    Competency,
    ContentOutline,
    Domain,
    EligibilityCriterion,
    EligibilityPolicy,
    Fee,
    FeeSchedule,
    Program,
    RecertificationPolicy,
    RetakePolicy,
    plain_number,
)


class RetentionScheduleInline(admin.StackedInline):
    """The program's retention schedule, set where the program is (the model sits in accounts so
    that every app can read it)."""

    model = RetentionSchedule
    fields = ("evidence_days", "responses_days", "messages_days")
    max_num = 1
    can_delete = False


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ("designation", "name", "kind", "validity_months", "status", "is_demo")
    list_filter = ("kind", "status", "is_demo", "credential_names_holder")
    search_fields = ("designation", "name")
    inlines = [RetentionScheduleInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # programs are retired, never deleted

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        for schedule in formset.save(commit=False):
            schedule.updated_by = signed_in(request)
            schedule.save()


def _published_outline(obj: Any) -> bool:
    """Whether obj is, or belongs to, a published outline (then the admin shows it read-only)."""
    if isinstance(obj, Domain):
        obj = obj.outline
    return isinstance(obj, ContentOutline) and obj.pk is not None and obj.is_published


if TYPE_CHECKING:  # what the mixins below are mixed into, for their super() calls
    _AdminBase = admin.options.BaseModelAdmin[Any]
    _InlineBase = admin.options.InlineModelAdmin[Any, Any]
else:
    _AdminBase = _InlineBase = object


class _FrozenWhenPublished(_AdminBase):
    """Admin pages and inlines of a published outline can be viewed, never changed."""

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _published_outline(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _published_outline(obj) and super().has_delete_permission(request, obj)


class _FrozenInline(_FrozenWhenPublished, _InlineBase):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _published_outline(obj) and super().has_add_permission(request, obj)


class DomainFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        kept = [
            f.cleaned_data
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE", False)
        ]
        total = sum((d.get("weight") or Decimal(0) for d in kept), Decimal(0))
        if kept and total != HUNDRED:
            raise ValidationError(
                f"Domain weights sum to {plain_number(total)}%; they must sum to exactly 100%."
            )


class DomainInline(_FrozenInline, admin.TabularInline):
    model = Domain
    formset = DomainFormSet
    fields = ("order", "code", "title", "weight")
    extra = 0
    show_change_link = True


class CompetencyInline(_FrozenInline, admin.TabularInline):
    model = Competency
    fields = ("order", "code", "statement", "kind")
    extra = 1


@admin.register(ContentOutline)
class ContentOutlineAdmin(_FrozenWhenPublished, admin.ModelAdmin):
    list_display = ("__str__", "program", "version", "status", "published_at")
    list_filter = ("program", "status")
    inlines = [DomainInline]
    readonly_fields = (
        "version",
        "status",
        "published_at",
        "published_by",
        "study",
        "competency_tree",
    )
    fields = ("program", "title", "job_analysis", *readonly_fields)
    actions = ["publish", "start_new_version"]

    @admin.display(description="Job analysis study")
    def study(self, obj: ContentOutline) -> str:
        """The study this version was adopted from, or the study rating it as its draft (by
        the reverse relations: the programs app sits below the job analysis)."""
        if obj.pk is None:
            return "-"
        adopted = obj.adopted_from.first()
        if adopted is not None:
            return f"Adopted from “{adopted.title}” on {adopted.adopted_at:%d %B %Y}"
        rated = obj.studies.order_by("-pk").first()
        if rated is not None:
            return f"The draft rated by “{rated.title}” ({rated.get_status_display().lower()})"
        return "None: the weights were set by hand"

    @admin.display(description="Domains and competencies")
    def competency_tree(self, obj: ContentOutline) -> SafeString:
        domains = obj.domains.prefetch_related("competencies") if obj.pk else []
        return render_to_string("programs/admin/competency_tree.html", {"domains": domains})

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and obj.is_published:
            return self.fields
        return self.readonly_fields

    @admin.action(
        description="Publish the selected outlines (they become immutable)", permissions=["publish"]
    )
    def publish(self, request: HttpRequest, queryset: QuerySet[ContentOutline]) -> None:
        for outline in queryset:
            try:
                services.publish_outline(outline, by=signed_in(request))
            except ValidationError as error:
                self.message_user(request, "; ".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, f"Published {outline}.", messages.SUCCESS)

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("programs.publish_contentoutline")

    @admin.action(description="Start a new draft version from the selected outline")
    def start_new_version(self, request: HttpRequest, queryset: QuerySet[ContentOutline]) -> None:
        for outline in queryset:
            draft = services.new_outline_version(outline)
            self.message_user(request, f"Created {draft} as a draft.", messages.SUCCESS)


@admin.register(Domain)
class DomainAdmin(_FrozenWhenPublished, admin.ModelAdmin):
    list_display = ("__str__", "outline", "weight")
    list_filter = ("outline__program",)
    inlines = [CompetencyInline]
    fields = ("outline", "order", "code", "title", "weight")


class CompetencyMinimumInline(admin.TabularInline):
    model = BlueprintCompetencyMinimum
    extra = 1
    autocomplete_fields = ("competency",)


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ("code", "statement", "domain")
    list_filter = ("domain__outline__program", "domain__outline")
    search_fields = ("code", "statement")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        published = obj is not None and obj.domain.outline.is_published
        return not published and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        published = obj is not None and obj.domain.outline.is_published
        return not published and super().has_delete_permission(request, obj)


@admin.register(Blueprint)
class BlueprintAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "outline",
        "scored_length",
        "pretest_length",
        "minimum_multiple_response",
        "minimum_case_items",
        "time_limit_minutes",
    )
    list_filter = ("outline__program",)
    inlines = [CompetencyMinimumInline]
    readonly_fields = ("preview",)

    @admin.display(description="Items per domain and competency")
    def preview(self, obj: Blueprint) -> SafeString:
        if obj.pk is None:
            return SafeString("Save the blueprint to see its preview.")
        minimums = obj.competency_minimums()
        rows = [
            {
                "domain": domain,
                "count": count,
                "competencies": [(c, minimums.get(c.pk, 0)) for c in domain.competencies.all()],
            }
            for domain, count in obj.domain_counts()
        ]
        return render_to_string(
            "programs/admin/blueprint_preview.html",
            {"blueprint": obj, "rows": rows, "problems": obj.problems()},
        )


class CriterionInline(admin.StackedInline):
    model = EligibilityCriterion
    extra = 0


@admin.register(EligibilityPolicy)
class EligibilityPolicyAdmin(admin.ModelAdmin):
    list_display = ("__str__", "effective_from", "approval_valid_days")
    list_filter = ("program",)
    inlines = [CriterionInline]


@admin.register(RetakePolicy)
class RetakePolicyAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "effective_from",
        "min_days_between_attempts",
        "max_attempts_per_12_months",
    )
    list_filter = ("program",)


@admin.register(CasePolicy)
class CasePolicyAdmin(admin.ModelAdmin):
    list_display = ("__str__", "effective_from", "appeal_days", "decide_days", "panel_size")
    list_filter = ("program",)


class CECategoryInline(admin.TabularInline):
    model = CECategory
    extra = 0


@admin.register(RecertificationPolicy)
class RecertificationPolicyAdmin(admin.ModelAdmin):
    list_display = ("__str__", "effective_from", "ce_hours_required", "grace_days")
    list_filter = ("program",)
    inlines = [CECategoryInline]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        for problem in form.instance.category_problems():
            self.message_user(request, problem, messages.WARNING)


class FeeInline(admin.TabularInline):
    model = Fee
    extra = 0


@admin.register(FeeSchedule)
class FeeScheduleAdmin(admin.ModelAdmin):
    list_display = ("__str__", "effective_from", "currency")
    list_filter = ("program",)
    inlines = [FeeInline]


@admin.register(CandidateHandbook)
class CandidateHandbookAdmin(admin.ModelAdmin):
    """Program managers write a draft, read its preview, and publish it: the program's page then
    shows it to everyone, and it never changes (the next version starts as a copy)."""

    list_display = ("__str__", "program", "version", "status", "published_at")
    list_filter = ("program", "status")
    readonly_fields = ("version", "status", "published_at", "published_by", "preview")
    fields = ("program", "title", "body", "changes", *readonly_fields)
    actions = ["publish", "start_new_version"]

    @admin.display(description="How candidates will read it")
    def preview(self, obj: CandidateHandbook) -> SafeString:
        if obj.pk is None:
            return SafeString("Save the draft to see how it reads.")
        # Cleaned again on the way out, whatever wrote the row.
        return mark_safe(f'<div class="handbook">{clean_body(obj.body)}</div>')  # noqa: S308

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and obj.is_published:
            return self.fields
        return self.readonly_fields

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        published = obj is not None and obj.is_published
        return not published and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a draft is left unpublished or replaced; published versions are history

    @admin.action(
        description="Publish the selected handbooks (they become immutable)",
        permissions=["publish"],
    )
    def publish(self, request: HttpRequest, queryset: QuerySet[CandidateHandbook]) -> None:
        for handbook in queryset:
            try:
                services.publish_handbook(handbook, by=signed_in(request))
            except ValidationError as error:
                self.message_user(request, "; ".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, f"Published {handbook}.", messages.SUCCESS)

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(services.PUBLISH_HANDBOOK)

    @admin.action(
        description="Start a new draft version from the selected handbook", permissions=["add"]
    )
    def start_new_version(
        self, request: HttpRequest, queryset: QuerySet[CandidateHandbook]
    ) -> None:
        for handbook in queryset:
            draft = services.new_handbook_version(handbook, by=signed_in(request))
            self.message_user(request, f"Created {draft} as a draft.", messages.SUCCESS)
