"""`{% my_credentials %}`: the signed-in holder's credentials, for the dashboard."""

from typing import Any

from django import template

from hallmark.certification.models import Credential

register = template.Library()


@register.inclusion_tag("certification/portal_credentials.html", takes_context=True)
def my_credentials(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    credentials = (
        Credential.objects.filter(holder=user).select_related("program").order_by("-issued_on")
        if user.is_authenticated
        else Credential.objects.none()
    )
    return {"credentials": list(credentials)}
