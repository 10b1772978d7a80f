"""The admin's shared pieces."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest


class ReadOnly:
    """Mix into a ModelAdmin or an inline for records that services write: staff look, and
    never add, change or delete (nothing a record went through is ever deleted)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnly, admin.ModelAdmin):
    """A ModelAdmin for records that services write."""
