"""Badge images: the picture of a program's credential that holders' baked badges carry."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from hallmark.certification.data import MAX_BADGE_IMAGE_BYTES
from hallmark.credentials import BadgeFormat
from hallmark.lib.immutable import Immutable
from hallmark.programs.models import Program


class BadgeImage(Immutable):
    """A program's badge image (PNG or SVG) as its program manager uploaded it.

    The newest upload of each format is baked into holders' badges; older ones stay as the
    record of what holders were given. A row never changes and is never deleted.
    """

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="badge_images")
    format = models.CharField(
        max_length=3, choices=[(f.value, f.value.upper()) for f in BadgeFormat]
    )
    image = models.BinaryField()
    size = models.PositiveIntegerField(help_text="The image's length in bytes.")
    sha256 = models.CharField(max_length=64, help_text="The SHA-256 of the image, in hex.")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty when the system uploaded it (the demo).",
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["program", "format", "-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(format__in=[f.value for f in BadgeFormat]),
                name="badge_image_format_known",
            ),
            models.CheckConstraint(
                condition=Q(size__gt=0, size__lte=MAX_BADGE_IMAGE_BYTES),
                name="badge_image_size_bounded",
                violation_error_message="A badge image is at most 256 KB.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program.designation} badge image ({self.format.upper()})"
