"""Helpers the apps' views share."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def show_refusal(
    request: HttpRequest, error: ValidationError, form: forms.Form | None = None
) -> None:
    """Show a service's refusal: on the form's fields where it names them, else as messages."""
    if form is not None and hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return
    if form is not None:
        form.add_error(None, error)
        return
    for text in error.messages:
        messages.error(request, text)
