"""Vocabularies of the job-analysis study, defined once."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StudyStatus(models.TextChoices):
    """Where a study stands; it only moves forward, in this order."""

    DRAFT = "draft", "Draft"
    PANEL_REVIEW = "panel review", "Panel review"
    SURVEY_OPEN = "survey open", "Survey open"
    SURVEY_CLOSED = "survey closed", "Survey closed"
    ANALYSED = "analysed", "Analysed"
    ADOPTED = "adopted", "Adopted"


BEFORE_SURVEY = (StudyStatus.DRAFT, StudyStatus.PANEL_REVIEW)


class ScaleKey(models.TextChoices):
    """The rating scales a survey may carry (their ranges are the pure package's SCALES)."""

    IMPORTANCE = "importance", _("Importance")
    FREQUENCY = "frequency", _("Frequency")
    CRITICALITY = "criticality", _("Criticality")
    NEEDED_AT_ENTRY = "needed_at_entry", _("Needed at entry")


ALWAYS_ASKED = (ScaleKey.IMPORTANCE, ScaleKey.FREQUENCY)


class CommentPhase(models.TextChoices):
    BEFORE_SURVEY = "before survey", "Before the survey"
    AFTER_SURVEY = "after survey", "After the survey"


class BorderlineDecision(models.TextChoices):
    """The panel's word on a statement near the inclusion line, after the survey."""

    NONE = "", "No decision"
    KEEP = "keep", "Keep"
    DROP = "drop", "Drop"


class ResponseChannel(models.TextChoices):
    INVITATION = "invitation", "Invitation"
    OPEN_LINK = "open link", "Open link"


class ExclusionReason(models.TextChoices):
    NONE = "", "Not excluded"
    SPEEDER = "speeder", "Speeder (under a third of the median time)"
    STRAIGHT_LINER = "straight-liner", "Straight-liner (one rating for every statement)"
    SCREENED_OUT = "screened out", "Screened out"
    BY_STAFF = "by staff", "Excluded by staff"
