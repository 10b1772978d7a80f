"""`{% my_results %}`: the signed-in candidate's released results, linked, for the dashboard."""

from typing import Any

from django import template

from hallmark.results.data import RunStatus
from hallmark.results.models import Result

register = template.Library()


@register.inclusion_tag("results/my_results.html", takes_context=True)
def my_results(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    results = (
        Result.objects.filter(candidate=user, run__status=RunStatus.RELEASED)
        .select_related("run__window__program")
        .order_by("-run__released_at")
        if user.is_authenticated
        else []
    )
    return {"results": results}
