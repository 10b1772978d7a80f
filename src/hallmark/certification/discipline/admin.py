"""Discipline cases in the staff admin: read-only records, each linking to its case page, where
every step goes through a service."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from hallmark.certification.models import CaseEvidence, DisciplineCase
from hallmark.lib.admin import ReadOnly, ReadOnlyAdmin


class CaseEvidenceInline(ReadOnly, admin.TabularInline):
    model = CaseEvidence
    fields = ("side", "description", "original_name", "added_by", "added_at")
    extra = 0


@admin.register(DisciplineCase)
class DisciplineCaseAdmin(ReadOnlyAdmin):
    list_display = (
        "reference",
        "respondent",
        "program",
        "source",
        "state",
        "response_due",
        "decision",
        "page",
    )
    list_filter = ("state", "program", "source", "decision")
    search_fields = ("reference", "respondent__email", "source_reference")
    inlines = [CaseEvidenceInline]

    @admin.display(description="Case page")
    def page(self, obj: DisciplineCase) -> str:
        return format_html(
            '<a href="{}">Open</a>', reverse("discipline:case", args=[obj.reference])
        )
