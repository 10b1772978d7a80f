"""`{% my_credentials %}`: the signed-in holder's credentials, for the dashboard, each
certification with a line on its recertification."""

from typing import Any

from django import template

from hallmark.certification.models import Credential
from hallmark.certification.recertification.cycles import plain
from hallmark.certification.recertification.renewals import current_cycle, cycle_progress

register = template.Library()


def renewal_note(credential: Credential) -> str:
    """ "window opens 15 June 2028; 12 of 36 CE credits" — empty when there is no cycle."""
    cycle = current_cycle(credential) if credential.is_certification else None
    if cycle is None:
        return ""
    dates = cycle.dates()
    phase = dates.phase(credential.program.today())
    met = cycle_progress(cycle)
    when = {
        "before window": f"renewal window opens {dates.window_opens_on:%-d %B %Y}",
        "window open": f"renewal window open until {dates.expires_on:%-d %B %Y}",
        "grace": f"expired, in grace period until {dates.grace_ends_on:%-d %B %Y}",
        "reinstatement": f"reinstatement possible until {dates.reinstatement_ends_on:%-d %B %Y}",
    }.get(phase, "only the exam restores it")
    return f"{when}; {plain(met.counted)} of {plain(met.required)} CE credits"


@register.inclusion_tag("certification/portal_credentials.html", takes_context=True)
def my_credentials(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    credentials = (
        Credential.objects.filter(holder=user).select_related("program").order_by("-issued_on")
        if user.is_authenticated
        else Credential.objects.none()
    )
    return {"credentials": [(credential, renewal_note(credential)) for credential in credentials]}
