"""The staff admin's view of scoring and standard setting: read-only records, except the
reporting scale, which psychometricians set here; every change of a run or a cut goes through
the services (the results pages)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from hallmark.results import models as rm


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


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
class CutScoreDecisionAdmin(ReadOnly):
    list_display = ("form", "raw_cut", "study", "decided_by", "decided_at", "superseded_at")


@admin.register(rm.ScoringRun)
class ScoringRunAdmin(ReadOnly):
    list_display = ("window", "form", "number", "status", "source", "key_version", "created_at")
    list_filter = ("status",)


@admin.register(rm.Result)
class ResultAdmin(ReadOnly):
    list_display = ("candidate", "run", "raw", "scaled", "passed")
    list_filter = ("passed", "run__status")


@admin.register(rm.KeyOverride)
class KeyOverrideAdmin(ReadOnly):
    list_display = ("form_item", "action", "keys", "by", "at")


@admin.register(rm.ScoreVerificationRequest)
class ScoreVerificationRequestAdmin(ReadOnly):
    list_display = ("result", "status", "requested_at", "decided_by")
    list_filter = ("status",)


@admin.register(rm.Study)
class StudyAdmin(ReadOnly):
    list_display = ("title", "form", "status", "created_by", "created_at")
