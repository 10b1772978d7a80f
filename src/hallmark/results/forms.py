"""The results' forms: what a panelist signs before rating."""

from django import forms


class SignForm(forms.Form):
    """A standard-setting panelist's signature of the confidentiality and conflict statements."""

    conflicts = forms.CharField(
        label="Interests you declare (leave empty if none)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    agree = forms.BooleanField(
        label="I sign both statements",
        error_messages={"required": "Tick the box to sign both statements."},
    )
