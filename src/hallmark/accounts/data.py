"""The roles of a certifying body, defined once and used everywhere."""

from django.db import models


class Role(models.TextChoices):
    PROGRAM_MANAGER = "program manager", "Program manager"
    ITEM_WRITER = "item writer", "Item writer"
    ITEM_REVIEWER = "item reviewer", "Item reviewer"
    PSYCHOMETRICIAN = "psychometrician", "Psychometrician"
    PANELIST = "panelist", "Standard-setting panelist"
    CREDENTIALING_OFFICER = "credentialing officer", "Credentialing officer"
    PROCTOR = "proctor", "Proctor"
    CANDIDATE = "candidate", "Candidate"


# Roles whose members work in the staff admin.
STAFF_ROLES = frozenset(
    {
        Role.PROGRAM_MANAGER,
        Role.ITEM_WRITER,
        Role.ITEM_REVIEWER,
        Role.PSYCHOMETRICIAN,
        Role.CREDENTIALING_OFFICER,
        Role.PROCTOR,
    }
)
