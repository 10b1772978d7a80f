"""The item bank: items, their immutable versions, reviews, statistics and history.

An item is the lasting identity (identifier, author, status, enemies); its content lives in
versions. Every edit makes a new version, and a version, once written, never changes: forms pin
versions, so what a candidate saw can always be shown again. Nothing here is ever deleted.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from hallmark.itembank.data import (
    AUDIO_TYPES,
    CHECKLIST,
    EDITABLE,
    MEDIA_TYPES,
    OPTION_LABELS,
    SELECT_ALL,
    VIDEO_TYPES,
    AccessKind,
    CognitiveLevel,
    IRTModel,
    ItemEventKind,
    ItemKind,
    ItemStatus,
    ReviewDecision,
    checklist_for,
)
from hallmark.lib.immutable import Immutable
from hallmark.programs.models import Competency, Program


class ItemSet(models.Model):
    """A case-based set (testlet): a shared scenario or exhibit that several items ask about.

    A form takes a set's items together and shows them together. The stimulus can change only
    while none of its items has been approved (see `services.edit_item_set`): a form shows what
    its items were approved with.
    """

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="item_sets")
    identifier = models.CharField(
        max_length=64, help_text="Unique within the program; starts with a letter."
    )
    title = models.CharField(max_length=200)
    stimulus = models.TextField(help_text="Sanitized HTML: the scenario or exhibit.")
    source_identifier = models.CharField(
        max_length=200, blank=True, help_text="The set's identifier in the bank it came from."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["program", "identifier"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "identifier"], name="item_set_identifier_unique"
            ),
            models.CheckConstraint(
                condition=Q(identifier__regex=r"^[A-Za-z_][A-Za-z0-9._-]*$"),
                name="item_set_identifier_format",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.identifier}: {self.title}"


class Item(models.Model):
    """A question of a program's bank: its identity and where it is in the workflow."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="items")
    identifier = models.CharField(
        max_length=64, help_text="Unique within the program; starts with a letter."
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="authored_items"
    )
    status = models.CharField(max_length=20, choices=ItemStatus.choices, default=ItemStatus.DRAFT)
    current_version = models.ForeignKey(
        "ItemVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    enemies = models.ManyToManyField(
        "self",
        symmetrical=True,
        blank=True,
        help_text="Items that must never appear on the same form as this one.",
    )
    is_synthetic = models.BooleanField(
        default=False, help_text="Generated for trying assembly and analysis; not a real item."
    )
    item_set = models.ForeignKey(
        ItemSet,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
        help_text="The case set whose stimulus this item asks about, if any.",
    )
    source_identifier = models.CharField(
        max_length=200,
        blank=True,
        help_text="The item's identifier in the bank it was imported from.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["program", "identifier"]
        permissions = [
            ("view_key", "Can see the keys and rationales of every item"),
            ("edit_any_item", "Can edit any draft item, not only one's own"),
            ("review_item", "Can review items"),
            ("promote_item", "Can move approved items to pretest and operational"),
            ("retire_item", "Can retire items"),
            ("rekey_item", "Can rekey items"),
            ("reclassify_item", "Can reclassify items to a new outline version"),
            ("import_item", "Can import items"),
            ("import_with_status", "Can import items keeping the statuses in the file"),
            ("export_item", "Can export items"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "identifier"], name="item_identifier_unique"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ItemStatus.values), name="item_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(identifier__regex=r"^[A-Za-z_][A-Za-z0-9._-]*$"),
                name="item_identifier_format",
                violation_error_message="An identifier starts with a letter and has only "
                "letters, digits, dots, dashes and underscores.",
            ),
        ]
        indexes = [models.Index(fields=["program", "status"])]

    def __str__(self) -> str:
        return self.identifier

    def can_edit(self, user: Any) -> bool:
        if self.status not in EDITABLE:
            return False
        if user.has_perm("itembank.edit_any_item"):
            return True
        return self.author_id == user.pk and user.has_perm("itembank.change_item")

    def key_visible_to(self, user: Any) -> bool:
        """Keys and rationales: for the roles that need them, and for the item's own author."""
        if user.has_perm("itembank.view_key"):
            return True
        return self.author_id == user.pk and user.has_perm("itembank.change_item")


