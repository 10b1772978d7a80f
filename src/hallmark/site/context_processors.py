"""Values every template may use."""

from django.conf import settings
from django.http import HttpRequest


def content_language(request: HttpRequest) -> dict[str, str]:
    """The language of what staff write (programs' outlines, policies, handbooks, items): the
    site's own, whatever the reader chose. A page in another language marks that content with
    it (`lang`), so that a screen reader reads it in the right voice (WCAG 3.1.2)."""
    return {"CONTENT_LANGUAGE": settings.LANGUAGE_CODE}
