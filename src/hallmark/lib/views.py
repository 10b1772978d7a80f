"""Helpers the apps' views share."""

from typing import TYPE_CHECKING

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest

if TYPE_CHECKING:
    # The stubs' name for settings.AUTH_USER_MODEL: the account model, named without importing
    # the accounts app, which sits above this package.
    from django.contrib.auth.models import _User


class AuthenticatedHttpRequest(HttpRequest):
    """The request a view behind `login_required` (or a permission check) gets: its user is
    signed in, never anonymous."""

    user: "_User"


def signed_in(request: HttpRequest) -> "_User":
    """The request's signed-in user, where a framework hands a plain request to code that only
    runs for one (the admin's hooks, an access record); anonymous there is a bug, refused."""
    if not request.user.is_authenticated:
        raise PermissionDenied("Sign in first: this needs a signed-in user.")
    return request.user


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
