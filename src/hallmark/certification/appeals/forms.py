"""The forms of an appeal: filing, staffing its panel, a reviewer's vote and the chair's outcome."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hallmark.accounts.models import User
from hallmark.certification.data import AppealOutcome
from hallmark.certification.panels import SIT


class AppealForm(forms.Form):
    grounds = forms.CharField(
        label=_("Why should the decision change?"),
        help_text=_("Say what you think was wrong, and mention any new evidence."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    evidence = forms.FileField(
        label=_("A supporting document (optional)"),
        required=False,
        help_text=_("A PDF, PNG or JPEG of at most 10 MB."),
    )


def panel_members() -> Any:
    """Everyone who may sit on panels (the refusals of the independence check say the rest)."""
    app, codename = SIT.split(".")
    return (
        User.objects.filter(is_active=True, groups__permissions__codename=codename)
        .filter(groups__permissions__content_type__app_label=app)
        .distinct()
        .order_by("email")
    )


class SeatForm(forms.Form):
    reviewer = forms.ModelChoiceField(queryset=User.objects.none(), label="Reviewer")
    chair = forms.BooleanField(label="Chairs the panel", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reviewer"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = panel_members()
        field.label_from_instance = lambda user: user.email  # type: ignore[method-assign,assignment]


class VoteForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Your vote", choices=AppealOutcome.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(label="Your reasons", widget=forms.Textarea(attrs={"rows": 4}))


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="The panel's outcome", choices=AppealOutcome.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(
        label="The panel's reasons",
        help_text="Sent to the appellant.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    corrected = forms.CharField(
        label="The corrected decision",
        required=False,
        help_text="For a partial overturn: what the decision now is.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
