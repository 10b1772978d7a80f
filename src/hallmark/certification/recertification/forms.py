"""Forms of the certificant's recertification page and the provider's course application."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from hallmark.certification.data import EvidenceKind
from hallmark.certification.models import CEActivity, Cycle
from hallmark.lib.forms import form_field
from hallmark.programs.data import ProgramKind, ProgramStatus
from hallmark.programs.models import CECategory, Program, RecertificationPolicy

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _hours_field() -> forms.DecimalField:
    return forms.DecimalField(
        label=_("Hours"), min_value=Decimal("0.25"), max_value=Decimal(1000), decimal_places=2
    )


class ActivityForm(forms.Form):
    course_code = forms.CharField(
        label=_("Approved course code (if the provider gave you one)"),
        required=False,
        max_length=30,
        help_text=_("With a code the activity is accepted at once; without one, staff review it."),
    )
    title = forms.CharField(label=_("Title of the activity"), max_length=200, required=False)
    provider_name = forms.CharField(label=_("Provider"), max_length=200, required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    started_on = forms.DateField(label=_("First day"), widget=DATE)
    completed_on = forms.DateField(label=_("Last day"), widget=DATE)
    hours = _hours_field()
    evidence_kind = forms.ChoiceField(
        label=_("What the document is"),
        choices=EvidenceKind.choices,
        initial=EvidenceKind.COMPLETION,
    )
    evidence = forms.FileField(
        label=_("Evidence (optional now; needed if you are audited)"),
        required=False,
        help_text=_("A PDF, PNG or JPEG of at most 10 MB, e.g. the certificate of attendance."),
    )

    def __init__(self, *args: Any, cycle: Cycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        categories = cycle.policy.ce_categories.all() if cycle.policy else CECategory.objects.none()
        form_field(self, "category", forms.ChoiceField).choices = [("", _("Choose a category"))] + [
            (c.code, c.name) for c in categories
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if not (cleaned.get("course_code") or "").strip():
            for name in ("title", "provider_name", "category"):
                if not cleaned.get(name):
                    self.add_error(name, _("Give this, or an approved course code."))
        return cleaned


class ApplyForm(forms.Form):
    attest = forms.BooleanField(
        label=_(
            "I attest that I have followed the code of conduct throughout this cycle and that "
            "the activities listed are true."
        )
    )


class AuditEvidenceForm(forms.Form):
    activity = forms.ChoiceField(label=_("For which activity"), required=False)
    evidence_kind = forms.ChoiceField(label=_("What the document is"), choices=EvidenceKind.choices)
    evidence = forms.FileField(
        label=_("Document"), help_text=_("A PDF, PNG or JPEG of at most 10 MB.")
    )

    def __init__(self, *args: Any, cycle: Cycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = form_field(self, "activity", forms.ChoiceField)
        field.choices = [("", _("All or several activities"))] + [
            (str(a.pk), f"{a.title} ({date_format(a.completed_on)})")
            for a in CEActivity.objects.filter(cycle=cycle)
        ]


def _category_choices() -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for program in Program.objects.filter(kind=ProgramKind.CERTIFICATION).exclude(
        status=ProgramStatus.DRAFT
    ):
        policy = RecertificationPolicy.in_force(program)
        for category in policy.ce_categories.all() if policy else []:
            seen.setdefault(category.code, category.name)
    return [("", str(_("Choose a category"))), *sorted(seen.items(), key=lambda pair: pair[1])]


class CourseForm(forms.Form):
    program = forms.ModelChoiceField(
        label=_("Certification"),
        queryset=Program.objects.filter(
            kind=ProgramKind.CERTIFICATION, status=ProgramStatus.ACTIVE
        ),
        empty_label=_("Choose a certification"),
    )
    provider_name = forms.CharField(label=_("Provider (your organisation)"), max_length=200)
    contact_name = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    email = forms.EmailField(label=_("Contact email"))
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    title = forms.CharField(label=_("Course title"), max_length=200)
    description = forms.CharField(
        label=_("What the course covers"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    hours = _hours_field()
    category_code = forms.ChoiceField(label=_("CE category"))
    offered_from = forms.DateField(label=_("First day offered"), widget=DATE)
    offered_until = forms.DateField(label=_("Last day offered"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "category_code", forms.ChoiceField).choices = _category_choices()
