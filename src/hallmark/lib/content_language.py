"""`{% content_language %}`, in every template (a builtin, settings.TEMPLATES): the language of
what staff write (programs' outlines, policies, handbooks, items, the reasons they give), the
site's own whatever the reader chose. A page or PDF in another language marks that content with
it (`lang`), so that a screen reader reads it in the right voice (WCAG 3.1.2)."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def content_language() -> str:
    return settings.LANGUAGE_CODE
