"""A request id on every response and every log line, so that one request's traces can be found.

The proxy in front may send its own `X-Request-ID`; a sane one (bounded, safe characters) is
kept so that its logs and ours share the id, anything else is replaced by a new one.
"""

import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.core.signals import request_finished
from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
NONE = "-"  # on lines logged outside a request (commands, start-up)
SANE = re.compile(r"[A-Za-z0-9._:-]{1,64}")

REQUEST_ID: ContextVar[str] = ContextVar("request_id", default=NONE)


def incoming_or_new(request: HttpRequest) -> str:
    given = request.META.get("HTTP_X_REQUEST_ID", "")
    return given if SANE.fullmatch(given) else uuid.uuid4().hex


class RequestIdMiddleware:
    """First in MIDDLEWARE: every later layer, and Django's error log, see the id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = incoming_or_new(request)
        request.request_id = request_id  # type: ignore[attr-defined]  # our own, for later layers
        # Left set until the response is closed: Django logs a 4xx or 5xx after the middleware.
        REQUEST_ID.set(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


def _forget(**kwargs: Any) -> None:
    REQUEST_ID.set(NONE)


request_finished.connect(_forget, dispatch_uid="hallmark.request_id")


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on each record, as `%(request_id)s` for the formatter."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        return True
