"""The hook for external remote-proctoring services.

Set HALLMARK_REMOTE_PROCTORING_HOOK to the dotted path of a callable, e.g.
``myvendor.hallmark:on_session_event``. After each session event is committed it is called with
one plain dict (see `payload`). The hook runs in the request, so it should hand the event to a
queue or make a short call; an error in it is logged and never stops the exam.
"""

import logging
from collections.abc import Callable
from functools import cache
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger("hallmark.exams.proctoring")
Hook = Callable[[dict[str, Any]], object]


@cache
def _hook(path: str) -> Hook:
    return import_string(path.replace(":", "."))


def payload(event: Any) -> dict[str, Any]:
    """What a remote-proctoring service is told: no item content, no answers."""
    session = event.session
    return {
        "event": event.kind,
        "at": event.at.isoformat(),
        "session": session.pk,
        "registration": session.registration.authorization_code,
        "window": session.registration.window_id,
        "candidate": session.candidate_id,
        "status": session.status,
        "by": event.by_id,
        "reason": event.reason,
    }


def notify(event: Any) -> None:
    path = getattr(settings, "HALLMARK_REMOTE_PROCTORING_HOOK", "")
    if not path or event.kind in ("answer", "flag", "navigate"):
        return  # the answers themselves stay with Hallmark
    try:
        _hook(path)(payload(event))
    except Exception:  # a vendor's failure must never stop a candidate's exam
        log.exception("The remote-proctoring hook %s failed on event %s", path, event.pk)
