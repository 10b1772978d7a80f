"""Appeals in the staff admin: read only, each with a link to its page, where officers
acknowledge and staff the panel and the panel decides."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from hallmark.certification.models import Appeal
from hallmark.lib.admin import ReadOnlyAdmin


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = (
        "reference",
        "subject",
        "program",
        "status",
        "acknowledge_by",
        "decide_by",
        "page",
    )
    list_filter = ("status", "subject", "program")
    search_fields = ("reference", "appellant__email")
    ordering = ("decide_by", "pk")

    @admin.display(description="Appeal page")
    def page(self, obj: Appeal) -> SafeString:
        return format_html(
            '<a href="{}">Open {}</a>', reverse("appeals:appeal", args=[obj.pk]), obj.reference
        )
