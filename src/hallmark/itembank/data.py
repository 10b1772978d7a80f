"""Vocabularies of the item bank, defined once."""

from django.db import models


class ItemStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    IN_REVIEW = "in review", "In review"
    NEEDS_REVISION = "needs revision", "Needs revision"
    REJECTED = "rejected", "Rejected"
    APPROVED = "approved", "Approved"
    PRETEST = "pretest", "Pretest"
    OPERATIONAL = "operational", "Operational"
    RETIRED = "retired", "Retired"


# Statuses in which the author (or a program manager) may edit the item.
EDITABLE = frozenset({ItemStatus.DRAFT, ItemStatus.NEEDS_REVISION})
# Statuses in which reviewers work on the item.
UNDER_REVIEW = frozenset({ItemStatus.SUBMITTED, ItemStatus.IN_REVIEW})
# Items that may go on a form: counted as supply on the bank-health page.
USABLE = frozenset({ItemStatus.APPROVED, ItemStatus.OPERATIONAL})
# Items that stay in the bank but need no more work (not listed for reclassification).
CLOSED = frozenset({ItemStatus.REJECTED, ItemStatus.RETIRED})

# The workflow: each status and the statuses its transitions lead to.
TRANSITIONS: dict[str, frozenset[str]] = {
    ItemStatus.DRAFT: frozenset({ItemStatus.SUBMITTED}),
    ItemStatus.SUBMITTED: frozenset({ItemStatus.IN_REVIEW}),
    ItemStatus.IN_REVIEW: frozenset(
        {ItemStatus.APPROVED, ItemStatus.NEEDS_REVISION, ItemStatus.REJECTED}
    ),
    ItemStatus.NEEDS_REVISION: frozenset({ItemStatus.SUBMITTED}),
    ItemStatus.REJECTED: frozenset(),
    ItemStatus.APPROVED: frozenset({ItemStatus.PRETEST, ItemStatus.RETIRED}),
    ItemStatus.PRETEST: frozenset({ItemStatus.OPERATIONAL, ItemStatus.RETIRED}),
    ItemStatus.OPERATIONAL: frozenset({ItemStatus.RETIRED}),
    ItemStatus.RETIRED: frozenset(),
}


class ItemKind(models.TextChoices):
    """How an item is answered: the `type` column of the CSV, the item editor's choice."""

    SINGLE = "single", "Single answer"
    MULTIPLE = "multiple", "Multiple response"


# A multiple-response item's `select`: "select all that apply" (any number of keys).
SELECT_ALL = 0
# How a multiple-response answer is written: its option labels, sorted, joined by "|" ("A|C").
LABEL_SEPARATOR = "|"


def select_text(kind: str, select: int) -> str:
    """The instruction a candidate reads: "Select one", "Select two", "Select all that apply"."""
    if kind != ItemKind.MULTIPLE:
        return "Select one"
    if select == SELECT_ALL:
        return "Select all that apply"
    words = {2: "two", 3: "three", 4: "four", 5: "five"}
    return f"Select {words.get(select, str(select))}"


class CognitiveLevel(models.TextChoices):
    RECALL = "recall", "Recall"
    APPLICATION = "application", "Application"
    ANALYSIS = "analysis", "Analysis"


class ReviewDecision(models.TextChoices):
    APPROVE = "approve", "Approve"
    REVISE = "revise", "Needs revision"
    REJECT = "reject", "Reject"


# The reviewer's checklist: (field name, what the reviewer confirms).
CHECKLIST: tuple[tuple[str, str], ...] = (
    ("content_accurate", "Content accurate and current"),
    ("one_best_answer", "One best answer"),
    ("key_verified", "Key verified"),
    ("distractors_plausible", "Distractors plausible"),
    ("free_of_bias", "Free of bias and sensitivity problems"),
    ("readable", "Readable"),
    ("reference_checked", "Reference checked"),
)
CHECKLIST_FIELDS: tuple[str, ...] = tuple(name for name, _ in CHECKLIST)
# How the checklist reads for a multiple-response item: the same stored points, other words.
MULTIPLE_RESPONSE_CHECKLIST = {
    "one_best_answer": "The keys are exactly the right options",
    "key_verified": "Keys verified",
}


def checklist_for(kind: str) -> tuple[tuple[str, str], ...]:
    """The checklist's points (field, label) as a reviewer of an item of `kind` reads them."""
    if kind != ItemKind.MULTIPLE:
        return CHECKLIST
    return tuple((name, MULTIPLE_RESPONSE_CHECKLIST.get(name, label)) for name, label in CHECKLIST)


APPROVALS_NEEDED = 2


class ItemEventKind(models.TextChoices):
    CREATED = "created", "Created"
    IMPORTED = "imported", "Imported"
    REVISED = "revised", "Revised"
    SUBMITTED = "submitted", "Submitted"
    REVIEW_STARTED = "review started", "Review started"
    REVIEWED = "reviewed", "Reviewed"
    APPROVED = "approved", "Approved"
    NEEDS_REVISION = "needs revision", "Sent back for revision"
    REJECTED = "rejected", "Rejected"
    PRETEST = "pretest", "Moved to pretest"
    OPERATIONAL = "operational", "Made operational"
    RETIRED = "retired", "Retired"
    REKEYED = "rekeyed", "Rekeyed"
    RECLASSIFIED = "reclassified", "Reclassified"
    ENEMIES = "enemies", "Enemies changed"
    IMAGE = "image", "Media attached"
    SET = "set", "Case set changed"


class IRTModel(models.TextChoices):
    RASCH = "1PL", "1PL (Rasch)"
    TWO_PL = "2PL", "2PL"
    THREE_PL = "3PL", "3PL"


class AccessKind(models.TextChoices):
    EXPORT = "export", "Export"
    BULK_VIEW = "bulk view", "Bulk view"


class InterchangeFormat(models.TextChoices):
    CSV = "csv", "CSV"
    QTI = "qti", "QTI 3.0 content package"


# What an item may show besides its stem's text: images, and audio and video with their
# text alternatives (a transcript for audio, WebVTT captions for video).
IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")
AUDIO_TYPES = ("audio/mpeg", "audio/ogg", "audio/wav")
VIDEO_TYPES = ("video/mp4", "video/webm")
MEDIA_TYPES = IMAGE_TYPES + AUDIO_TYPES + VIDEO_TYPES

# Option labels, in order; an item has two to six options.
OPTION_LABELS = ("A", "B", "C", "D", "E", "F")
MIN_OPTIONS = 2
MAX_OPTIONS = 6
