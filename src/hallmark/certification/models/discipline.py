"""Discipline cases: allegations against a certificant or candidate, heard in a fair process
(ISO/IEC 17024 9.6, 10.2; NCCA standard 23): notice, a period to respond, an independent hearing
panel, a reasoned decision, the sanction applied through the credential's own lifecycle.

Each state has the fields it needs, checked by the database. Nothing here is deleted: a case is
closed, a piece of evidence stays with the case it was put to.
"""

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from hallmark.certification.data import (
    MISCONDUCT_SOURCES,
    OPEN_CASE_STATES,
    CaseSource,
    CaseState,
    EvidenceSide,
    Sanction,
)
from hallmark.certification.models.casework import Panel, step_at, step_by
from hallmark.certification.models.credentials import Credential
from hallmark.lib.storage import private_storage
from hallmark.programs.models import Program
from hallmark.results.models import Result

USER = settings.AUTH_USER_MODEL
NOTICED = [s for s in CaseState.values if s != CaseState.OPENED]
HEARD = [CaseState.HEARING.value, CaseState.DECIDED.value, CaseState.CLOSED.value]
DECIDED_STATES = [CaseState.DECIDED.value, CaseState.CLOSED.value]
MISCONDUCT = [source.value for source in MISCONDUCT_SOURCES]