class ItemVersion(Immutable):
    """An immutable snapshot of an item's content."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    competency = models.ForeignKey(
        Competency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty for an imported item not yet classified (the reclassification queue).",
    )
    cognitive_level = models.CharField(
        max_length=20, choices=CognitiveLevel.choices, blank=True, help_text="Set during review."
    )
    kind = models.CharField(max_length=10, choices=ItemKind.choices, default=ItemKind.SINGLE)
    select = models.PositiveSmallIntegerField(
        default=1,
        help_text="How many options a candidate selects: 1 for a single answer; for multiple "
        'response, the number ("select two") or 0 for "select all that apply".',
    )
    stem = models.TextField(help_text="Sanitized HTML.")
    options = models.JSONField(help_text="Option texts, in order: A, B, C, ...")
    keys = models.JSONField(
        help_text='Labels of the right options: ["B"], or several after a rekey; for multiple '
        "response, every option to select."
    )
    rationale = models.TextField(blank=True)
    references = models.JSONField(default=list, blank=True, help_text="Source citations.")
    change_note = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="item_version_unique"),
            models.CheckConstraint(
                condition=Q(options__1__isnull=False) & Q(options__6__isnull=True),
                name="item_version_two_to_six_options",
                violation_error_message="An item has two to six options.",
            ),
            models.CheckConstraint(condition=Q(keys__0__isnull=False), name="item_version_has_key"),
            models.CheckConstraint(
                condition=Q(cognitive_level__in=[*CognitiveLevel.values, ""]),
                name="item_version_level_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind=ItemKind.SINGLE, select=1)
                | Q(kind=ItemKind.MULTIPLE, select=SELECT_ALL)
                | Q(kind=ItemKind.MULTIPLE, select__gte=2),
                name="item_version_kind_select",
                violation_error_message="A single-answer item selects one option; a "
                "multiple-response item selects two or more, or all that apply (0).",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="item_version_number"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id and self.item.identifier} v{self.number}"

    @property
    def classification(self) -> Competency:
        """The competency of a classified version: every version on a form or approved is."""
        if self.competency is None:
            raise ValueError(f"{self} is not classified to a competency yet.")
        return self.competency

    @property
    def kind_shown(self) -> str:
        """The type as staff read it: "Single answer", "Select 2", "Select all that apply"."""
        if self.kind == ItemKind.SINGLE:
            return str(ItemKind.SINGLE.label)
        return "Select all that apply" if self.select == SELECT_ALL else f"Select {self.select}"

    def labelled_options(self) -> list[tuple[str, str]]:
        return list(zip(OPTION_LABELS, self.options, strict=False))


class _Attachment(Immutable):
    """An image, audio or video file a stem or a stimulus shows, by name.

    An image's text alternative is the markup's <img alt>; audio keeps its transcript and video
    its WebVTT captions here, and neither can be attached without them.
    """

    name = models.CharField(max_length=100)
    content_type = models.CharField(max_length=40)
    data = models.BinaryField()
    transcript = models.TextField(blank=True, help_text="What the audio or video says.")
    captions = models.TextField(blank=True, help_text="WebVTT captions of a video.")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


def _attachment_checks(prefix: str) -> list[models.CheckConstraint]:
    """What every attached file must be: a known type, audio with its transcript, video with
    its captions."""
    return [
        models.CheckConstraint(
            condition=Q(content_type__in=MEDIA_TYPES), name=f"{prefix}_type_known"
        ),
        models.CheckConstraint(
            condition=~Q(content_type__in=AUDIO_TYPES) | ~Q(transcript=""),
            name=f"{prefix}_audio_has_transcript",
            violation_error_message="Audio needs its transcript.",
        ),
        models.CheckConstraint(
            condition=~Q(content_type__in=VIDEO_TYPES) | ~Q(captions=""),
            name=f"{prefix}_video_has_captions",
            violation_error_message="Video needs its captions (WebVTT).",
        ),
    ]


class ItemMedia(_Attachment):
    """A file an item's stem shows."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="media")

    class Meta:
        ordering = ["item", "name"]
        constraints = [
            models.UniqueConstraint(fields=["item", "name"], name="item_media_name_unique"),
            *_attachment_checks("item_media"),
        ]
        verbose_name_plural = "item media"

    def __str__(self) -> str:
        return f"{self.item_id and self.item.identifier}/{self.name}"


