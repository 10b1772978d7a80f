"""Forms of the candidate pages and of the staff decisions."""

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from hallmark.exams.data import (
    APPLICATION_FEES,
    EXTRA_TIME_CHOICES,
    AccommodationDecision,
    AccommodationKind,
    Decision,
)
from hallmark.exams.models import Application, TestingWindow
from hallmark.lib.forms import form_field, staff_words
from hallmark.lib.storage import MAX_UPLOAD_BYTES, check_upload
from hallmark.programs.data import ProgramStatus
from hallmark.programs.models import EvidenceKind, Program

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

FILE_ACCEPT = ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"


def _file_field(label: "StrOrPromise", required: bool = True) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=required,
        # The words of lib.storage.ACCEPTED, in a sentence of their own to translate as one.
        help_text=format_lazy(
            _("Upload a PDF, a PNG image or a JPEG image, at most {megabytes} MB."),
            megabytes=MAX_UPLOAD_BYTES // (1024 * 1024),
        ),
        widget=forms.ClearableFileInput(attrs={"accept": FILE_ACCEPT}),
    )


def _checked(upload: Any) -> Any:
    if upload:
        check_upload(upload)
    return upload


class AnswersForm(forms.Form):
    """One answer per eligibility criterion of the application's policy."""

    def __init__(self, application: Application, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stored = {a.criterion_id: a.text for a in application.answers.all()}
        self.criteria = list(application.policy.criteria.all())
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.CharField(
                label=staff_words(criterion.text),
                help_text=format_html("{} {}", _("Evidence:"), staff_words(criterion.evidence)),
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=stored.get(criterion.pk, ""),
                required=False,
            )

    def answers(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data[f"criterion_{c.pk}"] for c in self.criteria}


class EvidenceForm(forms.Form):
    criterion = forms.ChoiceField(label=_("Evidence for"))
    file = _file_field(_("Document"))

    def __init__(self, application: Application, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = {
            str(c.pk): c
            for c in application.policy.criteria.filter(evidence_kind=EvidenceKind.UPLOAD)
        }
        form_field(self, "criterion", forms.ChoiceField).choices = [
            (pk, f"{c.code}: {c.text[:80]}") for pk, c in self.criteria.items()
        ]

    def clean_file(self) -> Any:
        return _checked(self.cleaned_data.get("file"))


class ConductForm(forms.Form):
    agree = forms.BooleanField(
        label=_("I have read the code of conduct and candidate agreement above and agree to it.")
    )


class EmployerForm(forms.Form):
    reference_name = forms.CharField(
        label=_("Your reference's name"),
        max_length=200,
        help_text=_("A supervisor or employer who knows your employment-support work."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    reference_email = forms.EmailField(
        label=_("Your reference's email address"),
        help_text=_("We send them a link that works once to confirm your work."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    employer = forms.CharField(
        label=_("Employer"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )


class EmployerAnswerForm(forms.Form):
    note = forms.CharField(
        label=_("Anything to add (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AccommodationForm(forms.Form):
    program = forms.ModelChoiceField(
        queryset=Program.objects.filter(status=ProgramStatus.ACTIVE),
        empty_label=None,
        label=_("Program"),
    )
    kind = forms.ChoiceField(label=_("What do you need?"), choices=AccommodationKind.choices)
    time_factor = forms.TypedChoiceField(
        label=_("How much extra time?"),
        choices=[("", _("Not applicable")), *EXTRA_TIME_CHOICES],
        coerce=Decimal,
        empty_value=None,
        required=False,
        help_text=_("Only for extra time."),
    )
    details = forms.CharField(
        label=_("Details"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you need and how it helps you; required for “Something else”."),
    )
    documentation = _file_field(_("Documentation"))

    def clean_documentation(self) -> Any:
        return _checked(self.cleaned_data.get("documentation"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == AccommodationKind.EXTRA_TIME and not data.get("time_factor"):
            self.add_error("time_factor", "Choose how much extra time you need.")
        if data.get("kind") == AccommodationKind.OTHER and not data.get("details", "").strip():
            self.add_error("details", "Say what you need.")
        return data


class DocumentForm(forms.Form):
    file = _file_field(_("Another document"))

    def clean_file(self) -> Any:
        return _checked(self.cleaned_data.get("file"))


class WindowChoiceForm(forms.Form):
    window = forms.ModelChoiceField(
        label=_("Move to"), queryset=TestingWindow.objects.none(), empty_label=None
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, windows: list[TestingWindow], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = form_field(self, "window", forms.ModelChoiceField)
        field.queryset = TestingWindow.objects.filter(pk__in=[w.pk for w in windows])


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


# --- staff decisions (in the admin) -------------------------------------------------------


class ApplicationDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=Decision.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required to ask for more information or to deny; the candidate reads it.",
    )
    resubmission_days = forms.IntegerField(
        required=False,
        min_value=1,
        help_text="Days to answer a request for more information (empty: the policy's).",
    )


class FeeForm(forms.Form):
    status = forms.ChoiceField(choices=[(fee.value, fee.label) for fee in APPLICATION_FEES])
    reference = forms.CharField(
        required=False, max_length=100, help_text="Payment reference, or why the fee is waived."
    )


class EmployerRecordForm(forms.Form):
    answer = forms.ChoiceField(
        choices=[
            ("confirmed", "The reference confirmed the work"),
            ("declined", "The reference declined"),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="How and when the reference answered.",
    )


class AccommodationDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=AccommodationDecision.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required to deny; the candidate reads it.",
    )


def messages_of(error: ValidationError) -> list[str]:
    return list(error.messages)
