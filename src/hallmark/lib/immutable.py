"""Records that, once written, never change and are never deleted.

A model inherits `Immutable`: saving an existing row or deleting one raises `ImmutableError`,
and so do its queryset's bulk updates and deletes, which would otherwise bypass save().
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models


class ImmutableError(ValidationError):
    """An attempt to change or delete a record that must never change."""


class ImmutableQuerySet(models.QuerySet):
    """Bulk updates and deletes bypass save(); for immutable records they are refused too."""

    def update(self, **kwargs: Any) -> int:
        raise ImmutableError(f"{self.model._meta.verbose_name_plural} never change.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ImmutableError(f"{self.model._meta.verbose_name_plural} are never deleted.")


class Immutable(models.Model):
    """A record written once: saving it again or deleting it is refused."""

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableError(f"{self} was recorded and cannot change.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ImmutableError(f"{self} was recorded and is never deleted.")
