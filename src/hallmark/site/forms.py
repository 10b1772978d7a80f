from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hallmark.accounts.data import MessageKey
from hallmark.accounts.notifications import notify


class SignInForm(AuthenticationForm):
    """Sign-in by email, with the autocomplete hints password managers and WCAG 1.3.5 expect."""

    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PasswordResetByOutbox(PasswordResetForm):
    """Django's password reset with its mail through the outbox, as every message: recorded
    (the one-time link withheld), sent by a worker after the commit, retried, never twice."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        confirm = reverse(
            "password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]}
        )
        link = f"{context['protocol']}://{context['domain']}{confirm}"
        notify(
            context["user"], MessageKey.PASSWORD_RESET, {"email": to_email}, secrets={"link": link}
        )
