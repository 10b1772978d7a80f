"""The JSON API, versioned by path. Each app contributes a router; the OpenAPI document is
published at /api/v1/openapi.json (no interactive docs page: it would load scripts from a CDN)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.parser import Parser

from hallmark.credentials import LimitExceededError, Limits, parse_json

# A request body is a credential inside an envelope ({"credential": ..., "keys": {...}}): it may
# nest two levels more than the credential itself may.
BODY_LIMITS = Limits(max_depth=Limits().max_depth + 2)


class BoundedParser(Parser):
    """Refuse a body too large or too deeply nested before `json.loads` recurses into it (a body
    nested 900 levels deep ran out of stack inside the parser)."""

    def parse_body(self, request: HttpRequest) -> Any:
        return parse_json(request.body.decode("utf-8"), limits=BODY_LIMITS, what="the request body")


api = NinjaAPI(
    title="Hallmark API",
    version="1",
    description="Public registry and verification endpoints of a Hallmark certification program.",
    urls_namespace="api-v1",
    docs_url=None,
    parser=BoundedParser(),
)
api.add_router("/", "hallmark.certification.api.router")


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    """As django-ninja answers, but a body refused by the limits says why (ninja's own message
    is "Cannot parse request body" whatever the cause)."""
    cause = error.__cause__
    detail = str(cause) if isinstance(cause, LimitExceededError) else str(error)
    return api.create_response(request, {"detail": detail}, status=error.status_code)
