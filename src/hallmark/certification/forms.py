from django import forms
from django.core.exceptions import ValidationError

from hallmark.credentials import check_credential_number, normalize_credential_number
from hallmark.programs.models import Program


class RegistrySearchForm(forms.Form):
    name = forms.CharField(
        label="Holder's name",
        max_length=200,
        min_length=2,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    program = forms.ChoiceField(label="Program", required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["program"].choices = [("", "All programs")] + [
            (p.designation, f"{p.name} ({p.designation})")
            for p in Program.objects.exclude(status="draft").order_by("designation")
        ]


class NumberLookupForm(forms.Form):
    number = forms.CharField(
        label="Credential number",
        max_length=40,
        help_text="As printed on the certificate, e.g. CESP-000123-4.",
    )

    def clean_number(self) -> str:
        number = self.cleaned_data["number"]
        if not check_credential_number(number):
            raise ValidationError(
                "This is not a valid credential number: check it for a mistyped character."
            )
        return normalize_credential_number(number)