class ItemSetMedia(_Attachment):
    """A file a case set's stimulus shows (an exhibit's chart, a recorded interview). Like the
    stimulus, it is fixed once any of the set's items is approved."""

    item_set = models.ForeignKey(ItemSet, on_delete=models.PROTECT, related_name="media")

    class Meta:
        ordering = ["item_set", "name"]
        constraints = [
            models.UniqueConstraint(fields=["item_set", "name"], name="item_set_media_name_unique"),
            *_attachment_checks("item_set_media"),
        ]
        verbose_name_plural = "case set media"

    def __str__(self) -> str:
        return f"{self.item_set_id and self.item_set.identifier}/{self.name}"


class ItemReview(Immutable):
    """One reviewer's independent review of one version, with the checklist."""

    version = models.ForeignKey(ItemVersion, on_delete=models.PROTECT, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="item_reviews"
    )
    # The item's author, copied here so that the database itself refuses a self-review.
    item_author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(max_length=10, choices=ReviewDecision.choices)
    content_accurate = models.BooleanField(CHECKLIST[0][1], default=False)
    one_best_answer = models.BooleanField(CHECKLIST[1][1], default=False)
    key_verified = models.BooleanField(CHECKLIST[2][1], default=False)
    distractors_plausible = models.BooleanField(CHECKLIST[3][1], default=False)
    free_of_bias = models.BooleanField(CHECKLIST[4][1], default=False)
    readable = models.BooleanField(CHECKLIST[5][1], default=False)
    reference_checked = models.BooleanField(CHECKLIST[6][1], default=False)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["version", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "reviewer"], name="item_review_one_per_reviewer"
            ),
            models.CheckConstraint(
                condition=~Q(reviewer=F("item_author")),
                name="item_review_not_by_author",
                violation_error_message="A writer never reviews their own item.",
            ),
            models.CheckConstraint(
                condition=~Q(decision=ReviewDecision.APPROVE)
                | Q(
                    content_accurate=True,
                    one_best_answer=True,
                    key_verified=True,
                    distractors_plausible=True,
                    free_of_bias=True,
                    readable=True,
                    reference_checked=True,
                ),
                name="item_review_approval_has_full_checklist",
                violation_error_message="An approval needs every checklist point confirmed.",
            ),
            models.CheckConstraint(
                condition=Q(decision__in=ReviewDecision.values), name="item_review_decision_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version}: {self.get_decision_display()} by {self.reviewer}"

    def checklist(self) -> list[tuple[str, bool]]:
        points = checklist_for(self.version.kind)
        return [(label, bool(getattr(self, name))) for name, label in points]


class ItemEvent(Immutable):
    """One step of an item's history: who, when, what, from which status to which, and why.

    `actor` is empty when Hallmark itself acted (the demo, a command-line run); `actor_label`
    then says which.
    """

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="events")
    version = models.ForeignKey(
        ItemVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=ItemEventKind.choices)
    from_status = models.CharField(max_length=20, choices=ItemStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ItemStatus.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField()
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["item", "at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ItemEventKind.values), name="item_event_kind"
            ),
        ]
        indexes = [models.Index(fields=["item", "at"])]

    def __str__(self) -> str:
        return f"{self.item_id and self.item.identifier}: {self.get_kind_display()}"

    @property
    def who(self) -> str:
        return str(self.actor) if self.actor else (self.actor_label or "Hallmark")


