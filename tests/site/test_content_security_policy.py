import re
from pathlib import Path

import pytest

import hallmark

PAGES = Path(hallmark.__file__).parent
# What a policy without 'unsafe-inline' refuses: inline scripts, style elements and
# attributes, event-handler attributes, javascript: links.
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=|javascript:", re.IGNORECASE
)


@pytest.mark.django_db
def test_every_page_carries_a_policy_without_inline_code(client) -> None:
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "Content-Security-Policy" in client.get("/registry/")


def test_no_page_template_has_inline_script_or_style() -> None:
    """The pages the browser shows satisfy the policy; the PDF templates go to WeasyPrint."""
    found = [
        f"{path.relative_to(PAGES)}: {match.group(0)}"
        for path in PAGES.glob("*/templates/**/*.html")
        if "/pdf/" not in path.as_posix()
        for match in INLINE.finditer(path.read_text())
    ]
    assert found == []


def test_the_policy_built_once_is_django_csps_and_a_view_may_still_change_it() -> None:
    from csp.decorators import csp_update
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse
    from django.test import RequestFactory

    from hallmark.lib.policy import ContentSecurityPolicyMiddleware

    @csp_update({"img-src": "https://tiles.example.org"})
    def with_map(request):
        return HttpResponse()

    def plain(request):
        return HttpResponse()

    def header(middleware, view) -> str:
        return middleware(view)(RequestFactory().get("/"))["Content-Security-Policy"]

    assert header(ContentSecurityPolicyMiddleware, plain) == header(CSPMiddleware, plain)
    mapped = header(ContentSecurityPolicyMiddleware, with_map)
    assert "img-src 'self' data: https://tiles.example.org" in mapped