class CaseSerial(models.Model):
    """The last case number given in a year: DSC-2026-0001, -0002, ..."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last} cases"


class DisciplineCase(models.Model):
    """Allegations against one person, from opening to the panel's decision and its close.

    .. pii: respondent, allegations, response, decision_reasons, probation_conditions
    """

    reference = models.CharField(max_length=20, unique=True)
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="+")
    respondent = step_by("discipline_cases", null=False)
    credential = models.ForeignKey(
        Credential,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="discipline_cases",
        help_text="The credential concerned, if the respondent holds one.",
    )
    result = models.ForeignKey(
        Result,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The released result concerned by exam misconduct, if any.",
    )
    complaint = models.OneToOneField(
        "certification.Complaint",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="discipline_case",
        help_text="The complaint the case grew from, if any: one case per complaint.",
    )
    source = models.CharField(max_length=20, choices=CaseSource.choices)
    source_reference = models.CharField(
        max_length=200, blank=True, help_text="The complaint's, incident's or flag's reference."
    )
    allegations = models.TextField()
    state = models.CharField(max_length=20, choices=CaseState.choices, default=CaseState.OPENED)
    opened_by = step_by()
    opened_at = models.DateTimeField(default=timezone.now)
    # notice
    notice_sent_at = step_at()
    notice_sent_by = step_by()
    response_due = models.DateField(null=True, blank=True)
    # the respondent's answer, or the period running out
    response = models.TextField(blank=True)
    responded_at = step_at()
    response_period_over_at = step_at()
    # the hearing
    panel = models.OneToOneField(
        Panel, null=True, blank=True, on_delete=models.PROTECT, related_name="discipline_case"
    )
    hearing_opened_at = step_at()
    # the decision
    decision = models.CharField(max_length=20, blank=True, choices=Sanction.choices)
    decision_reasons = models.TextField(blank=True)
    decided_by = step_by()
    decided_at = step_at()
    decided_on = models.DateField(null=True, blank=True)
    appeal_until = models.DateField(null=True, blank=True)
    probation_conditions = models.TextField(blank=True)
    probation_ends_on = models.DateField(null=True, blank=True)
    suspended_until = models.DateField(null=True, blank=True)
    suspension_ended_at = step_at()
    voids_result = models.BooleanField(default=False)
    # an appeal panel's overturn of the sanction (the decision above is kept as it was made)
    overturned_at = step_at()
    overturned_by = step_by()
    overturn_reason = models.TextField(blank=True)
    overturn_reference = models.CharField(
        max_length=20, blank=True, help_text="The appeal that overturned the sanction."
    )
    # the close
    closed_at = step_at()
    closed_by = step_by()
    closing_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = "discipline case"
        permissions = [
            ("run_discipline_case", "Can open and run discipline cases"),
            ("download_case_evidence", "Can open the evidence of any discipline case"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=CaseState.values), name="case_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(source__in=CaseSource.values), name="case_source_valid"
            ),
            models.CheckConstraint(condition=~Q(allegations=""), name="case_allegations_given"),
            models.CheckConstraint(
                condition=~Q(state__in=NOTICED)
                | Q(notice_sent_at__isnull=False, response_due__isnull=False),
                name="case_notice_before_the_rest",
            ),
            models.CheckConstraint(
                condition=Q(responded_at__isnull=True, response="")
                | (Q(responded_at__isnull=False) & ~Q(response="")),
                name="case_response_with_its_time",
            ),
            models.CheckConstraint(
                condition=~Q(state=CaseState.RESPONDED) | Q(responded_at__isnull=False),
                name="case_responded_has_response",
            ),
            models.CheckConstraint(
                condition=~Q(state=CaseState.NO_RESPONSE)
                | Q(response_period_over_at__isnull=False, responded_at__isnull=True),
                name="case_no_response_recorded",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=HEARD)
                | Q(panel__isnull=False, hearing_opened_at__isnull=False),
                name="case_hearing_has_panel",
            ),
            models.CheckConstraint(
                condition=(
                    Q(state__in=DECIDED_STATES)
                    & Q(decision__in=Sanction.values)
                    & ~Q(decision_reasons="")
                    & Q(decided_by__isnull=False, decided_at__isnull=False)
                    & Q(decided_on__isnull=False, appeal_until__isnull=False)
                )
                | (~Q(state__in=DECIDED_STATES) & Q(decision="", decided_at__isnull=True)),
                name="case_decision_complete",
            ),
            models.CheckConstraint(
                condition=~Q(decision=Sanction.PROBATION)
                | (~Q(probation_conditions="") & Q(probation_ends_on__isnull=False)),
                name="case_probation_has_conditions_and_end",
            ),
            models.CheckConstraint(
                condition=~Q(decision=Sanction.SUSPENSION)
                | Q(suspended_until__isnull=False, credential__isnull=False),
                name="case_suspension_has_period",
            ),
            models.CheckConstraint(
                condition=~Q(decision=Sanction.REVOCATION) | Q(credential__isnull=False),
                name="case_revocation_names_credential",
            ),
            models.CheckConstraint(
                condition=Q(voids_result=False)
                | (
                    Q(result__isnull=False, source__in=MISCONDUCT)
                    & ~Q(decision__in=["", Sanction.DISMISSED.value])
                ),
                name="case_voids_only_misconduct_result",
            ),
            models.CheckConstraint(
                condition=Q(overturned_at__isnull=True, overturn_reason="", overturn_reference="")
                | (
                    Q(overturned_at__isnull=False, state__in=DECIDED_STATES)
                    & ~Q(overturn_reason="")
                    & ~Q(overturn_reference="")
                ),
                name="case_overturn_complete",
            ),
            models.CheckConstraint(
                condition=(Q(state=CaseState.CLOSED) & Q(closed_at__isnull=False))
                | (~Q(state=CaseState.CLOSED) & Q(closed_at__isnull=True)),
                name="case_closed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_CASE_STATES

    @property
    def is_decided(self) -> bool:
        return self.state in DECIDED_STATES

    @property
    def is_overturned(self) -> bool:
        return self.overturned_at is not None


def case_evidence_name(instance: Any, filename: str) -> str:
    """A random name under the case: the original name is kept in the database only."""
    extension = getattr(instance, "_extension", "") or "bin"
    return f"discipline/{instance.case.reference}/{uuid.uuid4().hex}.{extension}"


class CaseEvidence(models.Model):
    """A document put to the panel, by the body or by the respondent, stored privately.

    .. pii: file, original_name, description
    """

    case = models.ForeignKey(DisciplineCase, on_delete=models.PROTECT, related_name="evidence")
    side = models.CharField(max_length=20, choices=EvidenceSide.choices)
    description = models.CharField(max_length=300)
    file = models.FileField(storage=private_storage, upload_to=case_evidence_name, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    added_by = step_by()
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["case", "added_at", "pk"]
        verbose_name_plural = "case evidence"
        constraints = [
            models.CheckConstraint(
                condition=Q(side__in=EvidenceSide.values), name="case_evidence_side_valid"
            ),
            models.CheckConstraint(condition=~Q(description=""), name="case_evidence_described"),
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.description}"
