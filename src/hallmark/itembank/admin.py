"""Staff admin for the item bank: read-only views; keys never appear in a list.

Items are written, reviewed and moved through the workflow on the item bank's own pages
(/items/), which go through the services; the admin only looks, except for recording
statistics, which also goes through its service.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from hallmark.itembank import services
from hallmark.itembank.models import Item, ItemAccessLog, ItemStatistics
from hallmark.lib.admin import ReadOnlyAdmin
from hallmark.lib.views import signed_in


@admin.register(Item)
class ItemAdmin(ReadOnlyAdmin):
    list_display = (
        "identifier",
        "program",
        "status",
        "competency",
        "level",
        "author",
        "is_synthetic",
    )
    list_filter = ("program", "status", "is_synthetic")
    search_fields = ("identifier",)
    list_select_related = ("program", "author", "current_version__competency")
    fields = ("identifier", "program", "status", "author", "is_synthetic", "created_at", "pages")
    readonly_fields = fields

    @admin.display(description="competency")
    def competency(self, obj: Item) -> str:
        version = obj.current_version
        return version.competency.code if version and version.competency else ""

    @admin.display(description="cognitive level")
    def level(self, obj: Item) -> str:
        return obj.current_version.get_cognitive_level_display() if obj.current_version else ""

    @admin.display(description="Item bank pages")
    def pages(self, obj: Item) -> SafeString:
        return format_html(
            '<a href="{}">Content, history, workflow and statistics of {}</a>',
            reverse("itembank:detail", args=[obj.pk]),
            obj.identifier,
        )


@admin.register(ItemStatistics)
class ItemStatisticsAdmin(admin.ModelAdmin):
    list_display = (
        "version",
        "administration",
        "administered_on",
        "n",
        "p",
        "point_biserial",
        "a",
        "b",
    )
    list_filter = ("administration", "irt_model", "version__item__program")
    search_fields = ("version__item__identifier", "administration")
    list_select_related = ("version__item",)
    raw_id_fields = ("version",)
    exclude = ("recorded_by",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None:
            return [f.name for f in self.model._meta.fields]
        return ()

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: ItemStatistics, form: Any, change: bool
    ) -> None:
        values = {
            f.name: getattr(obj, f.name)
            for f in obj._meta.fields
            if f.name not in {"id", "version", "recorded_by", "recorded_at"}
        }
        saved = services.record_statistics(obj.version, signed_in(request), **values)
        obj.pk = saved.pk
        obj._state.adding = False


@admin.register(ItemAccessLog)
class ItemAccessLogAdmin(ReadOnlyAdmin):
    list_display = ("at", "kind", "who", "program", "item_count", "what")
    list_filter = ("kind", "program")
    date_hierarchy = "at"
    fields = ("at", "kind", "actor", "actor_label", "program", "what", "item_count", "identifiers")
    readonly_fields = fields

    @admin.display(description="who")
    def who(self, obj: ItemAccessLog) -> str:
        return str(obj.actor) if obj.actor else obj.actor_label or "Hallmark"
