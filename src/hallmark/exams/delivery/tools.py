"""What the exam's own tools show: the question navigator and progress, the review's filters,
and which tools a sitting gives (the blueprint's calculator and time warnings, and those an
approved accommodation switches on by itself)."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hallmark.exams.models import ExamSession, Response
from hallmark.lib.prepared import PreparedRead

# Every answered or flagged question of a sitting, in one query written once per process.
STATES = PreparedRead(
    Response, ["form_item__position", "selected", "flagged"], where={"session": "session"}
)

# The review screen's filters, by their value in ?show=.
SHOW = {
    "all": gettext_lazy("All"),
    "unanswered": gettext_lazy("Unanswered"),
    "flagged": gettext_lazy("Flagged"),
}


@dataclass(frozen=True)
class Question:
    """One entry of the navigator and of the review."""

    number: int
    answered: bool
    flagged: bool
    current: bool = False

    @property
    def state(self) -> str:
        """What a screen reader says after the number: "answered, flagged"."""
        words = [_("answered") if self.answered else _("unanswered")]
        return ", ".join([*words, _("flagged")] if self.flagged else words)

    @property
    def name(self) -> str:
        return _("Question %(number)s, %(state)s") % {"number": self.number, "state": self.state}

    def shown(self, show: str) -> bool:
        """Whether the review's filter `show` keeps this question."""
        if show == "unanswered":
            return not self.answered
        return self.flagged if show == "flagged" else True


def questions(session: ExamSession, current: int = 0) -> list[Question]:
    """The sitting's questions in the candidate's order, `current` (a number from 1) marked."""
    rows = {row["form_item__position"]: row for row in STATES.rows(session=session.pk)}
    return [
        Question(
            number,
            answered=bool(rows.get(position, {}).get("selected")),
            flagged=bool(rows.get(position, {}).get("flagged")),
            current=number == current,
        )
        for number, position in enumerate(session.item_order, start=1)
    ]


def progress(shown: list[Question]) -> dict[str, Any]:
    """The page's "12 of 135 answered" and the counts the review states."""
    return {
        "questions": shown,
        "answered": sum(q.answered for q in shown),
        "flagged": sum(q.flagged for q in shown),
        "total": len(shown),
    }


def exam_tools(session: ExamSession) -> dict[str, Any]:
    """The tools a sitting gives, read with the session (see views.PAGE): the calculator and
    the time warnings come from the form's blueprint; enlarged text starts the text at its
    largest size; a reader adds "Read aloud". Extra time is already in the clock and breaks
    show their own button."""
    blueprint = session.form.blueprint
    return {
        "calculator": bool(blueprint.calculator),
        "time_warnings": sorted(
            (m for m in blueprint.time_warnings or [] if type(m) is int), reverse=True
        ),
        "largest_text": bool(getattr(session, "enlarged_text", False)),
        "read_aloud": bool(getattr(session, "reader", False)),
    }
