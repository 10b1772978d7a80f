"""Forms: frozen, ordered sets of item versions that meet a blueprint.

A draft form may change (an item swapped by hand after assembly). Approval freezes it: from
then on its items, their order and the pretest positions never change, and the form can only
be retired. Each form keeps how it was made (spec, seed, solver, gap) and who approved it.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from hallmark.exams.data import FormStatus, ItemOrder
from hallmark.itembank.models import ItemVersion
from hallmark.programs.models import Blueprint, Program

USER = settings.AUTH_USER_MODEL


class FrozenFormError(ValidationError):
    """An attempt to change a form that was frozen."""


class Form(models.Model):
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="+")
    blueprint = models.ForeignKey(Blueprint, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=40, help_text='The form\'s name, e.g. "CESP-2027-A".')
    status = models.CharField(max_length=10, choices=FormStatus.choices, default=FormStatus.DRAFT)
    item_order = models.CharField(max_length=10, choices=ItemOrder.choices, default=ItemOrder.FIXED)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    # Provenance: how the form was made. Empty for a form picked by hand.
    assembly_spec = models.JSONField(null=True, blank=True)
    assembly_seed = models.BigIntegerField(null=True, blank=True)
    solver = models.CharField(max_length=100, blank=True)
    objective_value = models.FloatField(null=True, blank=True)
    mip_gap = models.FloatField(null=True, blank=True)
    assembly_report = models.JSONField(
        null=True, blank=True, help_text="Each constraint: required and achieved, at approval."
    )
    frozen_at = models.DateTimeField(null=True, blank=True)
    frozen_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    retired_at = models.DateTimeField(null=True, blank=True)
    retired_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    retire_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["program", "code"]
        permissions = [
            ("assemble_form", "Can assemble forms and swap items on a draft"),
            ("approve_form", "Can approve (freeze) and retire forms"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="form_code_unique"),
            models.CheckConstraint(
                condition=Q(status__in=FormStatus.values), name="form_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(item_order__in=ItemOrder.values), name="form_item_order_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=FormStatus.DRAFT)
                | Q(frozen_at__isnull=False, frozen_by__isnull=False),
                name="form_frozen_has_approver",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_frozen(self) -> bool:
        return self.status != FormStatus.DRAFT

    def scored_items(self) -> models.QuerySet["FormItem"]:
        return self.items.filter(scored=True)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding and self.pk:
            before = Form.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if before == FormStatus.RETIRED or (
                before == FormStatus.FROZEN and self.status == FormStatus.DRAFT
            ):
                raise FrozenFormError(f"Form {self.code} is {before} and cannot change.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.is_frozen:
            raise FrozenFormError(f"Form {self.code} was frozen and is never deleted.")
        return super().delete(*args, **kwargs)


class FormItem(models.Model):
    """One position of a form: a pinned item version, scored or pretest."""

    form = models.ForeignKey(Form, on_delete=models.PROTECT, related_name="items")
    position = models.PositiveSmallIntegerField(help_text="1, 2, ... in the frozen order.")
    item_version = models.ForeignKey(ItemVersion, on_delete=models.PROTECT, related_name="+")
    scored = models.BooleanField(default=True, help_text="False for a pretest (unscored) item.")

    class Meta:
        ordering = ["form", "position"]
        constraints = [
            models.UniqueConstraint(fields=["form", "position"], name="form_item_position_unique"),
            models.UniqueConstraint(
                fields=["form", "item_version"], name="form_item_version_unique"
            ),
            models.CheckConstraint(condition=Q(position__gte=1), name="form_item_position"),
        ]

    def __str__(self) -> str:
        return f"{self.form_id and self.form.code} #{self.position}"

    def _refuse_if_frozen(self) -> None:
        status = Form.objects.filter(pk=self.form_id).values_list("status", flat=True).first()
        if status not in (None, FormStatus.DRAFT):
            raise FrozenFormError("A frozen form's items never change.")

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._refuse_if_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        self._refuse_if_frozen()
        return super().delete(*args, **kwargs)
