"""Forms of the people pages, with the autocomplete hints WCAG 1.3.5 asks for."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from hallmark.accounts.models import Demographics, User
from hallmark.lib.forms import form_field


def posted(request: HttpRequest) -> Any:
    """A form's data: the POST (even an empty one, so its errors show) or None on a GET."""
    return request.POST if request.method == "POST" else None


def uploaded(request: HttpRequest) -> MultiValueDict[str, Any] | None:
    return request.FILES if request.method == "POST" else None


def _text(label: Any, autocomplete: str, required: bool = False, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.TextInput(attrs={"autocomplete": autocomplete}),
        **kwargs,
    )


class SignUpForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send a link to this address; the account opens when you follow it."),
    )
    legal_name = _text(
        _("Legal name"),
        "name",
        required=True,
        max_length=200,
        help_text=_("Exactly as on the identity document you will show at the exam."),
    )
    preferred_name = _text(
        _("Preferred name"), "nickname", max_length=100, help_text=_("What we call you (optional).")
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not a common password and not only digits."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            someone = User(email=data.get("email", ""), legal_name=data.get("legal_name", ""))
            try:
                password_validation.validate_password(first, someone)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class EmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class ProfileForm(forms.Form):
    legal_name = _text(
        _("Legal name"),
        "name",
        required=True,
        max_length=200,
        help_text=_("Exactly as on the identity document you will show at the exam."),
    )
    preferred_name = _text(_("Preferred name"), "nickname", max_length=100)
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    address_line1 = _text(_("Address line 1"), "address-line1", max_length=200)
    address_line2 = _text(_("Address line 2"), "address-line2", max_length=200)
    city = _text(_("Town or city"), "address-level2", max_length=100)
    region = _text(_("State, province or region"), "address-level1", max_length=100)
    postal_code = _text(_("Postal code"), "postal-code", max_length=20)
    country = _text(_("Country"), "country-name", max_length=100)
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("As my browser asks")), *settings.LANGUAGES],
        help_text=_("Of these pages, and of the emails and documents we send you."),
    )


class DemographicsForm(forms.ModelForm):
    class Meta:
        model = Demographics
        fields = [
            "age_band",
            "gender",
            "race_ethnicity",
            "disability",
            "education",
            "first_language",
        ]
        labels = {
            "age_band": _("Age band"),
            "gender": _("Gender"),
            "race_ethnicity": _("Race or ethnicity"),
            "disability": _("Do you have a disability?"),
            "education": _("Highest education"),
            "first_language": _("First language"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.fields:
            field = form_field(self, name, forms.ChoiceField)
            field.required = False
            choices = list(field.choices)  # type: ignore[arg-type]  # read back, it is a list
            field.choices = [("", _("Not answered")), *choices[1:]]


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_(
            "The 6-digit code your authenticator app shows now, or one of your backup codes."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )


class SecondFactorResetForm(forms.Form):
    email = forms.EmailField(
        label="Email address of the account",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    reason = forms.CharField(
        label="Why",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: lost phone; identity checked by a video call on 2026-03-01.",
    )


class NameSearchForm(forms.Form):
    """One button: the page posts the opposite of the person's current choice."""

    listed = forms.TypedChoiceField(
        choices=[("yes", _("Found by name")), ("no", _("Not found by name"))],
        coerce=lambda answer: answer == "yes",
        widget=forms.HiddenInput,
    )


class ErasureRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Anything you wish to tell us"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. For example, why you ask, or a way to reach you after erasure."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account will be closed and cannot be opened again"),
    )


class ErasureRefusalForm(forms.Form):
    reason = forms.CharField(
        label="Why the request is refused",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The person reads this. Say what keeps the data, and until when.",
    )
