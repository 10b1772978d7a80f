"""The forms of a discipline case: the respondent's answer, evidence, the panel's seats,
votes and decision, and the officer's opening of a case."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hallmark.accounts.models import User
from hallmark.certification.data import CaseSource, Sanction
from hallmark.lib.forms import form_field
from hallmark.lib.storage import ACCEPTED


class ResponseForm(forms.Form):
    response = forms.CharField(
        label=_("Your response to the allegations"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("The hearing panel reads it as you write it."),
    )
    document_description = forms.CharField(
        label=_("What the document is"), required=False, max_length=300
    )
    document = forms.FileField(
        label=_("A document in support"),
        required=False,
        help_text=_("Optional: a PDF, a PNG image or a JPEG image of at most 10 MB."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("document") and not data.get("document_description", "").strip():
            self.add_error("document_description", _("Say what the document is."))
        return data

    def documents(self) -> list[tuple[str, Any]]:
        upload = self.cleaned_data.get("document")
        return [(self.cleaned_data["document_description"], upload)] if upload else []


class EvidenceForm(forms.Form):
    description = forms.CharField(label="What the document is", max_length=300)
    document = forms.FileField(label="Document", help_text=f"{ACCEPTED} of at most 10 MB.")


class OpenCaseForm(forms.Form):
    respondent = forms.EmailField(label="The respondent's email address")
    source = forms.ChoiceField(label="Where the allegations come from", choices=CaseSource.choices)
    source_reference = forms.CharField(
        label="Its reference",
        required=False,
        max_length=200,
        help_text="The complaint's, incident report's or flag's reference, if any.",
    )
    credential_number = forms.CharField(label="Credential concerned", required=False)
    allegations = forms.CharField(label="Allegations", widget=forms.Textarea(attrs={"rows": 6}))


class SeatForm(forms.Form):
    reviewer = forms.ModelChoiceField(label="Reviewer", queryset=User.objects.none())
    chair = forms.BooleanField(label="Chair of the panel", required=False)

    def __init__(self, *args: Any, candidates: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = form_field(self, "reviewer", forms.ModelChoiceField)
        field.queryset = User.objects.filter(pk__in=[person.pk for person in candidates])


class VoteForm(forms.Form):
    sanction = forms.ChoiceField(label="Your vote", choices=Sanction.choices)
    reason = forms.CharField(label="Your reasons", widget=forms.Textarea(attrs={"rows": 4}))


class DecisionForm(forms.Form):
    sanction = forms.ChoiceField(label="The panel's decision", choices=Sanction.choices)
    reasons = forms.CharField(
        label="Reasons",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="The respondent reads them.",
    )
    probation_conditions = forms.CharField(
        label="Conditions of probation", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    probation_ends_on = forms.DateField(label="Probation ends on", required=False)
    suspended_until = forms.DateField(label="Suspended until (the last day)", required=False)
    void_result = forms.BooleanField(
        label="Void the exam result (exam misconduct)",
        required=False,
        help_text="Revokes any credential the result produced.",
    )


class NoteForm(forms.Form):
    note = forms.CharField(label="Why the case is closed", widget=forms.Textarea(attrs={"rows": 3}))
