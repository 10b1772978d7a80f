"""The JSON API's requests through a shorter middleware chain.

An answer of the API (/api/) is the same for anyone who asks: it reads no session, no
signed-in person, no CSRF token (django-ninja exempts its views), no message, and no sign-in
lockout applies to it. Those layers were a quarter of a registry lookup's time, and a browser's
session cookie made them read the database. `ApiChainMiddleware`, first in MIDDLEWARE, hands
an API request to the chain settings.API_MIDDLEWARE lists instead: the layers that write the
headers every answer carries (request id, security headers, Content-Security-Policy,
Content-Length, X-Frame-Options). Every other request goes down MIDDLEWARE as before.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.base import BaseHandler
from django.core.handlers.exception import convert_exception_to_response
from django.http import HttpRequest, HttpResponseBase
from django.utils import translation
from django.utils.module_loading import import_string

API_PREFIX = "/api/"
# Hooks the handler, not the chain, calls: a layer that has one cannot go in API_MIDDLEWARE.
HOOKS = ("process_view", "process_template_response", "process_exception")

Chain = Callable[[HttpRequest], Any]  # a response (Django's own types say "or awaitable")


class _ApiHandler(BaseHandler):
    """Django's request handling (URL resolution, the view, errors as responses) under the
    layers of `paths`, each a plain synchronous middleware."""

    def __init__(self, paths: list[str]) -> None:
        super().__init__()
        # What load_middleware would set from MIDDLEWARE: no layer here has a handler hook.
        self._view_middleware: list[Any] = []
        self._template_response_middleware: list[Any] = []
        self._exception_middleware: list[Any] = []
        inner = self._get_response  # type: ignore[attr-defined]  # Django's; not in the stubs
        chain: Chain = convert_exception_to_response(inner)
        for path in reversed(paths):
            layer = import_string(path)(chain)
            if any(hasattr(layer, hook) for hook in HOOKS):
                raise ImproperlyConfigured(f"API_MIDDLEWARE: {path} has a hook of {HOOKS}")
            chain = convert_exception_to_response(layer)
        self._middleware_chain = chain


class ApiChainMiddleware:
    def __init__(self, get_response: Chain) -> None:
        self.get_response = get_response
        self.api = _ApiHandler(list(settings.API_MIDDLEWARE))._middleware_chain

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.path_info.startswith(API_PREFIX):
            # The API answers in English whatever the thread last served a page in.
            with translation.override(settings.LANGUAGE_CODE):
                return self.api(request)
        return self.get_response(request)