class ItemComment(Immutable):
    """A note in an item's comment thread."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="comments")
    version = models.ForeignKey(
        ItemVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.item_id and self.item.identifier}: comment by {self.author}"


class ItemStatistics(Immutable):
    """Classical and IRT statistics of one version from one administration."""

    version = models.ForeignKey(ItemVersion, on_delete=models.PROTECT, related_name="statistics")
    administration = models.CharField(
        max_length=100, help_text='Which administration, e.g. "2024 spring window".'
    )
    administered_on = models.DateField(help_text="The administration's (last) date.")
    n = models.PositiveIntegerField("N", help_text="Candidates who saw the item.")
    p = models.FloatField("p", null=True, blank=True, help_text="Proportion correct.")
    point_biserial = models.FloatField(
        "corrected point-biserial",
        null=True,
        blank=True,
        help_text="Correlation with the total score without this item.",
    )
    irt_model = models.CharField("IRT model", max_length=3, choices=IRTModel.choices, blank=True)
    a = models.FloatField(null=True, blank=True, help_text="Discrimination.")
    a_se = models.FloatField("SE of a", null=True, blank=True)
    b = models.FloatField(null=True, blank=True, help_text="Difficulty.")
    b_se = models.FloatField("SE of b", null=True, blank=True)
    c = models.FloatField(null=True, blank=True, help_text="Lower asymptote (guessing).")
    c_se = models.FloatField("SE of c", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["version", "-administered_on"]
        verbose_name_plural = "item statistics"
        constraints = [
            models.UniqueConstraint(
                fields=["version", "administration"], name="item_statistics_once_per_administration"
            ),
            models.CheckConstraint(condition=Q(n__gt=0), name="item_statistics_n_positive"),
            models.CheckConstraint(
                condition=Q(p__isnull=True) | (Q(p__gte=0) & Q(p__lte=1)),
                name="item_statistics_p_range",
            ),
            models.CheckConstraint(
                condition=Q(point_biserial__isnull=True)
                | (Q(point_biserial__gte=-1) & Q(point_biserial__lte=1)),
                name="item_statistics_rpb_range",
            ),
            models.CheckConstraint(
                condition=Q(c__isnull=True) | (Q(c__gte=0) & Q(c__lt=1)),
                name="item_statistics_c_range",
            ),
            models.CheckConstraint(
                condition=(Q(a_se__isnull=True) | Q(a_se__gte=0))
                & (Q(b_se__isnull=True) | Q(b_se__gte=0))
                & (Q(c_se__isnull=True) | Q(c_se__gte=0)),
                name="item_statistics_se_nonnegative",
            ),
            models.CheckConstraint(
                condition=Q(irt_model="") | Q(b__isnull=False),
                name="item_statistics_irt_has_b",
                violation_error_message="IRT statistics need at least the difficulty b.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version}: {self.administration}"


class ItemAccessLog(Immutable):
    """Who exported or viewed items in bulk, when, and which items.

    .. pii: actor_label
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField()
    kind = models.CharField(max_length=20, choices=AccessKind.choices)
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    what = models.CharField(max_length=500, help_text="The page, filters or export options.")
    item_count = models.PositiveIntegerField()
    identifiers = models.JSONField(default=list, help_text="The identifiers of the items.")

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "item access log entry"
        verbose_name_plural = "item access log"
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=AccessKind.values), name="access_kind"),
        ]

    def __str__(self) -> str:
        who = self.actor or self.actor_label or "Hallmark"
        return f"{self.get_kind_display()} of {self.item_count} items by {who}"
