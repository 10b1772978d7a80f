"""Vocabularies of complaints, defined once."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ComplaintAbout(models.TextChoices):
    """Whom a complaint is about: a certificant's conduct, or the certifying body itself."""

    CERTIFICANT = "certificant", _("A certified person's conduct")
    BODY = "body", _("Us: our service, our process or an exam")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    INVESTIGATING = "investigating", _("Under investigation")
    CLOSED = "closed", _("Closed")


OPEN_COMPLAINT = (
    ComplaintStatus.RECEIVED,
    ComplaintStatus.ACKNOWLEDGED,
    ComplaintStatus.INVESTIGATING,
)


class Scope(models.TextChoices):
    """Triage: whether the complaint concerns what the body certifies and is responsible for."""

    IN_SCOPE = "in", "In scope"
    OUT_OF_SCOPE = "out", "Out of scope"


class ComplaintEventKind(models.TextChoices):
    RECEIVED = "received", "Received"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    IN_SCOPE = "in scope", "Triaged: in scope"
    OUT_OF_SCOPE = "out of scope", "Triaged: out of scope (closed)"
    LINKED = "linked", "Credential linked"
    NOTE = "note", "Investigation note"
    ACTION_PLANNED = "action planned", "Corrective action planned"
    ACTION_DONE = "action done", "Corrective action done and verified"
    CASE_OPENED = "case opened", "Discipline case opened"
    CLOSED = "closed", "Closed with an outcome"
