"""Staff admin for job-analysis studies: read-only, since services write every change."""

from django.contrib import admin

from hallmark.jobanalysis.models import (
    BackgroundQuestion,
    Invitation,
    PanelComment,
    Rating,
    Response,
    Study,
    StudyAnalysis,
    StudyScale,
    WeightAdjustment,
)
from hallmark.lib.admin import ReadOnly, ReadOnlyAdmin


class ScaleInline(ReadOnly, admin.TabularInline):
    model = StudyScale
    fields = ("key", "question", "low", "high", "required")


class BackgroundInline(ReadOnly, admin.TabularInline):
    model = BackgroundQuestion
    fields = ("order", "key", "text", "choices", "subgroup")


@admin.register(Study)
class StudyAdmin(ReadOnlyAdmin):
    list_display = ("title", "program", "status", "opened_at", "closed_at", "adopted_outline")
    list_filter = ("status", "program")
    search_fields = ("title", "program__designation")
    inlines = [ScaleInline, BackgroundInline]


@admin.register(PanelComment)
class PanelCommentAdmin(ReadOnlyAdmin):
    list_display = ("study", "competency", "phase", "author", "decision", "created_at")
    list_filter = ("phase", "decision")


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    """Who was invited and how far they got; never a token (only its hash is stored)."""

    list_display = ("email", "study", "region", "setting", "sent_at", "completed_at")
    list_filter = ("study",)
    search_fields = ("email",)
    exclude = ("token_hash",)


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    list_display = ("pk", "study", "channel", "started_at", "completed_at", "excluded")
    list_filter = ("study", "channel", "excluded", "exclusion_reason")
    exclude = ("resume_hash",)


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = ("response", "competency", "scale", "value")
    list_filter = ("scale",)


@admin.register(WeightAdjustment)
class WeightAdjustmentAdmin(ReadOnlyAdmin):
    list_display = ("study", "domain", "computed_weight", "adjusted_weight", "by", "at")


@admin.register(StudyAnalysis)
class StudyAnalysisAdmin(ReadOnlyAdmin):
    list_display = ("study", "at", "by")
