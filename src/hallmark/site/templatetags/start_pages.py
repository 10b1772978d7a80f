"""`{% start_page as url %}`: the signed-in person's start page, for the error pages' links."""

from typing import Any

from django import template

from hallmark.accounts.models import User
from hallmark.accounts.roles import start_page as start_page_of

register = template.Library()


@register.simple_tag(takes_context=True)
def start_page(context: dict[str, Any]) -> str:
    user = context["request"].user
    return start_page_of(user) if isinstance(user, User) else ""
