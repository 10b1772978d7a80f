"""The survey's pages as a respondent goes through them: the background questions (when the
study asks any), one page per domain of the draft outline, then the review; and what a
response has still to rate."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hallmark.jobanalysis.models import BackgroundQuestion, Response, Study, StudyScale
from hallmark.jobanalysis.rules import statements_of
from hallmark.programs.models import Competency, Domain

BACKGROUND = "background"
STATEMENTS = "statements"
REVIEW = "review"


@dataclass(frozen=True)
class Page:
    number: int
    kind: str
    domain: Domain | None = None
    statements: list[Competency] = field(default_factory=list)


@dataclass(frozen=True)
class Survey:
    """A study's pages, scales and background questions, read once for a request."""

    study: Study
    pages: list[Page]
    scales: list[StudyScale]
    questions: list[BackgroundQuestion]

    @property
    def statement_count(self) -> int:
        return sum(len(page.statements) for page in self.pages)

    def page(self, number: int) -> Page | None:
        return self.pages[number - 1] if 1 <= number <= len(self.pages) else None


def survey_of(study: Study) -> Survey:
    questions = list(study.background.all())
    pages: list[Page] = [Page(1, BACKGROUND)] if questions else []
    by_domain: dict[int, list[Competency]] = {}
    for statement in statements_of(study):
        by_domain.setdefault(statement.domain_id, []).append(statement)
    for statements in by_domain.values():
        pages.append(Page(len(pages) + 1, STATEMENTS, statements[0].domain, statements))
    pages.append(Page(len(pages) + 1, REVIEW))
    return Survey(study, pages, list(study.scales.all()), questions)


@dataclass(frozen=True)
class Unrated:
    page: Page
    statement: Competency
    scales: list[StudyScale]

    def _names(self) -> list[str]:
        return [str(scale.get_key_display()).lower() for scale in self.scales]

    @property
    def scale_names(self) -> str:
        """ "importance and frequency", in the page's language."""
        return str(get_text_list(list(self._names()), gettext_lazy("and")))

    @property
    def scale_list(self) -> str:
        """ "importance, frequency"."""
        return ", ".join(self._names())

    def problem(self, study: Study) -> SafeString:
        """The error summary's line for it: a link to the statement on its page."""
        url = reverse("jobanalysis:page", args=[study.pk, self.page.number])
        text = _("Statement %(code)s: rate its %(scales)s") % {
            "code": self.statement.code,
            "scales": self.scale_names,
        }
        return format_html('<a href="{}#s-{}">{}</a>', url, self.statement.pk, text)


def unrated(survey: Survey, response: Response) -> list[Unrated]:
    """The statements a required scale is still unrated on, in outline order."""
    answered = set(
        response.ratings.filter(value__isnull=False).values_list("competency_id", "scale")
    )
    required = [s for s in survey.scales if s.required]
    out = []
    for page in survey.pages:
        for statement in page.statements:
            missing = [s for s in required if (statement.pk, s.key) not in answered]
            if missing:
                out.append(Unrated(page, statement, missing))
    return out


def resume_page(survey: Survey, response: Response) -> Page:
    """Where a respondent carries on: the start if nothing is rated yet, else the first page
    with a statement unrated, else the review."""
    if not response.ratings.exists():
        return survey.pages[0]
    missing = unrated(survey, response)
    return missing[0].page if missing else survey.pages[-1]
