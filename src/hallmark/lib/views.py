"""Helpers the apps' views share: the signed-in person's own record, a service's refusal
shown on the page instead of an error, and public answers that caches may keep."""

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils.cache import get_conditional_response

M = TypeVar("M", bound=Model)
View = Callable[..., HttpResponseBase]


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


def mine(
    request: HttpRequest,
    of: type[M] | QuerySet[M],
    pk: object,
    owner: str = "candidate",
    **lookups: object,
) -> M:
    """The record `pk` of `of` (a model or a query) whose `owner` is the signed-in person; a 404
    for anyone else's, so that whether it exists is not given away."""
    where: dict[str, Any] = {"pk": pk, owner: request.user, **lookups}
    return get_object_or_404(of, **where)


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


@contextmanager
def refusal_shown(request: HttpRequest, form: forms.Form | None = None) -> Iterator[None]:
    """Run the block, and show a refusal (a ValidationError) raised in it with `show_refusal`
    instead of letting it out. The block calls the service, then says what was done and
    returns the page to go to: none of that runs when the service refuses, and the view goes on
    after the block (to show the form again, or to redirect all the same).

        with refusal_shown(request, form):
            services.save_answers(application, form.answers(), by=request.user)
            messages.success(request, "Your answers are saved.")
            return redirect("exams:application", application.pk)
        return render(request, "exams/answers.html", {"form": form})
    """
    try:
        yield
    except ValidationError as error:
        show_refusal(request, error, form)


def bounded_body(
    limit: int, template: str, context: dict[str, Any] | None = None
) -> Callable[[View], View]:
    """Refuse a request whose declared body is over `limit` bytes before anything reads it,
    with `template` and status 413 (a body without a declared length is read as empty)."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > limit:
                return render(request, template, context, status=413)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def kept_private(response: HttpResponse) -> HttpResponse:
    """Confidential content (an item's files): never in a shared cache, and nothing runs if the
    file is opened on its own."""
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


def cached_publicly(response: HttpResponse, etag: str, max_age: int) -> HttpResponse:
    """Let any cache (a CDN, a proxy, the browser) keep the answer for `max_age` seconds, then
    ask again with the `etag` it has."""
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={max_age}"
    return response


def not_modified(request: HttpRequest, etag: str, max_age: int) -> HttpResponse | None:
    """304 with no body when the client's If-None-Match names `etag`: its copy is current."""
    response = get_conditional_response(request, etag=etag)
    return None if response is None else cached_publicly(response, etag, max_age)
