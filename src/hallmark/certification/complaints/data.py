"""Vocabularies of complaints, defined once."""

from django.db import models


class ComplaintAbout(models.TextChoices):
    """Whom a complaint is about: a certificant's conduct, or the certifying body itself."""

    CERTIFICANT = "certificant", "A certified person's conduct"
    BODY = "body", "Us: our service, our process or an exam"


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    INVESTIGATING = "investigating", "Under investigation"
    CLOSED = "closed", "Closed"


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
