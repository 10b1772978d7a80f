"""The staff admin's view of scoring and standard setting: read-only records, except the
reporting scale, which psychometricians set here; every change of a run or a cut goes through
the services (the results pages)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from hallmark.accounts.data import AccessRecordKind
from hallmark.accounts.services import record_access
from hallmark.lib.admin import ReadOnlyAdmin
from hallmark.results import models as rm


@admin.register(rm.ReportingScale)
class ReportingScaleAdmin(admin.ModelAdmin):
    list_display = ("program", "minimum", "passing", "maximum", "created_by")
    readonly_fields = ("created_by", "created_at")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(rm.CutScoreDecision)
class CutScoreDecisionAdmin(ReadOnlyAdmin):
    list_display = ("form", "raw_cut", "study", "decided_by", "decided_at", "superseded_at")


@admin.register(rm.ScoringRun)
class ScoringRunAdmin(ReadOnlyAdmin):
    list_display = ("window", "form", "number", "status", "source", "key_version", "created_at")
    list_filter = ("status",)


@admin.register(rm.Result)
class ResultAdmin(ReadOnlyAdmin):
    list_display = ("candidate", "run", "raw", "scaled", "passed")
    list_filter = ("passed", "run__status")

    def change_view(
        self, request: HttpRequest, object_id: str, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        response = super().change_view(request, object_id, *args, **kwargs)
        result = rm.Result.objects.filter(pk=object_id).first() if object_id.isdigit() else None
        if result is not None and response.status_code == 200:
            record_access(
                request,
                AccessRecordKind.RESULTS,
                result,
                what=f"result {result.pk} of {result.run}",
                reason="staff admin: a candidate's result",
                person_id=result.candidate_id,
            )
        return response


@admin.register(rm.KeyOverride)
class KeyOverrideAdmin(ReadOnlyAdmin):
    list_display = ("form_item", "action", "keys", "by", "at")


@admin.register(rm.ScoreVerificationRequest)
class ScoreVerificationRequestAdmin(ReadOnlyAdmin):
    list_display = ("result", "status", "requested_at", "decided_by")
    list_filter = ("status",)


@admin.register(rm.Study)
class StudyAdmin(ReadOnlyAdmin):
    list_display = ("title", "form", "status", "created_by", "created_at")


@admin.register(rm.DifPolicy)
class DifPolicyAdmin(admin.ModelAdmin):
    list_display = ("program", "min_group", "set_by", "set_at")
    readonly_fields = ("set_by", "set_at")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.set_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(rm.DifReview)
class DifReviewAdmin(ReadOnlyAdmin):
    list_display = ("form_item", "decision", "run", "by", "at", "superseded_at")
