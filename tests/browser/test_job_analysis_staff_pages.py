"""The staff's job-analysis pages (the studies, and a study's setup, panel, survey and analysis,
with a form in error) pass axe-core's WCAG 2.1 A and AA rules in a real browser."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from hallmark.jobanalysis import services, survey
from hallmark.jobanalysis.models import Study

from a11y import assert_accessible
from factories import (
    PASSWORD,
    CompetencyFactory,
    ContentOutlineFactory,
    DomainFactory,
    ProgramFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
T0 = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 0))


def closed_study(cast) -> tuple[Study, Study]:
    """A draft study, and one whose survey closed after six responses."""
    program = ProgramFactory(name="Employment Support", designation="CESP")
    outline = ContentOutlineFactory(program=program, title="CESP outline")
    statements = []
    for d in (1, 2):
        domain = DomainFactory(outline=outline, code=str(d), weight=Decimal(50), order=d)
        for c in (1, 2):
            statements.append(
                CompetencyFactory(domain=domain, code=f"{d}.{c}", statement=f"Task {d}.{c}")
            )
    draft = services.create_study(program, outline, "Draft study", by=cast.manager)
    study = services.create_study(
        program, outline, "2026 practice analysis", by=cast.manager, exam_length=40
    )
    services.add_background_question(
        study, "setting", "Where do you work?", by=cast.manager, choices=["A", "B"], subgroup=True
    )
    setting = study.background.get()
    services.set_sampling_plan(setting, {"A": 50, "B": 50}, by=cast.manager)
    services.open_survey(study, by=cast.manager, now=T0)
    services.invite(study, [("ana@example.org", "north", "A")], by=cast.manager, base_url="x:")
    for index in range(6):
        response, _ = survey.start_response(study, now=T0)
        ratings = {
            (c.pk, key): (index + n) % 4 + 1
            for n, c in enumerate(statements)
            for key in ("importance", "frequency")
        }
        survey.save_ratings(response, ratings, {"setting": "A" if index % 2 else "B"})
        survey.complete(response, now=T0 + datetime.timedelta(minutes=10 + index))
    services.close_survey(study, by=cast.manager)
    return draft, study


def test_the_study_pages_are_accessible(live_server, page, axe, cast, second_factor) -> None:
    draft, study = closed_study(cast)
    base = f"{live_server.url}/job-analysis/staff/"
    page.goto(base)
    page.get_by_label("Email address").fill(cast.manager.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    second_factor(page, cast.manager)
    page.goto(base)
    page.get_by_role("heading", name="Job analysis studies").wait_for()
    assert_accessible(axe, page)  # the list and the new-study form
    page.get_by_role("link", name="Draft study").click()
    page.get_by_role("heading", name="Add a scale").wait_for()
    assert_accessible(axe, page)  # the setup forms
    page.get_by_role("button", name="Add the question").click()
    page.get_by_role("alert").wait_for()
    assert_accessible(axe, page)  # a form in error
    page.goto(f"{base}{draft.pk}/panel/")
    page.get_by_role("heading", name="Reword a statement").wait_for()
    assert_accessible(axe, page)
    for tab, heading in (
        ("setup", "Sampling plan"),
        ("panel", "Keep or drop a statement"),
        ("survey", "Responses"),
        ("analysis", "Domain weights"),
    ):
        page.goto(f"{base}{study.pk}/{'' if tab == 'setup' else tab + '/'}")
        page.get_by_role("heading", name=heading, exact=True).wait_for()
        assert_accessible(axe, page)
    page.get_by_role("button", name="Mark analysed").click()
    page.get_by_role("heading", name="Adjust a domain weight").wait_for()
    assert_accessible(axe, page)  # the analysed study's forms
