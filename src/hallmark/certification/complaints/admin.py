"""Complaints in the staff admin: read-only records (services write them, nothing is deleted),
each linked to its page in the complaint queue, where staff act on it."""

from typing import Any

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from hallmark.certification.models import (
    Complaint,
    ComplaintAttachment,
    ComplaintEvent,
    CorrectiveAction,
)
from hallmark.lib.admin import ReadOnly, ReadOnlyAdmin


class _Inline(ReadOnly, admin.TabularInline):
    extra = 0
    can_delete = False


class EventInline(_Inline):
    model = ComplaintEvent
    fields = ("at", "kind", "by", "text")
    readonly_fields = fields
    verbose_name_plural = "history"


class ActionInline(_Inline):
    model = CorrectiveAction
    fields = ("what", "owner", "due_on", "done_on", "verification", "verified_by")
    readonly_fields = fields


class AttachmentInline(_Inline):
    model = ComplaintAttachment
    fields = ("original_name", "content_type", "size", "uploaded_at")
    readonly_fields = fields


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = ("reference", "program", "about", "status", "received_at", "close_by", "page")
    list_filter = ("program", "status", "about", "scope")
    search_fields = ("reference", "complainant_email", "certificant_name")
    list_select_related = ("program",)
    inlines = [AttachmentInline, ActionInline, EventInline]

    @admin.display(description="Handle")
    def page(self, obj: Complaint) -> SafeString:
        url = reverse("complaints:staff-complaint", args=[obj.reference])
        return format_html(
            '<a href="{}">Open<span class="visually-hidden"> {}</span> in the queue</a>', url, obj
        )

    def get_readonly_fields(self, request: Any, obj: Any = None) -> list[str]:
        return [field.name for field in self.model._meta.fields]


@admin.register(CorrectiveAction)
class CorrectiveActionAdmin(ReadOnlyAdmin):
    list_display = ("complaint", "what", "owner", "due_on", "done_on")
    list_filter = ("complaint__program",)
    list_select_related = ("complaint", "owner")
