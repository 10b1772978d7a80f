"""Forms of the staff's study pages, one per step. The services check the rules; these forms
only turn the page's fields into the services' arguments, and say which line of a pasted or
uploaded list is malformed."""

import csv
import io
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from hallmark.jobanalysis.data import ALWAYS_ASKED, BorderlineDecision, ExclusionReason, ScaleKey
from hallmark.jobanalysis.models import FORMULA_CHOICES, BackgroundQuestion, Study
from hallmark.jobanalysis.rules import statements_of
from hallmark.lib.forms import form_field
from hallmark.programs.data import OutlineStatus
from hallmark.programs.models import Competency, ContentOutline, Domain, Program

MAX_TEXT = 4000
MAX_CSV_BYTES = 2 * 1024 * 1024
EXTRA_SCALES = [(k.value, k.label) for k in ScaleKey if k not in ALWAYS_ASKED]
STAFF_REASONS = [(r.value, r.label) for r in ExclusionReason if r.value and r != "screened out"]


def _area(label: str, rows: int = 3, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


class StudyForm(forms.Form):
    program = forms.ModelChoiceField(label="Program", queryset=Program.objects.all())
    draft_outline = forms.ModelChoiceField(
        label="Draft outline version",
        queryset=ContentOutline.objects.filter(status=OutlineStatus.DRAFT).select_related(
            "program"
        ),
        help_text="A draft version of the chosen program's outline: its statements are rated.",
    )
    title = forms.CharField(label="Title", max_length=200)
    exam_length = forms.IntegerField(
        label="Exam length (scored items)", min_value=1, required=False
    )
    estimated_minutes = forms.IntegerField(
        label="Minutes the survey takes", min_value=1, initial=30, help_text="Told to respondents."
    )
    minimum_mean_importance = forms.DecimalField(
        label="Lowest mean importance to include a statement",
        min_value=Decimal(0),
        max_value=Decimal(5),
        decimal_places=2,
        initial=Decimal("2.50"),
    )
    minimum_percent_performing = forms.DecimalField(
        label="Lowest percent performing to include a statement",
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=1,
        initial=Decimal("50.0"),
    )
    weight_formula = forms.ChoiceField(
        label="Weight formula", choices=FORMULA_CHOICES, initial="importance x frequency"
    )


class ScaleForm(forms.Form):
    key = forms.ChoiceField(label="Scale", choices=EXTRA_SCALES)
    question = forms.CharField(
        label="Question asked", max_length=300, required=False, help_text="Empty: the usual one."
    )
    required = forms.BooleanField(label="Every statement must be rated on it", required=False)


class BackgroundForm(forms.Form):
    key = forms.SlugField(
        label="Short name", max_length=40, help_text="Letters, digits and dashes, e.g. region."
    )
    text = forms.CharField(label="Question", max_length=300)
    choices = _area("Answers offered", rows=4, required=False, help_text="One answer a line.")
    subgroup = forms.BooleanField(
        label="Groups respondents",
        required=False,
        help_text="Its answers compare subgroups' ratings and can have a sampling plan.",
    )

    def clean_choices(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]


class PlanForm(forms.Form):
    """A percent for each answer of one subgroup question."""

    def __init__(self, *args: Any, question: BackgroundQuestion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        targets = {t.cell: t.target_percent for t in question.targets.all()}
        for n, cell in enumerate(question.choices):
            self.fields[f"cell{n}"] = forms.DecimalField(
                label=f"{cell} (percent)",
                min_value=Decimal(0),
                max_value=Decimal(100),
                decimal_places=1,
                initial=targets.get(cell),
            )
        self.cells = list(question.choices)

    def targets(self) -> dict[str, Decimal]:
        return {cell: self.cleaned_data[f"cell{n}"] for n, cell in enumerate(self.cells)}


class _StatementForm(forms.Form):
    competency = forms.ModelChoiceField(label="Statement", queryset=Competency.objects.none())

    def __init__(self, *args: Any, study: Study, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = form_field(self, "competency", forms.ModelChoiceField)
        field.queryset = Competency.objects.filter(domain__outline_id=study.draft_outline_id)
        field.choices = [("", "Choose a statement")] + [
            (c.pk, f"{c.code} {c.statement}"[:120]) for c in statements_of(study)
        ]


class CommentForm(_StatementForm):
    comment = _area("Comment")
    proposed = _area("Proposed wording", required=False)


class EditForm(_StatementForm):
    new_text = _area("New text of the statement")
    reason = _area("Reason for the change")


class DecisionForm(_StatementForm):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[(d.value, d.label) for d in BorderlineDecision if d.value],
        widget=forms.RadioSelect,
    )
    reason = _area("Reason")


class InviteForm(forms.Form):
    lines = _area(
        "Invitees",
        rows=6,
        required=False,
        help_text="One a line: email,region,setting (region and setting may be empty).",
    )
    file = forms.FileField(
        label="Or a CSV file",
        required=False,
        help_text="Columns email, region, setting, with that header line.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload, pasted = data.get("file"), data.get("lines") or ""
        if self.errors:
            return data
        if upload and pasted.strip():
            raise ValidationError("Paste the invitees or upload a file, not both.")
        if upload:
            data["invitees"] = self._from_file(upload)
        elif pasted.strip():
            data["invitees"] = _rows(csv.reader(io.StringIO(pasted)), "Line", 1)
        else:
            raise ValidationError("Paste the invitees or upload a CSV file of them.")
        return data

    def _from_file(self, upload: Any) -> list[tuple[str, str, str]]:
        if upload.size > MAX_CSV_BYTES:
            raise ValidationError(f"The file is over {MAX_CSV_BYTES // (1024 * 1024)} MB.")
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError("The file is not UTF-8 text.") from None
        reader = csv.reader(io.StringIO(text))
        header = [h.strip().lower() for h in next(reader, [])]
        if header[:3] != ["email", "region", "setting"]:
            raise ValidationError("The file's first line must be: email,region,setting.")
        return _rows(reader, "File line", 2)


def _rows(reader: Any, where: str, first: int) -> list[tuple[str, str, str]]:
    rows, problems = [], []
    for number, cells in enumerate(reader, start=first):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > 3:
            problems.append(f"{where} {number}: more than three values (email,region,setting).")
            continue
        email, region, setting = [*cells, "", ""][:3]
        rows.append((email.strip(), region.strip(), setting.strip()))
    if problems:
        raise ValidationError(problems)
    return rows


class LinksForm(forms.Form):
    reason = _area("Why you export them (kept in the access record)")


class ExcludeForm(forms.Form):
    reason = forms.ChoiceField(label="Reason", choices=STAFF_REASONS)


class WeightForm(forms.Form):
    domain = forms.ModelChoiceField(label="Domain", queryset=Domain.objects.none())
    weight = forms.DecimalField(
        label="Weight (percent)",
        min_value=Decimal("0.01"),
        max_value=Decimal(100),
        decimal_places=2,
    )
    reason = _area("Reason")

    def __init__(self, *args: Any, study: Study, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = form_field(self, "domain", forms.ModelChoiceField)
        field.queryset = Domain.objects.filter(outline_id=study.draft_outline_id).order_by(
            "order", "code"
        )
        field.empty_label = "Choose a domain"
