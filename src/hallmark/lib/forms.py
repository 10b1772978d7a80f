"""Helpers the apps' forms share."""

from typing import TypeVar

from django import forms
from django.utils.html import format_html
from django.utils.safestring import SafeString

from hallmark.lib.content_language import content_language

FieldKind = TypeVar("FieldKind", bound=forms.Field)


def form_field(form: forms.BaseForm, name: str, kind: type[FieldKind]) -> FieldKind:
    """The form's own copy of field `name`, as the kind it was declared (to set its choices,
    queryset, ...): `form.fields` knows only that it holds fields."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(
            f"{type(form).__name__}.{name} is a {type(field).__name__}, not a {kind.__name__}."
        )
    return field


def staff_words(text: str) -> SafeString:
    """What staff wrote (a requirement, its evidence), marked in the site's own language: a
    label on a page in another language is then read with the right voice (WCAG 3.1.2)."""
    return format_html('<span lang="{}">{}</span>', content_language(), text)
