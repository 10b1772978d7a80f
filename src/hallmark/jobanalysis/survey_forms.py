"""Forms of the survey's pages. Each is built from its page's own questions, so a field that
is not the page's own is never read."""

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hallmark.jobanalysis.data import ScaleKey
from hallmark.jobanalysis.models import BackgroundQuestion, StudyScale
from hallmark.programs.models import Competency

# What each point of a scale means, told to the respondent beside its number.
POINT_LABELS: dict[str, Sequence[str | Promise]] = {
    ScaleKey.IMPORTANCE: (
        gettext_lazy("Not important"),
        gettext_lazy("Slightly important"),
        gettext_lazy("Moderately important"),
        gettext_lazy("Very important"),
        gettext_lazy("Extremely important"),
    ),
    ScaleKey.FREQUENCY: (
        gettext_lazy("Never"),
        gettext_lazy("Once a year or less"),
        gettext_lazy("A few times a year"),
        gettext_lazy("Monthly"),
        gettext_lazy("Weekly"),
        gettext_lazy("Daily"),
    ),
    ScaleKey.CRITICALITY: (
        gettext_lazy("No harm"),
        gettext_lazy("Minor harm"),
        gettext_lazy("Moderate harm"),
        gettext_lazy("Serious harm"),
        gettext_lazy("Very serious harm"),
    ),
    ScaleKey.NEEDED_AT_ENTRY: (gettext_lazy("No"), gettext_lazy("Yes")),
}
MAX_ANSWER = 200  # a background question asked without choices is answered in a few words


def point_choices(scale: StudyScale) -> list[tuple[str, str]]:
    labels = POINT_LABELS.get(scale.key, ())
    return [
        (str(v), f"{labels[v]} ({v})" if v < len(labels) else str(v))
        for v in range(scale.low, scale.high + 1)
    ]


class ScreeningForm(forms.Form):
    answer = forms.ChoiceField(
        choices=[("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Answer yes or no.")},
    )

    def __init__(self, question: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answer"].label = question


def background_field(question: BackgroundQuestion) -> str:
    return f"b-{question.key}"


class BackgroundForm(forms.Form):
    """Every background question, each optional: a radio group of its choices, or a short
    answer when it offers none."""

    def __init__(self, questions: Sequence[BackgroundQuestion], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            field: forms.Field
            if question.choices:
                field = forms.ChoiceField(
                    choices=[(c, c) for c in question.choices],
                    widget=forms.RadioSelect,
                    error_messages={"invalid_choice": _("Choose one of the answers offered.")},
                )
            else:
                field = forms.CharField(max_length=MAX_ANSWER)
            field.label, field.required = question.text, False
            self.fields[background_field(question)] = field

    def answers(self) -> dict[str, str]:
        """The answers given; a question left blank keeps what was answered before."""
        return {
            q.key: self.cleaned_data[background_field(q)].strip()
            for q in self.questions
            if self.cleaned_data[background_field(q)].strip()
        }


def rating_field(statement: Competency, scale: StudyScale) -> str:
    return f"r-{statement.pk}-{scale.key}"


class StatementsForm(forms.Form):
    """One radio group per statement and scale, none required until the survey is submitted."""

    def __init__(
        self,
        statements: Sequence[Competency],
        scales: Sequence[StudyScale],
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.statements, self.scales = list(statements), list(scales)
        for statement in self.statements:
            for scale in self.scales:
                self.fields[rating_field(statement, scale)] = forms.ChoiceField(
                    label=_("Statement %(code)s, %(scale)s")
                    % {"code": statement.code, "scale": str(scale.get_key_display()).lower()},
                    help_text=scale.question,
                    choices=point_choices(scale),
                    widget=forms.RadioSelect,
                    required=False,
                    error_messages={
                        "invalid_choice": _("Choose one of the points %(low)s to %(high)s.")
                        % {"low": scale.low, "high": scale.high}
                    },
                )

    def groups(self) -> list[tuple[Competency, list[forms.BoundField]]]:
        """Each statement with its radio groups, in the page's order."""
        return [
            (s, [self[rating_field(s, scale)] for scale in self.scales]) for s in self.statements
        ]

    def ratings(self) -> dict[tuple[int, str], int | None]:
        """Every rating of the page; one left unanswered is saved as not answered."""
        out: dict[tuple[int, str], int | None] = {}
        for statement in self.statements:
            for scale in self.scales:
                value = self.cleaned_data[rating_field(statement, scale)]
                out[(statement.pk, scale.key)] = int(value) if value != "" else None
        return out


def saved_ratings(
    statements: Sequence[Competency],
    scales: Sequence[StudyScale],
    values: Mapping[tuple[int, str], int | None],
) -> dict[str, str]:
    """A statements form's initial data: the ratings already saved."""
    return {
        rating_field(s, scale): str(values[(s.pk, scale.key)])
        for s in statements
        for scale in scales
        if values.get((s.pk, scale.key)) is not None
    }
