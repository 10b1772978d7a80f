"""Forms of the public complaint pages and of the staff's complaint page.

Lengths are bounded here as in the services, so that an over-long answer is shown on its field
with every other problem at once.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hallmark.accounts.models import User
from hallmark.certification.complaints.data import ComplaintAbout, Scope
from hallmark.certification.complaints.services import (
    MAX_ATTACHMENTS,
    MAX_NAME,
    MAX_TEXT,
    check_about,
)
from hallmark.lib.forms import form_field
from hallmark.lib.storage import MAX_UPLOAD_BYTES, check_upload
from hallmark.programs.data import ProgramStatus
from hallmark.programs.models import Program

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MEGABYTES = MAX_UPLOAD_BYTES // (1024 * 1024)


def _area(label: Any, rows: int = 4, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked as a single file would be."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(one, initial) for one in files if one]


class ComplaintForm(forms.Form):
    program = forms.ModelChoiceField(
        label=_("Which program is it about"),
        queryset=Program.objects.filter(status=ProgramStatus.ACTIVE),
        empty_label=_("Choose a program"),
    )
    about = forms.ChoiceField(
        label=_("What is your complaint about"),
        choices=ComplaintAbout.choices,
        widget=forms.RadioSelect,
    )
    certificant_name = forms.CharField(
        label=_("Their name"),
        max_length=MAX_NAME,
        required=False,
        help_text=_("Their name, their credential number, or both."),
    )
    credential_number = forms.CharField(
        label=_("Their credential number, if you know it"),
        max_length=40,
        required=False,
        help_text=_("It is on their certificate and in the public registry, e.g. CESP-000123-02."),
    )
    what_happened = _area(
        _("What happened"),
        rows=8,
        help_text=format_lazy(
            _(
                "Where and when it happened, who was involved, and what you would like us to "
                "do. At most {max_text} characters."
            ),
            max_text=MAX_TEXT,
        ),
    )
    happened_on = forms.DateField(
        label=_("The date it happened, if you know it"), required=False, widget=DATE
    )
    complainant_name = forms.CharField(
        label=_("Your name"),
        max_length=MAX_NAME,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    complainant_email = forms.EmailField(
        label=_("Your email address"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We write to it to acknowledge your complaint and to tell you the outcome."),
    )
    attachments = MultipleFileField(
        label=_("Documents or pictures"),
        required=False,
        help_text=format_lazy(
            _("Up to {files} files, each a PDF, PNG or JPEG of at most {megabytes} MB."),
            files=MAX_ATTACHMENTS,
            megabytes=MEGABYTES,
        ),
    )

    PERSON = ("certificant_name", "credential_number")

    def clean_attachments(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data["attachments"]
        if len(files) > MAX_ATTACHMENTS:
            raise ValidationError(
                ngettext(
                    "Attach at most %(most)s files (you chose %(chosen)s).",
                    "Attach at most %(most)s files (you chose %(chosen)s).",
                    len(files),
                )
                % {"most": MAX_ATTACHMENTS, "chosen": len(files)}
            )
        problems = []
        for upload in files:
            try:
                check_upload(upload)
            except ValidationError as error:
                problems.extend(error.messages)
        if problems:
            raise ValidationError(problems)
        return files

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "about" in data and not any(self.has_error(name) for name in self.PERSON):
            try:
                check_about(
                    data["about"],
                    data.get("certificant_name", ""),
                    data.get("credential_number", ""),
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    self.add_error(field, errors)
        return data


class StatusForm(forms.Form):
    reference = forms.CharField(
        label=_("Reference"),
        max_length=20,
        help_text=_("As on the confirmation, e.g. CMP-2026-0007."),
    )
    email = forms.EmailField(
        label=_("The email address you gave"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


# --- staff ---------------------------------------------------------------------------------


class TriageForm(forms.Form):
    scope = forms.ChoiceField(label="Triage", choices=Scope.choices, widget=forms.RadioSelect)
    reason = _area(
        "Reason",
        required=False,
        help_text="Out of scope: required, and the complainant is told it (the complaint "
        "closes). In scope: optional, for the record.",
    )
    credential_number = forms.CharField(
        label="Link the credential number",
        max_length=40,
        required=False,
        help_text="The credential of the person complained about, if known.",
    )


class LinkForm(forms.Form):
    credential_number = forms.CharField(label="Credential number", max_length=40)


class NoteForm(forms.Form):
    text = _area("Note", help_text="Notes are kept as written: they cannot be changed later.")


class CaseForm(forms.Form):
    allegations = _area(
        "Allegations", help_text="The certificant is sent these with the notice and answers them."
    )


class ActionForm(forms.Form):
    what = _area("What will change", rows=3)
    owner = forms.ModelChoiceField(
        label="Owner", queryset=User.objects.none(), empty_label="Choose who makes the change"
    )
    due_on = forms.DateField(label="Due by", widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = User.objects.filter(is_staff=True, is_active=True).order_by("legal_name")
        form_field(self, "owner", forms.ModelChoiceField).queryset = staff


class DoneForm(forms.Form):
    done_on = forms.DateField(label="Done on", widget=DATE)
    verification = _area(
        "How it was checked to work",
        rows=3,
        help_text="What was looked at, by whom, with what result.",
    )


class CloseForm(forms.Form):
    outcome = _area(
        "Outcome",
        rows=5,
        help_text="What was found and what was decided, in words the complainant can follow.",
    )
