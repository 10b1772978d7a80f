"""The study report's document (the HTML its tagged PDF is made from, charts included) passes
axe-core's WCAG 2.1 A and AA rules."""

import pytest
from django.template.loader import render_to_string

from hallmark.jobanalysis.report import study_report
from hallmark.jobanalysis.report_document import context

from a11y import assert_accessible
from factories import ProgramFactory
from factories.job_analysis import adopted_study

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_the_report_document_is_accessible(page, axe, cast) -> None:
    study = adopted_study(ProgramFactory(designation="JA"), cast.manager)
    html = render_to_string("jobanalysis/pdf/report.html", context(study_report(study)))
    page.set_content(html)
    page.get_by_role("heading", name="7. Domain weights").wait_for()
    assert page.get_by_role("img").count() == 2  # the two charts, each with its text
    assert_accessible(axe, page)
