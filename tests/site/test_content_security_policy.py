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
