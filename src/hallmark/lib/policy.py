"""The Content-Security-Policy header: django-csp's middleware, with the site's policy built once.

django-csp builds the header anew for every response (copying the settings each time), which
is a measurable share of an exam page. The site's policy is fixed: no nonce, no report-only
policy, no view that changes it. Those responses get one string built at the first request;
a response a view's decorator changed, or a page that took a nonce, goes through django-csp.
"""

import functools

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

PER_RESPONSE = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    @functools.cached_property
    def policy(self) -> str:
        return build_policy()

    def _plain(self, request: HttpRequest, response: HttpResponseBase) -> bool:
        return not (
            any(getattr(response, name, None) for name in PER_RESPONSE)
            or getattr(request, "_csp_nonce", None)
            or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            or (settings.DEBUG and response.status_code in (404, 500))  # Django's debug pages
        )

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if not self._plain(request, response):
            return super().process_response(request, response)
        if HEADER not in response:
            response[HEADER] = self.policy
        # As django-csp does: a nonce asked for after the header is written is an error.
        nonce = CheckableLazyObject(self._csp_nonce_post_response)
        request.csp_nonce = nonce  # type: ignore[attr-defined]  # django-csp's attribute
        return response
